package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const chatPath = "/chat"

// chat sends a realtime chat message with a token and returns the answer.
func (e *testEnv) chat(token string, body map[string]any) chatReplyJSON {
	e.t.Helper()
	if _, ok := body["scenario_id"]; !ok {
		body["scenario_id"] = DemoScenarioID
	}
	var c chatReplyJSON
	e.do("POST", chatPath, token, body).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

func TestChatAnswersFromPublishedArticles(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ question, want, title string }{
		{"How far can I ride on one charge?", "Eco · 110 km · 140 km", "Battery range: what to expect"},
		{"What is your return policy?", "You can return any bike or accessory within 30 days of delivery, no reasons needed.", "30-day return policy"},
		{"My display shows battery error E14", "Remove and reinsert the battery; clean the contacts with a dry cloth.", "Battery error codes on the display"},
	} {
		r := e.do("POST", chatPath, e.write, map[string]any{"scenario_id": DemoScenarioID, "text": tc.question}).wantStatus(t, http.StatusOK)
		if got := jsonKeys(t, r.Body); strings.Join(got, ",") != "conv_id,reply,ord_number,src" {
			t.Errorf("answer keys %v", got)
		}
		var c chatReplyJSON
		r.decode(t, &c)
		if !strings.HasPrefix(c.Reply, "Here is what I found in our help center:<br><br>") || !strings.Contains(c.Reply, tc.want) {
			t.Errorf("%q: reply %q, want it to contain %q", tc.question, c.Reply, tc.want)
		}
		// Plain text: Markdown markers are gone, lines are apart.
		if strings.Contains(c.Reply, "**") || strings.Contains(c.Reply, "# ") || strings.Contains(c.Reply, "\n") {
			t.Errorf("%q: markup left in %q", tc.question, c.Reply)
		}
		if c.OrdNumber != 2 || c.Src != 0 || len(c.ConvID) != 36 {
			t.Errorf("%q: %+v", tc.question, c)
		}
		var conv conversationJSON
		e.do("GET", conversationsPath+"/"+c.ConvID, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &conv)
		if conv.UnifiedAnalysis.Topic != tc.title {
			t.Errorf("%q: topic %q, want %q", tc.question, conv.UnifiedAnalysis.Topic, tc.title)
		}
	}
}

func TestChatFallbackAndGreeting(t *testing.T) {
	e := newEnv(t)
	for _, text := range []string{"Blorf zibble quux?", "qwertzuiop asdfghjkl", "the and of ???"} {
		if c := e.chat(e.write, map[string]any{"text": text}); c.Reply != "I could not find that in the Velora help center. Would you like to talk to our team?" {
			t.Errorf("%q: reply %q", text, c.Reply)
		}
	}
	// A hello alone gets the agent's greeting, as configured in the chatbot settings.
	e.do("PATCH", chatbotPath, e.write, `{"greeting":"<p>Moin from Vela</p>"}`).wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "Hello!"}); c.Reply != "<p>Moin from Vela</p>" {
		t.Errorf("greeting reply %q", c.Reply)
	}
	e.do("PATCH", chatbotPath, e.write, `{"greeting":""}`).wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "hey"}); c.Reply != "<p>Hi! How can I help you today?</p>" {
		t.Errorf("greeting reply without a greeting %q", c.Reply)
	}
	// Another agent's fallback does not speak of Velora.
	tok := e.token("empty-agent", ScopeWrite)
	if c := e.chat(tok, map[string]any{"scenario_id": "empty-agent", "text": "How far can I ride?"}); c.Reply != "I could not find that in our help center. Would you like to talk to our team?" {
		t.Errorf("empty agent: %q", c.Reply)
	}
}

// TestChatFollowsPublishing: drafts are never answered from; publishing makes an article answerable at
// once, unpublishing and deleting take it away.
func TestChatFollowsPublishing(t *testing.T) {
	e := newEnv(t)
	fallback := "I could not find that in the Velora help center. Would you like to talk to our team?"
	// "Gift cards" is a seeded draft.
	if c := e.chat(e.write, map[string]any{"text": "Do you sell gift cards?"}); strings.Contains(c.Reply, "valid for 3 years") {
		t.Errorf("answered from a draft: %q", c.Reply)
	}
	a := e.createArticle(map[string]any{"title": "Walrus saddles", "content": "Our walrus saddle fits every Velora frame and costs €89."})
	if c := e.chat(e.write, map[string]any{"text": "walrus saddle"}); c.Reply != fallback {
		t.Errorf("answered from a new draft: %q", c.Reply)
	}
	e.do("PATCH", articlesPath+itoa(a.ID), e.write, map[string]any{"save_mode": "publish"}).wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "walrus saddle"}); !strings.Contains(c.Reply, "costs €89") {
		t.Errorf("published article not answered from: %q", c.Reply)
	}
	e.do("PATCH", articlesPath+itoa(a.ID), e.write, map[string]any{"title": "Walrus saddles", "content": "The walrus saddle now costs €79.", "save_mode": "publish"}).
		wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "walrus saddle"}); !strings.Contains(c.Reply, "costs €79") || strings.Contains(c.Reply, "€89") {
		t.Errorf("edited article: %q", c.Reply)
	}
	e.do("DELETE", articlesPath, e.write, []int64{a.ID}).wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "walrus saddle"}); c.Reply != fallback {
		t.Errorf("answered from a deleted article: %q", c.Reply)
	}
	// HTML in an article reaches the visitor as text, never as markup.
	e.createArticle(map[string]any{"title": "Embed", "content": `Paste <script>alert("walrus")</script> & enjoy.`})
	b := e.createArticle(map[string]any{"title": "Embed 2", "content": `Use <b>walrus</b> mode & enjoy.`})
	e.do("PATCH", articlesPath+itoa(b.ID), e.write, map[string]any{"save_mode": "publish"}).wantStatus(t, http.StatusOK)
	if c := e.chat(e.write, map[string]any{"text": "walrus mode"}); !strings.Contains(c.Reply, "Use &lt;b&gt;walrus&lt;/b&gt; mode &amp; enjoy.") {
		t.Errorf("markup not escaped: %q", c.Reply)
	}
}

func TestChatConversationInInbox(t *testing.T) {
	e := newEnv(t)
	before := e.conversations(e.read, "").Count
	first := e.chat(e.write, map[string]any{"text": "  What is your return   policy?  ", "client_metadata": map[string]any{"plan": "pro", "userId": 42}})
	if first.OrdNumber != 2 {
		t.Errorf("first exchange ord_number %d", first.OrdNumber)
	}
	e.clock.Advance(time.Minute)
	second := e.chat(e.read, map[string]any{"text": "And how far can I ride uphill?", "conv_id": strings.ToUpper(first.ConvID)})
	if second.ConvID != first.ConvID || second.OrdNumber != 4 {
		t.Errorf("continued: %+v, first %+v", second, first)
	}

	page := e.conversations(e.read, "")
	if page.Count != before+1 || page.Items[0].ID != first.ConvID {
		t.Fatalf("inbox: %d conversations (had %d), newest %+v", page.Count, before, page.Items[0])
	}
	item := page.Items[0]
	if item.Title != "What is your return policy?" || item.Source != "api" || item.Assignee.Type != assigneeAI ||
		item.ResolutionStatus != statusOpen || item.HasUnreadMessages || int(item.Ord) != before+1 ||
		item.LastMessageAt != conversationTime(e.clock.Now()) {
		t.Errorf("inbox item: %+v", item)
	}
	var conv conversationJSON
	e.do("GET", conversationsPath+"/"+first.ConvID, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &conv)
	if string(conv.ClientMetadata) != `{"plan":"pro","userId":42}` || conv.MostFrequentLanguage != "en" || conv.UnifiedAnalysis.Resolution != "unresolved" {
		t.Errorf("details: %+v, client_metadata %s", conv, conv.ClientMetadata)
	}
	if found := e.conversations(e.read, "query=can i ride uphill"); found.Count != 1 || found.Items[0].ID != first.ConvID {
		t.Errorf("query finds %d", found.Count)
	}
	if found := e.conversations(e.read, "source=api&resolution_status=open"); found.Count == 0 {
		t.Error("source filter does not find the chat")
	}

	evs := e.events(e.read, first.ConvID, "")
	var got []string
	for _, ev := range evs.Items {
		got = append(got, ev.Type+"/"+ev.Author)
	}
	if strings.Join(got, " ") != "message/visitor log/ message/ai_assistant message/visitor message/ai_assistant" {
		t.Fatalf("events: %v", got)
	}
	if *evs.Items[0].Text != "What is your return   policy?" || *evs.Items[1].Text != `Client metadata: {"plan":"pro","userId":42}` ||
		!strings.Contains(*evs.Items[2].Text, "30 days of delivery") || *evs.Items[3].Text != "And how far can I ride uphill?" {
		t.Errorf("event texts: %+v", evs.Items)
	}

	// Continuing a seeded, closed conversation reopens it.
	var closed conversationItemJSON
	for _, c := range e.allConversations(e.read) {
		if c.ResolutionStatus == statusResolved {
			closed = c
			break
		}
	}
	n := e.events(e.read, closed.ID, "").Count
	c := e.chat(e.write, map[string]any{"text": "One more question about my battery", "conv_id": closed.ID})
	if c.ConvID != closed.ID || e.events(e.read, closed.ID, "").Count != n+2 {
		t.Errorf("continuing a seeded chat: %+v", c)
	}
	e.do("GET", conversationsPath+"/"+closed.ID, e.read, nil).decode(t, &conv)
	if conv.ResolutionStatus != statusOpen || conv.UnifiedAnalysis.Resolution != "unresolved" {
		t.Errorf("not reopened: %+v", conv)
	}
}

func TestChatRefusals(t *testing.T) {
	e := newEnv(t)
	before := e.conversations(e.read, "").Count
	meta := func(n int) map[string]any {
		m := map[string]any{}
		for i := range n {
			m[string(rune('a'+i))] = i
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		code   string
		msg    string
	}{
		{"wrong scenario", e.write, map[string]any{"scenario_id": "someone-else", "text": "Hi"}, http.StatusForbidden, codePermissionDenied, "scenario_id does not match the token"},
		{"other agent's token", e.token("other-agent", ScopeWrite), map[string]any{"scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusForbidden, codePermissionDenied, "scenario_id does not match the token"},
		{"no scenario", e.write, map[string]any{"text": "Hi"}, http.StatusUnprocessableEntity, codeValidation, "Field 'scenario_id' is required."},
		{"no text", e.write, map[string]any{"scenario_id": DemoScenarioID}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' is required."},
		{"empty text", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": ""}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' must not be empty."},
		{"blank text", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": " \n\t "}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' must not be empty."},
		{"long text", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": strings.Repeat("é", 4001)}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' is too long: 4001 characters, the limit is 4000."},
		{"text type", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": 42}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' must be a string."},
		{"six metadata keys", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "client_metadata": meta(6)}, http.StatusUnprocessableEntity, codeValidation, "Field 'client_metadata' has 6 keys; the limit is 5."},
		{"metadata not an object", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "client_metadata": []int{1}}, http.StatusUnprocessableEntity, codeValidation, "Field 'client_metadata' must be a JSON object, got an array."},
		{"huge metadata", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "client_metadata": map[string]string{"a": strings.Repeat("x", 5000)}}, http.StatusUnprocessableEntity, codeValidation, "the limit is 4096"},
		{"long context", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "message_context": strings.Repeat("c", 2001)}, http.StatusUnprocessableEntity, codeValidation, "Field 'message_context' is too long: 2001 characters, the limit is 2000."},
		{"unknown conversation", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "conv_id": "00000000-0000-4000-8000-000000000000"}, http.StatusNotFound, codeNotFound, "Conversation 00000000-0000-4000-8000-000000000000 not found."},
		{"unknown field beside a missing one", e.write, map[string]any{"scenario_id": DemoScenarioID, "message": "Hi"}, http.StatusUnprocessableEntity, codeValidation, "Field 'text' is required."},
		{"token and api_key", e.write, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi", "api_key": "k"}, http.StatusBadRequest, codeBadRequest, "not both"},
		{"malformed", e.write, `{"text":`, http.StatusBadRequest, codeBadRequest, "Malformed JSON"},
		{"bad token", "not-a-token", map[string]any{"scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusUnauthorized, codePermissionDenied, "Token is malformed."},
		{"nothing", "", map[string]any{"scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusUnauthorized, codePermissionDenied, "Authentication credentials were not provided"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("POST", chatPath, tc.token, tc.body).wantError(t, tc.status, tc.code, tc.msg)
		})
	}
	// Another agent cannot continue the demo's conversations.
	c := e.chat(e.write, map[string]any{"text": "Hi"})
	other := e.token("other-agent", ScopeWrite)
	e.do("POST", chatPath, other, map[string]any{"scenario_id": "other-agent", "text": "Hi", "conv_id": c.ConvID}).wantError(t, http.StatusNotFound, codeNotFound, "not found")
	if n := e.conversations(e.read, "").Count; n != before+1 {
		t.Errorf("refused chats were stored: %d conversations, want %d", n, before+1)
	}
	e.do("GET", chatPath, e.write, nil).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "allowed: POST")
	// Exactly five keys and 4000 characters are fine.
	e.chat(e.write, map[string]any{"text": strings.Repeat("é", 4000), "client_metadata": meta(5)})
}

func TestLegacyChat(t *testing.T) {
	e := newEnv(t)
	key, err := e.sb.APIKey(DemoScenarioID)
	if err != nil || len(key) < 20 {
		t.Fatalf("APIKey = %q, %v", key, err)
	}
	if again, _ := e.sb.APIKey(DemoScenarioID); again != key {
		t.Errorf("the key changed: %q then %q", key, again)
	}
	if other, _ := e.sb.APIKey("other-agent"); other == key {
		t.Error("two agents share a key")
	}
	if _, err := e.sb.APIKey(""); err == nil {
		t.Error("APIKey without a scenario")
	}

	r := e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "What is your return policy?",
		"message_context": "Customer is on the returns page"}).wantStatus(t, http.StatusOK)
	if got := jsonKeys(t, r.Body); strings.Join(got, ",") != "ord_number,conv_id,reply" {
		t.Errorf("legacy answer keys %v", got)
	}
	var first legacyChatReplyJSON
	r.decode(t, &first)
	if first.OrdNumber != 2 || !strings.Contains(first.Reply, "30 days") {
		t.Errorf("legacy answer: %+v", first)
	}
	// skip_reply stores the visitor's message and answers nothing.
	var skipped legacyChatReplyJSON
	e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "I will wait for a human",
		"conv_id": first.ConvID, "skip_reply": true}).wantStatus(t, http.StatusOK).decode(t, &skipped)
	if skipped.Reply != "" || skipped.OrdNumber != 3 || skipped.ConvID != first.ConvID {
		t.Errorf("skip_reply: %+v", skipped)
	}
	evs := e.events(e.read, first.ConvID, "")
	var got []string
	for _, ev := range evs.Items {
		got = append(got, ev.Type+"/"+ev.Author+"/"+strings.Split(*ev.Text, ".")[0])
	}
	want := "message/visitor/What is your return policy? log//Message context: Customer is on the returns page " +
		"message/ai_assistant/Here is what I found in our help center:<br><br>30-day return policy<br>Not happy? You can return any bike or accessory within 30 days of delivery, no reasons needed " +
		"message/visitor/I will wait for a human"
	if strings.Join(got, " ") != want {
		t.Errorf("events:\n%v\nwant\n%v", strings.Join(got, " "), want)
	}
	var conv conversationJSON
	e.do("GET", conversationsPath+"/"+first.ConvID, e.read, nil).decode(t, &conv)
	if !conv.HasUnreadMessages {
		t.Error("a message nobody answered is not unread")
	}

	for _, tc := range []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{"api_key": "wrong", "scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusUnauthorized, "Invalid api_key for this scenario_id."},
		{map[string]any{"api_key": key, "scenario_id": "other-agent", "text": "Hi"}, http.StatusUnauthorized, "Invalid api_key for this scenario_id."},
		{map[string]any{"api_key": "", "scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusUnauthorized, "Authentication credentials were not provided"},
		{map[string]any{"scenario_id": DemoScenarioID, "text": "Hi"}, http.StatusUnauthorized, "or api_key and scenario_id in the body"},
		{map[string]any{"api_key": key, "text": "Hi"}, http.StatusUnprocessableEntity, "Field 'scenario_id' is required."},
		{map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": " "}, http.StatusUnprocessableEntity, "Field 'text' must not be empty."},
	} {
		code := codePermissionDenied
		if tc.status == http.StatusUnprocessableEntity {
			code = codeValidation
		}
		e.do("POST", chatPath, "", tc.body).wantError(t, tc.status, code, tc.msg)
	}

	// The key survives a restart.
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: e.dir})
	if again, _ := e2.sb.APIKey(DemoScenarioID); again != key {
		t.Errorf("key after restart %q, want %q", again, key)
	}
}

func TestChatRateLimit(t *testing.T) {
	e := newEnvWith(t, Config{RateLimits: true})
	e.sb.limiter.perMinute[tierWrite] = 2
	for range 2 {
		e.chat(e.read, map[string]any{"text": "Hi"})
	}
	e.do("POST", chatPath, e.read, map[string]any{"scenario_id": DemoScenarioID, "text": "Hi"}).wantError(t, http.StatusTooManyRequests, codeTooManyRequests, "Rate limit")
	// The budget is per caller: another token, and the legacy key, have their own.
	e.chat(e.write, map[string]any{"text": "Hi"})
	key, _ := e.sb.APIKey(DemoScenarioID)
	for range 2 {
		e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "Hi"}).wantStatus(t, http.StatusOK)
	}
	e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "text": "Hi"}).wantStatus(t, http.StatusTooManyRequests)
}

// TestChatConcurrentConversations: chats started at the same moment get distinct conversations and numbers.
func TestChatConcurrentConversations(t *testing.T) {
	e := newEnv(t)
	before := e.conversations(e.read, "").Count
	const n = 8
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := newRequest("POST", chatPath, fmt.Sprintf(`{"scenario_id":%q,"text":"Battery question %d"}`, DemoScenarioID, i))
			req.Header.Set("Authorization", "Bearer "+e.write)
			r := e.send(req)
			var c chatReplyJSON
			if r.Status != http.StatusOK || json.Unmarshal(r.Body, &c) != nil {
				t.Errorf("chat %d: %d %s", i, r.Status, r.Body)
			}
			ids <- c.ConvID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	page := e.conversations(e.read, "limit=100")
	ords := map[int64]bool{}
	for _, c := range page.Items {
		ords[c.Ord] = true
	}
	if len(seen) != n || page.Count != before+n || len(ords) != len(page.Items) {
		t.Errorf("%d distinct chats, %d conversations (had %d), %d distinct numbers of %d", len(seen), page.Count, before, len(ords), len(page.Items))
	}
}

func TestIndexDocumentsAgentAndChat(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/", "", nil).wantStatus(t, http.StatusOK)
	for _, want := range []string{"/v1/api/chatbot_settings", "/v1/api/widget/configuration", "/v1/api/human_handoff/configuration",
		"/v1/api/ai_actions/{id}/knowledge_base", "POST   /chat", "client_metadata", "api_key", "skip_reply", "message_context"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("index lacks %q", want)
		}
	}
}

// The reference's legacy example sends conv_id "abcd1234", never seen before, and gets 200: a conv_id the
// agent has not seen starts a conversation with that id. The realtime chat keeps answering 404 for one.
func TestLegacyChatStartsAnUnseenConversation(t *testing.T) {
	e := newEnv(t)
	key := e.apiKey()
	var first, second legacyChatReplyJSON
	e.do("POST", chatPath, "", `{"api_key": "`+key+`", "scenario_id": "`+DemoScenarioID+`", "conv_id": "abcd1234", "text": "Hello"}`).
		wantStatus(t, http.StatusOK).decode(t, &first)
	if first.ConvID != "abcd1234" || first.OrdNumber != 2 || first.Reply == "" {
		t.Fatalf("first answer %+v", first)
	}
	e.do("POST", chatPath, "", map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "conv_id": "abcd1234", "text": "What is your return policy?"}).
		wantStatus(t, http.StatusOK).decode(t, &second)
	if second.ConvID != "abcd1234" || second.OrdNumber != 4 || !strings.Contains(second.Reply, "30 days") {
		t.Errorf("second answer %+v", second)
	}
	if c := e.conversationDetails(e.read, "abcd1234"); c.Source != chatSource || c.Title != "Hello" {
		t.Errorf("conversation abcd1234: %+v", c)
	}
	// The realtime chat continues it, but does not start one from an unseen id.
	e.chat(e.write, map[string]any{"conv_id": "abcd1234", "text": "Thanks"})
	e.do("POST", chatPath, e.write, map[string]any{"scenario_id": DemoScenarioID, "conv_id": "efgh5678", "text": "Hi"}).
		wantError(t, http.StatusNotFound, codeNotFound, "Conversation efgh5678 not found.")

	otherKey, _ := e.sb.APIKey("other-agent")
	for _, tc := range []struct {
		body   map[string]any
		status int
		code   string
		msg    string
	}{
		{map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "conv_id": "user 42", "text": "Hi"}, 422, codeValidation, "Field 'conv_id' must be 1 to 100 letters"},
		{map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "conv_id": strings.Repeat("a", 101), "text": "Hi"}, 422, codeValidation, "Field 'conv_id' must be 1 to 100"},
		{map[string]any{"api_key": key, "scenario_id": DemoScenarioID, "conv_id": 1234, "text": "Hi"}, 422, codeValidation, "Field 'conv_id' must be a string."},
		{map[string]any{"api_key": otherKey, "scenario_id": "other-agent", "conv_id": "abcd1234", "text": "Hi"}, 409, codeConflict, "Conversation id abcd1234 is already in use"},
	} {
		e.do("POST", chatPath, "", tc.body).wantError(t, tc.status, tc.code, tc.msg)
	}
	if n := e.conversations(e.token("other-agent", ScopeRead), "").Count; n != 0 {
		t.Errorf("another agent has %d conversations after a refused chat", n)
	}
}
