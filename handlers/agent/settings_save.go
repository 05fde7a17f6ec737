package agent

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/web"
)

// SaveSettings saves the settings, or, for the instruction list's buttons,
// shows the form again with the list changed and nothing saved: that works
// without JavaScript and keeps everything typed. A save merges per field with
// the settings as saved now, against what the form was based on.
func (h *Handlers) SaveSettings(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	// From the request body only, so a query string cannot add instructions.
	form := c.Request().PostForm
	in, op, base := readAgentInput(form), form.Get("op"), formBase(form)
	if op != "" && op != "save" {
		focus := in.applyListOp(op)
		m := h.settingsView(c, in, nil)
		m.Unsaved, m.Agent.Focus, m.Base = true, focus, base
		return h.renderSettingsAgain(c, m)
	}
	errs := map[string]string{}
	if in.check(errs); len(errs) > 0 {
		m := h.settingsView(c, in, errs)
		m.Base = base
		return h.renderSettingsAgain(c, m)
	}
	ctx := c.Request().Context()
	api := h.API(c)
	saved, err := api.GetKnowledgeBase(apiclient.Fresh(ctx))
	if err != nil {
		return h.settingsRefused(c, in, base, err)
	}
	mg := mergeSettings(base, kbFields(in.OneWordDescription, in.ShortDescription, in.commands()), kbFields(saved.OneWordDescription, saved.ShortDescription, saved.AICommands))
	if len(mg.out.Conflicts) > 0 {
		m := h.settingsView(c, in, nil)
		m.Base, m.Conflict = mg.nextBase(), mg.conflict("these settings", agentSettingsFields)
		if msg := mg.kept(agentSettingsFields); msg != "" {
			m.Merged = msg + " Saving keeps that too."
		}
		return h.renderSettingsAgain(c, m)
	}
	var update apiclient.KnowledgeBaseSettingsUpdate
	if err := mg.into(&update); err != nil {
		return h.settingsRefused(c, in, base, err)
	}
	if _, err := api.UpdateKnowledgeBase(ctx, update); err != nil {
		return h.settingsRefused(c, in, base, err)
	}
	h.Sessions.Flash(ctx, "success", strings.TrimSpace("Settings saved. "+mg.kept(agentSettingsFields)))
	return web.Redirect(c, "/settings")
}

// formBase is the base a settings form was sent with, "" when it sent none usable.
func formBase(form url.Values) string {
	if b := form.Get("base"); len(b) <= merge.MaxBase {
		return b
	}
	return ""
}

// settingsRefused shows the form again with Quickchat's reason, next to its field when it names one.
func (h *Handlers) settingsRefused(c echo.Context, in agentInput, base string, err error) error {
	errs := map[string]string{}
	field := web.FieldOf(err, "one_word_description", "short_description", "ai_commands")
	if field != "" {
		errs[field] = h.Explain(c, err)
	}
	m := h.settingsView(c, in, errs)
	m.Base = base
	if field == "" {
		m.Error = h.Explain(c, err)
	}
	return h.renderSettingsAgain(c, m)
}
