package handlers

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"qcadmin/identity"
	"qcadmin/sessions"
	"qcadmin/web"
)

// provision signs a person the SSO proxy named in to the first agent shared
// with them. It answers false when agents are not provisioned here or the
// person is unknown (the caller sends them to sign in), and writes the
// "no agent is shared with you" page itself when nothing is shared.
func (h *Handlers) provision(c echo.Context) (bool, error) {
	p, ok := h.person(c)
	if !ok || h.Agents == nil {
		return false, nil
	}
	choices := h.Agents.Allowed(p, h.Auth.DefaultRole)
	if len(choices) == 0 {
		return false, h.agentGate(c, http.StatusForbidden)
	}
	return true, h.useAgent(c, choices[0])
}

// useAgent makes a provisioned agent the session's account. The token stays
// on the server: sealed in the session, and looked up again for each call.
func (h *Handlers) useAgent(c echo.Context, choice identity.Choice) error {
	ag, ok := h.Agents.Find(choice.Name)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "There is no agent of that name on this console.")
	}
	acct := sessions.Account{
		ScenarioID: ag.Claims().ScenarioID, Scope: ag.Claims().Scope, ExpiresAt: ag.Claims().ExpiresAt,
		Label: ag.Name(), Agent: ag.Name(), Role: choice.Role,
	}
	return h.Sessions.SignIn(c.Request().Context(), acct, ag.Token())
}

// agentSwitch moves the session to another agent shared with the person.
func (h *Handlers) agentSwitch(c echo.Context) error {
	p, ok := h.person(c)
	if !ok || h.Agents == nil {
		return echo.NewHTTPError(http.StatusNotFound, "This console has no provisioned agents to switch between.")
	}
	name := c.FormValue("agent")
	choices := h.Agents.Allowed(p, h.Auth.DefaultRole)
	i := slices.IndexFunc(choices, func(a identity.Choice) bool { return a.Name == name })
	if i < 0 {
		return echo.NewHTTPError(http.StatusForbidden, "That agent is not shared with you. Ask your admin if you need it.")
	}
	if err := h.useAgent(c, choices[i]); err != nil {
		return err
	}
	h.Sessions.Flash(c.Request().Context(), "success", "You are now working on "+name+" ("+choices[i].Role+").")
	// Ids differ between agents, so the page the person was on may not exist on the new one.
	return web.Reload(c, "/articles")
}
