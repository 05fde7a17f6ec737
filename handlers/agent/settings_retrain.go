package agent

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// Retrain asks Quickchat to retrain the agent, so published changes reach its answers.
func (h *Handlers) Retrain(c echo.Context) error {
	ctx := c.Request().Context()
	err := h.API(c).RetrainKnowledgeBase(ctx)
	status := 0
	var apiErr *apiclient.APIError
	if errors.As(err, &apiErr) {
		status = apiErr.Status
	}
	switch {
	case err == nil:
		h.Sessions.Flash(ctx, "success", "Retraining started.")
	case status == http.StatusUnauthorized:
		return h.Failure(c, err)
	case status == http.StatusConflict:
		h.Sessions.Flash(ctx, "info", "A retrain is already running. The state below changes when it is done; retrain again after that if you publish more changes.")
	default:
		h.Sessions.Flash(ctx, "error", "The retrain did not start. "+web.Describe(err))
	}
	// Retrain now beside an article comes back to that article.
	back := "/settings"
	if b := c.FormValue("back"); b != "" {
		back = web.LocalPath(b)
	}
	return web.Redirect(c, back)
}

// RetrainState is the training badge alone, which refreshes itself while a retrain is pending or running.
func (h *Handlers) RetrainState(c echo.Context) error {
	if !web.WantsFragment(c) {
		return web.Redirect(c, "/settings")
	}
	// It polls a state that changes at Quickchat without a write: always fresh.
	kb, err := h.API(c).GetKnowledgeBase(apiclient.Fresh(c.Request().Context()))
	if err != nil {
		return h.Failure(c, err)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Settings", Nav: "settings", Body: views.RetrainStateBadge(retrainBadge(kb.RetrainState)), Styles: []string{"forms.css", "agent.css"}})
}
