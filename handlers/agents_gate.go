package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// agentGate greets a person the SSO proxy signed in where agents are
// provisioned: the agents shared with them, or that there are none.
func (h *Handlers) agentGate(c echo.Context, status int) error {
	p, _ := h.person(c)
	m := views.AgentGate{Person: p.Display(), Groups: p.Groups, GroupsUnknown: !p.GroupsKnown}
	for _, a := range h.Agents.Allowed(p, h.Auth.DefaultRole) {
		m.Agents = append(m.Agents, views.AgentGateItem{Name: a.Name, Role: a.Role})
	}
	return h.kit.Render(c, status, web.Page{Title: "Your agents", Body: views.AgentGatePage(m), Styles: []string{"forms.css", "login.css"}})
}

// proxySignIn explains a request without an identity from the SSO proxy.
func (h *Handlers) proxySignIn(c echo.Context, status int) error {
	return h.kit.Render(c, status, web.Page{Title: "Sign in", Body: views.ProxySignInPage(), Styles: []string{"forms.css", "login.css"}})
}
