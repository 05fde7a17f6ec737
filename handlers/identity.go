package handlers

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
)

// How people are identified (Auth.Mode), as QCADMIN_AUTH names it.
const (
	AuthToken  = "token"
	AuthHeader = "header"
	AuthJWT    = "jwt"
)

// Auth is how the console learns who a person is; the zero value is token
// mode, where people paste an agent's token and have no identity.
type Auth struct {
	Mode         string // AuthToken, AuthHeader or AuthJWT; empty means AuthToken
	Header       string // header mode: the person's e-mail or user name
	GroupsHeader string // header mode: comma-separated groups; empty when the proxy sends none
	NameHeader   string // header mode: display name
	// TrustedProxies are the peers whose identity headers and X-Forwarded-For are believed.
	TrustedProxies []netip.Prefix
	JWTHeader      string       // jwt mode: the header carrying the signed assertion
	JWT            *JWTVerifier // jwt mode
	LogoutURL      string       // where Sign out goes; empty means /login
	DefaultRole    string       // sessions.RoleRead or RoleWrite, for people whose proxy sends no groups
	AdminGroups    []string     // groups that see /admin/sessions
}

func (a Auth) proxied() bool { return a.Mode == AuthHeader || a.Mode == AuthJWT }

// trusted reports whether addr is one of the proxies in front of the console.
func (a Auth) trusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range a.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Request-scoped values the identity middleware leaves for handlers.
const (
	clientIPKey = "qcadmin.client_ip"
	personKey   = "qcadmin.person"
)

// peerAddr is the TCP peer of the request: the one address nobody can forge.
func peerAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}

// clientAddr is where a request came from: X-Forwarded-For is followed
// leftwards only while each hop is a trusted proxy, and the first address
// that is not (the rightmost untrusted one) is the client.
func (a Auth) clientAddr(r *http.Request) string {
	addr, ok := peerAddr(r)
	if !ok {
		return r.RemoteAddr
	}
	var hops []string
	for _, v := range r.Header.Values(echo.HeaderXForwardedFor) {
		for part := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(part))
		}
	}
	for i := len(hops) - 1; i >= 0 && a.trusted(addr); i-- {
		hop, err := netip.ParseAddr(hops[i])
		if err != nil {
			break // a garbled hop ends what the trusted proxies vouch for
		}
		addr = hop.Unmap()
	}
	return addr.String()
}

// resolveClient works out the client address once, before the request is
// logged or audited, and makes echo's RealIP give the same answer.
func (h *Handlers) resolveClient(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(clientIPKey, h.Auth.clientAddr(c.Request()))
		return next(c)
	}
}

// clientIP is where a request came from, as the audit log records it.
func clientIP(c echo.Context) string {
	if ip, ok := c.Get(clientIPKey).(string); ok {
		return ip
	}
	if addr, ok := peerAddr(c.Request()); ok {
		return addr.String()
	}
	return ""
}

// identity is the person the audit log names for a request: who the proxy
// signed in, or in token mode the session's label.
func (h *Handlers) identity(c echo.Context) string {
	if p, ok := h.person(c); ok {
		return p.ID
	}
	return h.account(c).Label
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
	if !ok || !p.GroupsKnown {
		return false
	}
	return slices.ContainsFunc(p.Groups, func(g string) bool { return slices.Contains(h.Auth.AdminGroups, g) })
}
