package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// PreviewWidget redraws the preview from the form as it is being typed; nothing is saved.
func (h *Handlers) PreviewWidget(c echo.Context) error {
	if !web.WantsFragment(c) {
		return web.Redirect(c, "/widget")
	}
	in := readWidgetInput(web.PostForm(c))
	return h.Render(c, http.StatusOK, web.Page{Title: "Widget preview", Nav: "widget", Body: views.WidgetPreviewView(h.widgetPreview(in)), Styles: []string{"forms.css", "agent.css"}})
}
