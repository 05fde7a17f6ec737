package agent

import (
	"net/http"
	"qcadmin/web"

	"github.com/labstack/echo/v4"
)

// SaveChatbotSettings saves the chatbot settings, or, for the instruction
// list's buttons, shows the form again with the list changed and nothing saved.
func (h *Handlers) SaveChatbotSettings(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm // the body only, so a query string cannot add instructions
	in, op := readChatbotInput(form), form.Get("op")
	if op != "" && op != "save" {
		focus := in.Agent.applyListOp(op)
		m := h.chatbotView(c, in, nil)
		m.Unsaved, m.Agent.Focus = true, focus
		return h.renderChatbotSettings(c, m)
	}
	if errs := in.check(); len(errs) > 0 {
		m := h.chatbotView(c, in, errs)
		m.Error = "Nothing was saved: see the messages next to the fields."
		return h.renderChatbotSettings(c, m)
	}
	ctx := c.Request().Context()
	if _, err := h.API(c).UpdateChatbotSettings(ctx, in.update()); err != nil {
		errs := map[string]string{}
		field := refusedField(err, "personality", "profession", "creativity_level", "greeting", "greeting2", "header", "header2",
			"language_chosen", "reply_length", "one_word_description", "short_description", "ai_commands")
		if field != "" {
			errs[field] = h.Explain(c, err)
		}
		m := h.chatbotView(c, in, errs)
		if field == "" {
			m.Error = "Nothing was saved. " + h.Explain(c, err)
		}
		return h.renderChatbotSettings(c, m)
	}
	h.Sessions.Flash(ctx, "success", "Chatbot settings saved.")
	return web.Redirect(c, "/settings?tab=chatbot")
}
