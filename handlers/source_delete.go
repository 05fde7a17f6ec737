package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/views"
)

// sourceDelete asks first, naming the source and how many articles go, then
// removes every article imported from it.
func (h *Handlers) sourceDelete(c echo.Context) error {
	m, err := h.sourceAction(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.api(c)
	diffs, err := diffOf(ctx, api, m.Source)
	if err != nil {
		if apiErr, ok := unauthorized(err); ok {
			return h.tokenRefused(c, apiErr)
		}
		m.Error = "Could not count the articles imported from " + m.Label + ", so nothing was deleted. " + describe(err)
		return h.showSource(c, m, nil)
	}
	confirm := views.SourceDeleteConfirm{Label: m.Label, Count: len(diffs), Action: m.DeleteHref, Back: sourceHref(m.Source)}
	show := func() error {
		return h.render(c, http.StatusOK, page{title: "Delete " + m.Label + " articles", nav: "sources", body: views.SourceDeleteConfirmPage(confirm)})
	}
	if postForm(c).Get("confirm") != "yes" {
		return show()
	}
	if m.Intercom {
		err = api.DeleteIntercom(ctx)
	} else {
		err = api.DeleteSource(ctx, m.Source)
	}
	if err != nil {
		if apiErr, ok := unauthorized(err); ok {
			return h.tokenRefused(c, apiErr)
		}
		confirm.Error = describe(err)
		return show()
	}
	h.Sessions.Flash(ctx, "success", "Deleted "+display.Count(len(diffs), "article", "articles")+" imported from "+m.Label+".")
	return redirect(c, sourceHref(m.Source))
}
