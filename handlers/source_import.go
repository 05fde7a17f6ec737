package handlers

import (
	"qcadmin/display"

	"github.com/labstack/echo/v4"
)

// sourceImport copies the source's articles into the knowledge base, then shows the comparison again.
func (h *Handlers) sourceImport(c echo.Context) error {
	m, err := h.sourceAction(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.api(c)
	note := h.budgetNote()
	var n int
	if m.Intercom {
		articles, e := api.ImportIntercom(ctx)
		n, err = len(articles), e
	} else {
		articles, e := api.ImportSource(ctx, m.Source)
		n, err = len(articles), e
	}
	if err != nil {
		if apiErr, ok := unauthorized(err); ok {
			return h.tokenRefused(c, apiErr)
		}
		m.Error = "The import from " + m.Label + " did not happen. " + describe(err)
		return h.showSource(c, m, nil)
	}
	msg := "Imported " + display.Count(n, "article", "articles") + " from " + m.Label + "."
	if note != "" {
		msg += " " + note
	}
	h.Sessions.Flash(ctx, "success", msg)
	return redirect(c, sourceHref(m.Source))
}
