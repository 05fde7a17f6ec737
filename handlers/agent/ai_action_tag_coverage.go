package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// TagCoverage says how many articles carry the tag being typed, so a person picks one that covers something.
func (h *Handlers) TagCoverage(c echo.Context) error {
	cov := tagCoverage(c.Request().Context(), h.API(c), c.QueryParam("tag"))
	return h.Render(c, http.StatusOK, web.Page{Title: "Tag coverage", Nav: "ai-actions", Body: views.TagCoverageView(cov), Styles: []string{"forms.css", "agent.css"}})
}
