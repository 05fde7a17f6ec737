package imports

import (
	"qcadmin/display"
	"qcadmin/views"

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
	return h.showImported(c, m, nil, before, msg)
}

// showImported shows the source after an import or refresh, saying what it did.
func (h *Handlers) showImported(c echo.Context, m views.Sources, ticked map[int64]bool, before *pending, msg string) error {
	m.Changes, m.MoreChanged = afterImport(c.Request().Context(), h.API(c), before, m.Label), before.more
	h.Flash(c, "success", msg)
	// Shown here rather than after a redirect: what the import changed is known only now.
	c.Response().Header().Set("Cache-Control", "no-store")
	return h.showSource(c, m, ticked, before)
}
