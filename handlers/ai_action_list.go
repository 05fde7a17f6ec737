package handlers

import "github.com/labstack/echo/v4"

// aiActionListPage shows every AI action with its type, whether it is ready and its switch.
func (h *Handlers) aiActionListPage(c echo.Context) error {
	m, err := h.aiActionList(c)
	if err != nil {
		return h.kit.Failure(c, err)
	}
	return h.renderAIActions(c, m)
}
