package apiclient

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
)

func TestListAIActionsDecodesABareArray(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/ai_actions"}, 200, `[
		{"id":1,"name":"Order status","description":"Looks up an order","is_active":true,"type":"http_request","icon":null,"icon_color":null,"is_valid":true},
		{"id":2,"name":"Returns","description":"Searches returns","is_active":false,"type":"knowledge_base","icon":"search","icon_color":"#ff0000","is_valid":false,
		 "tag":"returns","parameter_description":"the question"}
	]`)
	got, err := c.ListAIActions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []AIAction{
		{ID: 1, Name: "Order status", Description: "Looks up an order", IsActive: true, Type: "http_request", IsValid: true},
		{ID: 2, Name: "Returns", Description: "Searches returns", Type: "knowledge_base", Icon: ptr("search"), IconColor: ptr("#ff0000")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestListAIActionsEmpty(t *testing.T) {
	for _, answer := range []string{`[]`, `null`} {
		c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/ai_actions"}, 200, answer)
		got, err := c.ListAIActions(t.Context())
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("answer %s: %#v, %v; want an empty list", answer, got, err)
		}
	}
	// A paginated envelope is not what the API sends: say so.
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/ai_actions"}, 200, `{"items":[],"count":0}`)
	if got, err := c.ListAIActions(t.Context()); err == nil {
		t.Errorf("an envelope was read as %#v", got)
	}
}

func TestSetAIActionActive(t *testing.T) {
	for _, active := range []bool{true, false} {
		body := `{"is_active":false}`
		if active {
			body = `{"is_active":true}`
		}
		c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/ai_actions/42", body: body}, 200,
			`{"id":42,"name":"Order status","description":"","is_active":`+map[bool]string{true: "true", false: "false"}[active]+`,"type":"shopify","icon":null,"icon_color":null,"is_valid":true}`)
		got, err := c.SetAIActionActive(t.Context(), 42, active)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != 42 || got.IsActive != active || got.Type != "shopify" || got.Icon != nil {
			t.Errorf("active %v: %+v", active, got)
		}
	}
}

func TestSetAIActionActiveRefusals(t *testing.T) {
	for status, body := range map[int]string{
		404: `{"errors":{"root":[{"message":"AI Action not found.","code":"NOT_FOUND"}]}}`,
		422: `{"errors":{"root":[{"message":"The action is not valid: give it a name and a tag first.","code":"VALIDATION_ERROR"}]}}`,
		403: `{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`,
	} {
		c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/ai_actions/7", body: `{"is_active":true}`}, status, body)
		got, err := c.SetAIActionActive(t.Context(), 7, true)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Message == "" || got != nil {
			t.Errorf("status %d: %+v, %v", status, got, err)
		}
	}
}

func TestDeleteAIAction(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		expectRequest(t, wantRequest{method: "DELETE", path: "/v1/api/ai_actions/42"}, req)
		return jsonResponseFrom(t, http.StatusNoContent, nil, ``), nil
	})
	if err := c.DeleteAIAction(t.Context(), 42); err != nil || api.calls.Load() != 1 {
		t.Errorf("err = %v after %d requests", err, api.calls.Load())
	}
	c = expectOne(t, wantRequest{method: "DELETE", path: "/v1/api/ai_actions/43"}, 404, `{"errors":{"root":[{"message":"AI Action not found.","code":"NOT_FOUND"}]}}`)
	if err := c.DeleteAIAction(t.Context(), 43); !IsStatus(err, 404) {
		t.Errorf("deleting an unknown action: %v, want 404", err)
	}
}

// newKBActionJSON is the reference's answer to CreateKBAction.
const newKBActionJSON = `{"id":1,"name":"","description":"","icon":null,"icon_color":null,"is_active":false,"is_valid":false,"tag":null,"parameter_description":"","type":"knowledge_base"}`

func TestCreateKBAction(t *testing.T) {
	for _, status := range []int{http.StatusCreated, http.StatusOK} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/ai_actions/knowledge_base", body: `{}`}, status, newKBActionJSON)
		got, err := c.CreateKBAction(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := KBAction{AIAction: AIAction{ID: 1, Type: "knowledge_base"}}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("status %d: got %+v", status, *got)
		}
	}
}

func TestGetKBAction(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/ai_actions/1/knowledge_base"}, 200,
		`{"id":1,"name":"Search Returns","description":"Returns questions","icon":"book","icon_color":null,"is_active":true,"is_valid":true,
		  "tag":"returns","parameter_description":"The return-related query","type":"knowledge_base"}`)
	got, err := c.GetKBAction(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := KBAction{
		AIAction: AIAction{ID: 1, Name: "Search Returns", Description: "Returns questions", IsActive: true, Type: "knowledge_base", Icon: ptr("book"), IsValid: true},
		Tag:      ptr("returns"), ParameterDescription: "The return-related query",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
	c = expectOne(t, wantRequest{method: "GET", path: "/v1/api/ai_actions/9/knowledge_base"}, 404, `{"errors":{"root":[{"message":"AI Action not found.","code":"NOT_FOUND"}]}}`)
	if got, err := c.GetKBAction(t.Context(), 9); !IsStatus(err, 404) || got != nil {
		t.Errorf("unknown action: %+v, %v", got, err)
	}
}

func TestUpdateKBActionSendsEveryField(t *testing.T) {
	in := KBActionInput{Name: "Search Returns", Description: "Search the return policy articles when customer asks about returns.",
		ParameterDescription: "The return-related query from the customer", Tag: "returns"}
	c := expectOne(t, wantRequest{method: "PUT", path: "/v1/api/ai_actions/1/knowledge_base",
		body: `{"name":"Search Returns","description":"Search the return policy articles when customer asks about returns.",
			"parameter_description":"The return-related query from the customer","tag":"returns"}`}, 200,
		`{"id":1,"name":"Search Returns","description":"Search the return policy articles when customer asks about returns.","icon":null,"icon_color":null,
		  "is_active":false,"is_valid":true,"tag":"returns","parameter_description":"The return-related query from the customer","type":"knowledge_base"}`)
	got, err := c.UpdateKBAction(t.Context(), 1, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != in.Name || !got.IsValid || got.Tag == nil || *got.Tag != "returns" || got.ParameterDescription != in.ParameterDescription {
		t.Errorf("got %+v", *got)
	}

	// Empty fields are sent, so the API can say which it misses.
	c = expectOne(t, wantRequest{method: "PUT", path: "/v1/api/ai_actions/1/knowledge_base",
		body: `{"name":"","description":"","parameter_description":"","tag":""}`}, 422,
		`{"errors":{"name":[{"message":"This field may not be blank.","code":"VALIDATION_ERROR"}]}}`)
	_, err = c.UpdateKBAction(t.Context(), 1, KBActionInput{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Message != "name: This field may not be blank." {
		t.Errorf("empty input: %v", err)
	}
}
