// Package sessions keeps who is signed in to the console: an scs session per
// browser, stored in the console's database (SQLite, or PostgreSQL shared by
// several replicas), holding the Quickchat agent the user works on and its API
// token, encrypted so the store never holds a usable token.
package sessions

import (
	"errors"
	"log/slog"
	"net/http"
	"qcadmin/database"
	"sync"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
)

// Cookie names. Browsers accept a __Host- cookie only when it is Secure, has
// Path=/ and no Domain, which pins the session to this exact origin.
const (
	CookieName       = "qcadmin_session"
	SecureCookieName = "__Host-" + CookieName
)

// Options shape the session cookie and how long a sign-in lasts.
type Options struct {
	Idle     time.Duration // sign-out after this long without a request; 0 turns the idle timeout off
	Lifetime time.Duration // sign-out this long after sign-in, however active
	Secure   bool          // the console is reached over HTTPS (directly or at a proxy)
	Logger   *slog.Logger  // nil means slog.Default()
	// Now is the clock the idle timeout is measured by; nil means time.Now.
	Now func() time.Time
}

// Manager is the console's session manager: scs for cookies and storage,
// plus the signed-in account, its sealed token and flash messages.
// Mount Manager.LoadAndSave around every route that uses it, or call its
// Load and Save (not scs's), which apply the idle timeout.
type Manager struct {
	*scs.SessionManager
	sealer   *tokenSealer
	log      *slog.Logger
	stopOnce sync.Once
	store    rowStore
	idle     time.Duration
	now      func() time.Time
	// rewrite saves a session read from the store only while its row is still there (ended.go).
	rewrite func(key string, b []byte, expiry time.Time) (bool, error)
}

// New returns a Manager storing sessions in db (migrated by database.Setup) and sealing API tokens with key, the console's 32-byte secret key.
// Call Close when done to stop the store's clean-up of expired sessions.
func New(db *database.DB, key []byte, opts Options) (*Manager, error) {
	sealer, err := newTokenSealer(key)
	if err != nil {
		return nil, err
	}
	if opts.Lifetime <= 0 {
		return nil, errors.New("sessions: Options.Lifetime must be positive")
	}
	if opts.Idle < 0 {
		return nil, errors.New("sessions: Options.Idle must not be negative")
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}

	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := &Manager{sealer: sealer, log: log, idle: opts.Idle, now: now, rewrite: rewriter(db)}
	store := &idleStore{m: m}
	switch db.Dialect {
	case database.Postgres:
		// Several replicas may share this database: a row one of them kept in
		// memory would still sign a browser in after another signed it out or
		// revoked it, so every request reads its row (one indexed lookup).
		m.store = postgresstore.New(db.DB)
	default:
		// One process owns the SQLite file, and every change goes through
		// this store, so rows read recently are kept in memory (recent.go).
		m.store = sqlite3store.New(db.DB)
		store.rows = newRecent[[]byte]()
	}
	store.inner = m.store

	sm := scs.New()
	sm.Store = store
	sm.Codec = recentCodec{seen: newRecent[decoded]()}
	// No IdleTimeout: scs would then save every session on every request.
	// Load enforces the idle timeout from the last-seen stamp instead (idle.go).
	sm.Lifetime = opts.Lifetime
	// The store keys rows by a hash of the cookie, so a copy of the database cannot be replayed as a cookie.
	sm.HashTokenInStore = true
	sm.Cookie.Name = CookieName
	if opts.Secure {
		sm.Cookie.Name = SecureCookieName
	}
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Secure = opts.Secure
	sm.Cookie.Persist = true
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.ErrorContext(r.Context(), "session storage failed", "err", err, "path", r.URL.Path)
		if errors.Is(err, ErrStoreUnavailable) {
			WriteUnavailable(w, r)
			return
		}
		http.Error(w, "The console could not load your session. Please try again.", http.StatusInternalServerError)
	}

	m.SessionManager = sm
	return m, nil
}

// Close stops the background clean-up of expired sessions. The database
// stays open; it belongs to the caller.
func (m *Manager) Close() {
	m.stopOnce.Do(m.store.StopCleanup)
}
