package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
)

// Limits of the knowledge base settings, in characters (code points) as Quickchat counts them.
const (
	maxAgentName       = 200
	maxSystemPrompt    = 2000
	maxAICommand       = 500
	maxAICommandsTotal = 5000
)

// settingsInput is the settings form as posted, kept verbatim so a refusal loses nothing.
type settingsInput struct {
	OneWordDescription string
	ShortDescription   string
	AICommands         []string
}

func settingsInputOf(kb *apiclient.KnowledgeBaseSettings) settingsInput {
	return settingsInput{
		OneWordDescription: kb.OneWordDescription,
		ShortDescription:   kb.ShortDescription,
		AICommands:         append([]string{}, kb.AICommands...),
	}
}

// readSettingsInput takes the fields from the request body only, so a query string cannot add instructions.
func readSettingsInput(c echo.Context) (settingsInput, string, error) {
	if _, err := c.FormParams(); err != nil {
		return settingsInput{}, "", err
	}
	form := c.Request().PostForm
	in := settingsInput{
		OneWordDescription: form.Get("one_word_description"),
		ShortDescription:   unixNewlines(form.Get("short_description")),
		AICommands:         []string{},
	}
	for _, cmd := range form["ai_commands"] {
		in.AICommands = append(in.AICommands, unixNewlines(cmd))
	}
	return in, form.Get("op"), nil
}

// unixNewlines undoes the CRLF browsers send for textareas, so a line break counts once, as on screen.
func unixNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// commandKey names one instruction's message in an error map.
func commandKey(i int) string { return "ai_commands." + strconv.Itoa(i) }

// check catches what Quickchat would refuse, before asking it.
func (in settingsInput) check() map[string]string {
	errs := map[string]string{}
	tooLong := func(what string, n, limit int) string {
		return what + " has " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(limit) + "."
	}
	if n := utf8.RuneCountInString(in.OneWordDescription); n > maxAgentName {
		errs["one_word_description"] = tooLong("The name", n, maxAgentName)
	}
	if n := utf8.RuneCountInString(in.ShortDescription); n > maxSystemPrompt {
		errs["short_description"] = tooLong("The system prompt", n, maxSystemPrompt)
	}
	total := 0
	for i, cmd := range in.AICommands {
		n := utf8.RuneCountInString(cmd)
		total += n
		if n > maxAICommand {
			errs[commandKey(i)] = tooLong("This instruction", n, maxAICommand)
		}
	}
	if total > maxAICommandsTotal {
		errs["ai_commands"] = tooLong("All instructions together", total, maxAICommandsTotal) + " Shorten or remove some."
	}
	return errs
}

// update is the PATCH body: every field, so the list sent replaces the stored one.
func (in settingsInput) update() apiclient.KnowledgeBaseSettingsUpdate {
	commands := []string{}
	for _, cmd := range in.AICommands {
		if strings.TrimSpace(cmd) != "" { // an empty row is a slot never filled in, not an instruction
			commands = append(commands, cmd)
		}
	}
	return apiclient.KnowledgeBaseSettingsUpdate{
		OneWordDescription: &in.OneWordDescription,
		ShortDescription:   &in.ShortDescription,
		AICommands:         &commands,
	}
}

// settingsView builds the form from what was typed, with messages keyed by field name.
func (h *Handlers) settingsView(c echo.Context, in settingsInput, errs map[string]string) views.Settings {
	count := func(s string, limit int) views.CharCount {
		return views.CharCount{N: utf8.RuneCountInString(s), Max: limit}
	}
	m := views.Settings{
		Name:          views.TextField{ID: "one_word_description", Value: in.OneWordDescription, Count: count(in.OneWordDescription, maxAgentName), Error: errs["one_word_description"]},
		Prompt:        views.TextField{ID: "short_description", Value: in.ShortDescription, Count: count(in.ShortDescription, maxSystemPrompt), Error: errs["short_description"]},
		Commands:      make([]views.TextField, 0, len(in.AICommands)),
		CommandMax:    maxAICommand,
		CommandsTotal: views.CharCount{Max: maxAICommandsTotal},
		CommandsError: errs["ai_commands"],
		CanWrite:      h.account(c).CanWrite(),
	}
	for i, cmd := range in.AICommands {
		f := views.TextField{ID: "ai_commands-" + strconv.Itoa(i), Value: cmd, Count: count(cmd, maxAICommand), Error: errs[commandKey(i)]}
		m.CommandsTotal.N += f.Count.N
		m.Commands = append(m.Commands, f)
	}
	return m
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

func (h *Handlers) settingsPage(c echo.Context) error {
	kb, err := h.api(c).GetKnowledgeBase(c.Request().Context())
	if err != nil {
		return h.apiFailure(c, err)
	}
	m := h.settingsView(c, settingsInputOf(kb), nil)
	m.Retrain = retrainBadge(kb.RetrainState)
	return h.renderSettings(c, m)
}

// renderSettingsAgain shows the form as typed; the training state is a courtesy,
// left out when Quickchat cannot say, so what was typed always comes back.
func (h *Handlers) renderSettingsAgain(c echo.Context, m views.Settings) error {
	if !wantsFragment(c.Request()) {
		if kb, err := h.api(c).GetKnowledgeBase(c.Request().Context()); err == nil {
			m.Retrain = retrainBadge(kb.RetrainState)
		}
	}
	return h.renderSettings(c, m)
}

func (h *Handlers) renderSettings(c echo.Context, m views.Settings) error {
	return h.render(c, http.StatusOK, page{
		title:   "Settings",
		nav:     "settings",
		body:    views.SettingsPage(m),
		partial: views.SettingsForm(m),
	})
}
