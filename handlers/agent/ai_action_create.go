package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// NewAIAction is the form of a Knowledge Base action not made yet: opening it
// creates nothing at Quickchat, so an abandoned form leaves no unnamed action behind.
func (h *Handlers) NewAIAction(c echo.Context) error {
	m := h.aiActionForm(c, &apiclient.KBAction{}, kbActionInput{}, nil)
	return h.renderAIActionForm(c, m, views.FormBasis{})
}

// CreateAIAction makes the Knowledge Base action the person saved. Quickchat
// creates an action empty and names it with a second call; when that call is
// refused, the empty action is deleted again and the form comes back as typed.
func (h *Handlers) CreateAIAction(c echo.Context) error {
	in := readKBActionInput(web.PostForm(c))
	ctx := c.Request().Context()
	api := h.API(c)
	again := func(errs map[string]string, msg string) error {
		m := h.aiActionForm(c, &apiclient.KBAction{}, in, errs)
		m.Error = msg
		return h.renderAIActionForm(c, m, views.FormBasis{})
	}
	if errs := in.check(); len(errs) > 0 {
		return again(errs, "Nothing was saved: see the messages next to the fields.")
	}
	a, err := api.CreateKBAction(ctx)
	if err != nil {
		return again(nil, "The action was not created. "+h.Explain(c, err))
	}
	out, err := api.UpdateKBAction(ctx, a.ID, in.update())
	if err != nil {
		errs := map[string]string{}
		field := refusedField(err, "name", "description", "parameter_description", "tag")
		msg := "The action was not created. " + h.Explain(c, err)
		if field != "" {
			errs[field], msg = h.Explain(c, err), "The action was not created: see the message next to the field."
		}
		if derr := api.DeleteAIAction(ctx, a.ID); derr != nil && !apiclient.IsStatus(derr, http.StatusNotFound) {
			// It exists, empty: open it, so what was typed can be saved into it.
			m := h.aiActionForm(c, a, in, errs)
			m.Error = "Quickchat created the action but refused its fields, and it could not be removed again: save it here once fixed, or delete it. " + h.Explain(c, err)
			return h.renderAIActionForm(c, m, views.FormBasis{})
		}
		return again(errs, msg)
	}
	h.Sessions.Flash(ctx, "success", savedActionMessage(out, ""))
	return web.Redirect(c, web.AIActionHref(a.ID))
}
