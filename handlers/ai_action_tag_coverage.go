package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
)

// aiActionTagCoverage says how many articles carry the tag being typed, so a person picks one that covers something.
func (h *Handlers) aiActionTagCoverage(c echo.Context) error {
	cov := tagCoverage(c.Request().Context(), h.api(c), c.QueryParam("tag"))
	return h.render(c, http.StatusOK, page{title: "Tag coverage", nav: "ai-actions", body: views.TagCoverageView(cov)})
}
