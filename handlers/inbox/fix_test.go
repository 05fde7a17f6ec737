package inbox_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
)

// formValues are the named fields of the page's form, as a browser would post them.
func formValues(doc *goquery.Document, form string) url.Values {
	v := url.Values{}
	doc.Find(form + " input[name], " + form + " textarea[name], " + form + " select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch goquery.NodeName(s) {
		case "textarea":
			v.Set(name, s.Text())
		case "select":
			val, _ := s.Find("option[selected]").Attr("value")
			v.Set(name, val)
		default:
			val, _ := s.Attr("value")
			v.Set(name, val)
		}
	})
	return v
}

func articleCount(t *testing.T, c *consoletest.Console) int {
	t.Helper()
	page, err := c.SandboxClient().ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return page.Count
}

func TestFixInTheKnowledgeBaseFromAConversation(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	ctx := context.Background()
	qc := c.Quickchat()
	first, err := qc.Chat(ctx, apiclient.ChatMessage{Text: "Hello there"})
	if err != nil {
		t.Fatal(err)
	}
	question := `How do I return <b>shoes</b> & "boots" within the 30-day return policy?`
	reply, err := qc.Chat(ctx, apiclient.ChatMessage{ConvID: first.ConvID, Text: question})
	if err != nil {
		t.Fatal(err)
	}
	id := first.ConvID
	conv, err := qc.GetConversation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	label := "#" + strconv.Itoa(conv.Ord)
	review(t, c, id, "needs_work", "Wrong return window.")

	res, body := c.Get("/conversations/" + id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conversation page: %d", res.StatusCode)
	}
	fixHref, ok := consoletest.Parse(t, body).Find(consoletest.TestID("fix-in-kb")).Attr("href")
	if !ok || fixHref != "/conversations/"+id+"/fix" {
		t.Fatalf("fix action %q (%v)", fixHref, ok)
	}

	// Each of the agent's answers offers its own fix: the first one is about the greeting.
	answerFixes := consoletest.Parse(t, body).Find(consoletest.TestID("message-fix"))
	if answerFixes.Length() != 2 {
		t.Fatalf("%d answers offer a fix, want 2", answerFixes.Length())
	}
	firstFix, _ := answerFixes.First().Attr("href")
	_, greeting := c.Get(firstFix)
	if got := consoletest.Parse(t, greeting).Find(consoletest.TestID("fix-question-text")).Text(); got != "Hello there" {
		t.Errorf("fixing the first answer asks about %q", got)
	}

	res, body = c.Get(fixHref)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("fix page: %d\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, "<b>shoes") {
		t.Error("the visitor's markup reached the page unescaped")
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("fix-question-text")).Text(); got != question {
		t.Errorf("question %q, want %q", got, question)
	}
	answer := strings.TrimSpace(reply.Reply)
	if got := doc.Find(consoletest.TestID("fix-answer-text")).Text(); got != answer {
		t.Errorf("answer %q, want %q", got, answer)
	}
	if doc.Find(consoletest.TestID("fix-open-match")).Length()+doc.Find(consoletest.TestID("fix-no-match")).Length() != 1 {
		t.Error("the page neither offers the best match nor says none matches")
	}
	draftHref, _ := doc.Find(consoletest.TestID("fix-new-draft")).Attr("href")

	// The prefilled draft: the question, the marked answer, escaped; nothing is created yet.
	before := articleCount(t, c)
	res, body = c.Get(draftHref)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new draft: %d", res.StatusCode)
	}
	if strings.Contains(body, "<b>shoes") {
		t.Error("the prefilled draft shows the visitor's markup unescaped")
	}
	doc = consoletest.Parse(t, body)
	form := formValues(doc, consoletest.TestID("article-form"))
	if form.Get("title") != question {
		t.Errorf("draft title %q", form.Get("title"))
	}
	marker := "> Agent's answer in conversation " + label + " — remove before publishing:"
	if content := form.Get("content"); !strings.HasPrefix(content, marker) || !strings.Contains(content, strings.SplitN(answer, "\n", 2)[0]) {
		t.Errorf("draft content %q", content)
	}
	if form.Get("fix_conversation") != id || form.Get("fix_label") != label || doc.Find(consoletest.TestID("article-fix")).Length() != 1 {
		t.Errorf("the draft does not say which conversation it fixes: %v", form)
	}
	if n := articleCount(t, c); n != before {
		t.Fatalf("opening the draft created an article: %d, was %d", n, before)
	}

	// Saving creates the article and links it to the conversation.
	form.Set("content", "Returns are free within 30 days: print the label from your account.")
	form.Set("save_mode", "publish")
	res, body = c.Post("/articles/new", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	articlePath := res.Header.Get("Location")
	if n := articleCount(t, c); n != before+1 {
		t.Errorf("after the save %d articles, want %d", n, before+1)
	}

	_, body = c.Get("/conversations/" + id)
	fix := consoletest.Parse(t, body).Find(consoletest.TestID("review-fix"))
	text := strings.Join(strings.Fields(fix.Text()), " ")
	if fix.Length() != 1 || !strings.HasPrefix(text, "Fixed by "+question+", version ") || !strings.Contains(text, ", by Ana Wójcik ") {
		t.Errorf("the thread shows %q", text)
	}
	if href, _ := fix.Find(consoletest.TestID("review-fix-article")).Attr("href"); href != articlePath {
		t.Errorf("the fix links to %q, want %q", href, articlePath)
	}

	_, body = c.Get(articlePath + "/history")
	answers := consoletest.Parse(t, body).Find(consoletest.TestID("history-answer"))
	if answers.Length() != 1 || !strings.Contains(answers.Text(), "Answers conversation "+label) {
		t.Errorf("the history shows %q", answers.Text())
	}
	if href, _ := answers.Find("a").Attr("href"); href != "/conversations/"+id {
		t.Errorf("the history links to %q", href)
	}
}

// Fixing an existing article from the best match links it on save too.
func TestFixByEditingTheBestMatch(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	ctx := context.Background()
	qc := c.Quickchat()
	first, err := qc.Chat(ctx, apiclient.ChatMessage{Text: "What is your return policy?"})
	if err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/conversations/" + first.ConvID + "/fix")
	doc := consoletest.Parse(t, body)
	editHref, ok := doc.Find(consoletest.TestID("fix-open-match")).Attr("href")
	if !ok {
		t.Fatalf("no article matches %q in the demo knowledge base", "What is your return policy?")
	}
	title := doc.Find(consoletest.TestID("fix-match-title")).Text()
	res, body := c.Get(editHref)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d", res.StatusCode)
	}
	edit := consoletest.Parse(t, body)
	form := formValues(edit, consoletest.TestID("article-form"))
	if form.Get("fix_conversation") != first.ConvID || form.Get("title") != title {
		t.Fatalf("the editor does not carry the fix: %v", form)
	}
	action, _ := edit.Find(consoletest.TestID("article-form")).Attr("action")
	form.Set("save_mode", "draft")
	if res, body := c.Post(action, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	_, body = c.Get("/conversations/" + first.ConvID)
	text := strings.Join(strings.Fields(consoletest.Parse(t, body).Find(consoletest.TestID("review-fix")).Text()), " ")
	if !strings.HasPrefix(text, "Fixed by "+title+",") {
		t.Errorf("the thread shows %q", text)
	}
}

func TestReadersCannotFixInTheKnowledgeBase(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	id := firstConversation(c)
	_, body := c.Get("/conversations/" + id)
	if doc := consoletest.Parse(t, body); doc.Find(consoletest.TestID("fix-in-kb")).Length()+doc.Find(consoletest.TestID("message-fix")).Length() != 0 {
		t.Error("a read-only token sees the fix action")
	}
	if res, body := c.Get("/conversations/" + id + "/fix"); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "you may only read here") {
		t.Errorf("a read-only token opens the fix: %d", res.StatusCode)
	}

	// A person with the read role, on an agent whose token could write.
	r := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita := consoletest.As("rita@velora.example", "support")
	if res, body := r.Get("/conversations/"+id+"/fix", rita...); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "you may only read here") {
		t.Errorf("a reader opens the fix: %d\n%s", res.StatusCode, body)
	}
}
