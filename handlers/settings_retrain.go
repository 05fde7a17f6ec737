package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
)

// settingsRetrain asks Quickchat to retrain the agent, so published changes reach its answers.
func (h *Handlers) settingsRetrain(c echo.Context) error {
	ctx := c.Request().Context()
	err := h.api(c).RetrainKnowledgeBase(ctx)
	status := 0
	var apiErr *apiclient.APIError
	if errors.As(err, &apiErr) {
		status = apiErr.Status
	}
	switch {
	case err == nil:
		h.Sessions.Flash(ctx, "success", "Retraining started.")
	case status == http.StatusUnauthorized:
		return h.tokenRefused(c, apiErr)
	case status == http.StatusConflict:
		h.Sessions.Flash(ctx, "info", "A retrain is already running. The state below changes when it is done; retrain again after that if you publish more changes.")
	default:
		h.Sessions.Flash(ctx, "error", "The retrain did not start. "+describe(err))
	}
	return redirect(c, "/settings")
}

// settingsRetrainState is the training badge alone, which refreshes itself while a retrain is pending or running.
func (h *Handlers) settingsRetrainState(c echo.Context) error {
	if !wantsFragment(c.Request()) {
		return redirect(c, "/settings")
	}
	kb, err := h.api(c).GetKnowledgeBase(c.Request().Context())
	if err != nil {
		return h.apiFailure(c, err)
	}
	return h.render(c, http.StatusOK, page{title: "Settings", nav: "settings", body: views.RetrainStateBadge(retrainBadge(kb.RetrainState))})
}
