package articles

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/kbindex"
	"qcadmin/views"
	"qcadmin/web"
)

const (
	// indexWait is how long a page waits for an index being read before it
	// shows what is in so far: long enough for a small knowledge base, of at
	// most indexWaitPages list pages; a larger one is not waited for.
	indexWait      = time.Second
	indexWaitPages = 5
	// maxMatchPages bounds the list reads that find the articles matching
	// the content or URL filter, which the index cannot answer itself.
	maxMatchPages = 5
)

// parseStateAndSort reads the list's state filter and order; bad names any
// value the list does not know, so the page can say which.
func parseStateAndSort(q url.Values) (state, sort, bad string) {
	state = strings.ToLower(strings.TrimSpace(q.Get("state")))
	if state == "all" {
		state = ""
	}
	sort = strings.ToLower(strings.TrimSpace(q.Get("sort")))
	var problems []string
	if !isChoice(views.ArticleStates, state) {
		problems = append(problems, fmt.Sprintf("The state “%s” is not one the list knows: choose all, draft or published.", q.Get("state")))
		state = ""
	}
	if !isChoice(views.ArticleSorts, sort) {
		problems = append(problems, fmt.Sprintf("The order “%s” is not one the list knows: choose title, -title, modified or -modified.", q.Get("sort")))
		sort = ""
	}
	return state, sort, strings.Join(problems, " ")
}

// sortHead links a column heading to the list sorted by column, first the
// way first says ("" ascending, "-" descending), the other way when the list
// is already sorted so.
func (aq articleQuery) sortHead(column, first string) views.SortHead {
	h := views.SortHead{}
	switch aq.Sort {
	case column:
		h.Sort, first = "ascending", "-"
	case "-" + column:
		h.Sort, first = "descending", ""
	}
	sorted := aq
	sorted.Sort = first + column
	h.Href = sorted.href(0)
	return h
}

// commaList reads a filter as the API does: comma-separated, blanks dropped.
func commaList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// number writes n with thousands separators: 1,200.
func number(n int) string { return humanize.Comma(int64(n)) }

func isChoice(choices []views.FilterChoice, v string) bool {
	return slices.ContainsFunc(choices, func(c views.FilterChoice) bool { return c.Value == v })
}

// useIndex starts or refreshes the agent's index as needed and waits at
// most wait for a reading under way; false when the console keeps none for
// this agent.
func (h *Handlers) useIndex(c echo.Context, wait time.Duration) (string, kbindex.Status, bool) {
	acct := h.Account(c)
	if h.Index == nil || acct.ScenarioID == "" {
		return "", kbindex.Status{}, false
	}
	agent := kbindex.Agent(acct.ScenarioID)
	st := h.Index.Use(agent, h.API(c))
	if (st.Building && !st.Complete || st.CatchingUp) && wait > 0 {
		st = h.Index.WaitIfSmall(c.Request().Context(), agent, wait, indexWaitPages)
	}
	return agent, st, true
}

// indexedList is the list filtered by state or sorted: over the whole
// knowledge base from the agent's index when it is complete, over what it
// has read so far while it is first read (and the page says so), else over
// the page shown (and the page says that).
func (h *Handlers) indexedList(c echo.Context, aq articleQuery, m views.ArticleList) error {
	ctx := c.Request().Context()
	api := h.API(c)
	// The same read as the default list (shared through the cache): the
	// page the index falls back to, and the API's word that this token
	// still reads this agent.
	list, err := api.ListArticles(ctx, aq.params())
	if err != nil {
		return h.Failure(c, err)
	}
	agent, st, ok := h.useIndex(c, indexWait)
	reason := ""
	switch {
	case !ok:
		reason = "the console keeps no index of this agent's articles."
	case st.Complete:
		// The whole knowledge base, as last read plus the console's writes since.
	case st.TooLarge:
		reason = fmt.Sprintf("this knowledge base has more than %s articles, more than the console indexes.", number(h.Index.MaxArticles()))
	case st.Building && st.Read == 0:
		reason = "the list of all articles is still being read."
		m.Index.Poll = aq.href(aq.Offset)
	case !st.Building:
		reason = "the list of all articles could not be read just now."
	}
	var ids map[int64]bool
	if reason == "" && (aq.Query != "" || aq.URL != "") {
		ids, ok, err = matchingIDs(ctx, api, aq, list)
		if err != nil {
			return h.Failure(c, err)
		}
		if !ok {
			reason = fmt.Sprintf("more than %s articles match the content or URL filter.", number(maxMatchPages*kbindex.PageSize))
		}
	}
	if reason != "" {
		return h.pageOnlyList(c, aq, m, list, "State and order apply to the page shown: "+reason)
	}
	q := kbindex.Query{State: aq.State, Types: commaList(aq.Types), Tags: commaList(aq.Tags), Title: aq.Title, IDs: ids, Offset: aq.Offset, Limit: aq.Limit}
	q.Sort, q.Desc = strings.TrimPrefix(aq.Sort, "-"), strings.HasPrefix(aq.Sort, "-")
	res, st := h.Index.Find(agent, q)
	if last, past := pastTheEnd(aq.Offset, len(res.Rows), res.Matched, aq.Limit); past && st.Complete {
		return web.Redirect(c, aq.href(last))
	}
	m.Rows = indexRows(res.Rows)
	m.Count = res.Matched
	m.Pager = web.Pager(aq.Offset, len(res.Rows), res.Matched, aq.Limit, aq.href, "#article-results")
	m.TagOptions = withTag(nil, aq.Tags)
	m.Index.Indexed, m.Index.Kind = true, "info"
	verb := map[bool]string{true: "Sorting", false: "Filtering"}[aq.Sort != ""]
	if st.Complete {
		done := map[bool]string{true: "Sorted", false: "Filtered"}[aq.Sort != ""]
		if aq.Sort != "" && aq.State != "" {
			done = "Filtered and sorted"
		}
		m.Index.Text = fmt.Sprintf("%s over all %s articles of the knowledge base.", done, number(st.Total))
		if st.CatchingUp {
			m.Index.Text += " Articles changed outside this console's editor (a bulk job, an import) are being read again; the list updates itself."
			m.Index.Poll = aq.href(aq.Offset)
		}
	} else {
		m.Index.Kind = "warning"
		m.Index.Text = fmt.Sprintf("%s %s of %s articles read so far…", verb, number(st.Read), number(st.Total))
		m.Index.Poll = aq.href(aq.Offset)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Articles", Nav: "articles", Body: views.ArticlesPage(m), Partial: views.ArticleResults(m)})
}

// pageOnlyList is the API's page with the state filter and order applied
// to its rows alone, saying so.
func (h *Handlers) pageOnlyList(c echo.Context, aq articleQuery, m views.ArticleList, list *apiclient.Page[apiclient.Article], note string) error {
	if last, past := pastTheEnd(aq.Offset, len(list.Items), list.Count, aq.Limit); past {
		return web.Redirect(c, aq.href(last))
	}
	items := make([]apiclient.Article, 0, len(list.Items))
	for _, a := range list.Items {
		if aq.State == "" || a.State == aq.State {
			items = append(items, a)
		}
	}
	sortArticles(items, aq.Sort)
	m.Rows = articleRows(items)
	m.Count = list.Count
	m.Pager = web.Pager(list.Offset, len(list.Items), list.Count, aq.Limit, aq.href, "#article-results")
	m.TagOptions = withTag(nil, aq.Tags)
	m.Index.Text, m.Index.Kind = note, "warning"
	return h.Render(c, http.StatusOK, web.Page{Title: "Articles", Nav: "articles", Body: views.ArticlesPage(m), Partial: views.ArticleResults(m)})
}

// sortArticles orders one page's articles as sort says ("title",
// "-modified"…), the id breaking ties.
func sortArticles(items []apiclient.Article, sort string) {
	by, desc := strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
	if by == "" {
		return
	}
	slices.SortStableFunc(items, func(a, b apiclient.Article) int {
		var n int
		switch by {
		case kbindex.SortTitle:
			n = cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.Title, b.Title))
		case kbindex.SortModified:
			ta, _ := time.Parse(time.RFC3339Nano, a.LastModifiedTimestamp)
			tb, _ := time.Parse(time.RFC3339Nano, b.LastModifiedTimestamp)
			n = ta.Compare(tb)
		}
		n = cmp.Or(n, cmp.Compare(a.ID, b.ID))
		if desc {
			return -n
		}
		return n
	})
}

// matchingIDs are the ids of every article matching the list's filters as
// the API applies them (content and URL the index cannot), read from its
// filtered list starting with first; false when more match than
// maxMatchPages pages hold.
func matchingIDs(ctx context.Context, api API, aq articleQuery, first *apiclient.Page[apiclient.Article]) (map[int64]bool, bool, error) {
	if first.Count > maxMatchPages*kbindex.PageSize {
		return nil, false, nil
	}
	ids := map[int64]bool{}
	p := aq.params()
	p.Limit, p.Offset = kbindex.PageSize, 0
	for range maxMatchPages {
		page, err := api.ListArticles(ctx, p)
		if err != nil {
			return nil, false, err
		}
		for _, a := range page.Items {
			ids[a.ID] = true
		}
		p.Offset += kbindex.PageSize
		if len(page.Items) < kbindex.PageSize || p.Offset >= page.Count {
			return ids, true, nil
		}
	}
	return nil, false, nil
}

// indexRows are the list's rows from the index, which keeps no versions or deploy states.
func indexRows(rows []kbindex.Row) []views.ArticleRow {
	out := make([]views.ArticleRow, 0, len(rows))
	for _, r := range rows {
		row := views.ArticleRow{
			ID: r.ID, Href: web.ArticleHref(r.ID), Title: display.Title(r.Title), Type: r.Type, State: r.State,
			Tags: tagChips(r.Tags),
		}
		if t := r.ModifiedTime(); !t.IsZero() {
			row.Modified = t.Format(time.RFC3339Nano)
		}
		out = append(out, row)
	}
	return out
}
