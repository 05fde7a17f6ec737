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

// ShowHandoff is the handoff page: when the agent hands a conversation to a person, and to whom.
func (h *Handlers) ShowHandoff(c echo.Context) error {
	cfg, err := h.API(c).GetHandoffConfiguration(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	in := handoffInputOf(cfg)
	return h.renderHandoff(c, h.handoffView(h.Account(c).CanWrite(), in, nil), views.FormBasis{Base: merge.Encode(in.fields())})
}

// renderHandoff shows the form with the base it carries and what its last save met.
func (h *Handlers) renderHandoff(c echo.Context, m views.HandoffForm, b views.FormBasis) error {
	p := web.Page{Title: "Handoff", Nav: "handoff", Body: views.HandoffPage(m, b), Partial: views.HandoffFormView(m, b), Styles: []string{"forms.css", "agent.css"}}
	if b.Conflict != nil {
		p.Scripts = []string{static.URL("merge.js")}
	}
	p.Live = &layout.Live{Watch: "handoff", Editing: true} // who else edits it; a heads-up when they save
	return h.Render(c, http.StatusOK, p)
}
