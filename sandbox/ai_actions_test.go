package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const actionsPath = "/v1/api/ai_actions"

func (e *testEnv) actions(token string) []aiActionJSON {
	e.t.Helper()
	var list []aiActionJSON
	e.do("GET", actionsPath, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &list)
	return list
}

func actionByName(list []aiActionJSON, name string) (aiActionJSON, bool) {
	for _, a := range list {
		if a.Name == name {
			return a, true
		}
	}
	return aiActionJSON{}, false
}

func kbActionPath(id int64) string { return actionsPath + "/" + itoa(id) + "/knowledge_base" }

func TestAIActionsList(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", actionsPath+"/", e.read, nil).wantStatus(t, http.StatusOK)
	// A bare array, each item exactly the reference's keys in its order.
	if !strings.HasPrefix(string(r.Body), `[{"id":`) {
		t.Fatalf("not a bare array: %.80s", r.Body)
	}
	var raw []map[string]json.RawMessage
	r.decode(t, &raw)
	for _, item := range raw {
		if got := strings.Join(mapKeys(item), ","); got != "description,icon,icon_color,id,is_active,is_valid,name,type" {
			t.Errorf("item keys %s", got)
		}
	}
	list := e.actions(e.read)
	types := map[string]bool{}
	for _, a := range list {
		types[a.Type] = true
	}
	for _, typ := range []string{actionHTTPRequest, actionRemoteMCP, actionShopify, actionKnowledgeBase} {
		if !types[typ] {
			t.Errorf("no seeded action of type %s", typ)
		}
	}
	for name, valid := range map[string]bool{"Track my order": true, "Velora parts catalogue": true, "Shopify orders": true, "Battery help": true, "Returns assistant": false} {
		if a, ok := actionByName(list, name); !ok || a.IsValid != valid {
			t.Errorf("%s: %+v (found %t), want is_valid %t", name, a, ok, valid)
		}
	}
	// Another agent has none: an empty array, not null.
	if r := e.do("GET", actionsPath, e.token("fresh-agent", ScopeRead), nil); string(r.Body) != "[]\n" {
		t.Errorf("fresh agent: %s", r.Body)
	}
}

// TestKBActionLifecycle follows a Knowledge Base action from creation to deletion.
func TestKBActionLifecycle(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", actionsPath+"/knowledge_base", e.write, `{}`).wantStatus(t, http.StatusCreated)
	var created kbActionJSON
	r.decode(t, &created)
	want := `{"id":` + itoa(created.ID) + `,"name":"","description":"","icon":null,"icon_color":null,"is_active":false,"is_valid":false,"tag":null,"parameter_description":"","type":"knowledge_base"}` + "\n"
	if string(r.Body) != want {
		t.Errorf("created:\n%s\nwant\n%s", r.Body, want)
	}
	path := kbActionPath(created.ID)
	if got := e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK); string(got.Body) != want {
		t.Errorf("GET: %s", got.Body)
	}

	// A PUT must carry all four fields.
	e.do("PUT", path, e.write, `{"name":"Returns"}`).wantError(t, http.StatusUnprocessableEntity, codeValidation,
		"'description', 'parameter_description' and 'tag' are required: PUT replaces the whole action")
	e.do("PUT", path, e.write, `{"name":"R","description":"D","parameter_description":"P"}`).wantError(t, http.StatusUnprocessableEntity, codeValidation,
		"'tag' is required")

	// Complete, but no article carries the tag: stored, yet not valid, and it cannot be switched on.
	var a kbActionJSON
	full := map[string]any{"name": "Returns", "description": "Search the return articles.", "parameter_description": "The question", "tag": "no-such-tag"}
	e.do("PUT", path, e.write, full).wantStatus(t, http.StatusOK).decode(t, &a)
	if a.IsValid || a.Tag == nil || *a.Tag != "no-such-tag" || a.Name != "Returns" {
		t.Errorf("with an unused tag: %+v", a)
	}
	e.do("PATCH", actionsPath+"/"+itoa(created.ID), e.write, `{"is_active":true}`).wantError(t, http.StatusUnprocessableEntity, codeValidation,
		`AI action `+itoa(created.ID)+` cannot be activated: no article uses its tag "no-such-tag"`)

	// A tag the seeded return articles carry makes it valid (surrounding spaces are dropped, as articles drop them).
	full["tag"] = " returns "
	e.do("PUT", path, e.write, full).wantStatus(t, http.StatusOK).decode(t, &a)
	if !a.IsValid || *a.Tag != "returns" || a.IsActive {
		t.Errorf("with a used tag: %+v", a)
	}
	var toggled aiActionJSON
	e.do("PATCH", actionsPath+"/"+itoa(created.ID), e.write, `{"is_active":true}`).wantStatus(t, http.StatusOK).decode(t, &toggled)
	if !toggled.IsActive || !toggled.IsValid || toggled.Type != actionKnowledgeBase || toggled.Name != "Returns" {
		t.Errorf("activated: %+v", toggled)
	}
	if listed, _ := actionByName(e.actions(e.read), "Returns"); !listed.IsActive {
		t.Errorf("list after activation: %+v", listed)
	}
	e.do("PATCH", actionsPath+"/"+itoa(created.ID), e.write, `{"is_active":false}`).wantStatus(t, http.StatusOK).decode(t, &toggled)
	if toggled.IsActive {
		t.Errorf("deactivated: %+v", toggled)
	}

	r = e.do("DELETE", actionsPath+"/"+itoa(created.ID), e.write, nil).wantStatus(t, http.StatusNoContent)
	if len(r.Body) != 0 {
		t.Errorf("204 with a body: %q", r.Body)
	}
	e.do("GET", path, e.read, nil).wantError(t, http.StatusNotFound, codeNotFound, "AI action "+itoa(created.ID)+" not found.")
	e.do("DELETE", actionsPath+"/"+itoa(created.ID), e.write, nil).wantError(t, http.StatusNotFound, codeNotFound, "not found")
	e.do("PATCH", actionsPath+"/"+itoa(created.ID), e.write, `{"is_active":false}`).wantError(t, http.StatusNotFound, codeNotFound, "not found")
	e.do("PUT", path, e.write, full).wantError(t, http.StatusNotFound, codeNotFound, "not found")
}

func TestKBActionCreateVariants(t *testing.T) {
	e := newEnv(t)
	// No body at all works like {}; the four fields may come at once (the sandbox's addition).
	var a kbActionJSON
	e.do("POST", actionsPath+"/knowledge_base", e.write, nil).wantStatus(t, http.StatusCreated).decode(t, &a)
	if a.IsValid || a.Tag != nil {
		t.Errorf("created without a body: %+v", a)
	}
	e.do("POST", actionsPath+"/knowledge_base", e.write, map[string]any{"name": "Batteries", "description": "D", "parameter_description": "P", "tag": "batteries"}).
		wantStatus(t, http.StatusCreated).decode(t, &a)
	if !a.IsValid || a.IsActive {
		t.Errorf("created complete: %+v", a)
	}
	// A blank tag is "no tag", as on a new action.
	e.do("PUT", kbActionPath(a.ID), e.write, map[string]any{"name": "B", "description": "D", "parameter_description": "P", "tag": "  "}).
		wantStatus(t, http.StatusOK).decode(t, &a)
	if a.Tag != nil || a.IsValid {
		t.Errorf("blank tag: %+v", a)
	}
}

func TestKBActionLimits(t *testing.T) {
	e := newEnv(t)
	var a kbActionJSON
	e.do("POST", actionsPath+"/knowledge_base", e.write, `{}`).wantStatus(t, http.StatusCreated).decode(t, &a)
	body := func(field string, length int) map[string]any {
		m := map[string]any{"name": "N", "description": "D", "parameter_description": "P", "tag": "returns"}
		m[field] = strings.Repeat("x", length)
		return m
	}
	for field, limit := range map[string]int{"name": 100, "description": 1000, "parameter_description": 500, "tag": 255} {
		e.do("PUT", kbActionPath(a.ID), e.write, body(field, limit+1)).wantError(t, http.StatusUnprocessableEntity, codeValidation,
			"Field '"+field+"' is too long: "+itoa(int64(limit+1))+" characters, the limit is "+itoa(int64(limit))+".")
		e.do("PUT", kbActionPath(a.ID), e.write, body(field, limit)).wantStatus(t, http.StatusOK)
		e.do("POST", actionsPath+"/knowledge_base", e.write, body(field, limit+1)).wantStatus(t, http.StatusUnprocessableEntity)
	}
	e.do("PUT", kbActionPath(a.ID), e.write, `{"name":1,"description":"D","parameter_description":"P","tag":"t"}`).
		wantError(t, http.StatusUnprocessableEntity, codeValidation, "Field 'name' must be a string.")
	// Unknown fields are ignored: icon is not part of this body and stays as it was.
	var put kbActionJSON
	e.do("PUT", kbActionPath(a.ID), e.write, `{"name":"N","description":"D","parameter_description":"P","tag":"t","icon":"x"}`).
		wantStatus(t, http.StatusOK).decode(t, &put)
	if put.Name != "N" {
		t.Errorf("PUT with an unknown field: %+v", put)
	}
	for _, tc := range []struct{ body, msg string }{
		{`{}`, "Field 'is_active' is required (true or false)."},
		{`{"is_active":null}`, "Field 'is_active' is required"},
		{`{"is_active":"yes"}`, "Field 'is_active' must be a boolean."},
		{`{"name":"x"}`, "Field 'is_active' is required"}, // the unknown name is ignored; the missing field is not
	} {
		e.do("PATCH", actionsPath+"/"+itoa(a.ID), e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
}

func TestAIActionActivationRules(t *testing.T) {
	e := newEnv(t)
	list := e.actions(e.read)
	half, _ := actionByName(list, "Returns assistant")
	e.do("PATCH", actionsPath+"/"+itoa(half.ID), e.write, `{"is_active":true}`).wantError(t, http.StatusUnprocessableEntity, codeValidation,
		"AI action "+itoa(half.ID)+" cannot be activated: parameter_description and tag are empty (set all four with PUT ai_actions/"+itoa(half.ID)+"/knowledge_base).")
	// Switching an invalid action off is always allowed.
	e.do("PATCH", actionsPath+"/"+itoa(half.ID), e.write, `{"is_active":false}`).wantStatus(t, http.StatusOK)

	shopify, _ := actionByName(list, "Shopify orders")
	var a aiActionJSON
	e.do("PATCH", actionsPath+"/"+itoa(shopify.ID), e.write, `{"is_active":true}`).wantStatus(t, http.StatusOK).decode(t, &a)
	if !a.IsActive || a.Type != actionShopify {
		t.Errorf("shopify activated: %+v", a)
	}
	// A dashboard action that is not set up cannot go on either.
	id, err := insertAIAction(t.Context(), e.sb.store.db, DemoScenarioID, aiActionRecord{Type: actionRemoteMCP, Name: "Half MCP"}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.do("PATCH", actionsPath+"/"+itoa(id), e.write, `{"is_active":true}`).wantError(t, http.StatusUnprocessableEntity, codeValidation,
		"its MCP server URL is not set up")

	// The …/knowledge_base calls name a Knowledge Base action; another type is not one: 404.
	track, _ := actionByName(list, "Track my order")
	e.do("GET", kbActionPath(track.ID), e.read, nil).wantError(t, http.StatusNotFound, codeNotFound,
		"AI action "+itoa(track.ID)+" is a http_request action, not a knowledge_base action")
	e.do("PUT", kbActionPath(track.ID), e.write, `{"name":"x"}`).wantError(t, http.StatusNotFound, codeNotFound, "not a knowledge_base action")

	// Unknown and malformed ids.
	for _, id := range []string{"999999", "0", "-1", "abc", "01"} {
		e.do("PATCH", actionsPath+"/"+id, e.write, `{"is_active":false}`).wantError(t, http.StatusNotFound, codeNotFound, "AI action "+id+" not found.")
		e.do("GET", actionsPath+"/"+id+"/knowledge_base", e.read, nil).wantError(t, http.StatusNotFound, codeNotFound, "not found")
	}
	// Another agent's action is not found either.
	e.do("DELETE", actionsPath+"/"+itoa(track.ID), e.token("other-agent", ScopeWrite), nil).wantError(t, http.StatusNotFound, codeNotFound, "not found")
	e.do("GET", actionsPath+"/"+itoa(track.ID), e.read, nil).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "PATCH, DELETE")
}

func TestAIActionScopes(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ method, path, body string }{
		{"POST", actionsPath + "/knowledge_base", `{}`},
		{"PATCH", actionsPath + "/1", `{"is_active":false}`},
		{"DELETE", actionsPath + "/1", ""},
		{"PUT", actionsPath + "/4/knowledge_base", `{}`},
		{"PATCH", chatbotPath, `{}`},
		{"PATCH", widgetPath, `{}`},
		{"PUT", handoffPath, `{}`},
	} {
		var body any
		if tc.body != "" {
			body = tc.body
		}
		e.do(tc.method, tc.path, e.read, body).wantError(t, http.StatusForbidden, codePermissionDenied, "Insufficient token scope. Required: write_all")
	}
	for _, path := range []string{actionsPath, actionsPath + "/4/knowledge_base", chatbotPath, widgetPath, handoffPath} {
		e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK)
		e.do("GET", path, "", nil).wantError(t, http.StatusUnauthorized, codePermissionDenied, "Authentication credentials were not provided")
	}
	if n := len(e.actions(e.read)); n != 5 {
		t.Errorf("read-only writes changed the actions: %d", n)
	}
}
