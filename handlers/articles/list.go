package articles

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/kbindex"
	"qcadmin/views"
	"qcadmin/views/components"
	"qcadmin/web"
)

var articleTypes = []string{"Article", "Paragraph", "URL"}

// articleQuery is the list's state as it appears in the URL.
type articleQuery struct {
	views.ArticleFilters
	Offset int
	// Bad names a state or order the list does not know; the page says so.
	Bad string
}

func parseArticleQuery(q url.Values) articleQuery {
	aq := articleQuery{ArticleFilters: views.ArticleFilters{
		Query: strings.TrimSpace(q.Get("query")),
		Title: strings.TrimSpace(q.Get("title")),
		Tags:  strings.TrimSpace(q.Get("tags")),
		Types: strings.TrimSpace(q.Get("types")),
		URL:   strings.TrimSpace(q.Get("url")),
		Limit: web.DefaultPageSize,
	}}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		for _, size := range web.PageSizes {
			if n == size {
				aq.Limit = n
			}
		}
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		aq.Offset = n
	}
	aq.State, aq.Sort, aq.Bad = parseStateAndSort(q)
	return aq
}

// href is the shareable URL of this list at another offset.
func (aq articleQuery) href(offset int) string {
	return listHref("/articles", url.Values{
		"query": {aq.Query}, "title": {aq.Title}, "tags": {aq.Tags}, "types": {aq.Types}, "url": {aq.URL},
		"state": {aq.State}, "sort": {aq.Sort},
	}, aq.Limit, offset)
}

// listHref is a list page's shareable URL: its non-empty filters, the page
// size when it is not the default, and the offset when past the first page.
func listHref(path string, filters url.Values, limit, offset int) string {
	v := url.Values{}
	for k, vals := range filters {
		for _, val := range vals {
			if val != "" {
				v.Add(k, val)
			}
		}
	}
	if limit != web.DefaultPageSize {
		v.Set("limit", strconv.Itoa(limit))
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func (aq articleQuery) filtersActive() bool {
	return aq.Query != "" || aq.Title != "" || aq.Tags != "" || aq.Types != "" || aq.URL != "" || aq.State != "" || aq.Sort != ""
}

func (aq articleQuery) params() apiclient.ListArticlesParams {
	p := apiclient.ListArticlesParams{Limit: aq.Limit, Offset: aq.Offset, URL: aq.URL, Title: aq.Title, Query: aq.Query}
	if aq.Types != "" {
		p.Types = []string{aq.Types}
	}
	if aq.Tags != "" {
		p.Tags = []string{aq.Tags}
	}
	return p
}

// List shows the articles, filtered and paged as the URL says.
func (h *Handlers) List(c echo.Context) error {
	ctx := c.Request().Context()
	aq := parseArticleQuery(c.QueryParams())
	api := h.API(c)
	m := views.ArticleList{
		Filters:       aq.ArticleFilters,
		FiltersActive: aq.filtersActive(),
		ClearHref:     "/articles",
		TypeOptions:   articleTypes,
		PageSizes:     web.PageSizes,
		CanWrite:      h.Account(c).CanWrite(),
		BulkJobs:      h.BulkJobs,
	}
	if id, err := strconv.ParseInt(c.QueryParam("job"), 10, 64); err == nil && id > 0 && h.BulkJobs {
		m.JobID = id
	}
	m.TitleHead, m.ModifiedHead = aq.sortHead(kbindex.SortTitle, ""), aq.sortHead(kbindex.SortModified, "-")
	if aq.Bad != "" {
		m.Error = aq.Bad
		return h.Render(c, http.StatusBadRequest, web.Page{Title: "Articles", Nav: "articles", Body: views.ArticlesPage(m), Partial: views.ArticleResults(m)})
	}
	if aq.State != "" || aq.Sort != "" {
		// Only a state filter or an order reads the index: the default list stays one call.
		return h.indexedList(c, aq, m)
	}
	list, err := api.ListArticles(ctx, aq.params())
	if err != nil {
		return h.Failure(c, err)
	}
	if last, past := pastTheEnd(aq.Offset, len(list.Items), list.Count, aq.Limit); past {
		return web.Redirect(c, aq.href(last))
	}
	m.Rows = articleRows(list.Items)
	m.Count = list.Count
	m.Pager = web.Pager(list.Offset, len(list.Items), list.Count, aq.Limit, aq.href, "#article-results")
	// The tag menu loads its options when first used (TagFilter); until
	// then it holds the tag filtered by.
	m.TagOptions = withTag(nil, aq.Tags)
	return h.Render(c, http.StatusOK, web.Page{
		Title:   "Articles",
		Nav:     "articles",
		Body:    views.ArticlesPage(m),
		Partial: views.ArticleResults(m),
		Scripts: views.JobScripts(m.JobID > 0), // the job's card hears its progress live
	})
}

func articleRows(items []apiclient.Article) []views.ArticleRow {
	rows := make([]views.ArticleRow, 0, len(items))
	for _, a := range items {
		rows = append(rows, views.ArticleRow{
			ID:          a.ID,
			Href:        web.ArticleHref(a.ID),
			Title:       display.Title(a.Title),
			Type:        a.Type,
			State:       a.State,
			DeployState: a.DeployState,
			Modified:    a.LastModifiedTimestamp,
			Version:     versionCell(a.Version),
			Tags:        tagChips(a.Tags),
		})
	}
	return rows
}

func tagChips(tags []string) []components.Chip {
	chips := make([]components.Chip, 0, len(tags))
	for _, t := range tags {
		chips = append(chips, components.Chip{Label: t, Href: "/articles?tags=" + url.QueryEscape(t)})
	}
	return chips
}

// pastTheEnd reports a page beyond the last one (a stale link, or rows deleted
// since), and the offset of the last page that has rows.
func pastTheEnd(offset, shown, count, limit int) (last int, past bool) {
	if shown > 0 || offset == 0 || count == 0 || limit <= 0 {
		return 0, false
	}
	return (count - 1) / limit * limit, true
}

// versionCell shows a version in the list; null (never published, in the
// newer edition) shows as a dash.
func versionCell(v *int) string {
	if v == nil {
		return display.OrDash("")
	}
	return strconv.Itoa(*v)
}
