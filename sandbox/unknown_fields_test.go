package sandbox

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// Fields a body does not define are ignored, as Quickchat's API ignores them: the first official MCP
// client sent mcp_client_name to the legacy chat and worked. Wrong types, missing required fields and
// malformed JSON keep their 422 and 400 envelopes.
func TestUnknownFieldsAreIgnored(t *testing.T) {
	e := newEnv(t)

	a := e.createArticle(map[string]any{"title": "Saddle height", "content": "Set the saddle at hip height.", "colour": "red"})
	r := e.do("GET", articlesPath+itoa(a.ID), e.read, nil).wantStatus(t, http.StatusOK)
	if bytes.Contains(r.Body, []byte("colour")) {
		t.Errorf("an unknown field was stored: %s", r.Body)
	}

	var cb chatbotSettings
	e.do("PATCH", chatbotPath, e.write, `{"persona":"friendly","profession":"bike_mechanic"}`).wantStatus(t, http.StatusOK).decode(t, &cb)
	if cb.Profession != "bike_mechanic" {
		t.Errorf("PATCH chatbot_settings with an unknown field: %+v", cb)
	}

	var rc ratingConfig
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_enabled":false,"conv_rating_active":false,"conv_rating_popup_active":false}`).
		wantStatus(t, http.StatusOK).decode(t, &rc)
	if rc.Active {
		t.Errorf("PATCH ratings with an unknown field: %+v", rc)
	}

	id := e.plainConversation()
	r = e.do("POST", metadataPath(id), e.write, `{"metadata":{"plan":"pro"},"priority":"high"}`).wantStatus(t, http.StatusOK)
	if bytes.Contains(r.Body, []byte("priority")) || !bytes.Contains(r.Body, []byte(`"plan"`)) {
		t.Errorf("metadata with an unknown field: %s", r.Body)
	}

	// The realtime chat, and the legacy chat as the first official MCP client called it.
	c := e.chat(e.write, map[string]any{"text": "What is your return policy?", "mcp_client_name": "Claude Desktop", "language": "en"})
	if !strings.Contains(c.Reply, "30 days") {
		t.Errorf("chat with unknown fields: %+v", c)
	}
	key, err := e.sb.APIKey(DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	var legacy legacyChatReplyJSON
	e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "What is your return policy?",
		"conv_id": nil, "mcp_client_name": "Cursor"}).wantStatus(t, http.StatusOK).decode(t, &legacy)
	if legacy.ConvID == "" || !strings.Contains(legacy.Reply, "30 days") {
		t.Errorf("legacy chat with mcp_client_name: %+v", legacy)
	}

	// What the body does define is still checked, unknown fields or not.
	for _, tc := range []struct {
		method, path, token, body string
		status                    int
		code, msg                 string
	}{
		{"POST", articlesPath, e.write, `{"colour":"red"}`, 422, codeValidation, "'content' is required"},
		{"POST", articlesPath, e.write, `{"content":42,"colour":"red"}`, 422, codeValidation, "'content' must be a string"},
		{"POST", articlesPath, e.write, `{"content":"x","colour":`, 400, codeBadRequest, "Malformed JSON"},
		{"PATCH", chatbotPath, e.write, `{"persona":1,"creativity_level":"high"}`, 422, codeValidation, "'creativity_level'"},
		{"POST", metadataPath(id), e.write, `{"priority":"high"}`, 422, codeValidation, "Field 'metadata' is required."},
		{"POST", chatPath, e.write, `{"scenario_id":"` + DemoScenarioID + `","mcp_client_name":"Cursor"}`, 422, codeValidation, "Field 'text' is required."},
		{"POST", chatPath, e.write, `{"scenario_id":"` + DemoScenarioID + `","text":["Hi"],"mcp_client_name":"Cursor"}`, 422, codeValidation, "Field 'text' must be a string."},
		{"POST", chatPath, "", `{"api_key":"` + key + `","scenario_id":"` + DemoScenarioID + `","text":"Hi","mcp_client_name":`, 400, codeBadRequest, "Malformed JSON"},
	} {
		e.do(tc.method, tc.path, tc.token, tc.body).wantError(t, tc.status, tc.code, tc.msg)
	}
}
