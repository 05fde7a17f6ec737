package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/merge"
	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// Limits of the knowledge base settings, in characters (code points) as Quickchat counts them.
const (
	maxAgentName       = 200
	maxSystemPrompt    = 2000
	maxAICommand       = 500
	maxAICommandsTotal = 5000
)

// settingsView builds the knowledge base form from what was typed, with messages keyed by field name.
func (h *Handlers) settingsView(c echo.Context, in agentInput, errs map[string]string) views.Settings {
	canWrite := h.Account(c).CanWrite()
	return views.Settings{Agent: agentFieldsView(in, errs, canWrite, "/settings", "settings-form"), CanWrite: canWrite}
}

// retrainBadge words the API's retrain_state for people.
func retrainBadge(state *string) views.RetrainBadge {
	if state == nil {
		return views.RetrainBadge{Label: "never trained", Kind: "neutral"}
	}
	switch *state {
	case "to_be_retrained":
		return views.RetrainBadge{Label: "changes waiting", Kind: "warning", Poll: true}
	case "in_progress":
		return views.RetrainBadge{Label: "retraining…", Kind: "info", Poll: true}
	case "up_to_date":
		return views.RetrainBadge{Label: "up to date", Kind: "success"}
	case "failed":
		return views.RetrainBadge{Label: "failed", Kind: "danger"}
	}
	return views.RetrainBadge{Label: *state, Kind: "neutral"}
}

// ShowSettings is the settings page: the knowledge base tab, or the chatbot tab when tab=chatbot.
func (h *Handlers) ShowSettings(c echo.Context) error {
	if c.QueryParam("tab") == "chatbot" {
		return h.chatbotSettingsPage(c)
	}
	kb, err := h.API(c).GetKnowledgeBase(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	m := h.settingsView(c, agentInputOf(kb.OneWordDescription, kb.ShortDescription, kb.AICommands), nil)
	m.Retrain = retrainBadge(kb.RetrainState)
	m.Base = merge.Encode(kbFields(kb.OneWordDescription, kb.ShortDescription, kb.AICommands))
	return h.renderSettings(c, m)
}

// renderSettingsAgain shows the form as typed; the training state is a courtesy,
// left out when Quickchat cannot say, so what was typed always comes back.
func (h *Handlers) renderSettingsAgain(c echo.Context, m views.Settings) error {
	if !web.WantsFragment(c) {
		if kb, err := h.API(c).GetKnowledgeBase(c.Request().Context()); err == nil {
			m.Retrain = retrainBadge(kb.RetrainState)
		}
	}
	return h.renderSettings(c, m)
}

func (h *Handlers) renderSettings(c echo.Context, m views.Settings) error {
	return h.Render(c, http.StatusOK, web.Page{
		Title:   "Settings",
		Nav:     "settings",
		Body:    views.SettingsPage(m),
		Partial: views.SettingsForm(m),
		Styles:  []string{"forms.css", "agent.css"},
		Scripts: append([]string{static.URL("counters.js")}, mergeScripts(m.SettingsMerge)...),
		Live:    &layout.Live{Watch: "settings", Editing: true},
	})
}

// mergeScripts loads "Use the saved one" on a form that shows a conflict.
func mergeScripts(m views.SettingsMerge) []string {
	if m.Conflict == nil {
		return nil
	}
	return []string{static.URL("merge.js")}
}
