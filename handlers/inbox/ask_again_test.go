package inbox_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// The visitor's question, with markup that must stay text, about something the demo knowledge base does not know.
const askQuestion = `Is a <b>zorblax</b> & "quokka" kit sold? <script>alert(1)</script>`

// askPhrase is what the new article says, and so what the agent's new answer must say.
const askPhrase = "zorblax quokka kit"

func askForm(t *testing.T, c *consoletest.Console, id string) (action string, form url.Values) {
	t.Helper()
	_, body := c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	f := doc.Find(consoletest.TestID("ask-again-form"))
	if f.Length() != 1 {
		t.Fatalf("the review thread offers %d Ask again buttons; blocked: %q", f.Length(), doc.Find(consoletest.TestID("ask-again-blocked")).Text())
	}
	action, _ = f.Attr("action")
	return action, formValues(doc, consoletest.TestID("ask-again-form"))
}

// TestAskAgainShowsTheNewAnswerFromTheFix follows a reviewer from "needs
// work" through the fix and its publish to Ask again: the sandbox answers
// from the knowledge base, so the new answer carries the new article's words
// and the old one did not.
func TestAskAgainShowsTheNewAnswerFromTheFix(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	ctx := context.Background()
	qc := c.Quickchat()
	first, err := qc.Chat(ctx, apiclient.ChatMessage{Text: askQuestion})
	if err != nil {
		t.Fatal(err)
	}
	id := first.ConvID
	if strings.Contains(strings.ToLower(first.Reply), askPhrase) {
		t.Fatalf("the agent already knows the answer: %q", first.Reply)
	}
	review(t, c, id, "needs_work", "The agent does not know the kit.")

	// Fix in the knowledge base → new draft → publish, as the fix pages lead.
	_, body := c.Get("/conversations/" + id + "/fix")
	draftHref, _ := consoletest.Parse(t, body).Find(consoletest.TestID("fix-new-draft")).Attr("href")
	_, body = c.Get(draftHref)
	form := formValues(consoletest.Parse(t, body), consoletest.TestID("article-form"))
	if form.Get("fix_question") != askQuestion {
		t.Fatalf("the draft carries the question %q", form.Get("fix_question"))
	}
	form.Set("title", "The zorblax kit")
	form.Set("content", "Yes: the zorblax quokka kit is sold in every Velora store.")
	form.Set("save_mode", "publish")
	if res, body := c.Post("/articles/new", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", res.StatusCode, body)
	}
	fixes, err := c.Reviews.Fixes().ForConversation(ctx, sandbox.DemoScenarioID, id)
	if err != nil || len(fixes) != 1 || fixes[0].Question != askQuestion || fixes[0].AnswerEventID == "" {
		t.Fatalf("the fix as kept: %+v, %v", fixes, err)
	}

	res, body := c.Get("/conversations/" + id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conversation: %d", res.StatusCode)
	}
	if strings.Contains(body, "<b>zorblax") || strings.Contains(body, "<script>alert") {
		t.Error("the question reached the page unescaped")
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("ask-again-question")).Text(); got != askQuestion {
		t.Errorf("Ask again says it asks %q", got)
	}
	// Publishing marks the knowledge base for a retrain: the page says so and offers it.
	if doc.Find(consoletest.TestID("ask-training")+" "+consoletest.TestID("retrain-state")).Length() != 1 ||
		doc.Find(consoletest.TestID("ask-retrain")).Length() != 1 || doc.Find(consoletest.TestID("ask-training-needed")).Length() != 1 {
		t.Errorf("the training state and Retrain now are not beside Ask again: %q", strings.Join(strings.Fields(doc.Find(consoletest.TestID("review-fixes-region")).Text()), " "))
	}
	action, press := askForm(t, c, id)
	res, body = c.Post(action, press)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "#review-fixes") {
		t.Fatalf("Ask again: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}

	// A colleague's browser shows the answer from the store: old beside new, which version, who, when.
	bo := c.AnotherBrowser()
	bo.SignInAs("Bo Lind")
	_, body = bo.Get("/conversations/" + id)
	if strings.Contains(body, "<b>zorblax") || strings.Contains(body, "<script>alert") {
		t.Error("the question asked again reached the page unescaped")
	}
	doc = consoletest.Parse(t, body)
	result := doc.Find(consoletest.TestID("ask-result"))
	if result.Length() != 1 {
		t.Fatalf("%d answers asked again are shown", result.Length())
	}
	oldAnswer := result.Find(consoletest.TestID("ask-old")).Text()
	newAnswer := result.Find(consoletest.TestID("ask-new")).Text()
	if strings.Contains(strings.ToLower(oldAnswer), askPhrase) || !strings.Contains(strings.ToLower(newAnswer), askPhrase) {
		t.Errorf("old answer %q, new answer %q", oldAnswer, newAnswer)
	}
	if got := result.Find(consoletest.TestID("ask-result-question")).Text(); got != askQuestion {
		t.Errorf("asked %q", got)
	}
	if !strings.Contains(newAnswer, "The zorblax kit") || result.Find(consoletest.TestID("ask-result-version")).Text() != "version 1" ||
		result.Find(consoletest.TestID("ask-result-by")).Text() != "Ana Wójcik" {
		t.Errorf("the answer does not say which article version and who: %q", strings.Join(strings.Fields(result.Text()), " "))
	}
	if at, _ := result.Find(consoletest.TestID("ask-result-at")).Attr("datetime"); at == "" {
		t.Error("the answer does not say when it was asked")
	}
	if result.Find(consoletest.TestID("ask-result-training")).Length() != 1 {
		t.Error("an answer asked before the retrain does not say so")
	}

	// The question went to a new conversation, marked as a test as the playground marks its own.
	testHref, _ := result.Find(consoletest.TestID("ask-result-test")).Attr("href")
	testID := strings.TrimPrefix(testHref, "/conversations/")
	if testID == "" || testID == id {
		t.Fatalf("the test conversation is %q", testHref)
	}
	conv, err := qc.GetConversation(ctx, testID)
	if err != nil {
		t.Fatal(err)
	}
	if conv.ClientMetadata["qcadmin_test"] != "true" || conv.ClientMetadata["qcadmin_ask_again_of"] != id {
		t.Errorf("the test conversation's client metadata: %v", conv.ClientMetadata)
	}
	events, err := qc.ListConversationEvents(ctx, testID, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, e := range events.Items {
		if e.Type == "message" {
			messages = append(messages, e.Author)
		}
	}
	if strings.Join(messages, ",") != "visitor,ai_assistant" {
		t.Errorf("the test conversation holds messages by %v; one question and one answer were asked", messages)
	}

	// A second press at once, through htmx, answers with the region alone and asks nothing more.
	res, body = c.Post(action, press, "HX-Request", "true", "HX-Target", "review-fixes")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") {
		t.Fatalf("htmx press: %d\n%.300s", res.StatusCode, body)
	}
	if n := consoletest.Parse(t, body).Find(consoletest.TestID("ask-result")).Length(); n != 1 {
		t.Errorf("a second press at once shows %d answers", n)
	}
	if asks, _ := c.Reviews.Fixes().AsksForConversation(ctx, sandbox.DemoScenarioID, id); len(asks) != 1 {
		t.Errorf("two quick presses asked %d times", len(asks))
	}

	// From there, the reviewer marks the conversation good with the review form beside it.
	review(t, c, id, "good", "The fix answers it.")
	if thread := threadOf(t, c, id); len(thread) != 2 || thread[0]["verdict"] != "good" {
		t.Errorf("the thread after the fix: %v", thread)
	}
}

// fixedConversation is a visitor's conversation whose question a published
// article fixes, kept as the editor's save keeps it.
func fixedConversation(t *testing.T, c *consoletest.Console, publish bool) (string, store.Fix) {
	t.Helper()
	ctx := context.Background()
	sb := c.Quickchat()
	first, err := sb.Chat(ctx, apiclient.ChatMessage{Text: askQuestion})
	if err != nil {
		t.Fatal(err)
	}
	a, err := sb.CreateArticle(ctx, apiclient.ArticleCreate{Title: "The zorblax kit", Content: "Yes: the zorblax quokka kit is sold in every Velora store."})
	if err != nil {
		t.Fatal(err)
	}
	if publish {
		if a, err = sb.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}); err != nil {
			t.Fatal(err)
		}
	}
	fx, err := c.Reviews.Fixes().Add(ctx, store.Fix{ScenarioID: sandbox.DemoScenarioID, ConversationID: first.ConvID, ConversationLabel: "#1",
		ArticleID: a.ID, ArticleTitle: a.Title, Version: a.MaxAvailableVersion, Fixer: "Ana", Question: askQuestion})
	if err != nil {
		t.Fatal(err)
	}
	return first.ConvID, fx
}

func TestAskAgainWaitsForThePublish(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id, fx := fixedConversation(t, c, false)
	_, body := c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("ask-again-form")).Length() != 0 || !strings.Contains(doc.Find(consoletest.TestID("ask-again-blocked")).Text(), "publish it") {
		t.Fatalf("a draft's fix offers Ask again: %q", doc.Find(consoletest.TestID("ask-again")).Text())
	}
	// A press from a page opened before the article went back to draft asks nothing, and says why.
	res, body := c.Post("/conversations/"+id+"/ask-again", url.Values{"fix": {itoa(fx.ID)}})
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("ask-again")).Text(), "publish it") {
		t.Errorf("pressed on a draft: %d", res.StatusCode)
	}
	if asks, _ := c.Reviews.Fixes().AsksForConversation(context.Background(), sandbox.DemoScenarioID, id); len(asks) != 0 {
		t.Errorf("a draft's question was asked: %+v", asks)
	}
}

func TestReadersSeeAnswersAskedAgainButCannotAsk(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id, fx := fixedConversation(t, c, true)
	action, press := askForm(t, c, id)
	if res, _ := c.Post(action, press); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ask again: %d", res.StatusCode)
	}

	reader := c.AnotherBrowser()
	reader.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := reader.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("ask-result")).Length() != 1 {
		t.Error("a reader does not see the answer asked again")
	}
	if doc.Find(consoletest.TestID("ask-again")).Length()+doc.Find(consoletest.TestID("ask-retrain")).Length() != 0 {
		t.Error("a read-only token sees Ask again or Retrain now")
	}
	form := url.Values{"fix": {itoa(fx.ID)}}
	if res, body := reader.Post("/conversations/"+id+"/ask-again", form); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "you may only read here") {
		t.Errorf("a read-only token asks again: %d", res.StatusCode)
	}
	// A person with the read role, on an agent whose token could write.
	r := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita := consoletest.As("rita@velora.example", "support")
	if res, body := r.Post("/conversations/"+id+"/ask-again", form, rita...); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "change nothing") {
		t.Errorf("a reader asks again: %d\n%s", res.StatusCode, body)
	}
	if asks, _ := c.Reviews.Fixes().AsksForConversation(context.Background(), sandbox.DemoScenarioID, id); len(asks) != 1 {
		t.Errorf("%d asks after the readers' presses, want the writer's one", len(asks))
	}
}

// A chat that Quickchat refuses asks nothing more, keeps nothing, and says so beside the button, which stays.
func TestAskAgainRefusedByTheChat(t *testing.T) {
	var refuse atomic.Bool
	var target atomic.Pointer[url.URL]
	var chats atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/chat" {
			chats.Add(1)
			if refuse.Load() {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"errors":{"root":[{"message":"The agent is resting.","code":"SERVICE_UNAVAILABLE"}]}}`)
				return
			}
		}
		httputil.NewSingleHostReverseProxy(target.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, nil))
	u, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	target.Store(u)
	c.SignIn()
	id, _ := fixedConversation(t, c, true)
	action, press := askForm(t, c, id)

	refuse.Store(true)
	before := chats.Load()
	res, body := c.Post(action, press, "HX-Request", "true", "HX-Target", "review-fixes")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused press: %d\n%s", res.StatusCode, body)
	}
	doc := consoletest.Parse(t, body)
	if msg := doc.Find(consoletest.TestID("ask-again") + " " + consoletest.TestID("notice")).Text(); !strings.Contains(msg, "Quickchat did not answer the question") {
		t.Errorf("the refusal says %q", msg)
	}
	if doc.Find(consoletest.TestID("ask-again-button")).Length() != 1 {
		t.Error("the button is gone after a refusal")
	}
	if n := chats.Load() - before; n != 1 {
		t.Errorf("one press sent %d chat messages", n)
	}
	if asks, _ := c.Reviews.Fixes().AsksForConversation(context.Background(), sandbox.DemoScenarioID, id); len(asks) != 0 {
		t.Errorf("a refused ask was kept: %+v", asks)
	}

	// Without htmx the page comes back whole, the refusal beside the button and the review note's form intact.
	res, body = c.Post(action, press)
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("ask-again")).Text(), "Quickchat did not answer the question") ||
		doc.Find(consoletest.TestID("review-form")).Length() != 1 {
		t.Errorf("plain refused press: %d", res.StatusCode)
	}

	// Once Quickchat answers again, the same press asks.
	refuse.Store(false)
	if res, _ := c.Post(action, press); res.StatusCode != http.StatusSeeOther {
		t.Errorf("press after the refusal: %d", res.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
