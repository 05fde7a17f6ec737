package agent

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// OpenChat opens the playground, on a conversation when conv_id names one (to continue it).
func (h *Handlers) OpenChat(c echo.Context) error {
	// A new page marks its chats as tests until the person says otherwise.
	in := chatInput{ConvID: strings.TrimSpace(c.QueryParam("conv_id")), Legacy: c.QueryParam("mode") == "legacy", MarkTest: true}
	m := h.chatView(c, in, nil)
	if in.ConvID != "" {
		lines, err := h.chatLines(c.Request().Context(), h.API(c), in.ConvID, false)
		if err != nil {
			m.LogNote = "The conversation so far could not be read. " + h.Explain(c, err)
		}
		m.Lines = lines
	}
	m.Focus = "text"
	return h.renderChat(c, m)
}

func (h *Handlers) renderChat(c echo.Context, m views.ChatPlayground) error {
	return h.Render(c, http.StatusOK, web.Page{Title: "Chat playground", Nav: "chat", Body: views.ChatPage(m), Partial: views.ChatPanel(m), Styles: []string{"forms.css", "inbox.css", "agent.css"}})
}
