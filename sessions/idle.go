package sessions

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// The idle timeout. scs's own IdleTimeout rewrites a session's row, and sends
// its cookie again, on every request that loads it. The console enforces it
// from the visit's last-seen stamp instead: Load signs out a session whose
// stamp is older than Options.Idle and moves the stamp on at most once a
// minute, and only that write (or a real change) saves the row, which then
// expires Idle after it was written, and sends the cookie, which lasts as long.
// A session is therefore signed out between Idle minus a minute and Idle
// after its last request.

// Load reads the session of token into ctx, like scs's Load, and applies the
// idle timeout: a session last seen longer than Options.Idle ago is destroyed
// (the request goes on signed out, and the browser's cookie is cleared), and
// the last-seen stamp of any other is moved on when it is a minute old.
func (m *Manager) Load(ctx context.Context, token string) (context.Context, error) {
	ctx, err := m.load(ctx, token)
	if err != nil {
		return ctx, err
	}
	if tok := m.SessionManager.Token(ctx); tok != "" {
		ctx = context.WithValue(ctx, loadedKey{m}, tok) // read from the store (ended.go)
	}
	return ctx, nil
}

func (m *Manager) load(ctx context.Context, token string) (context.Context, error) {
	ctx, err := m.SessionManager.Load(ctx, token)
	if err != nil {
		return ctx, err
	}
	if m.SessionManager.Token(ctx) != "" && !time.Now().Before(m.Deadline(ctx)) {
		// Past its lifetime: the store would no longer find it, and neither does memory.
		return ctx, m.Destroy(ctx)
	}
	if m.idle <= 0 {
		return ctx, nil
	}
	v, ok := m.Get(ctx, visitKey).(visit)
	switch {
	case !ok:
		if _, signedIn := m.Get(ctx, accountKey).(storedAccount); signedIn {
			m.startVisit(ctx) // signed in before sessions carried a stamp
		}
	case m.now().Sub(v.LastSeen) >= m.idle:
		if err := m.Destroy(ctx); err != nil {
			return nil, err
		}
	default:
		m.Seen(ctx)
	}
	return ctx, nil
}

// Commit saves the session, like scs's Commit, and returns the expiry for its
// cookie: the idle timeout from now, or the session's end if that is sooner.
// A session Load read from the store that has ended since (signed out or
// revoked elsewhere) is not written back: Commit answers ErrSessionEnded.
func (m *Manager) Commit(ctx context.Context) (string, time.Time, error) {
	if loaded, _ := ctx.Value(loadedKey{m}).(string); loaded != "" && loaded == m.SessionManager.Token(ctx) {
		ctx = context.WithValue(ctx, rewriteKey{}, true)
	}
	token, expiry, err := m.SessionManager.Commit(ctx)
	if err != nil {
		return token, expiry, err
	}
	return token, m.idleExpiry(expiry), nil
}

// idleExpiry is when a session saved now, which ends at deadline, ends if
// nothing uses it. It is on the wall clock, as the store and browsers count.
func (m *Manager) idleExpiry(deadline time.Time) time.Time {
	if m.idle <= 0 {
		return deadline
	}
	if ie := time.Now().Add(m.idle).UTC(); ie.Before(deadline) {
		return ie
	}
	return deadline
}

// seenInterval is how stale the last-seen stamp may get: a minute, or less
// under a very short idle timeout, so an active session is never signed out.
func (m *Manager) seenInterval() time.Duration {
	if m.idle > 0 && m.idle/2 < seenEvery {
		return m.idle / 2
	}
	return seenEvery
}

// LoadAndSave is scs's LoadAndSave with the console's Load and Commit: it
// loads the session for the handler and, when the session changed, saves it
// and sends its cookie just before the response headers go out.
func (m *Manager) LoadAndSave(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Cookie")
		var token string
		if ck, err := r.Cookie(m.SessionManager.Cookie.Name); err == nil {
			token = ck.Value
		}
		ctx, err := m.Load(r.Context(), token)
		if err != nil {
			m.ErrorFunc(w, r, err)
			return
		}
		sr := r.WithContext(ctx)
		sw := &saveWriter{ResponseWriter: w, save: func() bool { return m.save(w, sr) }}
		next.ServeHTTP(sw, sr)
		sw.saveOnce()
	})
}

// Save commits the request's session when it changed and writes its cookie,
// or clears the cookie of a destroyed session; unchanged sessions cost nothing.
// Call it before the response headers are written.
func (m *Manager) Save(w http.ResponseWriter, r *http.Request) { m.save(w, r) }

// save is Save, reporting false when the session could not be saved and
// ErrorFunc has answered the request instead.
func (m *Manager) save(w http.ResponseWriter, r *http.Request) bool {
	ctx := r.Context()
	switch m.Status(ctx) {
	case scs.Modified:
		token, expiry, err := m.Commit(ctx)
		if errors.Is(err, ErrSessionEnded) {
			return true // the handler's answer stands; the browser's cookie finds nobody now
		}
		if err != nil {
			// The handler's answer is dropped, and with it what its headers say (a redirect, a toast).
			for k := range w.Header() {
				if k != "Vary" {
					w.Header().Del(k)
				}
			}
			m.ErrorFunc(w, r, err)
			return false
		}
		m.WriteSessionCookie(ctx, w, token, expiry)
	case scs.Destroyed:
		m.WriteSessionCookie(ctx, w, "", time.Time{})
	}
	return true
}

// saveWriter saves the session before the first header or byte goes out.
// When saving failed, ErrorFunc's answer stands and the handler's is dropped.
type saveWriter struct {
	http.ResponseWriter
	save   func() bool
	saved  bool
	failed bool
}

func (sw *saveWriter) saveOnce() {
	if !sw.saved {
		sw.saved = true
		sw.failed = !sw.save()
	}
}

func (sw *saveWriter) Write(b []byte) (int, error) {
	sw.saveOnce()
	if sw.failed {
		return len(b), nil
	}
	return sw.ResponseWriter.Write(b)
}

func (sw *saveWriter) WriteHeader(code int) {
	sw.saveOnce()
	if !sw.failed {
		sw.ResponseWriter.WriteHeader(code)
	}
}

func (sw *saveWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

// idleStore is the session store with each row's expiry brought forward to
// the idle timeout, so the store forgets an unused session, and its
// clean-up removes it, once the idle timeout has passed since it was saved.
// With rows set it keeps the rows it read or wrote recently in memory
// (recent.go); without, every Find reads the database. Its failures wrap
// ErrStoreUnavailable.
type idleStore struct {
	inner rowStore
	m     *Manager
	rows  *recent[[]byte] // nil: nothing is kept, as when replicas share the database

	// A row read while any write was under way, or read across one, may be
	// stale and is not kept: inflight counts writes under way, gen every
	// write begun or ended.
	mu       sync.Mutex
	inflight int
	gen      uint64
}

func (s *idleStore) Find(key string) ([]byte, bool, error) {
	if s.rows == nil {
		b, found, err := s.inner.Find(key)
		return b, found, unavailable(err)
	}
	s.mu.Lock()
	b, ok := s.rows.get(key)
	before, quiet := s.gen, s.inflight == 0
	s.mu.Unlock()
	if ok {
		return b, true, nil
	}
	b, found, err := s.inner.Find(key)
	if found && err == nil && quiet {
		s.mu.Lock()
		if s.inflight == 0 && s.gen == before {
			s.rows.put(key, b)
		}
		s.mu.Unlock()
	}
	return b, found, unavailable(err)
}

// write runs a write to key's row, forgetting what memory held of it.
func (s *idleStore) write(key string, do func() error) error {
	if s.rows == nil {
		return unavailable(do())
	}
	s.mu.Lock()
	s.inflight++
	s.gen++
	s.rows.forget(key)
	s.mu.Unlock()
	err := do()
	s.mu.Lock()
	s.inflight--
	s.gen++
	s.mu.Unlock()
	return unavailable(err)
}

func (s *idleStore) Commit(key string, b []byte, expiry time.Time) error {
	return s.write(key, func() error {
		if err := s.inner.Commit(key, b, s.m.idleExpiry(expiry)); err != nil {
			return err
		}
		if s.rows != nil {
			s.mu.Lock()
			s.rows.put(key, b)
			s.mu.Unlock()
		}
		return nil
	})
}

func (s *idleStore) Delete(key string) error {
	return s.write(key, func() error { return s.inner.Delete(key) })
}

// rowStore is what the console needs of the database's session store:
// scs's sqlite3store or postgresstore.
type rowStore interface {
	scs.Store
	scs.IterableStore
	StopCleanup() // ends the background removal of expired rows
}

func (s *idleStore) All() (map[string][]byte, error) {
	all, err := s.inner.All()
	return all, unavailable(err)
}
