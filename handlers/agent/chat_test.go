package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// chatPost sends the playground form, as htmx does unless plain is asked for.
func chatPost(c *consoletest.Console, form url.Values) (*http.Response, string) {
	c.T.Helper()
	return c.Post("/chat", form, "HX-Request", "true")
}

func TestChatAnswersFromTheKnowledgeBaseAndContinues(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/chat")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /chat = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Chat playground" {
		t.Errorf("nav %q", got)
	}
	if got, _ := doc.Find(consoletest.TestID("chat-text")).Attr("data-maxlength"); got != "4000" {
		t.Errorf("message limit %q", got)
	}

	_, body = chatPost(c, url.Values{"text": {"What is your return policy?"}, "mode": {"realtime"},
		"metadata_key": {"plan", ""}, "metadata_value": {"pro", ""}})
	doc = consoletest.Parse(t, body)
	reply := doc.Find(consoletest.TestID("chat-reply")).Text()
	if !strings.Contains(reply, "within 30 days of delivery") {
		t.Fatalf("the reply does not give the return policy: %q", reply)
	}
	if got := doc.Find(consoletest.TestID("chat-visitor")).Text(); !strings.Contains(got, "What is your return policy?") {
		t.Errorf("the question is not in the log: %q", got)
	}
	convID, _ := doc.Find(`input[name=conv_id]`).Attr("value")
	if convID == "" {
		t.Fatal("no conv_id to continue with")
	}
	if href, _ := doc.Find(consoletest.TestID("chat-inbox-link")).Attr("href"); href != "/conversations/"+convID {
		t.Errorf("inbox link %q", href)
	}
	if v, _ := doc.Find(`input[name=metadata_key]`).First().Attr("value"); v != "plan" {
		t.Errorf("the metadata rows were not kept for the next message: %q", v)
	}
	if got := doc.Find(consoletest.TestID("chat-text")).Text(); got != "" {
		t.Errorf("the sent message stays in the composer: %q", got)
	}

	// The next message continues the same conversation.
	_, body = chatPost(c, url.Values{"text": {"And when do I get my money back?"}, "conv_id": {convID}, "mode": {"realtime"}})
	doc = consoletest.Parse(t, body)
	if again, _ := doc.Find(`input[name=conv_id]`).Attr("value"); again != convID {
		t.Fatalf("continued as %q, want %q", again, convID)
	}
	if n := doc.Find(consoletest.TestID("chat-visitor")).Length(); n != 2 {
		t.Errorf("%d visitor messages in the log, want 2", n)
	}
	if doc.Find(consoletest.TestID("chat-reply")).Length() != 1 {
		t.Error("the latest reply is not marked")
	}

	// The conversation is in the inbox, with its client metadata.
	res, body = c.Get("/conversations/" + convID)
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("transcript")).Text(), "money back") {
		t.Errorf("the inbox does not show the conversation: %d", res.StatusCode)
	}
	details, err := c.SandboxClient().GetConversation(context.Background(), convID)
	if err != nil || details.ClientMetadata["plan"] != "pro" {
		t.Errorf("client metadata at Quickchat: %v", err)
	}

	// Opening the playground on it shows the conversation so far.
	_, body = c.Get("/chat?conv_id=" + url.QueryEscape(convID))
	if n := consoletest.Parse(t, body).Find(consoletest.TestID("chat-visitor")).Length(); n != 2 {
		t.Errorf("continuing from the address shows %d visitor messages", n)
	}
}

func TestChatRefusesBeforeSending(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := url.Values{"text": {"Where is my order?"}, "mode": {"realtime"}}
	for i := range 6 {
		form.Add("metadata_key", "k"+itoa(i))
		form.Add("metadata_value", "v"+itoa(i))
	}
	_, body := chatPost(c, form)
	doc := consoletest.Parse(t, body)
	if got := doc.Find("#client-metadata-error").Text(); !strings.Contains(got, "at most 5") || !strings.Contains(got, "there are 6") {
		t.Errorf("metadata message %q", got)
	}
	if got := doc.Find(consoletest.TestID("chat-text")).Text(); got != "Where is my order?" {
		t.Errorf("the message was not kept: %q", got)
	}
	if n := doc.Find(consoletest.TestID("chat-metadata-row")).Length(); n != 6 {
		t.Errorf("%d metadata rows kept", n)
	}
	if v, _ := doc.Find(`input[name=conv_id]`).Attr("value"); v != "" || doc.Find(consoletest.TestID("chat-reply")).Length() != 0 {
		t.Error("the message was sent anyway")
	}

	// An empty message, with metadata and context typed.
	_, body = chatPost(c, url.Values{"text": {"  \n "}, "mode": {"legacy"}, "message_context": {"VIP customer"},
		"metadata_key": {"page"}, "metadata_value": {"/bikes"}})
	doc = consoletest.Parse(t, body)
	if got := doc.Find("#text-error").Text(); !strings.Contains(got, "Write a message first") {
		t.Errorf("empty message: %q", got)
	}
	if doc.Find("#message_context").Text() != "VIP customer" {
		t.Error("the context was lost")
	}
	if _, checked := doc.Find(consoletest.TestID("mode-legacy")).Attr("checked"); !checked {
		t.Error("the mode was lost")
	}
	if v, _ := doc.Find(`input[name=metadata_value]`).Attr("value"); v != "/bikes" {
		t.Errorf("metadata value %q", v)
	}
}

func TestChatLegacyWithTheDemoKey(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	key, err := c.Sandbox.APIKey(sandbox.DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	_, body := chatPost(c, url.Values{"op": {"demo-key"}, "mode": {"realtime"}, "text": {"kept"}})
	doc := consoletest.Parse(t, body)
	if !strings.Contains(doc.Find(consoletest.TestID("key-set")).Text(), "the demo agent's") {
		t.Fatalf("no key set: %s", doc.Find(consoletest.TestID("legacy-options")).Text())
	}
	if doc.Find(consoletest.TestID("api-key")).Length() != 0 {
		t.Error("the key field is still offered")
	}
	if _, checked := doc.Find(consoletest.TestID("mode-legacy")).Attr("checked"); !checked {
		t.Error("choosing the demo key does not switch to the legacy chat")
	}
	if doc.Find(consoletest.TestID("chat-text")).Text() != "kept" {
		t.Error("the message typed was lost")
	}
	_, body = chatPost(c, url.Values{"text": {"How long do I have to return a bike?"}, "mode": {"legacy"}, "message_context": {"Ordered last week"}})
	if strings.Contains(body, key) {
		t.Fatal("the API key is in the page")
	}
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("chat-reply")).Text(); !strings.Contains(got, "within 30 days of delivery") {
		t.Errorf("legacy reply %q", got)
	}
	// skip_reply adds the message without an answer.
	convID, _ := doc.Find(`input[name=conv_id]`).Attr("value")
	_, body = chatPost(c, url.Values{"text": {"Thanks!"}, "mode": {"legacy"}, "conv_id": {convID}, "skip_reply": {"true"}})
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("chat-reply")).Length() != 0 || !strings.Contains(doc.Find(consoletest.TestID("chat-log")).Text(), "skip_reply") {
		t.Errorf("skip_reply: %s", doc.Find(consoletest.TestID("chat-log")).Text())
	}
	for _, page := range []string{"/chat", "/chat?mode=legacy&conv_id=" + convID} {
		if _, body := c.Get(page); strings.Contains(body, key) {
			t.Errorf("%s shows the API key", page)
		}
	}
}

func TestChatLegacyKeyTypedOnceThenForgotten(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	key, _ := c.Sandbox.APIKey(sandbox.DemoScenarioID)

	// A wrong key is refused by Quickchat and not kept.
	_, body := chatPost(c, url.Values{"text": {"Hello?"}, "mode": {"legacy"}, "api_key": {"wrong-key"}})
	doc := consoletest.Parse(t, body)
	if got := doc.Find("#api_key-error").Text(); !strings.Contains(got, "did not accept this API key") {
		t.Fatalf("wrong key: %q", got)
	}
	if doc.Find(consoletest.TestID("key-set")).Length() != 0 || doc.Find(consoletest.TestID("chat-text")).Text() != "Hello?" {
		t.Error("a refused key was kept, or the message lost")
	}

	_, body = chatPost(c, url.Values{"text": {"When is my first service due?"}, "mode": {"legacy"}, "api_key": {key}})
	if strings.Contains(body, key) {
		t.Fatal("the typed key is rendered back")
	}
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("key-set")).Length() != 1 || doc.Find(consoletest.TestID("chat-reply")).Length() != 1 {
		t.Fatalf("after a typed key: %s", doc.Find(consoletest.TestID("legacy-options")).Text())
	}
	// Kept in the session: the next message needs no key.
	_, body = chatPost(c, url.Values{"text": {"Where is my order?"}, "mode": {"legacy"}})
	if consoletest.Parse(t, body).Find(consoletest.TestID("chat-reply")).Length() != 1 {
		t.Error("the kept key did not send the next message")
	}
	_, body = chatPost(c, url.Values{"op": {"forget-key"}, "mode": {"legacy"}})
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("key-set")).Length() != 0 || doc.Find(consoletest.TestID("api-key")).Length() != 1 || doc.Find(consoletest.TestID("key-notice")).Text() != "API key forgotten." {
		t.Error("the key was not forgotten")
	}
	_, body = chatPost(c, url.Values{"text": {"Still there?"}, "mode": {"legacy"}})
	if got := consoletest.Parse(t, body).Find("#api_key-error").Text(); !strings.Contains(got, "Type the agent's API key") {
		t.Errorf("without a key: %q", got)
	}
}

// An HTML reply is sanitized; when the conversation cannot be read back, the exchange itself is shown.
func TestChatReplyIsSanitized(t *testing.T) {
	c := consoletest.New(t, wrapAPI(func(api handlers.API) handlers.API { return scriptedReply{API: api} }))
	c.SignIn()
	_, body := c.Post("/chat", url.Values{"text": {"<b>hi</b>"}, "mode": {"realtime"}})
	doc := consoletest.Parse(t, body)
	reply := doc.Find(consoletest.TestID("chat-reply"))
	if reply.Find("p").Text() != "Returns take 30 days." || reply.Find("br").Length() != 1 {
		t.Errorf("reply markup lost: %s", body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "onerror") {
		t.Error("the reply is not inert")
	}
	if got := doc.Find(consoletest.TestID("chat-visitor")).Text(); !strings.Contains(got, "<b>hi</b>") {
		t.Errorf("the visitor's words are not shown as typed: %q", got)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("chat-log")).Text(), "Only the last exchange is shown") {
		t.Error("no note that the log is partial")
	}
}

type scriptedReply struct{ handlers.API }

func (scriptedReply) Chat(_ context.Context, m apiclient.ChatMessage) (*apiclient.ChatReply, error) {
	return &apiclient.ChatReply{ConvID: "conv-x", Reply: `<p>Returns take 30 days.</p><br><script>alert(1)</script><img src=x onerror="alert(2)">`}, nil
}

func (scriptedReply) ListConversationEvents(context.Context, string, int, int) (*apiclient.Page[apiclient.Event], error) {
	return nil, &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}
}

func TestChatWithAReadOnlyToken(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := c.Get("/chat")
	if !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Error("no word about the read-only token")
	}
	_, body = chatPost(c, url.Values{"text": {"How far can I ride on one charge?"}, "mode": {"realtime"}})
	if consoletest.Parse(t, body).Find(consoletest.TestID("chat-reply")).Length() != 1 {
		t.Errorf("Quickchat's chat takes a read-only token, the playground did not: %s", consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text())
	}
}

// Each write of the agent pages reaches the audit log under its own action, never with an API key.
func TestAgentWritesAreAudited(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	key, _ := c.Sandbox.APIKey(sandbox.DemoScenarioID)
	battery := storedActions(c)["Battery help"].ID
	c.Post("/ai-actions/"+idText(battery)+"/active", url.Values{"is_active": {"false"}})
	c.Post("/ai-actions/new", url.Values{"name": {"Audited action"}})
	c.Post("/settings/chatbot", chatbotForm(storedChatbot(c)))
	c.Post("/widget", widgetForm(c))
	handoff := handoffForm(c)
	handoff.Set("confirmation_message", "Shall I bring in a colleague?")
	c.Post("/handoff", handoff)
	chatPost(c, url.Values{"text": {"Hello, can I return my bike?"}, "mode": {"legacy"}, "api_key": {key}})
	for _, action := range []string{"ai_action.toggle", "ai_action.create", "chatbot_settings.update", "widget.update", "handoff.update", "chat.send"} {
		entries, n, err := c.Audit.List(context.Background(), store.Filter{Action: action})
		if err != nil || n != 1 {
			t.Errorf("%s: %d entries (%v)", action, n, err)
			continue
		}
		e := entries[0]
		if e.Status != http.StatusOK && e.Status != http.StatusCreated {
			t.Errorf("%s: status %d %s", action, e.Status, e.ErrorCode)
		}
		if strings.Contains(e.Before+e.After+e.Summary, key) {
			t.Errorf("%s: the API key is in the log", action)
		}
	}
}

// A chat from a freshly opened playground is marked as a test in its client metadata; unticked, it is not.
func TestPlaygroundMarksTestChats(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/chat")
	if _, on := consoletest.Parse(t, body).Find(`input[name=mark_test]`).Attr("checked"); !on {
		t.Fatal("a new playground does not mark its chats as tests")
	}
	for _, mark := range []bool{true, false} {
		form := url.Values{"text": {"Do you ship to Austria?"}, "mode": {"realtime"}}
		if mark {
			form.Set("mark_test", "true")
		}
		_, body = chatPost(c, form)
		doc := consoletest.Parse(t, body)
		convID, _ := doc.Find(`input[name=conv_id]`).Attr("value")
		if _, on := doc.Find(`input[name=mark_test]`).Attr("checked"); on != mark {
			t.Errorf("mark %v: the box comes back ticked %v", mark, on)
		}
		details, err := c.SandboxClient().GetConversation(context.Background(), convID)
		if err != nil {
			t.Fatal(err)
		}
		if got := details.ClientMetadata["qcadmin_test"]; (got == "true") != mark {
			t.Errorf("mark %v: client metadata %v", mark, details.ClientMetadata)
		}
	}
}
