package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
)

func (h *Handlers) handoffPage(c echo.Context) error {
	cfg, err := h.api(c).GetHandoffConfiguration(c.Request().Context())
	if err != nil {
		return h.apiFailure(c, err)
	}
	return h.renderHandoff(c, h.handoffView(h.account(c).CanWrite(), handoffInputOf(cfg), nil))
}

func (h *Handlers) renderHandoff(c echo.Context, m views.HandoffForm) error {
	return h.render(c, http.StatusOK, page{title: "Handoff", nav: "handoff", body: views.HandoffPage(m), partial: views.HandoffFormView(m)})
}
