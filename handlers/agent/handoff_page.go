package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// ShowHandoff is the handoff page: when the agent hands a conversation to a person, and to whom.
func (h *Handlers) ShowHandoff(c echo.Context) error {
	cfg, err := h.API(c).GetHandoffConfiguration(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	return h.renderHandoff(c, h.handoffView(h.Account(c).CanWrite(), handoffInputOf(cfg), nil))
}

func (h *Handlers) renderHandoff(c echo.Context, m views.HandoffForm) error {
	return h.Render(c, http.StatusOK, web.Page{Title: "Handoff", Nav: "handoff", Body: views.HandoffPage(m), Partial: views.HandoffFormView(m), Styles: []string{"forms.css", "agent.css"}})
}
