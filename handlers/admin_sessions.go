package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
	"qcadmin/views"
	"qcadmin/web"
)

// requireAdmin lets through members of QCADMIN_ADMIN_GROUPS only. In token
// mode nobody has an identity, so nobody is an admin, and the page says so.
func (h *Handlers) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !h.Auth.Proxied() || len(h.Auth.AdminGroups) == 0 {
			return echo.NewHTTPError(http.StatusForbidden,
				"Nobody is an admin on this console: the admin page needs people to sign in through an SSO proxy (QCADMIN_AUTH=header or jwt) and admin groups (QCADMIN_ADMIN_GROUPS). With pasted tokens, nobody has an identity to check.")
		}
		if _, ok := h.person(c); !ok {
			return h.proxySignIn(c, http.StatusUnauthorized)
		}
		if !h.isAdmin(c) {
			return echo.NewHTTPError(http.StatusForbidden, "Only the console's admins see active sessions.")
		}
		return next(c)
	}
}

// adminSessions lists every active session: who, since when, last seen, agent.
func (h *Handlers) adminSessions(c echo.Context) error {
	rows, err := h.sessionRows(c)
	if err != nil {
		return err
	}
	return h.kit.Render(c, http.StatusOK, web.Page{Title: "Active sessions", Nav: "admin", Body: views.AdminSessionsPage(views.AdminSessions{Rows: rows}), Styles: []string{"forms.css"}})
}

// adminRevoke names the session and asks once more, then deletes it.
func (h *Handlers) adminRevoke(c echo.Context) error {
	handle := c.FormValue("session")
	rows, err := h.sessionRows(c)
	if err != nil {
		return err
	}
	var row *views.AdminSessionRow
	for i := range rows {
		if rows[i].Handle == handle {
			row = &rows[i]
		}
	}
	ctx := c.Request().Context()
	if row == nil {
		h.Sessions.Flash(ctx, "info", "That session has already ended.")
		return web.Redirect(c, "/admin/sessions")
	}
	if c.FormValue("confirm") != "yes" {
		return h.kit.Render(c, http.StatusOK, web.Page{Title: "Revoke a session", Nav: "admin", Body: views.RevokeConfirmPage(views.RevokeConfirm{Row: *row}), Styles: []string{"forms.css"}})
	}
	h.Log.Info("an admin revoked a session", "admin", h.identity(c), "person", row.Person, "request_id", web.RequestID(c))
	if row.You {
		// Through the session manager, so this response does not write the revoked session back.
		if err := h.Sessions.SignOut(ctx); err != nil {
			return err
		}
		return web.Reload(c, "/login")
	}
	if _, err := h.Sessions.Revoke(ctx, handle); err != nil {
		return err
	}
	h.Sessions.Flash(ctx, "success", "Revoked "+orSomeone(row.Person)+"'s session.")
	return web.Redirect(c, "/admin/sessions")
}

func (h *Handlers) sessionRows(c echo.Context) ([]views.AdminSessionRow, error) {
	ctx := c.Request().Context()
	list, err := h.Sessions.ActiveSessions(ctx)
	if err != nil {
		return nil, err
	}
	me := h.Sessions.Handle(ctx)
	rows := make([]views.AdminSessionRow, len(list))
	for i, s := range list {
		rows[i] = sessionRow(s, s.Handle == me)
	}
	return rows, nil
}

func sessionRow(s sessions.ActiveSession, you bool) views.AdminSessionRow {
	r := views.AdminSessionRow{
		Handle: s.Handle, Person: s.Person.Display(), Groups: strings.Join(s.Person.Groups, ", "),
		Agent: s.Agent, Since: utcMinute(s.Since), LastSeen: utcMinute(s.LastSeen), You: you,
	}
	if s.Person.Name != "" {
		r.PersonID = s.Person.ID
	}
	return r
}

func utcMinute(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2 Jan 2006 15:04")
}

func orSomeone(s string) string {
	if s == "" {
		return "someone"
	}
	return s
}
