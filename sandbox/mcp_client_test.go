package sandbox

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The official MCP client, replayed byte for byte. Its calls come from src/server.py of
// github.com/quickchatai/quickchat-ai-mcp (commit 9931bb7, requests 2.32.3 as pinned in its uv.lock):
//
//	fetch_mcp_settings: requests.get(url=f"{BASE_URL}/v1/api/mcp/settings",
//	                                 headers={"scenario-id": scenario_id, "X-API-Key": api_key})
//	send_message:       requests.post(url=f"{BASE_URL}/v1/api/mcp/chat",
//	                                  headers={"scenario-id": scenario_id, "X-API-Key": api_key},
//	                                  json={"conv_id": <kept per scenario, None at first>, "text": message,
//	                                        "mcp_client_name": clientInfo.name})
//
// requests adds its default headers and serializes json= with json.dumps (", " and ": " separators).
// What the client then does with the answers is mirrored below: fetch_mcp_settings refuses any status
// but 200, a missing key, active false and an empty name or description; send_message treats 401 as a
// configuration error, any other non-200 as a server error, keeps the first conv_id and returns reply.

// pythonRequest is a request as python-requests 2.32.3 writes it on the wire.
func pythonRequest(method, host, path string, headers [][2]string, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: python-requests/2.32.3\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n", method, path, host)
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\nContent-Type: application/json\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return b.String()
}

// wire sends raw requests over one kept-alive connection, as requests' session pool would.
type wire struct {
	t    *testing.T
	host string
	conn net.Conn
	r    *bufio.Reader
}

func (w *wire) send(raw string) (int, []byte) {
	w.t.Helper()
	if _, err := io.WriteString(w.conn, raw); err != nil {
		w.t.Fatal(err)
	}
	resp, err := http.ReadResponse(w.r, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		w.t.Errorf("Content-Type %q", ct)
	}
	return resp.StatusCode, body
}

// pyJSON is json.dumps of a flat object of strings and None, as requests sends json=.
func pyJSON(fields [][2]any) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		v := "null"
		if s, ok := f[1].(string); ok {
			raw, _ := json.Marshal(s) // ASCII text: the same as json.dumps
			v = string(raw)
		}
		parts[i] = fmt.Sprintf("%q: %s", f[0], v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// officialClient mirrors fetch_mcp_settings and send_message over the wire.
type officialClient struct {
	w          *wire
	headers    [][2]string
	scenarioID string
	convIDs    map[string]string // SCENARIO_ID_TO_CONV_ID
}

func (c *officialClient) fetchMCPSettings() (name, command, description string, err error) {
	status, body := c.w.send(pythonRequest("GET", c.w.host, "/v1/api/mcp/settings", c.headers, ""))
	if status != 200 {
		return "", "", "", fmt.Errorf("Configuration error. Please check your API key and scenario ID. (%d %s)", status, body)
	}
	var data map[string]any
	if err := json.Unmarshal(body, &data); err != nil {
		return "", "", "", err
	}
	for _, k := range []string{"active", "name", "command", "description"} {
		if _, ok := data[k]; !ok {
			return "", "", "", fmt.Errorf("Configuration error (no %s)", k)
		}
	}
	if active, _ := data["active"].(bool); !active {
		return "", "", "", fmt.Errorf("Quickchat MCP not active.")
	}
	name, _ = data["name"].(string)
	description, _ = data["description"].(string)
	if name == "" || description == "" {
		return "", "", "", fmt.Errorf("MCP name and description cannot be empty.")
	}
	command, _ = data["command"].(string)
	return name, command, description, nil
}

func (c *officialClient) sendMessage(message, clientName string) (string, error) {
	convID := any(nil)
	if id, ok := c.convIDs[c.scenarioID]; ok {
		convID = id
	}
	body := pyJSON([][2]any{{"conv_id", convID}, {"text", message}, {"mcp_client_name", clientName}})
	status, resp := c.w.send(pythonRequest("POST", c.w.host, "/v1/api/mcp/chat", c.headers, body))
	switch {
	case status == 401:
		return "", fmt.Errorf("Configuration error. (%s)", resp)
	case status != 200:
		return "", fmt.Errorf("Server error. Please try again. (%d %s)", status, resp)
	}
	var data map[string]any
	if err := json.Unmarshal(resp, &data); err != nil {
		return "", err
	}
	if _, ok := c.convIDs[c.scenarioID]; !ok {
		id, ok := data["conv_id"].(string)
		if !ok {
			return "", fmt.Errorf("conv_id %v", data["conv_id"])
		}
		c.convIDs[c.scenarioID] = id
	}
	reply, ok := data["reply"].(string)
	if !ok {
		return "", fmt.Errorf("reply %v", data["reply"])
	}
	return reply, nil
}

func dialWire(t *testing.T, srv *httptest.Server) *wire {
	t.Helper()
	host := strings.TrimPrefix(srv.URL, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &wire{t: t, host: host, conn: conn, r: bufio.NewReader(conn)}
}

func TestOfficialMCPClientWorksUnchanged(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.sb.Handler())
	defer srv.Close()
	key := e.apiKey()

	// As released: SCENARIO_ID and API_KEY from the environment, sent as scenario-id and X-API-Key.
	c := &officialClient{w: dialWire(t, srv), scenarioID: DemoScenarioID, convIDs: map[string]string{},
		headers: [][2]string{{"scenario-id", DemoScenarioID}, {"X-API-Key", key}}}
	name, command, description, err := c.fetchMCPSettings()
	if err != nil {
		t.Fatalf("the client would not start: %v", err)
	}
	want := defaultMCPSettings(DemoScenarioID)
	if name != want.Name || command != want.Command || description != want.Description {
		t.Errorf("settings %q %q %q", name, command, description)
	}
	reply, err := c.sendMessage("What is your return policy?", "claude-ai")
	if err != nil || !strings.Contains(reply, "30 days") {
		t.Fatalf("first message: %q, %v", reply, err)
	}
	convID := c.convIDs[DemoScenarioID]
	reply, err = c.sendMessage("How far can I ride on one charge?", "claude-ai")
	if err != nil || !strings.Contains(reply, "km") || c.convIDs[DemoScenarioID] != convID {
		t.Fatalf("second message: %q, %v (conv %s → %s)", reply, err, convID, c.convIDs[DemoScenarioID])
	}
	conv := e.conversationDetails(e.read, convID)
	if conv.Source != mcpSource || string(conv.ClientMetadata) != `{"mcp_client_name":"claude-ai"}` {
		t.Errorf("recorded: source %q, client_metadata %s", conv.Source, conv.ClientMetadata)
	}
	if n := len(e.events(e.read, convID, "").Items); n != 4 {
		t.Errorf("%d events, want 4 messages", n)
	}

	// The newer client sends the API token instead (shared spec NEWER.md §19); same calls otherwise.
	bearer := &officialClient{w: dialWire(t, srv), scenarioID: DemoScenarioID, convIDs: map[string]string{},
		headers: [][2]string{{"Authorization", "Bearer " + e.read}}}
	if _, _, _, err := bearer.fetchMCPSettings(); err != nil {
		t.Fatalf("with a token: %v", err)
	}
	if reply, err := bearer.sendMessage("Hello", "Cursor"); err != nil || reply == "" {
		t.Fatalf("with a token: %q, %v", reply, err)
	}

	// Without API_KEY, requests leaves the None header out; a wrong key is a 401. Both stop the client.
	for _, headers := range [][][2]string{{{"scenario-id", DemoScenarioID}}, {{"scenario-id", DemoScenarioID}, {"X-API-Key", "wrong"}}} {
		bad := &officialClient{w: dialWire(t, srv), scenarioID: DemoScenarioID, convIDs: map[string]string{}, headers: headers}
		if _, _, _, err := bad.fetchMCPSettings(); err == nil || !strings.Contains(err.Error(), "Configuration error") {
			t.Errorf("settings with %v: %v", headers, err)
		}
		if _, err := bad.sendMessage("Hi", "claude-ai"); err == nil || !strings.HasPrefix(err.Error(), "Configuration error.") {
			t.Errorf("chat with %v: %v", headers, err)
		}
	}

	// The client's own refusals follow the sandbox's configuration.
	e.do("PUT", sandboxMCPPath, e.write, `{"description": ""}`).wantStatus(t, http.StatusOK)
	if _, _, _, err := c.fetchMCPSettings(); err == nil || err.Error() != "MCP name and description cannot be empty." {
		t.Errorf("empty description: %v", err)
	}
	e.do("PUT", sandboxMCPPath, e.write, `{"active": false, "description": "Ask Velora"}`).wantStatus(t, http.StatusOK)
	if _, _, _, err := c.fetchMCPSettings(); err == nil || err.Error() != "Quickchat MCP not active." {
		t.Errorf("inactive: %v", err)
	}
}

// The client's first version (commit 9ba68dd, before its public release) posted every message to the
// legacy chat, with api_key and scenario_id in the body and its extra mcp_client_name, which Quickchat
// ignores:
//
//	requests.post(url="https://chat.quickchat.ai/chat", json={"api_key": api_key, "scenario_id": scenario_id,
//	              "conv_id": <None at first>, "text": message, "mcp_client_name": mcp_client_name})
func TestFirstOfficialMCPClientLegacyChat(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.sb.Handler())
	defer srv.Close()
	w := dialWire(t, srv)
	key := e.apiKey()
	var convID any // None until the first answer
	for i, message := range []string{"What is your return policy?", "How far can I ride on one charge?"} {
		body := pyJSON([][2]any{{"api_key", key}, {"scenario_id", DemoScenarioID}, {"conv_id", convID}, {"text", message}, {"mcp_client_name", "claude-ai"}})
		status, resp := w.send(pythonRequest("POST", w.host, "/chat", nil, body))
		if status != 200 {
			t.Fatalf("message %d: %d %s", i, status, resp)
		}
		var data map[string]any
		if err := json.Unmarshal(resp, &data); err != nil {
			t.Fatal(err)
		}
		id, _ := data["conv_id"].(string)
		reply, _ := data["reply"].(string)
		if id == "" || reply == "" || (convID != nil && id != convID) {
			t.Fatalf("message %d: conv_id %v (kept %v), reply %q", i, data["conv_id"], convID, reply)
		}
		convID = id
	}
	if n := len(e.events(e.read, convID.(string), "").Items); n != 4 {
		t.Errorf("%d events, want 4 messages", n)
	}
}
