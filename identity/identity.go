// Package identity says who is asking: the person a trusted SSO proxy names
// (in a header, or in a signed assertion checked against the proxy's JWKS),
// the agents an administrator provisioned for them, and their role on each.
package identity

import (
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"qcadmin/sessions"
)

// How people are identified (Auth.Mode), as QCADMIN_AUTH names it.
const (
	ModeToken  = "token"
	ModeHeader = "header"
	ModeJWT    = "jwt"
)

// Auth is how the console learns who a person is; the zero value is token
// mode, where people paste an agent's token and have no identity.
type Auth struct {
	Mode         string // ModeToken, ModeHeader or ModeJWT; empty means ModeToken
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

// Proxied reports whether an SSO proxy names people (header or jwt mode).
func (a Auth) Proxied() bool { return a.Mode == ModeHeader || a.Mode == ModeJWT }

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

// PeerAddr is the TCP peer of the request: the one address nobody can forge.
func PeerAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}

// ClientAddr is where a request came from: X-Forwarded-For is followed
// leftwards only while each hop is a trusted proxy, and the first address
// that is not (the rightmost untrusted one) is the client.
func (a Auth) ClientAddr(r *http.Request) string {
	addr, ok := PeerAddr(r)
	if !ok {
		return r.RemoteAddr
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
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

// Why a request names nobody; any other error from Identify is an identity
// the proxy sent and the console refused (expired, wrong audience, unknown key…).
var (
	// ErrNoIdentity is a request the proxy did not name anyone on.
	ErrNoIdentity = errors.New("no identity")
	// ErrUntrustedPeer is a request from a peer that is not a trusted proxy.
	ErrUntrustedPeer = errors.New("not from a trusted proxy")
	// ErrRepeatedHeader is a request that carries one of the identity headers
	// more than once: proxies that append rather than replace let the client's
	// own copy through, so neither copy is believed. The error Identify returns
	// is a *RepeatedHeaderError that names the header.
	ErrRepeatedHeader = errors.New("an identity header was sent more than once")
)

// RepeatedHeaderError names the identity header a request carried more than once.
type RepeatedHeaderError struct {
	Header string // canonical name, as configured
}

func (e *RepeatedHeaderError) Error() string {
	return "the " + e.Header + " header was sent more than once"
}

func (e *RepeatedHeaderError) Unwrap() error { return ErrRepeatedHeader }

// repeatedHeader refuses a request that carries any of the named headers on
// more than one header line. One line with commas in it (a groups list) is
// still one header; empty names (headers not configured) are skipped.
func repeatedHeader(r *http.Request, names ...string) error {
	for _, name := range names {
		if name != "" && len(r.Header.Values(name)) > 1 {
			return &RepeatedHeaderError{Header: http.CanonicalHeaderKey(name)}
		}
	}
	return nil
}

// Identify is who the proxy says sent r. The caller has checked Proxied.
func (a Auth) Identify(r *http.Request) (sessions.Person, error) {
	switch a.Mode {
	case ModeHeader:
		if peer, _ := PeerAddr(r); !a.trusted(peer) {
			return sessions.Person{}, ErrUntrustedPeer
		}
		if err := repeatedHeader(r, a.Header, a.NameHeader, a.GroupsHeader); err != nil {
			return sessions.Person{}, err
		}
		return a.headerPerson(r)
	case ModeJWT:
		if err := repeatedHeader(r, a.JWTHeader); err != nil {
			return sessions.Person{}, err
		}
		assertion := r.Header.Get(a.JWTHeader)
		if assertion == "" {
			return sessions.Person{}, ErrNoIdentity
		}
		return a.JWT.Person(r.Context(), assertion)
	}
	return sessions.Person{}, ErrNoIdentity
}

// IsAdmin reports a person in one of QCADMIN_ADMIN_GROUPS.
func (a Auth) IsAdmin(p sessions.Person) bool {
	return p.GroupsKnown && slices.ContainsFunc(p.Groups, func(g string) bool { return slices.Contains(a.AdminGroups, g) })
}
