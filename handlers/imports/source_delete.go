package imports

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// DeleteSource asks first, naming the source and how many articles go, then
// removes every article imported from it.
func (h *Handlers) DeleteSource(c echo.Context) error {
	m, err := h.sourceAction(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
	diffs, err := diffOf(ctx, api, m.Source)
	if err != nil {
		m.Error = "Could not count the articles imported from " + m.Label + ", so nothing was deleted. " + h.Explain(c, err)
		return h.showSource(c, m, nil, nil)
	}
	confirm := views.SourceDeleteConfirm{Label: m.Label, Count: len(diffs), Action: m.DeleteHref, Back: web.SourceHref(m.Source)}
	show := func() error {
		return h.Render(c, http.StatusOK, web.Page{Title: "Delete " + m.Label + " articles", Nav: "sources", Body: views.SourceDeleteConfirmPage(confirm), Styles: []string{"forms.css", "imports.css"}})
	}
	if web.PostForm(c).Get("confirm") != "yes" {
		return show()
	}
	if m.Intercom {
		err = api.DeleteIntercom(ctx)
	} else {
		err = api.DeleteSource(ctx, m.Source)
	}
	if err != nil {
		confirm.Error = h.Explain(c, err)
		return show()
	}
	h.Flash(c, "success", "Deleted "+display.Count(len(diffs), "article", "articles")+" imported from "+m.Label+".")
	return web.Redirect(c, web.SourceHref(m.Source))
}
