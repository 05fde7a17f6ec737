package agent

import (
	"qcadmin/web"

	"github.com/labstack/echo/v4"
)

// CreateAIAction makes an empty Knowledge Base action and opens it, since it is not ready until it is filled in.
func (h *Handlers) CreateAIAction(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := h.API(c).CreateKBAction(ctx)
	if err != nil {
		m, lerr := h.aiActionList(c)
		if lerr != nil {
			return h.Failure(c, lerr)
		}
		m.Error = "The action was not created. " + h.Explain(c, err)
		return h.renderAIActions(c, m)
	}
	h.Sessions.Flash(ctx, "success", "Knowledge Base action created. Fill in its four fields to make it ready, then switch it on.")
	return web.Redirect(c, web.AIActionHref(a.ID))
}
