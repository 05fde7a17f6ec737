package agent

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveAIAction replaces the action's four fields (Quickchat's PUT takes them all) and
// shows the page again with where it now stands; a refusal keeps what was typed.
// The form carries the action as it was loaded: what someone else saved meanwhile
// in fields this person left alone is kept, and a field both changed is shown
// with both values, nothing saved, the typed one in the form.
func (h *Handlers) SaveAIAction(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	form := web.PostForm(c)
	in := readKBActionInput(form)
	basis := views.FormBasis{Base: form.Get("base")}
	ctx := c.Request().Context()
	api := h.API(c)
	if errs := in.check(); len(errs) > 0 {
		saved, unread := h.savedAction(c, api, id)
		m := h.aiActionForm(c, saved, in, errs)
		m.Error = "Nothing was saved: see the messages next to the fields." + unread
		if unread != "" {
			m.Problems = nil // what the saved action still needs is unknown
		}
		return h.renderAIActionForm(c, m, basis)
	}
	if base, err := merge.Decode(basis.Base); err == nil {
		saved, err := api.GetKBAction(apiclient.Fresh(ctx), id)
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		if err != nil {
			m := h.aiActionForm(c, &apiclient.KBAction{AIAction: apiclient.AIAction{ID: id}}, in, nil)
			m.Error = "Nothing was saved: the action as saved now could not be read, to check nobody else changed it, so where it stands is not shown. " + h.Explain(c, err)
			m.Problems = nil
			return h.renderAIActionForm(c, m, basis)
		}
		theirs := kbActionInputOf(saved)
		out := merge.Three(base, in.fields(), theirs.fields())
		for _, name := range out.Kept {
			in.take(name, theirs)
		}
		basis = aiActionObject.basis(theirs.fields(), "this action", out)
		if len(out.Conflicts) > 0 {
			return h.renderAIActionForm(c, h.aiActionForm(c, saved, in, nil), basis)
		}
	}
	out, err := api.UpdateKBAction(ctx, id, in.update())
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		saved, unread := h.savedAction(c, api, id)
		errs := map[string]string{}
		field := refusedField(err, "name", "description", "parameter_description", "tag")
		if field != "" {
			errs[field] = h.Explain(c, err)
		}
		m := h.aiActionForm(c, saved, in, errs)
		if field == "" {
			m.Error = "Nothing was saved. " + h.Explain(c, err)
		}
		m.Error += unread
		if unread != "" {
			m.Problems = nil
		}
		return h.renderAIActionForm(c, m, basis)
	}
	h.Sessions.Flash(ctx, "success", savedActionMessage(out, basis.Kept))
	return web.Redirect(c, web.AIActionHref(id))
}

// readKBActionInput is the action's form as posted.
func readKBActionInput(form url.Values) kbActionInput {
	return kbActionInput{
		Name:                 form.Get("name"),
		Description:          web.UnixNewlines(form.Get("description")),
		ParameterDescription: web.UnixNewlines(form.Get("parameter_description")),
		Tag:                  form.Get("tag"),
	}
}

// update is the body of Quickchat's PUT: all four fields.
func (in kbActionInput) update() apiclient.KBActionInput {
	return apiclient.KBActionInput{Name: in.Name, Description: in.Description, ParameterDescription: in.ParameterDescription, Tag: in.Tag}
}

// savedActionMessage says where a saved action stands, and what someone else's save kept.
func savedActionMessage(out *apiclient.KBAction, kept string) string {
	msg := "Action saved. It is ready"
	switch {
	case !out.IsValid:
		msg = "Action saved, but it is not ready yet: see what it still needs."
	case out.IsActive:
		msg += " and switched on."
	default:
		msg += "; switch it on to let the agent use it."
	}
	if kept != "" {
		msg += " " + kept
	}
	return msg
}

// savedAction reads the action as saved, for what the page shows around the
// typed form. When Quickchat cannot give it, the form still comes back with
// everything typed, and unread says why the rest is missing.
func (h *Handlers) savedAction(c echo.Context, api API, id int64) (saved *apiclient.KBAction, unread string) {
	saved, err := api.GetKBAction(apiclient.Fresh(c.Request().Context()), id)
	if err != nil {
		return &apiclient.KBAction{AIAction: apiclient.AIAction{ID: id}}, " The action as saved could not be read either, so where it stands is not shown: " + h.Explain(c, err)
	}
	return saved, ""
}
