package imports

import (
	"qcadmin/display"
	"qcadmin/web"

	"github.com/labstack/echo/v4"
)

// ImportSource copies the source's articles into the knowledge base, then shows the comparison again.
func (h *Handlers) ImportSource(c echo.Context) error {
	m, err := h.sourceAction(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
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
		m.Error = "The import from " + m.Label + " did not happen. " + h.Explain(c, err)
		return h.showSource(c, m, nil)
	}
	msg := "Imported " + display.Count(n, "article", "articles") + " from " + m.Label + "."
	if note != "" {
		msg += " " + note
	}
	h.Flash(c, "success", msg)
	return web.Redirect(c, web.SourceHref(m.Source))
}
