package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/identity"
	"qcadmin/sessions"
	"qcadmin/web"
)

// identify decides who sends a request in header and jwt modes and keeps the
// session theirs: when the identity differs from the session's (or is gone),
// the session is reset before anything else reads it.
func (h *Handlers) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if !h.Auth.Proxied() {
			h.Sessions.Seen(ctx)
			return next(c)
		}
		p, ok, err := h.proxyPerson(c)
		if err != nil {
			return err
		}
		stored, had := h.Sessions.Person(ctx)
		_, signedIn := h.Sessions.Account(ctx)
		switch {
		case !ok:
			if had || signedIn {
				if err := h.Sessions.SignOut(ctx); err != nil {
					return err
				}
			}
			return next(c)
		case !had || !stored.Same(p):
			if had {
				h.Log.Info("a different identity arrived on a session; it starts afresh", "request_id", web.RequestID(c))
			}
			// After a sign-out the next page should still say so; another person's messages never carry over.
			flash, carry := h.Sessions.PopFlash(ctx)
			if err := h.Sessions.Begin(ctx, p); err != nil {
				return err
			}
			if carry && !had {
				h.Sessions.Flash(ctx, flash.Kind, flash.Message)
			}
		default:
			h.Sessions.Rename(ctx, p.Name)
			h.Sessions.Seen(ctx)
			if err := h.keepAgent(c, p); err != nil {
				return err
			}
		}
		c.Set(personKey, p)
		return next(c)
	}
}

// proxyPerson is who the proxy says sent the request, or false (logged) when
// nothing believable names anyone. A request that carries an identity header
// twice is refused outright (400): the proxy appended to a header the client
// sent, and which copy is the proxy's cannot be told.
func (h *Handlers) proxyPerson(c echo.Context) (sessions.Person, bool, error) {
	r := c.Request()
	peer, _ := identity.PeerAddr(r)
	p, err := h.Auth.Identify(r)
	var repeated *identity.RepeatedHeaderError
	switch {
	case errors.As(err, &repeated):
		h.Log.Warn("a request carried an identity header more than once and was refused; the proxy must replace the header, not append to it",
			"header", repeated.Header, "peer", peer.String(), "request_id", web.RequestID(c))
		return sessions.Person{}, false, echo.NewHTTPError(http.StatusBadRequest,
			"The sign-in proxy sent the "+repeated.Header+" header twice; the console believes neither. Ask your admin to make the proxy replace the header, not append to it.")
	case errors.Is(err, identity.ErrUntrustedPeer):
		if h.Auth.IdentityHeaders(r) {
			h.Log.Warn("identity headers from a peer that is not a trusted proxy were ignored; the request counts as signed out",
				"peer", peer.String(), "header", h.Auth.Header, "request_id", web.RequestID(c))
		}
		return sessions.Person{}, false, nil
	case errors.Is(err, identity.ErrNoIdentity):
		h.Log.Info("no identity on the request; it counts as signed out", "peer", peer.String(), "request_id", web.RequestID(c))
		return sessions.Person{}, false, nil
	case err != nil:
		// The reason names what failed (expired, audience, key), never the assertion itself.
		h.Log.Warn("the SSO proxy's identity was refused; the request counts as signed out", "reason", err.Error(), "peer", peer.String(), "request_id", web.RequestID(c))
		return sessions.Person{}, false, nil
	}
	return p, true, nil
}

// keepAgent ends the agent of a session whose person may no longer use it
// as signed in (the agents file changed, or a pasted token where agents are
// provisioned); the next page picks an agent afresh.
func (h *Handlers) keepAgent(c echo.Context, p sessions.Person) error {
	ctx := c.Request().Context()
	acct, ok := h.Sessions.Account(ctx)
	if !ok {
		return nil
	}
	still := acct.Agent == "" && h.Agents == nil
	if acct.Agent != "" && h.Agents != nil {
		ag, found := h.Agents.Find(acct.Agent)
		still = found && ag.Claims().ScenarioID == acct.ScenarioID && ag.RoleOf(p, h.Auth.DefaultRole) == acct.Role
	}
	if still {
		return nil
	}
	return h.Sessions.Begin(ctx, p)
}
