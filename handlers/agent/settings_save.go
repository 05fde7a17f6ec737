package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// SaveSettings saves the settings, or, for the instruction list's buttons,
// shows the form again with the list changed and nothing saved: that works
// without JavaScript and keeps everything typed.
func (h *Handlers) SaveSettings(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	// From the request body only, so a query string cannot add instructions.
	form := c.Request().PostForm
	in, op := readAgentInput(form), form.Get("op")
	if op != "" && op != "save" {
		focus := in.applyListOp(op)
		m := h.settingsView(c, in, nil)
		m.Unsaved, m.Agent.Focus = true, focus
		return h.renderSettingsAgain(c, m)
	}
	errs := map[string]string{}
	if in.check(errs); len(errs) > 0 {
		return h.renderSettingsAgain(c, h.settingsView(c, in, errs))
	}
	ctx := c.Request().Context()
	commands := in.commands()
	update := apiclient.KnowledgeBaseSettingsUpdate{OneWordDescription: &in.OneWordDescription, ShortDescription: &in.ShortDescription, AICommands: &commands}
	if _, err := h.API(c).UpdateKnowledgeBase(ctx, update); err != nil {
		return h.settingsRefused(c, in, err)
	}
	h.Sessions.Flash(ctx, "success", "Settings saved.")
	return web.Redirect(c, "/settings")
}

// settingsRefused shows the form again with Quickchat's reason, next to its field when it names one.
func (h *Handlers) settingsRefused(c echo.Context, in agentInput, err error) error {
	errs := map[string]string{}
	field := web.FieldOf(err, "one_word_description", "short_description", "ai_commands")
	if field != "" {
		errs[field] = h.Explain(c, err)
	}
	m := h.settingsView(c, in, errs)
	if field == "" {
		m.Error = h.Explain(c, err)
	}
	return h.renderSettingsAgain(c, m)
}
