package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
	"qcadmin/views/layout"
)

// frameIdentity adds who is signed in through the SSO proxy to the account
// block: name or e-mail, groups, the role, and the agents to switch to.
func (h *Handlers) frameIdentity(c echo.Context, acct sessions.Account, la *layout.Account) {
	p, ok := h.person(c)
	if !ok {
		return
	}
	la.Person = p.Display()
	if p.Name != "" {
		la.PersonID = p.ID
	}
	la.Groups = p.Groups
	la.ReadRole = acct.Role != sessions.RoleWrite
	la.Admin = h.isAdmin(c)
	if h.Agents == nil {
		return
	}
	for _, a := range h.Agents.Allowed(p, h.Auth.DefaultRole) {
		la.Agents = append(la.Agents, layout.AgentOption{Name: a.Name, Role: a.Role, Current: a.Name == acct.Agent})
	}
}
