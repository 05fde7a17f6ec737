package inbox_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

// conversations lists what the API has for p, for comparing with the pages.
func conversations(c *consoletest.Console, p apiclient.ListConversationsParams) *apiclient.Page[apiclient.Conversation] {
	c.T.Helper()
	page, err := c.Quickchat().ListConversations(context.Background(), p)
	if err != nil {
		c.T.Fatal(err)
	}
	return page
}

func rowIDs(doc *goquery.Selection) []string {
	var ids []string
	doc.Find(consoletest.TestID("conversation-row")).Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-id")
		ids = append(ids, id)
	})
	return ids
}

func TestInboxQuickViewsShowOnlyMatchingRows(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	views := []struct {
		key, query, status, assignee string
	}{
		{"all", "", "", ""},
		{"open-human", "assignee_type=human_operator&resolution_status=open", "open", "human"},
		{"open-unassigned", "assignee_type=unassigned&resolution_status=open", "open", "unassigned"},
		{"closed", "resolution_status=resolved", "resolved", ""},
	}
	for _, v := range views {
		t.Run(v.key, func(t *testing.T) {
			res, body := c.Get("/conversations?" + v.query + "&limit=100")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			link := doc.Find(consoletest.TestID("view-" + v.key))
			if cur, _ := link.Attr("aria-current"); cur != "page" {
				t.Errorf("the %s view is not marked current", v.key)
			}
			if href, _ := link.Attr("href"); v.query != "" && !strings.Contains(href, "resolution_status="+v.status) {
				t.Errorf("view link %q does not carry its filters", href)
			}
			rows := doc.Find(consoletest.TestID("conversation-row"))
			want := conversations(c, apiclient.ListConversationsParams{Limit: 100, ResolutionStatus: v.status, AssigneeType: map[string]string{"human": "human_operator", "unassigned": "unassigned"}[v.assignee]})
			if rows.Length() != len(want.Items) || rows.Length() == 0 {
				t.Fatalf("%d rows, the API has %d", rows.Length(), len(want.Items))
			}
			rows.Each(func(i int, r *goquery.Selection) {
				if id, _ := r.Attr("data-id"); id != want.Items[i].ID {
					t.Errorf("row %d is %s, the API has %s there (newest first)", i, id, want.Items[i].ID)
				}
				if v.status != "" && strings.TrimSpace(r.Find(consoletest.TestID("status")).Text()) != v.status {
					t.Errorf("row %d has status %q in the %s view", i, r.Find(consoletest.TestID("status")).Text(), v.key)
				}
				if v.assignee != "" && !r.Find(consoletest.TestID("assignee")).HasClass("assignee-"+v.assignee) {
					t.Errorf("row %d is assigned to %q in the %s view", i, r.Find(consoletest.TestID("assignee")).Text(), v.key)
				}
			})
			if got := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "of "+strconv.Itoa(want.Count)) {
				t.Errorf("pager %q, want a count of %d", got, want.Count)
			}
		})
	}
}

func TestInboxPagination(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	all := conversations(c, apiclient.ListConversationsParams{Limit: 20})
	_, body := c.Get("/conversations?limit=10")
	doc := consoletest.Parse(t, body)
	first := rowIDs(doc.Selection)
	if len(first) != 10 {
		t.Fatalf("%d rows on a page of 10", len(first))
	}
	if got := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "1–10 of "+strconv.Itoa(all.Count)) {
		t.Errorf("pager = %q", got)
	}
	next, _ := doc.Find(`[data-testid=pager] a[rel=next]`).Attr("href")
	if next != "/conversations?limit=10&offset=10" {
		t.Fatalf("next page link = %q", next)
	}
	_, body = c.Get(next)
	doc = consoletest.Parse(t, body)
	second := rowIDs(doc.Selection)
	for i, id := range append(first, second...) {
		if id != all.Items[i].ID {
			t.Fatalf("row %d across pages is %s, the API has %s", i, id, all.Items[i].ID)
		}
	}
	if got := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "11–20 of") {
		t.Errorf("second page pager = %q", got)
	}
}

func TestInboxFiltersReachTheAPI(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	newest := conversations(c, apiclient.ListConversationsParams{Limit: 1})
	last, total := newest.Items[0], newest.Count
	day := last.CreatedAt.UTC().Format(time.DateOnly)
	cases := []struct {
		name  string
		query string
		want  apiclient.ListConversationsParams
	}{
		{"channel", "source=whatsapp", apiclient.ListConversationsParams{Source: "whatsapp"}},
		{"language", "most_frequent_language=de", apiclient.ListConversationsParams{MostFrequentLanguage: "de"}},
		{"order number", "query=" + strconv.Itoa(last.Ord), apiclient.ListConversationsParams{Query: strconv.Itoa(last.Ord)}},
		{"AI agent", "assignee_type=ai_assistant", apiclient.ListConversationsParams{AssigneeType: "ai_assistant"}},
		{"started that day", "created_timestamp_start_date=" + day + "&created_timestamp_end_date=" + day, apiclient.ListConversationsParams{
			CreatedStart: mustDay(t, day), CreatedEnd: mustDay(t, day).Add(24*time.Hour - time.Microsecond)}},
		{"last message since", "last_message_at_start_date=" + day, apiclient.ListConversationsParams{LastMessageStart: mustDay(t, day)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.want.Limit = 100
			want := conversations(c, tc.want)
			_, body := c.Get("/conversations?limit=100&" + tc.query)
			doc := consoletest.Parse(t, body)
			got := rowIDs(doc.Selection)
			if len(got) != len(want.Items) || len(got) == 0 || len(got) == total {
				t.Fatalf("%d rows, the API filters to %d", len(got), len(want.Items))
			}
			for i := range got {
				if got[i] != want.Items[i].ID {
					t.Fatalf("row %d = %s, want %s", i, got[i], want.Items[i].ID)
				}
			}
			if tc.name == "channel" {
				doc.Find(consoletest.TestID("source")).Each(func(_ int, s *goquery.Selection) {
					if s.Text() != "whatsapp" {
						t.Errorf("a %q row in the whatsapp list", s.Text())
					}
				})
			}
			// The filter survives into the form, the pager and the export link.
			if href, _ := doc.Find(consoletest.TestID("export-csv")).Attr("href"); !strings.Contains(href, strings.Split(tc.query, "&")[0]) {
				t.Errorf("export link %q lost the filter", href)
			}
		})
	}
}

func mustDay(t *testing.T, s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// noList is an API whose list must not be called.
type noList struct {
	consoletest.FakeConversations
	t *testing.T
}

func (f noList) ListConversations(context.Context, apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
	f.t.Error("the list was asked for with a reversed date range")
	return &apiclient.Page[apiclient.Conversation]{}, nil
}

func TestInboxReversedDateRangeIsCaughtFirst(t *testing.T) {
	c := consoletest.New(t, consoletest.WithAPI(noList{t: t}))
	c.SignIn()
	res, body := c.Get("/conversations?created_timestamp_start_date=2026-03-10&created_timestamp_end_date=2026-03-02&source=email")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	msg := doc.Find(`#conversation-results ` + consoletest.TestID("notice")).Text()
	if !strings.Contains(msg, "Started: the range begins on 2026-03-10, after it ends on 2026-03-02") {
		t.Fatalf("message = %q", msg)
	}
	if v, _ := doc.Find(`input[name=created_timestamp_start_date]`).Attr("value"); v != "2026-03-10" {
		t.Errorf("start date kept as %q", v)
	}
	if v, _ := doc.Find(`input[name=created_timestamp_end_date]`).Attr("value"); v != "2026-03-02" {
		t.Errorf("end date kept as %q", v)
	}
	if v, _ := doc.Find(`#f-source option[selected]`).Attr("value"); v != "email" {
		t.Errorf("channel kept as %q", v)
	}
	if !doc.Find(`.date-range.has-error`).Is("fieldset") {
		t.Error("the date range is not marked")
	}
	_, body = c.Get("/conversations?last_message_at_start_date=yesterday")
	if msg := consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(); !strings.Contains(msg, "not a date") {
		t.Errorf("a word for a date: %q", msg)
	}
	if res, _ := c.Get("/conversations/export.csv?created_timestamp_start_date=2026-03-10&created_timestamp_end_date=2026-03-02"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("export with a reversed range = %d", res.StatusCode)
	}
}

func TestInboxRows(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := conversations(c, apiclient.ListConversationsParams{Limit: 100})
	_, body := c.Get("/conversations?limit=100")
	doc := consoletest.Parse(t, body)
	var unknown, named, unread int
	doc.Find(consoletest.TestID("conversation-row")).Each(func(i int, r *goquery.Selection) {
		conv := page.Items[i]
		visitor := r.Find(consoletest.TestID("visitor")).Text()
		if conv.VisitorName == nil {
			unknown++
			if visitor != "Unknown visitor" {
				t.Errorf("row %d without a visitor name says %q", i, visitor)
			}
		} else if named++; visitor != *conv.VisitorName {
			t.Errorf("row %d visitor = %q, want %q", i, visitor, *conv.VisitorName)
		}
		if conv.HasUnreadMessages != (r.Find(consoletest.TestID("unread")).Length() == 1) {
			t.Errorf("row %d unread marker does not match has_unread_messages=%t", i, conv.HasUnreadMessages)
		}
		if conv.HasUnreadMessages {
			unread++
		}
		tm := r.Find("time")
		iso, _ := tm.Attr("datetime")
		exact, _ := tm.Attr("title")
		if iso != conv.LastMessageAt.UTC().Format(time.RFC3339) || !strings.HasSuffix(exact, " UTC") || !strings.Contains(tm.Text(), "ago") && tm.Text() != "just now" {
			t.Errorf("row %d time = %q (%s, %s)", i, tm.Text(), iso, exact)
		}
		if href, _ := r.Find("a").Attr("href"); href != "/conversations/"+conv.ID+"?limit=100" {
			t.Errorf("row %d opens %q", i, href)
		}
		if hx, _ := r.Find("a").Attr("hx-target"); hx != "#conversation-detail" {
			t.Errorf("row %d loads into %q", i, hx)
		}
	})
	if unknown == 0 || named == 0 || unread == 0 {
		t.Fatalf("the seed should have unknown (%d) and named (%d) visitors and unread rows (%d)", unknown, named, unread)
	}
	if got := doc.Find(`a[data-shortcut=j]`).Length(); got != 1 {
		t.Errorf("%d j shortcuts with nothing open, want the first row", got)
	}
	if !strings.Contains(body, "/static/review.") {
		t.Error("the inbox does not load its keyboard script")
	}
	if got := doc.Find(`nav.nav a[aria-current=page]`).Text(); got != "Inbox" {
		t.Errorf("navigation marks %q", got)
	}
	if got := doc.Find(consoletest.TestID("export-csv")).Text(); !strings.Contains(got, strconv.Itoa(page.Count)+" rows") {
		t.Errorf("export link = %q, want it to say %d rows", got, page.Count)
	}
}

func TestInboxRefreshSwapsOnlyTheList(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	first := conversations(c, apiclient.ListConversationsParams{Limit: 1, ResolutionStatus: "open"}).Items[0]
	_, body := c.Get("/conversations?resolution_status=open")
	region := consoletest.Parse(t, body).Find("#conversation-results")
	if trig, _ := region.Attr("hx-trigger"); trig != "every 30s, live-inbox" { // on its own, or when the live stream says the inbox changed
		t.Fatalf("list region hx-trigger = %q", trig)
	}
	if get, _ := region.Attr("hx-get"); get != "/conversations?resolution_status=open" {
		t.Errorf("list region refreshes from %q", get)
	}

	// The refresh of a list with a conversation open keeps its row highlighted.
	path := "/conversations/" + first.ID + "?resolution_status=open"
	res, body := c.Get(path, "HX-Request", "true", "HX-Target", "conversation-results")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(`#conversation-results`).Length() != 1 || doc.Find(consoletest.TestID("conversation")).Length() != 0 {
		t.Fatalf("refresh answered %d with %d list regions and %d conversations", res.StatusCode, doc.Find(`#conversation-results`).Length(), doc.Find(consoletest.TestID("conversation")).Length())
	}
	if strings.Contains(body, "<html") || strings.Contains(body, "inbox-filters") {
		t.Error("the refresh carries more than the list region")
	}
	sel := doc.Find(`.conversation-row.selected`)
	if id, _ := sel.Attr("data-id"); sel.Length() != 1 || id != first.ID {
		t.Errorf("selected rows: %d (%q)", sel.Length(), id)
	}
	if get, _ := doc.Find("#conversation-results").Attr("hx-get"); get != path {
		t.Errorf("the next refresh asks for %q", get)
	}
	if oob, _ := doc.Find("#inbox-views").Attr("hx-swap-oob"); oob != "true" {
		t.Error("the quick views do not follow the filters")
	}
}

func TestInboxEmptyStates(t *testing.T) {
	f := consoletest.FakeConversations{List: func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		return &apiclient.Page[apiclient.Conversation]{}, nil
	}}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()
	for query, want := range map[string]string{
		"": "No conversations yet",
		"resolution_status=open&assignee_type=unassigned":     "Nobody is waiting for a human",
		"resolution_status=open&assignee_type=human_operator": "No open conversations with a human operator",
		"resolution_status=resolved":                          "No resolved conversations yet",
		"source=slack":                                        "No conversations match these filters",
	} {
		_, body := c.Get("/conversations?" + query)
		if got := consoletest.Parse(t, body).Find(consoletest.TestID("empty")).Text(); !strings.Contains(got, want) {
			t.Errorf("%q: empty state %q, want %q", query, got, want)
		}
	}
}

func TestInboxFilterFormPushesATidyURL(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	q := url.Values{"query": {""}, "source": {"widget"}, "assignee_type": {""}, "limit": {"25"}, "created_timestamp_start_date": {""}}
	res, body := c.Get("/conversations?"+q.Encode(), "HX-Request", "true", "HX-Target", "conversation-results", "HX-Trigger", "inbox-filters")
	if got := res.Header.Get("HX-Push-Url"); got != "/conversations?source=widget" {
		t.Errorf("HX-Push-Url = %q", got)
	}
	if consoletest.Parse(t, body).Find(consoletest.TestID("conversation-row")).Length() == 0 {
		t.Error("no widget conversations")
	}
}
