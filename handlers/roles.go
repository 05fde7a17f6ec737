package handlers

import (
	"maps"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
)

// readerMayUse lists, in one place, the state-changing routes a person with
// the read role may still use, and why: none of them changes the agent.
var readerMayUse = map[string]string{
	"/login":                    "signs in with a pasted token, whose holder could use it directly anyway",
	"/login/demo":               "signs in to the demo agent, only offered in demo mode without provisioned agents",
	"/logout":                   "ends the person's own session",
	"/agents/switch":            "chooses another agent shared with the person, with the role their groups give there",
	"/articles/preview":         "renders Markdown for the editor's preview and saves nothing",
	"/settings/chatbot/preview": "renders the greeting as typed and saves nothing",
	"/widget/preview":           "draws the widget as configured in the form and saves nothing",
	"/admin/sessions/revoke":    "ends a console session; guarded by the admin groups, not by a role on an agent",
}

// ReaderMayUse reports whether a person with the read role may send
// POST (or another unsafe method) to this route path.
func ReaderMayUse(path string) bool {
	_, ok := readerMayUse[path]
	return ok
}

// ReaderRoutes lists the route paths ReaderMayUse allows, sorted.
func ReaderRoutes() []string {
	return slices.Sorted(maps.Keys(readerMayUse))
}

// requireRole refuses every state change from a person whose role on the
// agent is read, even when the agent's token could write.
func (h *Handlers) requireRole(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if ReaderMayUse(c.Path()) {
			return next(c)
		}
		acct, ok := h.Sessions.Account(c.Request().Context())
		if !ok || acct.Role != sessions.RoleWrite {
			h.Log.Warn("a write from a person with the read role was refused", "path", c.Path(), "agent", acct.Label, "request_id", requestID(c))
			return echo.NewHTTPError(http.StatusForbidden,
				"Your role on "+acct.Label+" is read: you can see everything here but change nothing. Ask your admin for the write role if you need it.")
		}
		return next(c)
	}
}
