package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	mcpSettingsPath = "/v1/api/mcp/settings"
	mcpChatPath     = "/v1/api/mcp/chat"
	sandboxMCPPath  = "/sandbox/mcp"
)

// mcpDo sends an MCP call authenticated by the older header pair (scenario-id, X-API-Key) instead of a token.
func (e *testEnv) mcpDo(method, path, scenarioID, apiKey, body string) response {
	e.t.Helper()
	var req *http.Request
	if body == "" {
		req = httptest.NewRequest(method, path, nil)
	} else {
		req = newRequest(method, path, body)
	}
	if scenarioID != "" {
		req.Header.Set("scenario-id", scenarioID)
	}
	if apiKey != "" {
		req.Header.Set("X-API-Key", apiKey)
	}
	return e.send(req)
}

func (e *testEnv) apiKey() string {
	e.t.Helper()
	key, err := e.sb.APIKey(DemoScenarioID)
	if err != nil {
		e.t.Fatal(err)
	}
	return key
}

func TestMCPSettings(t *testing.T) {
	e := newEnv(t)
	key := e.apiKey()
	var byToken, byKey mcpSettings
	r := e.do("GET", mcpSettingsPath, e.read, nil).wantStatus(t, http.StatusOK)
	if got := strings.Join(jsonKeys(t, r.Body), ","); got != "active,name,command,description" {
		t.Errorf("settings keys %s", got)
	}
	r.decode(t, &byToken)
	if !byToken.Active || byToken.Name == "" || byToken.Description == "" || !mcpCommandPattern.MatchString(byToken.Command) {
		t.Errorf("the demo agent's MCP settings would not start the client: %+v", byToken)
	}
	e.do("GET", mcpSettingsPath, e.write, nil).wantStatus(t, http.StatusOK)
	e.mcpDo("GET", mcpSettingsPath, DemoScenarioID, key, "").wantStatus(t, http.StatusOK).decode(t, &byKey)
	if byKey != byToken {
		t.Errorf("by header pair %+v, by token %+v", byKey, byToken)
	}
	// A trailing slash is the same path; a Bearer token may come with its own scenario-id.
	e.do("GET", mcpSettingsPath+"/", e.read, nil).wantStatus(t, http.StatusOK)
	req := httptest.NewRequest("GET", mcpSettingsPath, nil)
	req.Header.Set("Authorization", "Bearer "+e.read)
	req.Header.Set("scenario-id", DemoScenarioID)
	e.send(req).wantStatus(t, http.StatusOK)

	// Another agent has its own settings, on by default too.
	var other mcpSettings
	e.do("GET", mcpSettingsPath, e.token("other-agent", ScopeRead), nil).wantStatus(t, http.StatusOK).decode(t, &other)
	if !other.Active || other.Name == "" || other.Description == "" || other.Name == byToken.Name {
		t.Errorf("another agent's settings: %+v", other)
	}

	otherKey, _ := e.sb.APIKey("other-agent")
	for _, tc := range []struct {
		name, scenario, key string
		status              int
		msg                 string
	}{
		{"nothing", "", "", http.StatusUnauthorized, "Authentication credentials were not provided"},
		{"scenario only", DemoScenarioID, "", http.StatusUnauthorized, "scenario-id and X-API-Key"},
		{"key only", "", key, http.StatusUnauthorized, "scenario-id and X-API-Key"},
		{"wrong key", DemoScenarioID, "wrong", http.StatusUnauthorized, "Invalid X-API-Key for this scenario-id."},
		{"another agent's key", DemoScenarioID, otherKey, http.StatusUnauthorized, "Invalid X-API-Key"},
		{"key of another scenario", "other-agent", key, http.StatusUnauthorized, "Invalid X-API-Key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.mcpDo("GET", mcpSettingsPath, tc.scenario, tc.key, "").wantError(t, tc.status, codePermissionDenied, tc.msg)
		})
	}
	e.do("GET", mcpSettingsPath, "not-a-token", nil).wantError(t, http.StatusUnauthorized, codePermissionDenied, "Token is malformed.")
	req = httptest.NewRequest("GET", mcpSettingsPath, nil)
	req.Header.Set("Authorization", "Bearer "+e.read)
	req.Header.Set("scenario-id", "other-agent")
	e.send(req).wantError(t, http.StatusForbidden, codePermissionDenied, "scenario-id does not match the token")
	e.do("POST", mcpSettingsPath, e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "allowed: GET, HEAD")
	e.do("GET", mcpChatPath, e.read, nil).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "allowed: POST")
}

func TestMCPChat(t *testing.T) {
	e := newEnv(t)
	key := e.apiKey()
	before := e.conversations(e.read, "").Count

	// A first message (conv_id null) starts a conversation; the next one continues it.
	var first, second mcpChatReplyJSON
	r := e.mcpDo("POST", mcpChatPath, DemoScenarioID, key, `{"conv_id": null, "text": "What is your return policy?", "mcp_client_name": "Claude Desktop"}`).
		wantStatus(t, http.StatusOK)
	if got := strings.Join(jsonKeys(t, r.Body), ","); got != "conv_id,reply" {
		t.Errorf("chat answer keys %s", got)
	}
	r.decode(t, &first)
	if first.ConvID == "" || !strings.Contains(first.Reply, "30 days") {
		t.Fatalf("first answer %+v", first)
	}
	e.do("POST", mcpChatPath, e.read, map[string]any{"conv_id": first.ConvID, "text": "How far can I ride on one charge?", "mcp_client_name": "Claude Desktop"}).
		wantStatus(t, http.StatusOK).decode(t, &second)
	if second.ConvID != first.ConvID || !strings.Contains(second.Reply, "km") {
		t.Errorf("second answer %+v (first %s)", second, first.ConvID)
	}
	conv := e.conversationDetails(e.read, first.ConvID)
	if conv.Source != "mcp" || string(conv.ClientMetadata) != `{"mcp_client_name":"Claude Desktop"}` {
		t.Errorf("recorded conversation: source %q, client_metadata %s", conv.Source, conv.ClientMetadata)
	}
	if n := len(e.events(e.read, first.ConvID, "").Items); n != 4 {
		t.Errorf("%d events, want the 4 messages", n)
	}
	if n := e.conversations(e.read, "source=mcp").Count; n != 1 {
		t.Errorf("%d conversations on source mcp, want 1", n)
	}

	// A conv_id the agent has not seen starts a conversation with that id.
	var picked mcpChatReplyJSON
	e.do("POST", mcpChatPath, e.write, map[string]any{"conv_id": "Cursor-Session-7", "text": "Hi", "mcp_client_name": "Cursor"}).
		wantStatus(t, http.StatusOK).decode(t, &picked)
	if picked.ConvID != "cursor-session-7" || picked.Reply == "" {
		t.Errorf("unseen conv_id: %+v", picked)
	}
	if c := e.conversationDetails(e.read, "cursor-session-7"); c.Source != "mcp" || string(c.ClientMetadata) != `{"mcp_client_name":"Cursor"}` {
		t.Errorf("conversation with a picked id: source %q, client_metadata %s", c.Source, c.ClientMetadata)
	}
	// Without a client name the conversation is still recorded.
	var nameless mcpChatReplyJSON
	e.do("POST", mcpChatPath, e.write, map[string]any{"text": "Hi"}).wantStatus(t, http.StatusOK).decode(t, &nameless)
	if c := e.conversationDetails(e.read, nameless.ConvID); string(c.ClientMetadata) != "{}" {
		t.Errorf("client_metadata without a client name: %s", c.ClientMetadata)
	}
	if n := e.conversations(e.read, "").Count; n != before+3 {
		t.Errorf("%d conversations, want %d", n, before+3)
	}

	// Refusals, each with the envelope, and nothing stored.
	other := e.token("other-agent", ScopeWrite)
	e.do("POST", mcpChatPath, other, map[string]any{"conv_id": "taken-id", "text": "Hi"}).wantStatus(t, http.StatusOK)
	for _, tc := range []struct {
		name, token, body string
		status            int
		code, msg         string
	}{
		{"no text", e.write, `{"conv_id": null, "mcp_client_name": "Cursor"}`, 422, codeValidation, "Field 'text' is required."},
		{"blank text", e.write, `{"text": "  "}`, 422, codeValidation, "Field 'text' must not be empty."},
		{"text type", e.write, `{"text": 7}`, 422, codeValidation, "Field 'text' must be a string."},
		{"conv_id type", e.write, `{"text": "Hi", "conv_id": 12}`, 422, codeValidation, "Field 'conv_id' must be a string."},
		{"client name type", e.write, `{"text": "Hi", "mcp_client_name": {"name": "x"}}`, 422, codeValidation, "Field 'mcp_client_name' must be a string."},
		{"long client name", e.write, `{"text": "Hi", "mcp_client_name": "` + strings.Repeat("c", 201) + `"}`, 422, codeValidation, "Field 'mcp_client_name' is too long"},
		{"odd conv_id", e.write, `{"text": "Hi", "conv_id": "a b/c"}`, 422, codeValidation, "Field 'conv_id' must be 1 to 100 letters"},
		{"another agent's conv_id", e.write, `{"text": "Hi", "conv_id": "taken-id"}`, 409, codeConflict, "Conversation id taken-id is already in use"},
		{"malformed", e.write, `{"text": "Hi"`, 400, codeBadRequest, "Malformed JSON"},
		{"not an object", e.write, `["Hi"]`, 422, codeValidation, "JSON object"},
		{"no credentials", "", `{"text": "Hi"}`, 401, codePermissionDenied, "Authentication credentials were not provided"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("POST", mcpChatPath, tc.token, tc.body).wantError(t, tc.status, tc.code, tc.msg)
		})
	}
	e.mcpDo("POST", mcpChatPath, DemoScenarioID, "wrong", `{"text": "Hi"}`).wantError(t, 401, codePermissionDenied, "Invalid X-API-Key")
	// Another agent cannot continue the demo's conversations.
	e.do("POST", mcpChatPath, other, map[string]any{"conv_id": first.ConvID, "text": "Hi"}).wantError(t, 409, codeConflict, "already in use")

	// A switched-off MCP does not chat; its settings say so.
	e.do("PUT", sandboxMCPPath, e.write, `{"active": false}`).wantStatus(t, http.StatusOK)
	e.do("POST", mcpChatPath, e.write, map[string]any{"text": "Hi"}).wantError(t, 403, codePermissionDenied, "Quickchat MCP is not active for this agent.")
	if n := e.conversations(e.read, "").Count; n != before+3 {
		t.Errorf("refused chats were stored: %d conversations, want %d", n, before+3)
	}
}

func TestMCPChatRateLimit(t *testing.T) {
	e := newEnvWith(t, Config{RateLimits: true})
	e.sb.limiter.perMinute[tierWrite] = 2
	key := e.apiKey()
	// The header pair and the legacy chat are one caller (the api_key), with the chat's budget.
	e.mcpDo("POST", mcpChatPath, DemoScenarioID, key, `{"text": "Hi"}`).wantStatus(t, http.StatusOK)
	e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "Hi"}).wantStatus(t, http.StatusOK)
	e.mcpDo("POST", mcpChatPath, DemoScenarioID, key, `{"text": "Hi"}`).wantError(t, http.StatusTooManyRequests, codeTooManyRequests, "Rate limit")
	e.do("POST", mcpChatPath, e.write, map[string]any{"text": "Hi"}).wantStatus(t, http.StatusOK)
}

func TestSandboxMCPConfiguration(t *testing.T) {
	e := newEnv(t)
	var got mcpSettings
	e.do("GET", sandboxMCPPath, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if got != defaultMCPSettings(DemoScenarioID) {
		t.Errorf("GET /sandbox/mcp = %+v", got)
	}
	e.do("PUT", sandboxMCPPath, e.write, `{"name": " Velora Bikes ", "command": "", "colour": "red"}`).wantStatus(t, http.StatusOK).decode(t, &got)
	want := defaultMCPSettings(DemoScenarioID)
	want.Name, want.Command = "Velora Bikes", ""
	if got != want {
		t.Errorf("after PUT: %+v, want %+v", got, want)
	}
	e.do("PUT", sandboxMCPPath, e.write, `{"active": false, "description": ""}`).wantStatus(t, http.StatusOK)
	var seen mcpSettings
	e.mcpDo("GET", mcpSettingsPath, DemoScenarioID, e.apiKey(), "").wantStatus(t, http.StatusOK).decode(t, &seen)
	if seen.Active || seen.Description != "" || seen.Name != "Velora Bikes" {
		t.Errorf("the client sees %+v", seen)
	}

	for _, tc := range []struct {
		body, msg string
		status    int
	}{
		{`{"command": "ask velora"}`, "Field 'command' must be empty or 1 to 64 letters", 422},
		{`{"command": "` + strings.Repeat("a", 65) + `"}`, "Field 'command' must be empty or 1 to 64", 422},
		{`{"name": "` + strings.Repeat("n", 101) + `"}`, "Field 'name' is too long: 101 characters, the limit is 100.", 422},
		{`{"description": "` + strings.Repeat("d", 1001) + `"}`, "Field 'description' is too long", 422},
		{`{"active": "yes"}`, "Field 'active' must be a boolean.", 422},
		{`{"active": true`, "Malformed JSON", 400},
	} {
		code := codeValidation
		if tc.status == 400 {
			code = codeBadRequest
		}
		e.do("PUT", sandboxMCPPath, e.write, tc.body).wantError(t, tc.status, code, tc.msg)
	}
	e.do("PUT", sandboxMCPPath, e.read, `{"active": true}`).wantError(t, http.StatusForbidden, codePermissionDenied, "Required: write_all")
	e.do("PUT", sandboxMCPPath, "", `{"active": true}`).wantError(t, http.StatusUnauthorized, codePermissionDenied, "not provided")
	// Each agent has its own; the configuration survives a restart.
	var other mcpSettings
	e.do("GET", sandboxMCPPath, e.token("other-agent", ScopeRead), nil).decode(t, &other)
	if other != defaultMCPSettings("other-agent") {
		t.Errorf("another agent's configuration changed: %+v", other)
	}
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: e.dir})
	e2.do("GET", sandboxMCPPath, e2.read, nil).decode(t, &got)
	if got.Active || got.Name != "Velora Bikes" {
		t.Errorf("after a restart: %+v", got)
	}
}
