package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/identity"
	"qcadmin/sessions"
)

// Request-scoped values the identity middleware leaves for handlers.
const (
	clientIPKey = "qcadmin.client_ip"
	personKey   = "qcadmin.person"
)

// resolveClient works out the client address once, before the request is
// logged or audited, and makes echo's RealIP give the same answer.
func (h *Handlers) resolveClient(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(clientIPKey, h.Auth.ClientAddr(c.Request()))
		return next(c)
	}
}

// clientIP is where a request came from, as the audit log records it.
func clientIP(c echo.Context) string {
	if ip, ok := c.Get(clientIPKey).(string); ok {
		return ip
	}
	if addr, ok := identity.PeerAddr(c.Request()); ok {
		return addr.String()
	}
	return ""
}

// identity is the person the audit log and reviews name for a request: who
// the proxy signed in; in token mode the name the person gave at sign-in,
// else the session's label.
func (h *Handlers) identity(c echo.Context) string {
	if p, ok := h.person(c); ok {
		return p.ID
	}
	acct := h.account(c)
	if acct.PersonName != "" {
		return acct.PersonName
	}
	return acct.Label
}

// person is who the proxy says sent this request; false in token mode and
// for requests that carry no believable identity.
func (h *Handlers) person(c echo.Context) (sessions.Person, bool) {
	p, ok := c.Get(personKey).(sessions.Person)
	return p, ok
}

// isAdmin reports a person in one of QCADMIN_ADMIN_GROUPS.
func (h *Handlers) isAdmin(c echo.Context) bool {
	p, ok := h.person(c)
	return ok && h.Auth.IsAdmin(p)
}
