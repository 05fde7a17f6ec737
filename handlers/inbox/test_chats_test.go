package inbox_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// The inbox offers to hide the playground's test chats: marked ones leave
// the page, a visitor's API chat stays, and the page says how many it hid.
func TestInboxHidesTestChats(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	chat := func(md map[string]any) string {
		r, err := c.SandboxClient().Chat(context.Background(), apiclient.ChatMessage{Text: "Do you sell zebrastripe saddles?", ClientMetadata: md})
		if err != nil {
			t.Fatal(err)
		}
		return r.ConvID
	}
	test := chat(map[string]any{"qcadmin_test": "true"})
	visitor := chat(map[string]any{"plan": "pro"})

	_, body := c.Get("/conversations?query=zebrastripe")
	doc := consoletest.Parse(t, body)
	if ids := rowIDs(doc.Selection); !slices.Contains(ids, test) || !slices.Contains(ids, visitor) {
		t.Fatalf("without the toggle the list shows %q, want both chats", ids)
	}
	box := doc.Find(consoletest.TestID("hide-tests") + ` input[name=tests][value=hide]`)
	if box.Length() != 1 {
		t.Fatal("the filters offer no way to hide test chats")
	}
	if _, on := box.Attr("checked"); on {
		t.Error("the toggle is on although the URL does not ask for it")
	}

	_, body = c.Get("/conversations?query=zebrastripe&tests=hide")
	doc = consoletest.Parse(t, body)
	ids := rowIDs(doc.Selection)
	if slices.Contains(ids, test) || !slices.Contains(ids, visitor) {
		t.Errorf("with test chats hidden the list shows %q; test %s, visitor %s", ids, test, visitor)
	}
	if _, on := doc.Find(`input[name=tests]`).Attr("checked"); !on {
		t.Error("the toggle is off on a page that hides test chats")
	}
	note := doc.Find(consoletest.TestID("tests-hidden"))
	if !strings.Contains(note.Text(), "1 test chat from the playground is hidden on this page") {
		t.Errorf("note = %q", note.Text())
	}
	if href := note.Find("a").AttrOr("href", ""); strings.Contains(href, "tests=") || !strings.Contains(href, "query=zebrastripe") {
		t.Errorf("show link = %q", href)
	}
	// Paging and the 30-second refresh keep the toggle.
	if href := doc.Find(consoletest.TestID("conversation-results")).AttrOr("hx-get", ""); !strings.Contains(href, "tests=hide") {
		t.Errorf("refresh = %q", href)
	}
}

// "Open – last 7 days" is one click to the week's unresolved conversations.
func TestInboxOpenThisWeekView(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/conversations")
	href := consoletest.Parse(t, body).Find(consoletest.TestID("view-open-week")).AttrOr("href", "")
	if !strings.Contains(href, "resolution_status=open") || !strings.Contains(href, "period=last_7_days") {
		t.Fatalf("the view links to %q", href)
	}
	_, body = c.Get(href)
	doc := consoletest.Parse(t, body)
	if cur := doc.Find(consoletest.TestID("view-open-week")).AttrOr("aria-current", ""); cur != "page" {
		t.Error("the view is not marked current on its own page")
	}
	if doc.Find(`[aria-current=page][data-testid^="view-"]`).Length() != 1 {
		t.Error("more than one view is marked current")
	}
	start, end := time.Now().UTC().AddDate(0, 0, -7), time.Now().UTC().Add(time.Hour)
	want := conversations(c, apiclient.ListConversationsParams{Limit: 100, ResolutionStatus: "open", LastMessageStart: start, LastMessageEnd: end})
	rows := doc.Find(consoletest.TestID("conversation-row"))
	if rows.Length() == 0 || rows.Length() > len(want.Items) {
		t.Errorf("%d rows; the API has %d open conversations in about the last 7 days", rows.Length(), len(want.Items))
	}
	rows.Each(func(i int, r *goquery.Selection) {
		if got := strings.TrimSpace(r.Find(consoletest.TestID("status")).Text()); got != "open" {
			t.Errorf("row %d is %q", i, got)
		}
	})
}
