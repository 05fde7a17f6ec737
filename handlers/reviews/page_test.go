package reviews_test

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
	"qcadmin/store"
)

// row is one row of numbers as a table of the overview shows them.
type row struct {
	Conversations, Reviewed, Good, NeedsWork int
	ReviewedShare, NeedsWorkShare            string
	Given                                    int
}

func cellInt(t *testing.T, s *goquery.Selection, id string) int {
	t.Helper()
	cell := s.Find(consoletest.TestID(id))
	if cell.Length() == 0 {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(cell.Text()))
	if err != nil {
		t.Fatalf("%s cell %q", id, cell.Text())
	}
	return n
}

func readRow(t *testing.T, s *goquery.Selection) row {
	t.Helper()
	return row{
		Conversations: cellInt(t, s, "conversations"), Reviewed: cellInt(t, s, "reviewed"), Good: cellInt(t, s, "good"),
		NeedsWork: cellInt(t, s, "needs-work"), Given: cellInt(t, s, "given"),
		ReviewedShare:  strings.TrimSpace(s.Find(consoletest.TestID("reviewed-share")).Text()),
		NeedsWorkShare: strings.TrimSpace(s.Find(consoletest.TestID("needs-work-share")).Text()),
	}
}

// rows reads the rows of one table by the value of their key attribute.
func rows(t *testing.T, doc *goquery.Document, table, rowID, key string) map[string]row {
	t.Helper()
	out := map[string]row{}
	doc.Find(consoletest.TestID(table) + " " + consoletest.TestID(rowID)).Each(func(_ int, s *goquery.Selection) {
		k, _ := s.Attr(key)
		out[k] = readRow(t, s)
	})
	return out
}

// expected counts what the overview should show, from the conversations the
// sandbox lists for the period and the latest verdict of each.
type expected struct {
	days, channels map[string]*row
	total          row
}

func (e *expected) add(day, channel, verdict string) {
	for _, r := range []*row{e.days[day], e.channels[channel], &e.total} {
		r.Conversations++
		switch verdict {
		case "good":
			r.Reviewed++
			r.Good++
		case "needs_work":
			r.Reviewed++
			r.NeedsWork++
		}
	}
}

// inPeriod lists, through the sandbox, every conversation that started from the first to the last day.
func inPeriod(t *testing.T, c *consoletest.Console, from, to time.Time) []apiclient.Conversation {
	t.Helper()
	var out []apiclient.Conversation
	err := c.SandboxClient().AllConversations(context.Background(), apiclient.ListConversationsParams{}, 100, func(p *apiclient.Page[apiclient.Conversation]) error {
		for _, conv := range p.Items {
			if at := conv.CreatedAt.UTC(); !at.Before(from) && at.Before(to.AddDate(0, 0, 1)) {
				out = append(out, conv)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

func review(t *testing.T, c *consoletest.Console, id, status string) {
	t.Helper()
	res, body := c.Post("/conversations/"+id+"/review", url.Values{"status": {status}, "note": {"seen"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review %s as %s: %d\n%s", id, status, res.StatusCode, body)
	}
}

func TestTheOverviewCountsReviewsPerDayChannelAndReviewer(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	bo := c.AnotherBrowser()
	bo.SignInAs("Bo")
	from, to := today().AddDate(0, 0, -29), today()
	convs := inPeriod(t, c, from, to)
	if len(convs) < 8 {
		t.Fatalf("the demo has %d conversations in the last 30 days", len(convs))
	}
	// Reviews through the console's form, by two people, and one kept in the store directly.
	review(t, c, convs[0].ID, "good")
	review(t, c, convs[1].ID, "needs_work")
	review(t, c, convs[2].ID, "needs_work")
	review(t, bo, convs[2].ID, "good") // Bo's second look is the latest: good, and Bo's
	review(t, bo, convs[3].ID, "needs_work")
	review(t, c, convs[4].ID, "good")
	review(t, c, convs[4].ID, "unreviewed") // taken back: not reviewed
	if _, err := c.Reviews.Add(context.Background(), store.Review{ScenarioID: sandbox.DemoScenarioID, ConversationID: convs[5].ID, Verdict: "needs_work", Reviewer: "Cy"}); err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{convs[0].ID: "good", convs[1].ID: "needs_work", convs[2].ID: "good", convs[3].ID: "needs_work", convs[5].ID: "needs_work"}

	want := expected{days: map[string]*row{}, channels: map[string]*row{}}
	for i := range 30 {
		want.days[from.AddDate(0, 0, i).Format(time.DateOnly)] = &row{}
	}
	for _, conv := range convs {
		if want.channels[conv.Source] == nil {
			want.channels[conv.Source] = &row{}
		}
		want.add(conv.CreatedAt.UTC().Format(time.DateOnly), conv.Source, verdicts[conv.ID])
	}

	res, body := c.Get("/reviews?period=30")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	doc := consoletest.Parse(t, body)
	if doc.Find(`nav a[href="/reviews"][aria-current="page"]`).Text() != "Review overview" {
		t.Error("the navigation does not mark the review overview")
	}
	if n := doc.Find("style, [style], script:not([src])").Length(); n != 0 {
		t.Errorf("%d inline styles or scripts: the CSP refuses them", n)
	}

	// The chart: one bar per day, accessible, in the page's stylesheet.
	svg := doc.Find(consoletest.TestID("reviews-chart") + " svg")
	if role, _ := svg.Attr("role"); role != "img" || svg.Find("title#reviews-chart-title").Length() != 1 || svg.Find("desc#reviews-chart-desc").Length() != 1 {
		t.Errorf("the chart is not an accessible image: %s", role)
	}
	if labelled, _ := svg.Attr("aria-labelledby"); labelled != "reviews-chart-title reviews-chart-desc" {
		t.Errorf("aria-labelledby %q", labelled)
	}
	desc := svg.Find("desc").Text()
	if !strings.Contains(desc, strconv.Itoa(want.total.Conversations)+" conversations") || !strings.Contains(desc, strconv.Itoa(want.total.Reviewed)+" reviewed") {
		t.Errorf("the chart's description %q does not say the totals %+v", desc, want.total)
	}
	bars := svg.Find(consoletest.TestID("chart-bar"))
	if bars.Length() != 30 {
		t.Fatalf("%d bars for 30 days", bars.Length())
	}
	bars.Each(func(i int, s *goquery.Selection) {
		day, _ := s.Attr("data-day")
		if day != from.AddDate(0, 0, i).Format(time.DateOnly) {
			t.Errorf("bar %d is %s", i, day)
		}
		if w := want.days[day]; !strings.Contains(s.Find("title").Text(), strconv.Itoa(w.Reviewed)+" reviewed") {
			t.Errorf("bar %s says %q, want %d reviewed", day, s.Find("title").Text(), w.Reviewed)
		}
	})
	if href, _ := doc.Find(`link[rel=stylesheet][href*="reviews."]`).Attr("href"); href == "" {
		t.Error("the page does not link reviews.css")
	}

	// The same numbers per day, and the total.
	days := rows(t, doc, "reviews-days", "reviews-day", "data-day")
	if len(days) != 30 {
		t.Fatalf("%d day rows", len(days))
	}
	for day, w := range want.days {
		got := days[day]
		if got.Conversations != w.Conversations || got.Reviewed != w.Reviewed || got.Good != w.Good || got.NeedsWork != w.NeedsWork {
			t.Errorf("%s: %+v, want %+v", day, got, *w)
		}
	}
	total := readRow(t, doc.Find(consoletest.TestID("reviews-total")))
	if total.Conversations != want.total.Conversations || total.Reviewed != 5 || total.Good != 2 || total.NeedsWork != 3 {
		t.Errorf("total %+v, want %+v", total, want.total)
	}
	if share := strconv.Itoa(int(100*5.0/float64(want.total.Conversations)+0.5)) + "%"; total.ReviewedShare != share || total.NeedsWorkShare != "60%" {
		t.Errorf("shares %q and %q, want %s and 60%%", total.ReviewedShare, total.NeedsWorkShare, share)
	}

	// Per channel.
	channels := rows(t, doc, "reviews-channels", "reviews-channel", "data-channel")
	if len(channels) != len(want.channels) {
		t.Errorf("channels %v, want %v", channels, want.channels)
	}
	for name, w := range want.channels {
		if got := channels[name]; got.Conversations != w.Conversations || got.Reviewed != w.Reviewed || got.NeedsWork != w.NeedsWork {
			t.Errorf("channel %s: %+v, want %+v", name, got, *w)
		}
	}

	// Per reviewer: the latest verdicts that are theirs, and every review they gave.
	reviewers := rows(t, doc, "reviews-reviewers", "reviews-reviewer", "data-reviewer")
	wantReviewers := map[string]row{
		"Ana Wójcik": {Conversations: -1, Reviewed: 2, Good: 1, NeedsWork: 1, NeedsWorkShare: "50%", Given: 5},
		"Bo":         {Conversations: -1, Reviewed: 2, Good: 1, NeedsWork: 1, NeedsWorkShare: "50%", Given: 2},
		"Cy":         {Conversations: -1, Reviewed: 1, NeedsWork: 1, NeedsWorkShare: "100%", Given: 1},
	}
	if len(reviewers) != len(wantReviewers) {
		t.Errorf("reviewers %v", reviewers)
	}
	for name, w := range wantReviewers {
		if got := reviewers[name]; got != w {
			t.Errorf("reviewer %s: %+v, want %+v", name, got, w)
		}
	}
	if !strings.Contains(doc.Find(consoletest.TestID("reviews-reviewers")).Text(), "Ana Wójcik") {
		t.Error("the reviewer's name lost its accent")
	}
}

func TestThePeriodPresetsAndCustomDatesAreInTheURL(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	cases := []struct {
		path    string
		days    int
		current string
	}{
		{"/reviews", 30, "Last 30 days"},
		{"/reviews?period=7", 7, "Last 7 days"},
		{"/reviews?period=90", 90, "Last 90 days"},
		{"/reviews?period=12", 30, "Last 30 days"}, // not a preset: the default
		{"/reviews?from=" + today().AddDate(0, 0, -2).Format(time.DateOnly) + "&to=" + today().Format(time.DateOnly), 3, ""},
		{"/reviews?from=" + today().AddDate(0, 0, -6).Format(time.DateOnly), 7, "Last 7 days"}, // to defaults to today
	}
	for _, tc := range cases {
		res, body := c.Get(tc.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, res.StatusCode)
		}
		doc := consoletest.Parse(t, body)
		if n := doc.Find(consoletest.TestID("chart-bar")).Length(); n != tc.days {
			t.Errorf("%s: %d bars, want %d", tc.path, n, tc.days)
		}
		if n := doc.Find(consoletest.TestID("reviews-day")).Length(); n != tc.days {
			t.Errorf("%s: %d day rows, want %d", tc.path, n, tc.days)
		}
		if got := doc.Find(consoletest.TestID("reviews-presets") + ` a[aria-current="page"]`).Text(); got != tc.current {
			t.Errorf("%s: the current preset is %q, want %q", tc.path, got, tc.current)
		}
		from, _ := doc.Find("#r-from").Attr("value")
		to, _ := doc.Find("#r-to").Attr("value")
		if from != today().AddDate(0, 0, 1-tc.days).Format(time.DateOnly) || to != today().Format(time.DateOnly) {
			t.Errorf("%s: the form shows %s to %s", tc.path, from, to)
		}
		// The export keeps the same days, whatever day it is opened.
		wantExport := "/reviews/export.csv?" + url.Values{"from": {from}, "to": {to}}.Encode()
		if href, _ := doc.Find(consoletest.TestID("reviews-export")).Attr("href"); href != wantExport {
			t.Errorf("%s: export link %q", tc.path, href)
		}
	}
	_, body := c.Get("/reviews")
	var hrefs []string
	consoletest.Parse(t, body).Find(consoletest.TestID("reviews-presets") + " a").Each(func(_ int, s *goquery.Selection) {
		h, _ := s.Attr("href")
		hrefs = append(hrefs, h)
	})
	if strings.Join(hrefs, " ") != "/reviews?period=7 /reviews?period=30 /reviews?period=90" {
		t.Errorf("presets link to %v", hrefs)
	}
}

func TestInvalidDatesSayWhichIsWrong(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	cases := []struct {
		query, field, says string
	}{
		{"from=2026-13-01&to=2026-03-10", "from", `The start date "2026-13-01" cannot be read`},
		{"from=2026-03-01&to=yesterday", "to", `The end date "yesterday" cannot be read`},
		{"from=2026-03-10&to=2026-03-01", "to", "The end date 2026-03-01 is before the start date 2026-03-10."},
		{"from=2025-01-01&to=2025-12-31", "from", "is 365 days; the overview covers at most 90"},
		{"to=2026-03-01", "from", "Choose the first day of the period."},
	}
	for _, tc := range cases {
		res, body := c.Get("/reviews?" + tc.query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.query, res.StatusCode)
		}
		doc := consoletest.Parse(t, body)
		if msg := doc.Find("#" + tc.field + "-error").Text(); !strings.Contains(msg, tc.says) {
			t.Errorf("%s: the %s field says %q, want %q", tc.query, tc.field, msg, tc.says)
		}
		if inv, _ := doc.Find("#r-" + tc.field).Attr("aria-invalid"); inv != "true" {
			t.Errorf("%s: the %s field is not marked invalid", tc.query, tc.field)
		}
		if doc.Find(consoletest.TestID("reviews-chart")).Length() != 0 || doc.Find(consoletest.TestID("empty")).Length() != 0 {
			t.Errorf("%s: the page shows numbers for a period it cannot use", tc.query)
		}
		res, body = c.Get("/reviews/export.csv?" + tc.query)
		if msg := consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(); res.StatusCode != http.StatusBadRequest || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: the export answered %d: %s", tc.query, res.StatusCode, msg)
		}
	}
	// What was typed stays in the form.
	_, body := c.Get("/reviews?from=2026-13-01&to=2026-03-10")
	if v, _ := consoletest.Parse(t, body).Find("#r-from").Attr("value"); v != "2026-13-01" {
		t.Errorf("the form shows %q", v)
	}
}

func TestAPeriodWithoutConversationsSaysSo(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/reviews?from=2020-01-01&to=2020-01-07")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if !strings.Contains(doc.Find(consoletest.TestID("empty")).Text(), "No conversations started in this period.") {
		t.Errorf("no empty state: %s", doc.Find("main").Text())
	}
	if doc.Find(consoletest.TestID("reviews-chart")).Length() != 0 || doc.Find(consoletest.TestID("reviews-days")).Length() != 0 {
		t.Error("an empty period draws a chart or tables")
	}
}
