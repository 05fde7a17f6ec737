package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// aiActionTagCoverage says how many articles carry the tag being typed, so a person picks one that covers something.
func (h *Handlers) aiActionTagCoverage(c echo.Context) error {
	cov := tagCoverage(c.Request().Context(), h.api(c), c.QueryParam("tag"))
	return h.kit.Render(c, http.StatusOK, web.Page{Title: "Tag coverage", Nav: "ai-actions", Body: views.TagCoverageView(cov)})
}
