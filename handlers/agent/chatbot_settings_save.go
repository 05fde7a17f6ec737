package agent

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/web"
)

// SaveChatbotSettings saves the chatbot settings: how the agent talks and
// greets, not its persona, which the persona tab edits.
func (h *Handlers) SaveChatbotSettings(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm // the body only, so a query string cannot add instructions
	in, op, base := readChatbotInput(form), form.Get("op"), formBase(form)
	if op != "" && op != "save" {
		// The instruction list's buttons live on the persona tab now; a form from an older page saves nothing.
		m := h.chatbotView(c, in, nil)
		m.Base = base
		return h.renderChatbotSettings(c, m)
	}
	if errs := in.check(); len(errs) > 0 {
		m := h.chatbotView(c, in, errs)
		m.Error = "Nothing was saved: see the messages next to the fields."
		m.Base = base
		return h.renderChatbotSettings(c, m)
	}
	ctx := c.Request().Context()
	api := h.API(c)
	// Merged per field with the settings as saved now, against what the form was based on.
	saved, err := api.GetChatbotSettings(apiclient.Fresh(ctx))
	var mg settingsMerge
	var update apiclient.ChatbotSettingsUpdate
	if err == nil {
		mg = mergeSettings(base, merge.Of(in.update()), chatbotFields(*saved))
		if len(mg.out.Conflicts) > 0 {
			m := h.chatbotView(c, in, nil)
			m.Base, m.Conflict = mg.nextBase(), mg.conflict("the chatbot settings", chatbotSettingsFields)
			if msg := mg.kept(chatbotSettingsFields); msg != "" {
				m.Merged = msg + " Saving keeps that too."
			}
			return h.renderChatbotSettings(c, m)
		}
		err = mg.into(&update)
	}
	if err == nil {
		_, err = api.UpdateChatbotSettings(ctx, update)
	}
	if err != nil {
		errs := map[string]string{}
		field := refusedField(err, "personality", "profession", "creativity_level", "greeting", "greeting2", "header", "header2",
			"language_chosen", "reply_length")
		if field != "" {
			errs[field] = h.Explain(c, err)
		}
		m := h.chatbotView(c, in, errs)
		m.Base = base
		if field == "" {
			m.Error = "Nothing was saved. " + h.Explain(c, err)
		}
		return h.renderChatbotSettings(c, m)
	}
	h.Sessions.Flash(ctx, "success", strings.TrimSpace("Chatbot settings saved. "+mg.kept(chatbotSettingsFields)))
	return web.Redirect(c, "/settings?tab=chatbot")
}
