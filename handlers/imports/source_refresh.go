package imports

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/web"
)

// RefreshIntercom fetches Intercom's articles again: all of them, or those
// ticked in the comparison, and new ones when asked.
func (h *Handlers) RefreshIntercom(c echo.Context) error {
	m := h.sourcesView(c, intercom)
	form := web.PostForm(c)
	fetchNew := form.Get("fetch_new_articles") != ""
	m.FetchNew = fetchNew
	ticked := map[int64]bool{}
	ids := []int64{}
	for _, s := range form["article_ids"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			m.Error = "“" + s + "” is not an article id; reload the page and tick the articles again."
			return h.showSource(c, m, ticked, nil)
		}
		if !ticked[id] {
			ticked[id] = true
			ids = append(ids, id)
		}
	}
	in := apiclient.IntercomRefresh{FetchNewArticles: &fetchNew}
	what := "every Intercom article"
	if form.Get("scope") != "all" {
		if len(ids) == 0 {
			m.Error = "Tick the articles to refresh, or refresh all."
			return h.showSource(c, m, ticked, nil)
		}
		in.ArticleIDs = ids
		what = display.Count(len(ids), "article", "articles")
	}
	ctx := c.Request().Context()
	note := h.budgetNote()
	var only map[int64]bool
	if in.ArticleIDs != nil {
		only = ticked
	}
	before := beforeImport(ctx, h.API(c), intercom, only)
	if err := h.API(c).RefreshIntercom(ctx, in); err != nil {
		m.Error = "The refresh did not happen. " + h.Explain(c, err)
		return h.showSource(c, m, ticked, nil)
	}
	msg := "Refreshed " + what + " from Intercom."
	if fetchNew {
		msg += " New Intercom articles were fetched too."
	}
	if note != "" {
		msg += " " + note
	}
	return h.showImported(c, m, before, msg)
}
