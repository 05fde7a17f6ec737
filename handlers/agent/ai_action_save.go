package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// SaveAIAction replaces the action's four fields (Quickchat's PUT takes them all) and
// shows the page again with where it now stands; a refusal keeps what was typed.
func (h *Handlers) SaveAIAction(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	form := web.PostForm(c)
	in := kbActionInput{
		Name:                 form.Get("name"),
		Description:          web.UnixNewlines(form.Get("description")),
		ParameterDescription: web.UnixNewlines(form.Get("parameter_description")),
		Tag:                  form.Get("tag"),
	}
	ctx := c.Request().Context()
	api := h.API(c)
	if errs := in.check(); len(errs) > 0 {
		saved, err := api.GetKBAction(ctx, id)
		if err != nil {
			return h.Failure(c, err)
		}
		m := h.aiActionForm(c, saved, in, errs)
		m.Error = "Nothing was saved: see the messages next to the fields."
		return h.renderAIActionForm(c, m)
	}
	out, err := api.UpdateKBAction(ctx, id, apiclient.KBActionInput{Name: in.Name, Description: in.Description, ParameterDescription: in.ParameterDescription, Tag: in.Tag})
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		saved, gerr := api.GetKBAction(ctx, id)
		if gerr != nil {
			return h.Failure(c, gerr)
		}
		errs := map[string]string{}
		field := refusedField(err, "name", "description", "parameter_description", "tag")
		if field != "" {
			errs[field] = h.Explain(c, err)
		}
		m := h.aiActionForm(c, saved, in, errs)
		if field == "" {
			m.Error = "Nothing was saved. " + h.Explain(c, err)
		}
		return h.renderAIActionForm(c, m)
	}
	msg := "Action saved. It is ready"
	switch {
	case !out.IsValid:
		msg = "Action saved, but it is not ready yet: see what it still needs."
	case out.IsActive:
		msg += " and switched on."
	default:
		msg += "; switch it on to let the agent use it."
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, web.AIActionHref(id))
}
