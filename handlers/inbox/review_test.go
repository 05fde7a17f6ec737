package inbox_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestReviewIsSavedInTheMetadata(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	// A conversation with a ticket: the review must leave it where it is.
	d := findConversation(c, func(d *apiclient.ConversationDetails) bool {
		_, ok := metadata(c, d.ID)["ticket_id"]
		return ok && d.ResolutionStatus == "open"
	})
	before := metadata(c, d.ID)

	_, body := c.Get("/conversations?resolution_status=open")
	row := consoletest.Parse(t, body).Find(`[data-id="` + d.ID + `"]`)
	if row.Length() != 1 || row.Find(consoletest.TestID("review-badge")).Length() != 0 {
		t.Fatalf("before any review the row shows a badge (%d rows)", row.Length())
	}

	start := time.Now().UTC().Add(-time.Second)
	res, body := c.Post("/conversations/"+d.ID+"/review?resolution_status=open", url.Values{"status": {"good"}, "note": {"Clear and kind.\r\nLinked the right page."}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/conversations/"+d.ID+"?resolution_status=open" {
		t.Fatalf("review: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	after := metadata(c, d.ID)
	if after["review_status"] != "good" || after["review_note"] != "Clear and kind.\nLinked the right page." || after["review_by"] != "Demo agent" {
		t.Fatalf("stored review %v", after)
	}
	at, err := time.Parse(time.RFC3339, after["review_at"].(string))
	if err != nil || at.Before(start.Truncate(time.Second)) || !strings.HasSuffix(after["review_at"].(string), "Z") {
		t.Errorf("review_at = %v (%v)", after["review_at"], err)
	}
	for k, v := range before {
		if !strings.HasPrefix(k, "review_") && after[k] != v {
			t.Errorf("the review changed %s: %v → %v", k, v, after[k])
		}
	}

	_, body = c.Get(res.Header.Get("Location"))
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Review saved: good") {
		t.Errorf("flash = %q", got)
	}
	if got := doc.Find(consoletest.TestID("review-status")).Text(); got != "good" {
		t.Errorf("review panel says %q", got)
	}
	if got := doc.Find(consoletest.TestID("review-by")).Text(); !strings.Contains(got, "Demo agent") {
		t.Errorf("reviewer = %q", got)
	}
	if got := doc.Find(`#review-note`).Text(); got != "Clear and kind.\nLinked the right page." {
		t.Errorf("note field = %q", got)
	}
	// The list shows the badge from what the console saw, without asking per row.
	if got := doc.Find(`[data-id="` + d.ID + `"] ` + consoletest.TestID("review-badge")).Text(); got != "good" {
		t.Errorf("list badge = %q", got)
	}

	res, _ = c.Post("/conversations/"+d.ID+"/review", url.Values{"status": {"needs_work"}, "note": {"Should have offered a human sooner."}})
	if res.StatusCode != http.StatusSeeOther || metadata(c, d.ID)["review_status"] != "needs_work" {
		t.Fatalf("needs work: %d, %v", res.StatusCode, metadata(c, d.ID)["review_status"])
	}
	_, body = c.Get("/conversations")
	if got := consoletest.Parse(t, body).Find(`[data-id="` + d.ID + `"] ` + consoletest.TestID("review-badge")).Text(); got != "needs work" {
		t.Errorf("list badge after needs work = %q", got)
	}
}

func TestReviewControlsAndShortcuts(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	_, body := c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	for key, sel := range map[string]string{"g": consoletest.TestID("review-good"), "n": consoletest.TestID("review-needs-work"), "e": "textarea#review-note"} {
		if got, _ := doc.Find(sel).Attr("data-shortcut"); got != key {
			t.Errorf("%s has shortcut %q, want %q", sel, got, key)
		}
	}
	if v, _ := doc.Find(consoletest.TestID("review-good")).Attr("value"); v != "good" {
		t.Errorf("Good sends %q", v)
	}
	if v, _ := doc.Find(consoletest.TestID("review-needs-work")).Attr("value"); v != "needs_work" {
		t.Errorf("Needs work sends %q", v)
	}
	if action, _ := doc.Find(consoletest.TestID("review-form")).Attr("action"); action != "/conversations/"+id+"/review" {
		t.Errorf("review form posts to %q", action)
	}

	// A note over the limit is refused here, with the note kept.
	long := strings.Repeat("é", 2001)
	res, body := c.Post("/conversations/"+id+"/review", url.Values{"status": {"good"}, "note": {long}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(`#review-note-error`).Text(), "2001 characters") || doc.Find(`#review-note`).Text() != long {
		t.Errorf("long note: %d %q", res.StatusCode, doc.Find(`#review-note-error`).Text())
	}
	if _, ok := metadata(c, id)["review_note"]; ok && metadata(c, id)["review_note"] == long {
		t.Error("the long note was saved")
	}
}

func TestReadOnlyTokenSeesTheReviewButNoControls(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	d := findConversation(c, func(d *apiclient.ConversationDetails) bool {
		return metadata(c, d.ID)["review_status"] == "needs_work"
	})
	stored := metadata(c, d.ID)
	_, body := c.Get("/conversations/" + d.ID)
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("review-status")).Text(); got != "needs work" {
		t.Errorf("review status = %q", got)
	}
	if got := doc.Find(consoletest.TestID("review-note")).Text(); got != stored["review_note"] {
		t.Errorf("review note = %q", got)
	}
	n := doc.Find(`[data-shortcut=g], [data-shortcut=n], [data-shortcut=e], form[action*="/review"], form[action*="/metadata"], textarea, button[name=op]`).Length()
	if n != 0 {
		t.Errorf("a read-only session sees %d write controls", n)
	}
	if doc.Find(consoletest.TestID("metadata-readonly")).Length() != 1 {
		t.Error("the metadata is not shown to read-only tokens")
	}

	res, body := c.Post("/conversations/"+d.ID+"/review", url.Values{"status": {"good"}, "note": {"My careful note"}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("review")).Text(), "read-only") {
		t.Fatalf("forced review: %d %q", res.StatusCode, doc.Find(consoletest.TestID("review")).Text())
	}
	if got := doc.Find(consoletest.TestID("kept-note")).Text(); got != "My careful note" {
		t.Errorf("the note came back as %q", got)
	}
	res, body = c.Post("/conversations/"+d.ID+"/metadata", url.Values{"metadata": {`{"priority": "low"}`}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("metadata-editor")).Text(), "read-only") || doc.Find(consoletest.TestID("kept-metadata")).Text() != `{"priority": "low"}` {
		t.Errorf("forced metadata save: %d %q", res.StatusCode, doc.Find(consoletest.TestID("metadata-editor")).Text())
	}
	if metadata(c, d.ID)["review_status"] != "needs_work" {
		t.Error("a read-only token changed the review")
	}
}

// Behind the SSO proxy the reviewer recorded is the person, not the agent's label.
func TestReviewerIsThePersonBehindTheProxy(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	id := firstConversation(c)
	ana := consoletest.As("ana@velora.example", "editors")
	if res, _ := c.Get("/conversations", ana...); res.StatusCode != http.StatusOK {
		t.Fatalf("inbox through the proxy = %d", res.StatusCode)
	}
	res, body := c.Post("/conversations/"+id+"/review", url.Values{"status": {"needs_work"}, "note": {"Missed the warranty link."}}, ana...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review through the proxy = %d\n%s", res.StatusCode, body)
	}
	if by := metadata(c, id)["review_by"]; by != "ana@velora.example" {
		t.Fatalf("review_by = %v, want the person the proxy named", by)
	}
}
