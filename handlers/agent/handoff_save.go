package agent

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveHandoff replaces the whole handoff configuration (Quickchat's PUT), or,
// for the rows' add and remove buttons, shows the form again changed and unsaved.
// Quickchat checks it; a refusal comes back next to the field its path names.
// The form carries the configuration it was loaded from: what someone else saved
// meanwhile in fields this person left alone is kept, and a field both changed
// (a list counts as one field) is shown with both values, nothing saved.
func (h *Handlers) SaveHandoff(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm
	in, op := readHandoffInput(form), form.Get("op")
	canWrite := h.Account(c).CanWrite()
	basis := views.FormBasis{Base: form.Get("base")}
	if isRowsOp(op) {
		focus := in.applyRowsOp(op)
		m := h.handoffView(canWrite, in, nil)
		m.Unsaved, m.Focus = true, focus
		m.CustomGuidelines.Focus, m.Keywords.Focus = focus, focus
		return h.renderHandoff(c, m, basis)
	}
	ctx := c.Request().Context()
	api := h.API(c)
	if base, err := merge.Decode(basis.Base); err == nil {
		saved, err := api.GetHandoffConfiguration(apiclient.Fresh(ctx))
		if err != nil {
			m := h.handoffView(canWrite, in, nil)
			m.Error = "Nothing was saved: the handoff configuration as saved now could not be read, to check nobody else changed it. " + h.Explain(c, err)
			return h.renderHandoff(c, m, basis)
		}
		theirs := handoffInputOf(saved)
		out := merge.Three(base, in.fields(), theirs.fields())
		for _, name := range out.Kept {
			in.take(name, theirs)
		}
		basis = handoffObject.basis(theirs.fields(), "the handoff configuration", out)
		if len(out.Conflicts) > 0 {
			return h.renderHandoff(c, h.handoffView(canWrite, in, nil), basis)
		}
		// Saving what is saved already would tell the person "saved" for nothing, and spend a write.
		if merge.Fingerprint(in.fields()) == merge.Fingerprint(theirs.fields()) {
			h.Sessions.Flash(ctx, "info", strings.TrimSpace("No changes: the handoff configuration is as it was. "+basis.Kept))
			return web.Redirect(c, "/handoff")
		}
	}
	if _, err := api.PutHandoffConfiguration(ctx, in.config()); err != nil {
		errs := in.refusal(err, h.Explain(c, err))
		m := h.handoffView(canWrite, in, errs)
		if m.Error == "" {
			m.Error = "Nothing was saved: see the message next to the field."
		}
		return h.renderHandoff(c, m, basis)
	}
	msg := "Handoff saved."
	if basis.Kept != "" {
		msg += " " + basis.Kept
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, "/handoff")
}

// applyRowsOp adds or removes a row of any of the form's lists and returns the id to focus.
func (in *handoffInput) applyRowsOp(op string) string {
	if verb, rest, _ := strings.Cut(op, ":"); strings.HasPrefix(rest, "routing_profiles") {
		_, arg, _ := strings.Cut(rest, ":")
		switch i, err := strconv.Atoi(arg); {
		case verb == "add" && len(in.Profiles) < maxRoutingProfiles:
			in.Profiles = append(in.Profiles, profileInput{})
			return pathID(profilePath(len(in.Profiles)-1, "topic"))
		case verb == "remove" && err == nil && i >= 0 && i < len(in.Profiles):
			in.Profiles = slices.Delete(in.Profiles, i, i+1)
			if i < len(in.Profiles) {
				return pathID(profilePath(i, "topic"))
			}
			return "routing_profiles-add"
		}
		return ""
	}
	return applyRowsOp(op, map[string]*[]string{"custom_guidelines": &in.Custom, "keyword_triggers": &in.Keywords})
}

// handoffFieldPaths are the fields the form shows a message next to; others go at the top.
var handoffFieldPaths = []string{"generic_guidelines", "confirmation_message", "routing_profiles", "working_hours.time_zone",
	"working_hours.days", "working_hours.start", "working_hours.end", "working_hours.out_of_hours_message"}

// profileIndexPattern reads the profile a path names: routing_profiles[2].operators.
var profileIndexPattern = regexp.MustCompile(`^routing_profiles\[(\d+)\](.*)$`)

// refusal places Quickchat's reason (msg, in words) where its field path points, translating
// indexes of what was sent (empty rows are left out) back to rows of the form.
// A reason that names no field is keyed "".
func (in handoffInput) refusal(err error, msg string) map[string]string {
	path := refusedPath(err)
	errs := map[string]string{}
	switch {
	case path == "custom_guidelines" || path == "keyword_triggers":
		rows := in.Custom
		if path == "keyword_triggers" {
			rows = in.Keywords
		}
		if i, ok := refusedItem(err); ok {
			if row := formRow(rows, i); row >= 0 {
				errs[rowKey(path, row)] = msg
				return errs
			}
		}
		errs[path] = msg
	case profileIndexPattern.MatchString(path):
		m := profileIndexPattern.FindStringSubmatch(path)
		sent, _ := strconv.Atoi(m[1])
		_, rows := in.sentProfiles()
		if sent >= len(rows) {
			errs["routing_profiles"] = msg
			return errs
		}
		row := rows[sent]
		key := "routing_profiles[" + strconv.Itoa(row) + "]" + m[2]
		if m[2] == "" {
			errs[key] = msg
		} else {
			errs[profilePath(row, strings.TrimPrefix(m[2], "."))] = msg
		}
	case slices.Contains(handoffFieldPaths, path):
		errs[path] = msg
	default:
		errs[""] = "Nothing was saved. " + msg
	}
	return errs
}

// formRow is the form row of the n-th filled row: empty rows are never sent.
func formRow(rows []string, n int) int {
	for i, r := range rows {
		if strings.TrimSpace(r) == "" {
			continue
		}
		if n == 0 {
			return i
		}
		n--
	}
	return -1
}
