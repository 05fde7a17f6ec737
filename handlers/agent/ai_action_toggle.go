package agent

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// ToggleAIAction switches an action on or off. From the list (htmx) the answer is
// the row, with Quickchat's reason in it when it refuses; a plain form goes back
// where it came from, or shows the list with the reason in the row.
// The switch says which way it showed the action; when someone else switched
// it meanwhile, nothing is sent and the person is told how it stands now.
func (h *Handlers) ToggleAIAction(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	form := web.PostForm(c)
	active := form.Get("is_active") == "true"
	ctx := c.Request().Context()
	api := h.API(c)
	if was, perr := strconv.ParseBool(form.Get("was_active")); perr == nil {
		if done, err := h.switchedMeanwhile(c, api, id, was); done || err != nil {
			return err
		}
	}
	out, err := api.SetAIActionActive(ctx, id, active)
	if apiclient.IsStatus(err, http.StatusNotFound) {
		return h.Failure(c, err)
	}
	refusal := ""
	if err != nil {
		refusal = "Not switched " + display.OnOff(active) + ". " + h.Explain(c, err)
	}
	back := ""
	if b := form.Get("back"); b != "" {
		back = web.LocalPath(b)
	}
	switch {
	case web.WantsFragment(c) && err == nil:
		row := actionRow(*out, true)
		row.Problems = actionProblems(ctx, api, *out)
		return h.renderAIActionRow(c, row)
	case web.WantsFragment(c):
		m, lerr := h.aiActionList(c)
		if lerr != nil {
			return h.Failure(c, lerr)
		}
		for _, r := range m.Rows {
			if r.ID == id {
				r.Error = refusal
				return h.renderAIActionRow(c, r)
			}
		}
		return h.ShowError(c, http.StatusNotFound, "Not found", "This AI action is gone from Quickchat.", "")
	case err == nil:
		h.Sessions.Flash(ctx, "success", "Switched "+display.OnOff(active)+" "+actionLabel(out.Name)+".")
		return web.Redirect(c, cmp.Or(back, "/ai-actions"))
	case back != "":
		h.Sessions.Flash(ctx, "error", refusal)
		return web.Redirect(c, back)
	}
	m, lerr := h.aiActionList(c)
	if lerr != nil {
		return h.Failure(c, lerr)
	}
	for i := range m.Rows {
		if m.Rows[i].ID == id {
			m.Rows[i].Error = refusal
		}
	}
	return h.renderAIActions(c, m)
}

// switchedMeanwhile reads the action as it is now and, when it is no longer
// switched as the page showed it (was), says so where the switch's answer goes
// instead of switching it: done reports that the answer is written.
func (h *Handlers) switchedMeanwhile(c echo.Context, api API, id int64, was bool) (done bool, err error) {
	ctx := c.Request().Context()
	actions, err := api.ListAIActions(apiclient.Fresh(ctx))
	if err != nil {
		return false, nil // the switch itself will say whether Quickchat answers
	}
	i := slices.IndexFunc(actions, func(a apiclient.AIAction) bool { return a.ID == id })
	if i < 0 {
		return true, h.ShowError(c, http.StatusNotFound, "Not found", "This AI action is gone from Quickchat; someone may have deleted it.", "")
	}
	now := actions[i]
	if now.IsActive == was {
		return false, nil
	}
	note := "Someone else switched " + actionLabel(now.Name) + " " + display.OnOff(now.IsActive) + " meanwhile; it stays " + display.OnOff(now.IsActive) + "."
	switch back := web.PostForm(c).Get("back"); {
	case web.WantsFragment(c):
		row := actionRow(now, true)
		row.Problems = actionProblems(ctx, api, now)
		row.Error = note
		return true, h.renderAIActionRow(c, row)
	case back != "":
		h.Sessions.Flash(ctx, "info", note)
		return true, web.Redirect(c, web.LocalPath(back))
	}
	h.Sessions.Flash(ctx, "info", note)
	return true, web.Redirect(c, "/ai-actions")
}

func (h *Handlers) renderAIActionRow(c echo.Context, r views.AIActionRow) error {
	return h.Render(c, http.StatusOK, web.Page{Title: "AI actions", Nav: "ai-actions", Body: views.AIActionRowView(r), Styles: []string{"forms.css", "agent.css"}})
}

// actionLabel names an action in a sentence.
func actionLabel(name string) string {
	if name == "" {
		return "the unnamed action"
	}
	return "“" + name + "”"
}
