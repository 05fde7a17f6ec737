package articles

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/internal/cut"
	"qcadmin/views"
	"qcadmin/web"
)

// paragraphExcerpt is how much of a paragraph the list shows before "show more", in characters.
const paragraphExcerpt = 320

// paragraphQuery is the paragraph list's state as it appears in the URL.
type paragraphQuery struct {
	views.ParagraphFilters
	Offset int
}

func parseParagraphQuery(q url.Values) paragraphQuery {
	pq := paragraphQuery{ParagraphFilters: views.ParagraphFilters{Query: strings.TrimSpace(q.Get("query")), Limit: web.DefaultPageSize}}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && web.IsPageSize(n) {
		pq.Limit = n
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		pq.Offset = n
	}
	return pq
}

// href is the shareable URL of this list at another offset.
func (pq paragraphQuery) href(offset int) string {
	return listHref("/paragraphs", url.Values{"query": {pq.Query}}, pq.Limit, offset)
}

// Paragraphs lists the knowledge base's paragraphs, filtered and paged as the URL says.
func (h *Handlers) Paragraphs(c echo.Context) error {
	pq := parseParagraphQuery(c.QueryParams())
	list, err := h.API(c).ListParagraphs(c.Request().Context(), apiclient.ListParagraphsParams{Limit: pq.Limit, Offset: pq.Offset, Query: pq.Query})
	if err != nil {
		return h.Failure(c, err)
	}
	if last, past := pastTheEnd(pq.Offset, len(list.Items), list.Count, pq.Limit); past {
		return web.Redirect(c, pq.href(last))
	}
	m := views.ParagraphList{
		Filters:       pq.ParagraphFilters,
		FiltersActive: pq.Query != "",
		ClearHref:     "/paragraphs",
		PageSizes:     web.PageSizes,
		Rows:          paragraphRows(list.Items, h.paragraphTitles(c, list.Items)),
		Pager:         web.Pager(list.Offset, len(list.Items), list.Count, pq.Limit, pq.href, "#paragraph-results"),
	}
	return h.Render(c, http.StatusOK, web.Page{
		Title:   "Paragraphs",
		Nav:     "paragraphs",
		Body:    views.ParagraphsPage(m),
		Partial: views.ParagraphResults(m),
		Styles:  []string{"kb.css"},
	})
}

// paragraphTitles are the titles of the paragraphs' articles: from the
// agent's index when it holds the whole knowledge base, else from the first
// pages of the article list (cached, not one read per paragraph).
func (h *Handlers) paragraphTitles(c echo.Context, items []apiclient.Paragraph) map[int64]string {
	var ids []int64
	for _, p := range items {
		if p.ArticleID != nil && !slices.Contains(ids, *p.ArticleID) {
			ids = append(ids, *p.ArticleID)
		}
	}
	if len(ids) == 0 {
		return map[int64]string{}
	}
	if agent, st, ok := h.useIndex(c, indexWait); ok && st.Complete {
		if titles, ok := h.Index.Titles(agent, ids); ok {
			return titles
		}
	}
	return articleTitles(c.Request().Context(), h.API(c), ids)
}

// paragraphRows are the list's rows; a paragraph names its article by
// title, or by number when the title is not known.
func paragraphRows(items []apiclient.Paragraph, titles map[int64]string) []views.ParagraphRow {
	rows := make([]views.ParagraphRow, 0, len(items))
	for _, p := range items {
		r := views.ParagraphRow{ID: p.ID, Content: p.Content}
		r.Excerpt, r.Clipped = clip(p.Content, paragraphExcerpt)
		if p.ArticleID != nil {
			id := strconv.FormatInt(*p.ArticleID, 10)
			r.ArticleHref, r.ArticleLabel = "/articles/"+id, "Article #"+id
			if title, ok := titles[*p.ArticleID]; ok {
				r.ArticleLabel = display.Title(title)
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// clip shortens s to about limit characters, at a word boundary when one is near.
func clip(s string, limit int) (string, bool) {
	kept := cut.Runes(s, limit)
	if len(kept) == len(s) {
		return s, false
	}
	if r, _ := utf8.DecodeRuneInString(s[len(kept):]); !unicode.IsSpace(r) {
		// Back to the last space in the final quarter, so no word is cut in two.
		if i := strings.LastIndexFunc(kept, unicode.IsSpace); i >= 0 && utf8.RuneCountInString(kept[i:]) < limit/4 {
			kept = kept[:i]
		}
	}
	return strings.TrimRightFunc(kept, unicode.IsSpace) + "…", true
}
