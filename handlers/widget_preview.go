package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
)

// widgetPreviewPart redraws the preview from the form as it is being typed; nothing is saved.
func (h *Handlers) widgetPreviewPart(c echo.Context) error {
	if !wantsFragment(c.Request()) {
		return redirect(c, "/widget")
	}
	in := readWidgetInput(postForm(c))
	return h.render(c, http.StatusOK, page{title: "Widget preview", nav: "widget", body: views.WidgetPreviewView(h.widgetPreview(in))})
}
