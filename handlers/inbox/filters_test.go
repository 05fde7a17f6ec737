package inbox_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// page gets an inbox page that must answer 200.
func page(t *testing.T, c *consoletest.Console, path string, header ...string) *goquery.Document {
	t.Helper()
	res, body := c.Get(path, header...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	return consoletest.Parse(t, body)
}

func selectedOption(doc *goquery.Document, name string) string {
	v, _ := doc.Find(`select[name="` + name + `"] option[selected]`).Attr("value")
	return v
}

// allIDs is every conversation of the demo agent, newest first.
func allIDs(c *consoletest.Console) []string {
	var ids []string
	for offset := 0; ; offset += 100 {
		p := conversations(c, apiclient.ListConversationsParams{Limit: 100, Offset: offset})
		for _, conv := range p.Items {
			ids = append(ids, conv.ID)
		}
		if len(p.Items) == 0 || offset+len(p.Items) >= p.Count {
			return ids
		}
	}
}

func without(ids []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(drop, id) })
}

func TestReviewStateFiltersShowTheConversationsTheConsoleKnows(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	ids := allIDs(c)
	if len(ids) < 10 || len(ids) > 500 {
		t.Fatalf("the demo has %d conversations; this test reads them all in one page", len(ids))
	}
	good, needsWork, outside := ids[1], ids[3], ids[5]
	review(t, c, good, "good", "")
	review(t, c, needsWork, "needs_work", "Missed the warranty link.")
	// A review written outside the console, straight into the metadata.
	if _, err := c.Quickchat().SetConversationMetadata(context.Background(), outside, map[string]any{
		"review_status": "good", "review_by": "Zoe from the API", "review_at": time.Now().UTC().Format(time.RFC3339),
	}); err != nil {
		t.Fatal(err)
	}

	check := func(state string, want []string) {
		t.Helper()
		doc := page(t, c, "/conversations?limit=100&review="+state)
		got := rowIDs(doc.Selection)
		if len(want) > 100 {
			want = want[:100]
		}
		if !slices.Equal(got, want) {
			t.Errorf("review=%s shows %d rows %v, want %d %v", state, len(got), got, len(want), want)
		}
		if sel := selectedOption(doc, "review"); sel != state {
			t.Errorf("review=%s: the select shows %q", state, sel)
		}
		scope := doc.Find(consoletest.TestID("review-scope")).Text()
		if !strings.Contains(scope, "reviews given here, and reviews read from conversations opened here") {
			t.Errorf("review=%s: the page does not say what the filter sees: %q", state, scope)
		}
		if doc.Find(consoletest.TestID("review-scan")).Length() != 1 {
			t.Errorf("review=%s: no account of how much of the list was read", state)
		}
	}
	check("good", []string{good})
	check("needs_work", []string{needsWork})
	check("unreviewed", without(ids, good, needsWork))

	// Once the conversation is opened, its review from outside counts.
	page(t, c, "/conversations/"+outside)
	check("good", []string{good, outside})
	check("unreviewed", without(ids, good, needsWork, outside))

	// The filter form pushes the tidy URL.
	q := url.Values{"query": {""}, "review": {"good"}, "reviewer": {""}, "period": {""}, "limit": {"25"}}
	res, _ := c.Get("/conversations?"+q.Encode(), "HX-Request", "true", "HX-Target", "conversation-results", "HX-Trigger", "inbox-filters")
	if got := res.Header.Get("HX-Push-Url"); got != "/conversations?review=good" {
		t.Errorf("HX-Push-Url = %q", got)
	}

	// A state that is none says so, naming the filter.
	doc := page(t, c, "/conversations?review=great")
	if msg := doc.Find(consoletest.TestID("conversation-results")).Text(); !strings.Contains(msg, `Review: "great" is not a review state`) {
		t.Errorf("a wrong review state: %q", msg)
	}
}

func TestReviewerFilter(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	ben := c.AnotherBrowser()
	ben.SignInAs("Ben Okafor")
	ids := allIDs(c)
	review(t, c, ids[0], "good", "")
	review(t, c, ids[2], "needs_work", "")
	review(t, ben, ids[4], "good", "")
	review(t, ben, ids[2], "good", "Fixed now.") // the latest review of ids[2] is Ben's

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"reviewer=Ana+W%C3%B3jcik", []string{ids[0]}},
		{"reviewer=ana+w%C3%B3jcik", []string{ids[0]}},
		{"reviewer=Ben+Okafor", []string{ids[2], ids[4]}},
		{"reviewer=Ben+Okafor&review=good", []string{ids[2], ids[4]}},
		{"reviewer=Ben+Okafor&review=needs_work", nil},
		{"reviewer=Nobody", nil},
	} {
		doc := page(t, c, "/conversations?limit=100&"+tc.query)
		if got := rowIDs(doc.Selection); !slices.Equal(got, tc.want) {
			t.Errorf("%s: rows %v, want %v", tc.query, got, tc.want)
		}
	}
	doc := page(t, c, "/conversations?reviewer=Ben+Okafor")
	if v, _ := doc.Find(`input[name="reviewer"]`).Attr("value"); v != "Ben Okafor" {
		t.Errorf("the reviewer field holds %q", v)
	}
	var offered []string
	doc.Find("#f-reviewer-options option").Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		offered = append(offered, v)
	})
	if !slices.Equal(offered, []string{"Ben Okafor", "Ana Wójcik"}) {
		t.Errorf("reviewers offered %v", offered)
	}
}

func TestDatePresets(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	counts := map[string]int{}
	for _, tc := range []struct {
		period string
		days   int
	}{{"today", 1}, {"last_7_days", 7}, {"last_30_days", 30}} {
		now := time.Now().UTC()
		day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
		start := day(now).AddDate(0, 0, 1-tc.days)
		end := day(now).Add(24*time.Hour - time.Microsecond)
		want := conversations(c, apiclient.ListConversationsParams{Limit: 100, LastMessageStart: start, LastMessageEnd: end})
		doc := page(t, c, "/conversations?limit=100&period="+tc.period)
		got := rowIDs(doc.Selection)
		var wantIDs []string
		for _, conv := range want.Items {
			wantIDs = append(wantIDs, conv.ID)
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("%s: rows %v, want %v", tc.period, got, wantIDs)
		}
		counts[tc.period] = want.Count
		if sel := selectedOption(doc, "period"); sel != tc.period {
			t.Errorf("%s: the select shows %q", tc.period, sel)
		}
		if v, _ := doc.Find(`input[name="last_message_at_start_date"]`).Attr("value"); v != start.Format(time.DateOnly) {
			t.Errorf("%s: the start date field holds %q, want %s", tc.period, v, start.Format(time.DateOnly))
		}
		if hint := doc.Find("#f-period-help").Text(); !strings.Contains(hint, start.Format(time.DateOnly)) {
			t.Errorf("%s: the preset does not say which days it covers: %q", tc.period, hint)
		}
		// The URL keeps the preset, not its dates: a saved view of last week stays last week.
		q := url.Values{"period": {tc.period}, "last_message_at_start_date": {"2020-01-01"}, "last_message_at_end_date": {""}, "limit": {"25"}}
		res, _ := c.Get("/conversations?"+q.Encode(), "HX-Request", "true", "HX-Target", "conversation-results", "HX-Trigger", "inbox-filters")
		if got := res.Header.Get("HX-Push-Url"); got != "/conversations?period="+tc.period {
			t.Errorf("%s: HX-Push-Url = %q", tc.period, got)
		}
	}
	if counts["today"] > counts["last_7_days"] || counts["last_7_days"] >= counts["last_30_days"] {
		t.Errorf("the presets do not narrow the list: %v", counts)
	}

	// Custom dates are the date fields as typed, and the select says so.
	doc := page(t, c, "/conversations?period=custom&last_message_at_start_date=2020-01-01&last_message_at_end_date=2020-01-02")
	if sel := selectedOption(doc, "period"); sel != "custom" {
		t.Errorf("custom dates: the select shows %q", sel)
	}
	if doc.Find(consoletest.TestID("conversation-row")).Length() != 0 {
		t.Error("conversations of 2020 in a demo of this month")
	}
	doc = page(t, c, "/conversations?period=yesterday")
	if msg := doc.Find(consoletest.TestID("conversation-results")).Text(); !strings.Contains(msg, `Period: "yesterday" is not a date preset`) {
		t.Errorf("a wrong preset: %q", msg)
	}
}

func TestSavedViews(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	filters := "period=last_7_days&resolution_status=open&review=unreviewed"
	doc := page(t, c, "/conversations?"+filters)
	if v, _ := doc.Find(`#save-view-filters`).Attr("value"); v != filters {
		t.Fatalf("the save form carries %q, want %q", v, filters)
	}

	res, body := c.Post("/conversations/views", url.Values{"name": {"Open, last week, unreviewed"}, "filters": {filters}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/conversations?"+filters {
		t.Fatalf("save = %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	doc = page(t, c, "/conversations?"+filters)
	if flash := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(flash, "View saved") {
		t.Errorf("flash %q", flash)
	}
	link := doc.Find(consoletest.TestID("saved-view-link"))
	if link.Length() != 1 || strings.TrimSpace(link.Text()) != "Open, last week, unreviewed" {
		t.Fatalf("saved views: %q", link.Text())
	}
	href, _ := link.Attr("href")
	if href != "/conversations?"+filters {
		t.Errorf("the view's link is %q", href)
	}
	if cur, _ := link.Attr("aria-current"); cur != "page" {
		t.Error("the view in use is not marked current")
	}
	// Someone else on the team opens the link and gets the same filters.
	ben := c.AnotherBrowser()
	ben.SignInAs("Ben Okafor")
	other := page(t, ben, href)
	if selectedOption(other, "period") != "last_7_days" || selectedOption(other, "review") != "unreviewed" || selectedOption(other, "resolution_status") != "open" {
		t.Error("the shared link does not open the saved filters")
	}
	if by, _ := other.Find(consoletest.TestID("saved-view-link")).Attr("title"); by != "Saved by Ana Wójcik" {
		t.Errorf("the view says %q", by)
	}

	// Refusals keep the name as typed and say why.
	for _, tc := range []struct{ name, filters, want string }{
		{"", filters, "Name the view"},
		{strings.Repeat("n", 81), filters, "the limit is 80"},
		{"open, LAST week, unreviewed", filters, "exists already"},
		{"Nothing", "", "Set a filter first"},
		{"Bad", "review=great", `Review: "great" is not a review state`},
	} {
		res, body := c.Post("/conversations/views", url.Values{"name": {tc.name}, "filters": {tc.filters}})
		if res.StatusCode != http.StatusOK {
			t.Errorf("%q: %d", tc.name, res.StatusCode)
			continue
		}
		doc := consoletest.Parse(t, body)
		if msg := doc.Find(consoletest.TestID("save-view-form")).Text(); !strings.Contains(msg, tc.want) {
			t.Errorf("%q: the form says %q, want %q", tc.name, msg, tc.want)
		}
		if v, _ := doc.Find(`#f-view-name`).Attr("value"); v != strings.TrimSpace(tc.name) {
			t.Errorf("%q: the name field holds %q", tc.name, v)
		}
	}

	// A saved view whose filter went wrong says which one when opened.
	if _, err := c.Views.Add(context.Background(), storeView(c, "Broken", "resolution_status=open&review=great")); err != nil {
		t.Fatal(err)
	}
	doc = page(t, c, "/conversations?resolution_status=open&review=great")
	msg := doc.Find(consoletest.TestID("conversation-results")).Text()
	if !strings.Contains(msg, "The saved view “Broken” has a filter the console cannot use") || !strings.Contains(msg, `Review: "great"`) {
		t.Errorf("opening a broken view: %q", msg)
	}

	// Delete asks first, then goes for everyone.
	del, _ := page(t, c, "/conversations").Find(consoletest.TestID("saved-view") + `:contains("Open, last week")`).Find(consoletest.TestID("saved-view-delete")).Attr("href")
	if del == "" {
		t.Fatal("no delete link")
	}
	confirm := page(t, c, del)
	if h := confirm.Find("h1").Text(); !strings.Contains(h, "Open, last week, unreviewed") {
		t.Errorf("the confirmation says %q", h)
	}
	if res, _ := c.Post(del, url.Values{}); res.StatusCode != http.StatusOK {
		t.Errorf("a delete without confirming = %d, want the question again", res.StatusCode)
	}
	if res, body := c.Post(del, url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d\n%s", res.StatusCode, body)
	}
	if n := page(t, ben, "/conversations").Find(consoletest.TestID("saved-view-link") + `:contains("Open, last week")`).Length(); n != 0 {
		t.Error("the deleted view is still listed")
	}
	if res, _ := c.Get(del); res.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted view's page = %d", res.StatusCode)
	}
}

func TestSavedViewsPerAgentAreLimited(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	for i := range 50 {
		if _, err := c.Views.Add(context.Background(), storeView(c, fmt.Sprintf("View %d", i), "source=widget")); err != nil {
			t.Fatal(err)
		}
	}
	res, body := c.Post("/conversations/views", url.Values{"name": {"One too many"}, "filters": {"source=email"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "keeps 50 saved views, the most it may") {
		t.Errorf("the 51st view: %d", res.StatusCode)
	}
	if n := page(t, c, "/conversations").Find(consoletest.TestID("saved-view")).Length(); n != 50 {
		t.Errorf("%d views listed", n)
	}
}

func TestConcurrentSavesKeepTheLimit(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() { _, _ = c.Views.Add(context.Background(), storeView(c, fmt.Sprintf("V%d", i), "source=api")) })
	}
	wg.Wait()
	views, err := c.Views.List(context.Background(), scenarioOf(c))
	if err != nil || len(views) != 50 {
		t.Errorf("%d views kept (%v), want 50", len(views), err)
	}
}

func TestNextUnreviewed(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	ids := allIDs(c)
	review(t, c, ids[1], "good", "")
	review(t, c, ids[2], "needs_work", "")

	next := func(from string) string {
		t.Helper()
		doc := page(t, c, from)
		a := doc.Find(consoletest.TestID("next-unreviewed"))
		if key, _ := a.Attr("data-shortcut"); key != "u" {
			t.Fatalf("%s: no next-unreviewed link with the u key", from)
		}
		href, _ := a.Attr("href")
		res, _ := c.Get(href)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: next unreviewed = %d", href, res.StatusCode)
		}
		return res.Header.Get("Location")
	}
	if got := next("/conversations"); got != "/conversations/"+ids[0] {
		t.Errorf("from the list: %s, want the first, unreviewed", got)
	}
	if got := next("/conversations/" + ids[0]); got != "/conversations/"+ids[3] {
		t.Errorf("after the first: %s, want the fourth (the 2nd and 3rd are reviewed)", got)
	}
	// In a filtered list it stays in the list, and its page starts with it.
	if got := next("/conversations/" + ids[3] + "?review=unreviewed"); got != "/conversations/"+ids[4]+"?offset=4&review=unreviewed" {
		t.Errorf("in the unreviewed list: %s", got)
	}
	// Across a page boundary, the page that holds it.
	if got := next("/conversations/" + ids[9] + "?limit=10"); got != "/conversations/"+ids[10]+"?limit=10&offset=10" {
		t.Errorf("across a page: %s", got)
	}
	// None left: back where it was, saying so.
	res, _ := c.Get("/conversations?next=unreviewed&review=good&after=" + ids[1])
	if loc := res.Header.Get("Location"); loc != "/conversations/"+ids[1]+"?review=good" {
		t.Errorf("none left: %d %s", res.StatusCode, loc)
	}
	if flash := page(t, c, "/conversations/"+ids[1]+"?review=good").Find(consoletest.TestID("flash")).Text(); !strings.Contains(flash, "No unreviewed conversation") {
		t.Errorf("flash %q", flash)
	}

	// In a review-filtered list, j and k go to the neighbours in that list.
	doc := page(t, c, "/conversations/"+ids[3]+"?review=unreviewed")
	if href, _ := doc.Find(consoletest.TestID("next-conversation")).Attr("href"); href != "/conversations/"+ids[4]+"?review=unreviewed" {
		t.Errorf("next in the filtered list: %q", href)
	}
	if href, _ := doc.Find(consoletest.TestID("prev-conversation")).Attr("href"); href != "/conversations/"+ids[0]+"?review=unreviewed" {
		t.Errorf("previous in the filtered list: %q (the 2nd and 3rd are reviewed)", href)
	}
}

// A review-filtered page reads the API's list in pages of 100, at most five.
func TestReviewFilteredPageReadsBoundedPages(t *testing.T) {
	const total = 1234
	var mu sync.Mutex
	var calls []apiclient.ListConversationsParams
	f := consoletest.FakeConversations{List: func(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		mu.Lock()
		calls = append(calls, p)
		mu.Unlock()
		page := &apiclient.Page[apiclient.Conversation]{Offset: p.Offset, Count: total}
		for i := p.Offset; i < min(total, p.Offset+p.Limit); i++ {
			page.Items = append(page.Items, apiclient.Conversation{ID: fmt.Sprintf("c%04d", i), Ord: total - i, CreatedAt: time.Now()})
		}
		return page, nil
	}}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()

	doc := page(t, c, "/conversations?review=good")
	if len(calls) != 5 {
		t.Fatalf("%d list calls, want 5", len(calls))
	}
	for i, p := range calls {
		if p.Limit != 100 || p.Offset != i*100 {
			t.Errorf("call %d asked for %d from %d", i, p.Limit, p.Offset)
		}
	}
	scan := strings.Join(strings.Fields(doc.Find(consoletest.TestID("review-scan")).Text()), " ")
	if !strings.Contains(scan, "0 matches among conversations 1–500 of 1234") || !strings.Contains(scan, "goes on from conversation 501") {
		t.Errorf("the page says %q", scan)
	}
	if href, _ := doc.Find(consoletest.TestID("review-scan-next")).Attr("href"); href != "/conversations?offset=500&review=good" {
		t.Errorf("look further: %q", href)
	}

	// Unreviewed fills its page from the first call.
	calls = nil
	doc = page(t, c, "/conversations?review=unreviewed&offset=100")
	if len(calls) != 1 {
		t.Errorf("%d list calls for a page the first filled", len(calls))
	}
	if n := doc.Find(consoletest.TestID("conversation-row")).Length(); n != 25 {
		t.Errorf("%d rows", n)
	}
	scan = strings.Join(strings.Fields(doc.Find(consoletest.TestID("review-scan")).Text()), " ")
	if !strings.Contains(scan, "25 matches among conversations 101–125 of 1234") {
		t.Errorf("the page says %q", scan)
	}
	if href, _ := doc.Find(consoletest.TestID("review-scan-next")).Attr("href"); href != "/conversations?offset=125&review=unreviewed" {
		t.Errorf("next: %q", href)
	}
	if href, _ := doc.Find(consoletest.TestID("review-scan-first")).Attr("href"); href != "/conversations?review=unreviewed" {
		t.Errorf("first: %q", href)
	}
}

// scenarioOf is the agent the test's console signs in to.
func scenarioOf(*consoletest.Console) string { return sandbox.DemoScenarioID }

func storeView(c *consoletest.Console, name, query string) store.View {
	return store.View{ScenarioID: scenarioOf(c), Name: name, Query: query, CreatedBy: "someone"}
}
