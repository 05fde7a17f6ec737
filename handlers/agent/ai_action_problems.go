package agent

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// ActionProblems says why a Knowledge Base action is not ready: what the
// list's "Why?" shows when opened.
func (h *Handlers) ActionProblems(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	problems := actionProblems(c.Request().Context(), h.API(c), apiclient.AIAction{ID: id, Type: "knowledge_base"})
	if len(problems) == 0 {
		problems = []string{"It is ready now: someone finished it meanwhile."}
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "AI actions", Nav: "ai-actions", Body: views.ActionProblems(problems)})
}
