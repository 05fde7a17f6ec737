package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestGetConversationMetadataKeepsNumbersExact(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/conv-uuid-1234/metadata"}, 200,
		`{"metadata":{"ticket_id":"T-1234","priority":"high","order":12345678901234567890,"score":0.1,"refund":-2.50e2,
		"reviewed":true,"note":null,"tags":["vip",7],"review":{"by":"ana@example.com","round":2}}}`)
	got, err := c.GetConversationMetadata(t.Context(), "conv-uuid-1234")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"ticket_id": "T-1234", "priority": "high",
		"order": json.Number("12345678901234567890"), "score": json.Number("0.1"), "refund": json.Number("-2.50e2"),
		"reviewed": true, "note": nil, "tags": []any{"vip", json.Number("7")},
		"review": map[string]any{"by": "ana@example.com", "round": json.Number("2")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestGetConversationMetadataNoneStored(t *testing.T) {
	for _, answer := range []string{`{"metadata":{}}`, `{"metadata":null}`, `{}`} {
		c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/c-1/metadata"}, 200, answer)
		got, err := c.GetConversationMetadata(t.Context(), "c-1")
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("answer %s: metadata %#v, err %v; want an empty map", answer, got, err)
		}
	}
}

func TestGetConversationMetadataRefusesTrailingData(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/c-1/metadata"}, 200, `{"metadata":{}} {"metadata":{"a":1}}`)
	if _, err := c.GetConversationMetadata(t.Context(), "c-1"); err == nil || !strings.Contains(err.Error(), "decoding the answer") {
		t.Errorf("err = %v, want a decoding error", err)
	}
}

func TestSetConversationMetadataBody(t *testing.T) {
	cases := []struct {
		name     string
		metadata map[string]any
		body     string
		spelled  []string // must appear in the body as written
	}{
		{"the reference's example", map[string]any{"ticket_id": "T-1234", "priority": "high"}, `{"metadata":{"ticket_id":"T-1234","priority":"high"}}`, nil},
		{"nil is an empty object", nil, `{"metadata":{}}`, []string{`{"metadata":{}}`}},
		{"empty", map[string]any{}, `{"metadata":{}}`, []string{`{"metadata":{}}`}},
		{"numbers go back as they came", map[string]any{"order": json.Number("12345678901234567890"), "refund": json.Number("-2.50e2"), "seats": 3},
			`{"metadata":{"order":12345678901234567890,"refund":-2.50e2,"seats":3}}`, []string{`12345678901234567890`, `-2.50e2`}},
		{"nested values", map[string]any{"review": map[string]any{"by": "ana@example.com", "rounds": []any{json.Number("1"), true, nil, "żółw"}}},
			`{"metadata":{"review":{"by":"ana@example.com","rounds":[1,true,null,"żółw"]}}}`, []string{`[1,true,null,`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
				raw, err := io.ReadAll(req.Body)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range tc.spelled {
					if !strings.Contains(string(raw), s) {
						t.Errorf("body %s does not spell %s", raw, s)
					}
				}
				req.Body = io.NopCloser(bytes.NewReader(raw))
				expectRequest(t, wantRequest{method: "POST", path: "/v1/api_core/conversations/c-1/metadata", body: tc.body}, req)
				return jsonResponseFrom(t, 200, nil, string(raw)), nil // the API keeps what it was sent
			})
			got, err := c.SetConversationMetadata(t.Context(), "c-1", tc.metadata)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.metadata
			if want == nil {
				want = map[string]any{}
			}
			if n, ok := want["seats"]; ok && n == 3 {
				want = maps.Clone(want)
				want["seats"] = json.Number("3") // an int sent comes back a json.Number
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestSetConversationMetadataSchemaViolation(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api_core/conversations/c-1/metadata", body: `{"metadata":{"priority":"urgent"}}`}, 422,
		`{"errors":{"root":[{"message":"/priority: value must be one of \"low\", \"normal\", \"high\"","code":"VALIDATION_ERROR"}]}}`)
	got, err := c.SetConversationMetadata(t.Context(), "c-1", map[string]any{"priority": "urgent"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Code != "VALIDATION_ERROR" ||
		apiErr.Message != `/priority: value must be one of "low", "normal", "high"` || got != nil {
		t.Errorf("SetConversationMetadata = %v, %v; want the 422 with the API's message", got, err)
	}
}

func TestSetConversationMetadataRefusedForAReader(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api_core/conversations/c-1/metadata", body: `{"metadata":{"a":"b"}}`}, 403,
		`{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`)
	if _, err := c.SetConversationMetadata(t.Context(), "c-1", map[string]any{"a": "b"}); !IsStatus(err, 403) {
		t.Errorf("err = %v, want the 403", err)
	}
}

func TestSetConversationMetadataUnencodable(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{"metadata":{}}`), nil
	})
	for name, v := range map[string]any{"a malformed number": json.Number("12abc"), "a channel": make(chan int)} {
		if _, err := c.SetConversationMetadata(t.Context(), "c-1", map[string]any{"x": v}); err == nil || !strings.Contains(err.Error(), "encoding request") {
			t.Errorf("%s: err = %v, want an encoding error", name, err)
		}
	}
	if n := api.calls.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}
