package sessions

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"time"
)

// ActiveSession is one session as the admin page lists it: who, since when,
// last seen and on which agent. It carries neither the token nor the cookie.
type ActiveSession struct {
	Handle   string // names the session for Revoke; cannot be turned back into its cookie
	Person   Person
	Agent    string // the signed-in agent's label; empty before one is chosen
	Since    time.Time
	LastSeen time.Time
}

// ActiveSessions lists the sessions that have a person or an agent, most
// recently seen first. Expired sessions are left out by the store.
func (m *Manager) ActiveSessions(ctx context.Context) ([]ActiveSession, error) {
	var out []ActiveSession
	err := m.Iterate(ctx, func(sctx context.Context) error {
		v, hasVisit := m.Get(sctx, visitKey).(visit)
		stored, hasAccount := m.Get(sctx, accountKey).(storedAccount)
		if !hasAccount && (!hasVisit || v.Person.ID == "") {
			return nil // a signed-out browser holding a flash message
		}
		s := ActiveSession{Handle: handleOf(m.SessionManager.Token(sctx)), Person: v.Person, Since: v.Since, LastSeen: v.LastSeen}
		if hasAccount {
			s.Agent = stored.Label
		}
		out = append(out, s)
		return nil
	})
	slices.SortFunc(out, func(a, b ActiveSession) int { return b.LastSeen.Compare(a.LastSeen) })
	return out, err
}

// Handle names the current request's session the way ActiveSessions does.
func (m *Manager) Handle(ctx context.Context) string {
	tok := m.SessionManager.Token(ctx)
	if tok == "" {
		return ""
	}
	return handleOf(storeKey(tok))
}

// Revoke deletes the session with this handle, so its cookie signs nobody
// in; false when no such session exists (already gone or expired).
func (m *Manager) Revoke(ctx context.Context, handle string) (bool, error) {
	all, err := m.store.All()
	if err = unavailable(err); err != nil {
		return false, err
	}
	for key := range all {
		if subtle.ConstantTimeCompare([]byte(handleOf(key)), []byte(handle)) == 1 {
			// The store's own key: scs's Destroy would hash it a second time.
			return true, m.SessionManager.Store.Delete(key)
		}
	}
	return false, nil
}

// storeKey is the row key scs gives a session token (HashTokenInStore).
func storeKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// handleOf derives a page-safe name from a store key, so not even the key reaches HTML.
func handleOf(key string) string {
	sum := sha256.Sum256([]byte("qcadmin session handle\x00" + key))
	return hex.EncodeToString(sum[:16])
}
