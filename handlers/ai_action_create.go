package handlers

import (
	"github.com/labstack/echo/v4"
)

// aiActionCreate makes an empty Knowledge Base action and opens it, since it is not ready until it is filled in.
func (h *Handlers) aiActionCreate(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := h.api(c).CreateKBAction(ctx)
	if err != nil {
		if apiErr, ok := unauthorized(err); ok {
			return h.tokenRefused(c, apiErr)
		}
		m, lerr := h.aiActionList(c)
		if lerr != nil {
			return h.apiFailure(c, lerr)
		}
		m.Error = "The action was not created. " + describe(err)
		return h.renderAIActions(c, m)
	}
	h.Sessions.Flash(ctx, "success", "Knowledge Base action created. Fill in its four fields to make it ready, then switch it on.")
	return redirect(c, aiActionHref(a.ID))
}
