package agent

import "github.com/labstack/echo/v4"

// ListAIActions shows every AI action with its type, whether it is ready and its switch.
func (h *Handlers) ListAIActions(c echo.Context) error {
	m, err := h.aiActionList(c)
	if err != nil {
		return h.Failure(c, err)
	}
	return h.renderAIActions(c, m)
}
