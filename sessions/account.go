package sessions

import (
	"context"
	"encoding/gob"
	"errors"
	"time"
)

// Roles a person has on the signed-in agent, beside what the token allows.
const (
	RoleRead  = "read"
	RoleWrite = "write"
)

// Account is the signed-in Quickchat agent of a session.
type Account struct {
	ScenarioID string
	Scope      string    // "read_all" or "write_all"
	ExpiresAt  time.Time // the token's exp; zero when the token never expires
	Label      string    // what the console shows, e.g. "Demo agent"
	// Role is what this person may do on the agent: RoleWrite when they pasted the
	// token themselves, else what their groups allow on a provisioned agent.
	Role  string
	Agent string // the provisioned agent's name; empty for a pasted token
	// PersonName is who signed in with a token, as they named themselves on
	// the sign-in form, so reviews and the audit log can say who; empty when
	// they gave no name, and behind SSO, where the proxy names the person.
	PersonName string
}

// CanWrite reports whether both the token and the person's role allow
// changes; people who may not write never see write controls.
func (a Account) CanWrite() bool { return a.Scope == "write_all" && a.Role == RoleWrite }

// expired is true from the token's exp on.
func (a Account) expired(now time.Time) bool {
	return !a.ExpiresAt.IsZero() && !now.Before(a.ExpiresAt)
}

// storedAccount is what the session holds: the account and the token sealed,
// so whatever reads stored sessions sees no token.
type storedAccount struct {
	Account
	SealedToken []byte
}

const accountKey = "account"

func init() {
	// Stable names, so a rename in Go does not sign everyone out.
	gob.RegisterName("qcadmin.sessions.account.v1", storedAccount{})
	gob.RegisterName("qcadmin.sessions.flash.v1", Flash{})
}

// SignIn makes acct, with its API token, the session's account. It renews
// the session token first, so a session id planted before sign-in is useless.
func (m *Manager) SignIn(ctx context.Context, acct Account, token string) error {
	if acct.ScenarioID == "" || token == "" {
		return errors.New("sessions: sign-in needs a scenario id and a token")
	}
	if err := m.RenewToken(ctx); err != nil {
		return err
	}
	m.Put(ctx, accountKey, storedAccount{Account: acct, SealedToken: m.sealer.seal(token, acct.ScenarioID)})
	m.startVisit(ctx)
	return nil
}

// SignOut forgets the account and everything else in the session, under a
// new session token. A flash set afterwards still reaches the next page.
func (m *Manager) SignOut(ctx context.Context) error {
	if err := m.RenewToken(ctx); err != nil {
		return err
	}
	return m.Clear(ctx)
}

// Account returns the signed-in account; false when nobody is signed in or
// the token has expired.
func (m *Manager) Account(ctx context.Context) (Account, bool) {
	stored, ok := m.current(ctx)
	if !ok {
		return Account{}, false
	}
	return stored.Account, true
}

// Token returns the signed-in account's API token; false when nobody is
// signed in, the token has expired, or it cannot be decrypted (the console's
// secret key changed), in which case the user has to sign in again.
func (m *Manager) Token(ctx context.Context) (string, bool) {
	stored, ok := m.current(ctx)
	if !ok {
		return "", false
	}
	token, err := m.sealer.open(stored.SealedToken, stored.ScenarioID)
	if err != nil {
		m.log.WarnContext(ctx, "cannot decrypt the API token of a session; has the console's secret key changed?", "scenario_id", stored.ScenarioID)
		return "", false
	}
	return token, true
}

// LastAgent is the scenario of the session's account, even one whose token
// has expired; "" when the session never had one (or its data is gone).
func (m *Manager) LastAgent(ctx context.Context) string {
	stored, _ := m.Get(ctx, accountKey).(storedAccount)
	return stored.ScenarioID
}

func (m *Manager) current(ctx context.Context) (storedAccount, bool) {
	stored, ok := m.Get(ctx, accountKey).(storedAccount)
	if !ok || stored.expired(time.Now()) {
		return storedAccount{}, false
	}
	return stored, true
}
