package inbox_test

import (
	"context"
	"net/http"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

// throughSandbox fakes only what a test changes and passes the rest to the console's sandbox.
func throughSandbox(c *consoletest.Console, f consoletest.FakeConversations) consoletest.FakeConversations {
	api := c.Quickchat()
	ctx := context.Background()
	if f.List == nil {
		f.List = func(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
			return api.ListConversations(ctx, p)
		}
	}
	if f.Get == nil {
		f.Get = func(id string) (*apiclient.ConversationDetails, error) { return api.GetConversation(ctx, id) }
	}
	if f.Events == nil {
		f.Events = func(id string, l, o int) (*apiclient.Page[apiclient.Event], error) {
			return api.ListConversationEvents(ctx, id, l, o)
		}
	}
	if f.GetMetadata == nil {
		f.GetMetadata = func(id string) (map[string]any, error) { return api.GetConversationMetadata(ctx, id) }
	}
	if f.SetMetadata == nil {
		f.SetMetadata = func(id string, m map[string]any) (map[string]any, error) {
			return api.SetConversationMetadata(ctx, id, m)
		}
	}
	return f
}

// findConversation returns the first seeded conversation whose details satisfy ok.
func findConversation(c *consoletest.Console, ok func(*apiclient.ConversationDetails) bool) *apiclient.ConversationDetails {
	c.T.Helper()
	api := c.Quickchat()
	for _, conv := range conversations(c, apiclient.ListConversationsParams{Limit: 100}).Items {
		d, err := api.GetConversation(context.Background(), conv.ID)
		if err != nil {
			c.T.Fatal(err)
		}
		if ok(d) {
			return d
		}
	}
	c.T.Fatal("no seeded conversation fits")
	return nil
}

func TestConversationShowsEveryField(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	d := findConversation(c, func(d *apiclient.ConversationDetails) bool {
		return len(d.ClientMetadata) > 0 && d.URL != nil && d.UnifiedAnalysis != nil && d.VisitorEmail != nil
	})
	res, body := c.Get("/conversations/" + d.ID)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("conversations")).Length() != 1 || doc.Find(consoletest.TestID("conversation")).Length() != 1 {
		t.Fatal("a full load of a conversation shows the list and the conversation")
	}
	if id, _ := doc.Find(`.conversation-row.selected`).Attr("data-id"); id != d.ID {
		t.Errorf("the list highlights %q", id)
	}
	fields := doc.Find(consoletest.TestID("conversation-fields")).Text()
	for _, want := range []string{d.ID, "#" + strconv.Itoa(d.Ord), d.Source, d.ResolutionStatus, *d.VisitorEmail, *d.URL,
		d.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC"), d.MostFrequentLanguage} {
		if !strings.Contains(fields, want) {
			t.Errorf("details lack %q", want)
		}
	}
	kv := doc.Find(consoletest.TestID("client-metadata")).Text()
	for k := range d.ClientMetadata {
		if !strings.Contains(kv, k) {
			t.Errorf("client metadata lacks %q", k)
		}
	}
	a := d.UnifiedAnalysis
	if got := doc.Find(consoletest.TestID("sentiment")).Text(); got != a.Sentiment {
		t.Errorf("sentiment badge %q, want %q", got, a.Sentiment)
	}
	if got := doc.Find(consoletest.TestID("topic")).Text(); got != a.Topic {
		t.Errorf("topic badge %q, want %q", got, a.Topic)
	}
	if got := doc.Find(consoletest.TestID("resolution")).Text(); got != strings.ReplaceAll(a.Resolution, "_", " ") {
		t.Errorf("resolution badge %q, want %q", got, a.Resolution)
	}
	if a.Flagged != (doc.Find(consoletest.TestID("flagged")).Length() == 1) {
		t.Errorf("flagged badge does not match %t", a.Flagged)
	}
	events, err := c.Quickchat().ListConversationEvents(context.Background(), d.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var messages int
	for _, ev := range events.Items {
		if ev.Type == "message" {
			messages++
		}
	}
	if got := doc.Find(consoletest.TestID("message")).Length(); got != messages || messages == 0 {
		t.Errorf("%d messages shown, the API has %d", got, messages)
	}
	if doc.Find(consoletest.TestID("messages-visitor")).Length() == 0 || doc.Find(consoletest.TestID("messages-ai")).Length() == 0 {
		t.Error("the transcript does not tell the visitor from the AI agent")
	}
	if doc.Find(`[data-shortcut=j]`).Length()+doc.Find(`[data-shortcut=k]`).Length() == 0 {
		t.Error("no j/k links to the neighbours")
	}
	if got := doc.Find("title").Text(); !strings.Contains(got, "#"+strconv.Itoa(d.Ord)) {
		t.Errorf("page title %q", got)
	}
}

func TestConversationTranscriptKeepsGroupsAndOperators(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	d := findConversation(c, func(d *apiclient.ConversationDetails) bool {
		return d.Assignee.Type == "human_operator" && d.Assignee.Name != nil
	})
	_, body := c.Get("/conversations/" + d.ID)
	doc := consoletest.Parse(t, body)
	human := doc.Find(consoletest.TestID("messages-human"))
	if human.Length() == 0 || !strings.Contains(human.Find(".message-author").Text(), *d.Assignee.Name) {
		t.Fatalf("operator messages: %d, author %q", human.Length(), human.Find(".message-author").Text())
	}
	if !strings.Contains(doc.Find(consoletest.TestID("event-log")).Text(), "Handoff requested") {
		t.Error("log entries are missing")
	}
}

func TestConversationReplyHTMLIsSanitized(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	d := findConversation(c, func(d *apiclient.ConversationDetails) bool { return d.Title == "Dealer map embed code" })
	_, body := c.Get("/conversations/" + d.ID)
	doc := consoletest.Parse(t, body)
	transcript := doc.Find(consoletest.TestID("transcript"))
	if transcript.Find("script").Length() != 0 {
		t.Error("a <script> from a reply reached the page")
	}
	transcript.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> carries %s=%q", s.Nodes[0].Data, a.Key, a.Val)
			}
		}
	})
	if strings.Contains(body, `onerror="`) || strings.Contains(body, "<script src=\"https") {
		t.Error("active markup is in the page's HTML")
	}
	// The reviewer still sees what the agent sent, as text.
	if got := doc.Find(consoletest.TestID("stripped")).Text(); !strings.Contains(got, "<script src=") || !strings.Contains(got, "onerror=") {
		t.Errorf("the reply as sent = %q", got)
	}
	if doc.Find(`.message-html b`).Length() == 0 || doc.Find(`.message-html a[href]`).Length() == 0 {
		t.Error("harmless formatting (bold, links) was lost")
	}
}

func TestConversationWithoutEvents(t *testing.T) {
	c := consoletest.New(t)
	f := throughSandbox(c, consoletest.FakeConversations{Events: func(string, int, int) (*apiclient.Page[apiclient.Event], error) {
		return nil, &apiclient.APIError{Status: 404, Code: "NOT_FOUND", Message: "Not found."}
	}})
	c = consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()
	id := mustFirst(t, f)
	res, body := c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := doc.Find(consoletest.TestID("transcript")).Text(); !strings.Contains(got, "Transcript not available from the API") {
		t.Errorf("transcript = %q", got)
	}
	if doc.Find(consoletest.TestID("conversation-fields")).Length() != 1 || doc.Find(consoletest.TestID("review")).Length() != 1 || doc.Find(consoletest.TestID("metadata-form")).Length() != 1 {
		t.Error("the rest of the conversation is missing")
	}
}

func mustFirst(t *testing.T, f consoletest.FakeConversations) string {
	page, err := f.List(apiclient.ListConversationsParams{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	return page.Items[0].ID
}

func TestConversationFaults(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/conversations/00000000-0000-4000-8000-000000000000")
	if res.StatusCode != http.StatusNotFound || consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Length() != 1 {
		t.Fatalf("unknown conversation: %d", res.StatusCode)
	}

	res, body = c.Get("/conversations/00000000-0000-4000-8000-000000000000", "HX-Request", "true", "HX-Target", "conversation-detail")
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(), "Conversation not found") {
		t.Errorf("unknown conversation opened from the list: %d", res.StatusCode)
	}

	down := &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}
	f := throughSandbox(c, consoletest.FakeConversations{List: func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		return nil, down
	}})
	c2 := consoletest.New(t, consoletest.WithAPI(f))
	c2.SignIn()
	res, body = c2.Get("/conversations")
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(), "not answering properly") {
		t.Errorf("a failing list: %d", res.StatusCode)
	}
	// The list failing beside a conversation leaves the conversation readable.
	id := mustFirst(t, throughSandbox(c, consoletest.FakeConversations{}))
	res, body = c2.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("conversation")).Length() != 1 || !strings.Contains(doc.Find(`#conversation-results`).Text(), "could not be loaded") {
		t.Errorf("conversation with a failing list: %d", res.StatusCode)
	}

	revoked := &apiclient.APIError{Status: 401, Code: "PERMISSION_DENIED", Message: "Token has been revoked."}
	f = throughSandbox(c, consoletest.FakeConversations{GetMetadata: func(string) (map[string]any, error) { return nil, revoked }})
	c3 := consoletest.New(t, consoletest.WithAPI(f))
	c3.SignIn()
	if res, _ := c3.Get("/conversations/" + id); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("a revoked token: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestConversationOpensBesideTheList(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := conversations(c, apiclient.ListConversationsParams{Limit: 10, ResolutionStatus: "resolved"})
	second := page.Items[1]
	path := "/conversations/" + second.ID + "?resolution_status=resolved&limit=10"
	res, body := c.Get(path, "HX-Request", "true", "HX-Target", "conversation-detail")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") {
		t.Fatalf("row click answered %d (a whole page: %t)", res.StatusCode, strings.Contains(body, "<html"))
	}
	if id, _ := doc.Find(consoletest.TestID("conversation")).Attr("data-id"); id != second.ID {
		t.Fatalf("the pane shows %q", id)
	}
	list := doc.Find(`#conversation-results`)
	if oob, _ := list.Attr("hx-swap-oob"); oob != "true" {
		t.Error("the list region does not come along to move the highlight")
	}
	if id, _ := list.Find(`.conversation-row.selected`).Attr("data-id"); id != second.ID {
		t.Errorf("highlighted %q", id)
	}
	next, _ := doc.Find(`[data-shortcut=j]`).Attr("href")
	prev, _ := doc.Find(`[data-shortcut=k]`).Attr("href")
	if next != "/conversations/"+page.Items[2].ID+"?limit=10&resolution_status=resolved" {
		t.Errorf("j goes to %q", next)
	}
	if prev != "/conversations/"+page.Items[0].ID+"?limit=10&resolution_status=resolved" {
		t.Errorf("k goes to %q", prev)
	}

	// At the page's end, j goes on to the first conversation of the next page.
	last := page.Items[9]
	following := conversations(c, apiclient.ListConversationsParams{Limit: 1, Offset: 10, ResolutionStatus: "resolved"}).Items[0]
	_, body = c.Get("/conversations/" + last.ID + "?resolution_status=resolved&limit=10")
	if next, _ := consoletest.Parse(t, body).Find(`[data-shortcut=j]`).Attr("href"); next != "/conversations/"+following.ID+"?limit=10&offset=10&resolution_status=resolved" {
		t.Errorf("j at the page's end goes to %q", next)
	}
	_, body = c.Get("/conversations/" + following.ID + "?resolution_status=resolved&limit=10&offset=10")
	if prev, _ := consoletest.Parse(t, body).Find(`[data-shortcut=k]`).Attr("href"); prev != "/conversations/"+last.ID+"?limit=10&resolution_status=resolved" {
		t.Errorf("k at the page's start goes to %q", prev)
	}
}

func TestRelativeTimes(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/conversations?limit=100")
	seen := map[string]bool{}
	consoletest.Parse(t, body).Find(`[data-testid=conversation-row] time`).Each(func(_ int, s *goquery.Selection) {
		text := s.Text()
		switch {
		case strings.HasSuffix(text, " min ago"):
			seen["min"] = true
		case strings.HasSuffix(text, " h ago"):
			seen["h"] = true
		case strings.HasSuffix(text, " d ago"):
			seen["d"] = true
		}
		iso, _ := s.Attr("datetime")
		if _, err := time.Parse(time.RFC3339, iso); err != nil {
			t.Errorf("datetime %q", iso)
		}
	})
	if !seen["h"] || !seen["d"] {
		t.Errorf("relative times over a month of conversations: %v", seen)
	}
}
