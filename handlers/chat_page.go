package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
)

// chatPage opens the playground, on a conversation when conv_id names one (to continue it).
func (h *Handlers) chatPage(c echo.Context) error {
	in := chatInput{ConvID: strings.TrimSpace(c.QueryParam("conv_id")), Legacy: c.QueryParam("mode") == "legacy"}
	m := h.chatView(c, in, nil)
	if in.ConvID != "" {
		lines, err := h.chatLines(c.Request().Context(), h.api(c), in.ConvID, false)
		if err != nil {
			if apiErr, ok := unauthorized(err); ok {
				return h.tokenRefused(c, apiErr)
			}
			m.LogNote = "The conversation so far could not be read. " + describe(err)
		}
		m.Lines = lines
	}
	m.Focus = "text"
	return h.renderChat(c, m)
}

func (h *Handlers) renderChat(c echo.Context, m views.ChatPlayground) error {
	return h.render(c, http.StatusOK, page{title: "Chat playground", nav: "chat", body: views.ChatPage(m), partial: views.ChatPanel(m)})
}
