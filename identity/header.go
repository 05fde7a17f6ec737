package identity

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"qcadmin/sessions"
)

// Bounds on what a proxy may say about a person, so a broken proxy cannot
// fill sessions with junk.
const (
	maxIdentityLen = 320 // the longest e-mail address
	maxGroups      = 200
	maxGroupLen    = 256
)

// headerPerson reads the identity headers of a request that came from a
// trusted proxy; the caller has checked the peer.
func (a Auth) headerPerson(r *http.Request) (sessions.Person, error) {
	p := sessions.Person{ID: r.Header.Get(a.Header)}
	if a.NameHeader != "" {
		p.Name = r.Header.Get(a.NameHeader)
	}
	if a.GroupsHeader != "" {
		if vs := r.Header.Values(a.GroupsHeader); len(vs) > 0 {
			p.Groups, p.GroupsKnown = splitGroups(strings.Join(vs, ",")), true
		}
	}
	return cleanPerson(p)
}

// IdentityHeaders reports whether a request carries any of the identity
// headers, so one from an untrusted peer can be logged as spoofed.
func (a Auth) IdentityHeaders(r *http.Request) bool {
	for _, h := range []string{a.Header, a.GroupsHeader, a.NameHeader} {
		if h != "" && len(r.Header.Values(h)) > 0 {
			return true
		}
	}
	return false
}

// splitGroups reads a comma-separated groups value.
func splitGroups(v string) []string {
	var out []string
	for g := range strings.SplitSeq(v, ",") {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// cleanPerson trims what the proxy sent, sorts the groups (so the same groups
// in another order are the same person) and refuses what cannot be a person.
func cleanPerson(p sessions.Person) (sessions.Person, error) {
	p.ID = strings.TrimSpace(p.ID)
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case p.ID == "":
		return sessions.Person{}, ErrNoIdentity
	case len(p.ID) > maxIdentityLen || !printable(p.ID):
		return sessions.Person{}, errors.New("the identity is too long or holds control characters")
	}
	if len(p.Name) > maxIdentityLen || !printable(p.Name) {
		p.Name = "" // a display name is a nicety; the identity still stands
	}
	groups := make([]string, 0, len(p.Groups))
	for _, g := range p.Groups {
		if g = strings.TrimSpace(g); g != "" && len(g) <= maxGroupLen && printable(g) {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	groups = slices.Compact(groups)
	if len(groups) > maxGroups {
		return sessions.Person{}, errors.New("too many groups")
	}
	p.Groups = groups
	return p, nil
}

func printable(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar })
}
