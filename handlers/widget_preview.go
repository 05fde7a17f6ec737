package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// widgetPreviewPart redraws the preview from the form as it is being typed; nothing is saved.
func (h *Handlers) widgetPreviewPart(c echo.Context) error {
	if !web.WantsFragment(c) {
		return web.Redirect(c, "/widget")
	}
	in := readWidgetInput(web.PostForm(c))
	return h.kit.Render(c, http.StatusOK, web.Page{Title: "Widget preview", Nav: "widget", Body: views.WidgetPreviewView(h.widgetPreview(in))})
}
