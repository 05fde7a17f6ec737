package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// settingsSave saves the settings, or, for the instruction list's buttons,
// shows the form again with the list changed and nothing saved: that works
// without JavaScript and keeps everything typed.
func (h *Handlers) settingsSave(c echo.Context) error {
	in, op, err := readSettingsInput(c)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	if op != "" && op != "save" {
		focus := in.applyListOp(op)
		m := h.settingsView(c, in, nil)
		m.Unsaved, m.Focus = true, focus
		return h.renderSettingsAgain(c, m)
	}
	if errs := in.check(); len(errs) > 0 {
		return h.renderSettingsAgain(c, h.settingsView(c, in, errs))
	}
	ctx := c.Request().Context()
	if _, err := h.api(c).UpdateKnowledgeBase(ctx, in.update()); err != nil {
		return h.settingsRefused(c, in, err)
	}
	h.Sessions.Flash(ctx, "success", "Settings saved.")
	return redirect(c, "/settings")
}

// applyListOp changes the instruction list as one of its buttons asks ("add",
// "remove:2", "up:1", "down:0") and returns the id of the control to focus next.
// An index out of range changes nothing: the page was older than the list.
func (in *settingsInput) applyListOp(op string) string {
	verb, arg, _ := strings.Cut(op, ":")
	if verb == "add" {
		in.AICommands = append(in.AICommands, "")
		return "ai_commands-" + strconv.Itoa(len(in.AICommands)-1)
	}
	i, err := strconv.Atoi(arg)
	if err != nil || i < 0 || i >= len(in.AICommands) {
		return ""
	}
	row := func(i int) string { return "ai_commands-" + strconv.Itoa(i) }
	switch verb {
	case "remove":
		in.AICommands = slices.Delete(in.AICommands, i, i+1)
		if i < len(in.AICommands) {
			return row(i)
		}
		return "add-command"
	case "up":
		if i > 0 {
			in.AICommands[i-1], in.AICommands[i] = in.AICommands[i], in.AICommands[i-1]
			return row(i-1) + "-up"
		}
	case "down":
		if i < len(in.AICommands)-1 {
			in.AICommands[i], in.AICommands[i+1] = in.AICommands[i+1], in.AICommands[i]
			return row(i+1) + "-down"
		}
	}
	return ""
}

// settingsRefused shows the form again with Quickchat's reason, next to its field when it names one.
func (h *Handlers) settingsRefused(c echo.Context, in settingsInput, err error) error {
	if apiErr, ok := unauthorized(err); ok {
		return h.tokenRefused(c, apiErr)
	}
	errs := map[string]string{}
	field := fieldOf(err, "one_word_description", "short_description", "ai_commands")
	if field != "" {
		errs[field] = describe(err)
	}
	m := h.settingsView(c, in, errs)
	if field == "" {
		m.Error = describe(err)
	}
	return h.renderSettingsAgain(c, m)
}
