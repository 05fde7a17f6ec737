package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// DeleteAIAction names the action and asks once more, then deletes it.
func (h *Handlers) DeleteAIAction(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
	actions, err := api.ListAIActions(apiclient.Fresh(ctx))
	if err != nil {
		return h.Failure(c, err)
	}
	m := views.AIActionDelete{ID: id}
	found := false
	for _, a := range actions {
		if a.ID == id {
			m.Name, m.TypeLabel, m.Active, found = a.Name, display.ActionType(a.Type), a.IsActive, true
		}
	}
	if !found {
		return h.ShowError(c, http.StatusNotFound, "Not found", "This AI action is gone from Quickchat; someone may have deleted it already.", "")
	}
	if web.PostForm(c).Get("confirm") != "yes" {
		return h.renderAIActionDelete(c, m)
	}
	if err := api.DeleteAIAction(ctx, id); err != nil {
		m.Error = "Nothing was deleted. " + h.Explain(c, err)
		return h.renderAIActionDelete(c, m)
	}
	h.Sessions.Flash(ctx, "success", "Deleted "+actionLabel(m.Name)+".")
	return web.Redirect(c, "/ai-actions")
}

func (h *Handlers) renderAIActionDelete(c echo.Context, m views.AIActionDelete) error {
	return h.Render(c, http.StatusOK, web.Page{Title: "Delete AI action", Nav: "ai-actions", Body: views.AIActionDeletePage(m), Styles: []string{"forms.css", "agent.css"}})
}
