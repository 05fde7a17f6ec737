package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/identity"
	"qcadmin/sessions"
	"qcadmin/web"
)

// requireRole refuses every state change from a person whose role on the
// agent is read, even when the agent's token could write.
func (h *Handlers) requireRole(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if identity.ReaderMayUse(c.Path()) {
			return next(c)
		}
		acct, ok := h.Sessions.Account(c.Request().Context())
		if !ok || acct.Role != sessions.RoleWrite {
			h.Log.Warn("a write from a person with the read role was refused", "path", c.Path(), "agent", acct.Label, "request_id", web.RequestID(c))
			return echo.NewHTTPError(http.StatusForbidden,
				"Your role on "+acct.Label+" is read: you can see everything here but change nothing. Ask your admin for the write role if you need it.")
		}
		return next(c)
	}
}
