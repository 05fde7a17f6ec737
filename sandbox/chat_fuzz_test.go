package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzChatBody feeds arbitrary bytes to the chat body, parsed alone and posted to the sandbox with a token:
// it must never panic or answer 5xx, refuse only with 400, 403, 404 or 422, and accept only messages within
// the limits, which the agent then answers (unless skip_reply) in a stored conversation.
func FuzzChatBody(f *testing.F) {
	for _, seed := range []string{
		`{"scenario_id":"demo-velora-bikes","text":"How far can I ride on one charge?"}`,
		`{"scenario_id":"demo-velora-bikes","text":"Return policy?","client_metadata":{"a":1,"b":"x","c":null,"d":[1],"e":{"f":1.50}}}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","client_metadata":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","client_metadata":[]}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","client_metadata":null,"conv_id":null,"skip_reply":true}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","conv_id":"no-such-conversation"}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","message_context":"On the returns page"}`,
		`{"scenario_id":"demo-velora-bikes","text":"   "}`,
		`{"scenario_id":"demo-velora-bikes","text":"\"NEAR(a b) OR * - : ^ {title}"}`,
		`{"scenario_id":"demo-velora-bikes","text":"\u0000\ud800 <script>"}`,
		`{"scenario_id":"other","text":"Hi"}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi","api_key":"x"}`,
		`{"scenario_id":"demo-velora-bikes","text":1}`,
		`{"text":"Hi"}`,
		`{"scenario_id":"demo-velora-bikes","text":"Hi"} trailing`,
		`[]`,
		`null`,
		`{`,
		``,
		"\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	sb, err := Open(Config{DataDir: f.TempDir(), Secret: "test-secret", Now: newTestClock().Now})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { sb.Close() })
	token, err := sb.Token(DemoScenarioID, ScopeWrite, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	e := &testEnv{sb: sb}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := decodeChatRequest(body)
		var msg chatMessage
		if err == nil {
			msg, err = req.validate()
		}
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != http.StatusBadRequest && ae.status != http.StatusUnprocessableEntity && ae.status != http.StatusNotFound || ae.message == "" {
				t.Fatalf("parser error %v", err)
			}
		} else {
			n := utf8.RuneCountInString(msg.Text)
			if n == 0 || n > maxChatText || strings.TrimSpace(msg.Text) != msg.Text || utf8.RuneCountInString(msg.Context) > maxMessageContext {
				t.Errorf("accepted a message out of limits: %q (context %d characters)", msg.Text, utf8.RuneCountInString(msg.Context))
			}
			if msg.Metadata != "" {
				var m map[string]any
				if err := json.Unmarshal([]byte(msg.Metadata), &m); err != nil || m == nil || len(m) > maxClientMetadataKey || len(msg.Metadata) > maxClientMetadata {
					t.Errorf("accepted client_metadata %s (%v)", msg.Metadata, err)
				}
			}
		}

		hreq := newRequest("POST", "/chat", string(body))
		hreq.Header.Set("Authorization", "Bearer "+token)
		r := e.send(hreq)
		if r.Status >= 500 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		ours := err == nil && req.ScenarioID != nil && *req.ScenarioID == DemoScenarioID && req.APIKey == nil
		if ours && msg.ConvID == "" {
			var c chatReplyJSON
			if r.Status != http.StatusOK {
				t.Fatalf("valid message answered %d: %s", r.Status, r.Body)
			}
			if err := json.Unmarshal(r.Body, &c); err != nil || c.ConvID == "" || (c.Reply == "") != msg.SkipReply {
				t.Errorf("answer %s (%v), skip_reply %t", r.Body, err, msg.SkipReply)
			}
		} else if !ours && r.Status == http.StatusOK {
			t.Errorf("refused by the parser (%v) but answered 200: %s", err, r.Body)
		}
	})
}
