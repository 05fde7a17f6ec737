package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

func (h *Handlers) handoffPage(c echo.Context) error {
	cfg, err := h.api(c).GetHandoffConfiguration(c.Request().Context())
	if err != nil {
		return h.kit.Failure(c, err)
	}
	return h.renderHandoff(c, h.handoffView(h.account(c).CanWrite(), handoffInputOf(cfg), nil))
}

func (h *Handlers) renderHandoff(c echo.Context, m views.HandoffForm) error {
	return h.kit.Render(c, http.StatusOK, web.Page{Title: "Handoff", Nav: "handoff", Body: views.HandoffPage(m), Partial: views.HandoffFormView(m)})
}
