package sessions

import (
	"context"
	"encoding/gob"
	"slices"
	"time"
)

// Person is who uses a session, as the SSO proxy named them; nobody has one in token mode.
type Person struct {
	ID     string // e-mail or subject: what the audit log and the admin page name
	Name   string // display name; may be empty
	Groups []string
	// GroupsKnown is true when the proxy said which groups the person is in,
	// even none; without it the default role applies.
	GroupsKnown bool
}

// Display is what the console calls the person: their name, else their id.
func (p Person) Display() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// Same reports whether a request comes from the same person with the same
// groups, so the session (and the role its groups gave) carries over.
func (p Person) Same(o Person) bool {
	return p.ID == o.ID && p.GroupsKnown == o.GroupsKnown && slices.Equal(p.Groups, o.Groups)
}

// visit is who holds a session and when it began and was last used, for the admin page.
type visit struct {
	Person   Person
	Since    time.Time
	LastSeen time.Time
}

const visitKey = "visit"

// seenEvery is how stale "last seen" may get, so not every request rewrites it.
const seenEvery = time.Minute

func init() {
	gob.RegisterName("qcadmin.sessions.visit.v1", visit{})
}

// Begin starts a fresh session for p: a new session token and nothing of what
// the previous holder left behind, so a changed identity never inherits an agent.
func (m *Manager) Begin(ctx context.Context, p Person) error {
	if err := m.RenewToken(ctx); err != nil {
		return err
	}
	if err := m.Clear(ctx); err != nil {
		return err
	}
	now := m.now().UTC()
	m.Put(ctx, visitKey, visit{Person: p, Since: now, LastSeen: now})
	return nil
}

// Person returns who the proxy said holds this session; false when nobody does.
func (m *Manager) Person(ctx context.Context) (Person, bool) {
	v, ok := m.Get(ctx, visitKey).(visit)
	if !ok || v.Person.ID == "" {
		return Person{}, false
	}
	return v.Person, true
}

// Rename keeps a new display name the proxy sends for the same person.
func (m *Manager) Rename(ctx context.Context, name string) {
	if v, ok := m.Get(ctx, visitKey).(visit); ok && v.Person.Name != name {
		v.Person.Name = name
		m.Put(ctx, visitKey, v)
	}
}

// Seen records that the session is in use now, at most once a minute; Load
// calls it, and the idle timeout counts from it.
func (m *Manager) Seen(ctx context.Context) {
	v, ok := m.Get(ctx, visitKey).(visit)
	if !ok {
		return
	}
	if now := m.now().UTC(); now.Sub(v.LastSeen) >= m.seenInterval() {
		v.LastSeen = now
		m.Put(ctx, visitKey, v)
	}
}

// startVisit dates a session from its sign-in when no proxy identity began it.
func (m *Manager) startVisit(ctx context.Context) {
	if _, ok := m.Get(ctx, visitKey).(visit); ok {
		return
	}
	now := m.now().UTC()
	m.Put(ctx, visitKey, visit{Since: now, LastSeen: now})
}
