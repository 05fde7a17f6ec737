package apiclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewDerivesTheChatURLFromOrigin(t *testing.T) {
	for _, origin := range []string{"https://app.quickchat.ai", "https://app.quickchat.ai/"} {
		if c := New(origin, testToken); c.chatURL != "https://app.quickchat.ai/chat" {
			t.Errorf("New(%q): chat at %q", origin, c.chatURL)
		}
	}
}

func TestChat(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/chat",
		body: `{"scenario_id":"demo","text":"What is your return policy?","conv_id":"c-1","client_metadata":{"plan":"pro","user_id":12345678901234567}}`},
		200, `{"conv_id":"c-1","reply":"Returns are accepted within 30 days.<br>Anything else?","ord_number":3,"src":0}`)
	got, err := c.Chat(t.Context(), ChatMessage{ScenarioID: "demo", Text: "What is your return policy?", ConvID: "c-1",
		ClientMetadata: map[string]any{"plan": "pro", "user_id": 12345678901234567}})
	if err != nil {
		t.Fatal(err)
	}
	if got.ConvID != "c-1" || got.Reply != "Returns are accepted within 30 days.<br>Anything else?" || got.OrdNumber != 3 || got.Src == nil || *got.Src != 0 {
		t.Errorf("reply = %+v", got)
	}
}

func TestChatStartsAConversationWithTheTokensAgent(t *testing.T) {
	// No conv_id, no client_metadata, and the scenario comes from the token.
	c := expectOne(t, wantRequest{method: "POST", path: "/chat", body: `{"scenario_id":"demo","text":"Hello!"}`},
		200, `{"conv_id":"new-conv","reply":"Hey there!","ord_number":1}`)
	got, err := c.Chat(t.Context(), ChatMessage{Text: "Hello!", ClientMetadata: map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	if got.ConvID != "new-conv" || got.Reply != "Hey there!" || got.OrdNumber != 1 || got.Src != nil {
		t.Errorf("reply = %+v", got)
	}
}

func TestChatWithoutAnAgentSendsNothing(t *testing.T) {
	c, api := newFakeClient(t, "not-a-jwt", func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{}`), nil
	})
	_, err := c.Chat(t.Context(), ChatMessage{Text: "Hello!"})
	if err == nil || !strings.Contains(err.Error(), "scenario_id") || strings.Contains(err.Error(), "not-a-jwt") || api.calls.Load() != 0 {
		t.Errorf("err = %v after %d requests", err, api.calls.Load())
	}
}

func TestChatRefusesLocally(t *testing.T) {
	six := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
	cases := []struct {
		name    string
		m       ChatMessage
		mention string
	}{
		{"6 metadata keys", ChatMessage{ScenarioID: "demo", Text: "Hi", ClientMetadata: six}, "client_metadata has 6 keys; the API takes at most 5"},
		{"empty text", ChatMessage{ScenarioID: "demo"}, "the message has no text"},
		{"blank text", ChatMessage{ScenarioID: "demo", Text: " \n\t"}, "the message has no text"},
	}
	for _, tc := range cases {
		c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
			return jsonResponseFrom(t, 200, nil, `{"conv_id":"x","reply":"y","ord_number":1}`), nil
		})
		got, err := c.Chat(t.Context(), tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.mention) || !strings.HasPrefix(err.Error(), "quickchat: POST chat: ") || got != nil {
			t.Errorf("%s: %+v, %v; want an error mentioning %q", tc.name, got, err, tc.mention)
		}
		if api.calls.Load() != 0 {
			t.Errorf("%s: %d requests sent", tc.name, api.calls.Load())
		}
	}
	// Five keys go.
	five := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
	c := expectOne(t, wantRequest{method: "POST", path: "/chat", body: `{"scenario_id":"demo","text":"Hi","client_metadata":{"a":1,"b":2,"c":3,"d":4,"e":5}}`},
		200, `{"conv_id":"x","reply":"y","ord_number":1}`)
	if _, err := c.Chat(t.Context(), ChatMessage{ScenarioID: "demo", Text: "Hi", ClientMetadata: five}); err != nil {
		t.Errorf("5 keys: %v", err)
	}
}

func TestChatErrorsArePassedThrough(t *testing.T) {
	for status, body := range map[int]string{
		400: `{"errors":{"root":[{"message":"scenario_id does not match the token.","code":"BAD_REQUEST"}]}}`,
		401: `{"errors":{"root":[{"message":"Token has been revoked.","code":"PERMISSION_DENIED"}]}}`,
		402: `{"errors":{"root":[{"message":"Active subscription required.","code":"PAYMENT_REQUIRED"}]}}`,
		404: `{"errors":{"root":[{"message":"Conversation not found.","code":"NOT_FOUND"}]}}`,
	} {
		c := expectOne(t, wantRequest{method: "POST", path: "/chat", body: `{"scenario_id":"other","text":"Hi","conv_id":"gone"}`}, status, body)
		got, err := c.Chat(t.Context(), ChatMessage{ScenarioID: "other", Text: "Hi", ConvID: "gone"})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Message == "" || got != nil {
			t.Errorf("status %d: %+v, %v", status, got, err)
		}
	}
}

// legacyAPIKey is the agent's API key in the legacy chat tests; it must
// never show in an error.
const legacyAPIKey = "qc-legacy-key-7f3a9c21d4e8b6"

// expectLegacy returns a Client whose legacy chat requests must go to
// https://chat.quickchat.test/chat without any Authorization, carrying
// body, and are answered with status and answer.
func expectLegacy(t *testing.T, body string, status int, answer string) (*Client, *fakeAPI) {
	t.Helper()
	return newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		if req.Method != "POST" || req.URL.String() != "https://chat.quickchat.test/chat" {
			t.Errorf("request %s %s", req.Method, req.URL)
		}
		if v, ok := req.Header["Authorization"]; ok {
			t.Errorf("the legacy chat was sent an Authorization header %q", v)
		}
		if ct := req.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		got, _ := io.ReadAll(req.Body)
		if !jsonEqual(t, got, []byte(body)) {
			t.Errorf("body = %s, want %s", got, body)
		}
		return jsonResponseFrom(t, status, nil, answer), nil
	})
}

func TestLegacyChat(t *testing.T) {
	c, api := expectLegacy(t, `{"api_key":"`+legacyAPIKey+`","scenario_id":"shop","text":"Hello!","conv_id":"abcd1234",
		"message_context":"The visitor is on the checkout page.","client_metadata":{"plan":"pro"},"skip_reply":true}`,
		200, `{"ord_number":236,"conv_id":"abcd1234","reply":"Hey there!"}`)
	got, err := c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", LegacyChatMessage{
		APIKey: legacyAPIKey, ScenarioID: "shop", Text: "Hello!", ConvID: "abcd1234",
		MessageContext: "The visitor is on the checkout page.", ClientMetadata: map[string]any{"plan": "pro"}, SkipReply: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.OrdNumber != 236 || got.ConvID != "abcd1234" || got.Reply != "Hey there!" || got.Src != nil || api.calls.Load() != 1 {
		t.Errorf("reply = %+v after %d requests", got, api.calls.Load())
	}

	// The optional fields are left out; the agent comes from the token.
	c, _ = expectLegacy(t, `{"api_key":"`+legacyAPIKey+`","scenario_id":"demo","text":"Hi"}`, 200, `{"ord_number":1,"conv_id":"n","reply":"Hello"}`)
	if _, err := c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", LegacyChatMessage{APIKey: legacyAPIKey, Text: "Hi"}); err != nil {
		t.Fatal(err)
	}
}

func TestLegacyChatErrorsNeverTellTheAPIKey(t *testing.T) {
	msg := LegacyChatMessage{APIKey: legacyAPIKey, ScenarioID: "shop", Text: "Hello!"}
	body := `{"api_key":"` + legacyAPIKey + `","scenario_id":"shop","text":"Hello!"}`
	check := func(name string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", name)
			return
		}
		if strings.Contains(err.Error(), legacyAPIKey) {
			t.Errorf("%s: the error tells the API key: %v", name, err)
		}
		for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
			if strings.Contains(e.Error(), legacyAPIKey) {
				t.Errorf("%s: a wrapped error tells the API key: %v", name, e)
			}
		}
	}

	// The server repeats the key in its refusal: it is masked, the
	// *APIError stays one.
	c, _ := expectLegacy(t, body, 401, `{"errors":{"root":[{"message":"Invalid api_key `+legacyAPIKey+` for scenario shop.","code":"PERMISSION_DENIED"}]}}`)
	_, err := c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", msg)
	check("echoed in a 401", err)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Message != "Invalid api_key [API key] for scenario shop." {
		t.Errorf("401: %v", err)
	}
	c, _ = expectLegacy(t, body, 400, `{"detail":"bad key `+legacyAPIKey+`"}`)
	_, err = c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", msg)
	check("echoed in a detail", err)

	// A network failure whose text carries the key still reads, and still
	// says what went wrong for errors.Is.
	c, _ = newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return nil, errors.New("proxy refused the body starting {\"api_key\":\"" + legacyAPIKey + "\"")
	})
	_, err = c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", msg)
	check("a transport error", err)
	if err == nil || !strings.Contains(err.Error(), "proxy refused") || !strings.Contains(err.Error(), "[API key]") {
		t.Errorf("transport error: %v", err)
	}
	c, _ = newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}, WithTimeout(20*time.Millisecond))
	_, err = c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat?k="+"x", msg)
	check("a timeout", err)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: %v, want context.DeadlineExceeded", err)
	}

	// An unreadable answer.
	c, _ = expectLegacy(t, body, 200, `{"reply": 5}`)
	_, err = c.LegacyChat(t.Context(), "https://chat.quickchat.test/chat", msg)
	check("an unreadable answer", err)
}

func TestLegacyChatRefusesLocally(t *testing.T) {
	six := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
	ok := LegacyChatMessage{APIKey: legacyAPIKey, ScenarioID: "shop", Text: "Hi"}
	with := func(change func(*LegacyChatMessage)) LegacyChatMessage {
		m := ok
		change(&m)
		return m
	}
	cases := []struct {
		name    string
		url     string
		m       LegacyChatMessage
		mention string
	}{
		{"no API key", "https://chat.quickchat.test/chat", with(func(m *LegacyChatMessage) { m.APIKey = "" }), "no API key"},
		{"blank API key", "https://chat.quickchat.test/chat", with(func(m *LegacyChatMessage) { m.APIKey = "  " }), "no API key"},
		{"empty text", "https://chat.quickchat.test/chat", with(func(m *LegacyChatMessage) { m.Text = "" }), "no text"},
		{"6 metadata keys", "https://chat.quickchat.test/chat", with(func(m *LegacyChatMessage) { m.ClientMetadata = six }), "at most 5"},
		{"no address", "", ok, "not an http or https address"},
		{"a relative address", "/chat", ok, "not an http or https address"},
		{"another scheme", "ftp://chat.quickchat.test/chat", ok, "not an http or https address"},
		{"an unparsable address", "https://chat.quickchat.test/%zz", ok, "not an http or https address"},
		{"a password in the address", "https://user:pw@chat.quickchat.test/chat", ok, "user name or password"},
		{"the key in the address", "https://chat.quickchat.test/chat?api_key=" + legacyAPIKey, ok, "must not carry the API key"},
		{"the key as the address", "https://" + legacyAPIKey, ok, "must not carry the API key"},
	}
	for _, tc := range cases {
		c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
			return jsonResponseFrom(t, 200, nil, `{"conv_id":"x","reply":"y","ord_number":1}`), nil
		})
		got, err := c.LegacyChat(t.Context(), tc.url, tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.mention) || got != nil {
			t.Errorf("%s: %+v, %v; want an error mentioning %q", tc.name, got, err, tc.mention)
		} else if strings.Contains(err.Error(), legacyAPIKey) {
			t.Errorf("%s: the error tells the API key: %v", tc.name, err)
		}
		if api.calls.Load() != 0 {
			t.Errorf("%s: %d requests sent", tc.name, api.calls.Load())
		}
	}
}

func TestRedactSecret(t *testing.T) {
	if redactSecret(nil, "k") != nil {
		t.Error("nil became an error")
	}
	plain := errors.New("no secret here")
	if redactSecret(plain, "k3y") != plain || redactSecret(plain, "") != plain {
		t.Error("an error without the secret was replaced")
	}
	wrapped := redactSecret(errors.Join(ErrRateBudget, errors.New("key k3y")), "k3y")
	if !errors.Is(wrapped, ErrRateBudget) || strings.Contains(wrapped.Error(), "k3y") || errors.Unwrap(wrapped) != nil {
		t.Errorf("redacted: %v", wrapped)
	}
	orig := &APIError{Status: 401, Code: "PERMISSION_DENIED", Message: "bad k3y"}
	if got := redactSecret(orig, "k3y").(*APIError); got.Message != "bad [API key]" || orig.Message != "bad k3y" {
		t.Errorf("APIError: %+v, original %+v", got, orig)
	}
}

// TestSettingsActionsAndChatBudgets checks that every call of the chatbot
// settings, widget, handoff, AI action and chat groups is counted under its
// path template (never a concrete id) and in the right tier: READ for GET,
// WRITE for the rest, chat included.
func TestSettingsActionsAndChatBudgets(t *testing.T) {
	b := NewBudgets(true)
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		switch {
		case req.Method == http.MethodDelete:
			return jsonResponseFrom(t, http.StatusNoContent, nil, ``), nil
		case req.URL.Path == "/v1/api/ai_actions" && req.Method == http.MethodGet:
			return jsonResponseFrom(t, 200, nil, `[]`), nil
		}
		return jsonResponseFrom(t, 200, nil, `{"id":42,"conv_id":"c","reply":"r","ord_number":1}`), nil
	}, WithBudgets(b))
	calls := map[string]func(ctx context.Context) error{
		"GET chatbot_settings": func(ctx context.Context) error { _, err := c.GetChatbotSettings(ctx); return err },
		"PATCH chatbot_settings": func(ctx context.Context) error {
			_, err := c.UpdateChatbotSettings(ctx, ChatbotSettingsUpdate{ReplyLength: ptr(1)})
			return err
		},
		"GET widget/configuration": func(ctx context.Context) error { _, err := c.GetWidgetConfiguration(ctx); return err },
		"PATCH widget/configuration": func(ctx context.Context) error {
			_, err := c.UpdateWidgetConfiguration(ctx, WidgetConfigurationUpdate{Typing: ptr(true)})
			return err
		},
		"GET human_handoff/configuration": func(ctx context.Context) error { _, err := c.GetHandoffConfiguration(ctx); return err },
		"PUT human_handoff/configuration": func(ctx context.Context) error {
			_, err := c.PutHandoffConfiguration(ctx, HandoffConfiguration{})
			return err
		},
		"GET ai_actions": func(ctx context.Context) error { _, err := c.ListAIActions(ctx); return err },
		"PATCH ai_actions/{id}": func(ctx context.Context) error {
			_, err := c.SetAIActionActive(ctx, 42, true)
			return err
		},
		"DELETE ai_actions/{id}":             func(ctx context.Context) error { return c.DeleteAIAction(ctx, 42) },
		"POST ai_actions/knowledge_base":     func(ctx context.Context) error { _, err := c.CreateKBAction(ctx); return err },
		"GET ai_actions/{id}/knowledge_base": func(ctx context.Context) error { _, err := c.GetKBAction(ctx, 42); return err },
		"PUT ai_actions/{id}/knowledge_base": func(ctx context.Context) error {
			_, err := c.UpdateKBAction(ctx, 42, KBActionInput{Name: "n"})
			return err
		},
		"POST chat": func(ctx context.Context) error { _, err := c.Chat(ctx, ChatMessage{Text: "Hi"}); return err },
		"POST chat.quickchat.test/chat": func(ctx context.Context) error {
			_, err := c.LegacyChat(ctx, "https://chat.quickchat.test/chat", LegacyChatMessage{APIKey: "k-123456", Text: "Hi"})
			return err
		},
	}
	for name, call := range calls {
		if err := call(t.Context()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var got []string
	for k, l := range b.limits {
		got = append(got, k.endpoint)
		want := 60
		if k.endpoint[:4] == "GET " {
			want = 120
		}
		if l.Burst() != want {
			t.Errorf("%s is counted %d a minute, want %d", k.endpoint, l.Burst(), want)
		}
	}
	slices.Sort(got)
	var want []string
	for name := range calls {
		want = append(want, name)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("budgets %q\nwant    %q", got, want)
	}
}
