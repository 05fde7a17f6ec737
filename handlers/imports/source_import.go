package imports

import (
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"

	"github.com/labstack/echo/v4"
)

// ImportSource copies the source's articles into the knowledge base, then
// shows the comparison again with what the import brought: the articles new
// at the source, and the text it changed in those changed there.
func (h *Handlers) ImportSource(c echo.Context) error {
	m, err := h.sourceAction(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
	note := h.budgetNote()
	before := beforeImport(ctx, api, m.Source, nil)
	var n int
	if m.Intercom {
		articles, e := api.ImportIntercom(ctx)
		n, err = len(articles), e
	} else {
		articles, e := api.ImportSource(ctx, m.Source)
		n, err = len(articles), e
	}
	if err != nil {
		m.Error = "The import from " + m.Label + " did not happen. " + h.Explain(c, err)
		return h.showSource(c, m, nil, nil)
	}
	msg := "Imported " + display.Count(n, "article", "articles") + " from " + m.Label + "."
	if note != "" {
		msg += " " + note
	}
	return h.showImported(c, m, before, msg)
}

// showImported sends the browser to the source's page, which then says what
// the import or refresh brought: kept in the session for that one visit, so
// reloading the page reads it again rather than importing twice.
func (h *Handlers) showImported(c echo.Context, m views.Sources, before *pending, msg string) error {
	ctx := c.Request().Context()
	o := outcome{Source: m.Source, More: before.more}
	o.Changes = afterImport(ctx, h.API(c), before, m.Label)
	if before.known != nil {
		o.Known = make([]int64, 0, len(before.known))
		for id := range before.known {
			o.Known = append(o.Known, id)
		}
	}
	h.keepOutcome(c, o)
	if n := len(o.Changes); n > 0 {
		msg += " Below: the text it changed in " + display.Count(n, "article", "articles") + " changed at " + m.Label + "."
	}
	h.Flash(c, "success", msg)
	return web.Redirect(c, web.SourceHref(m.Source))
}
