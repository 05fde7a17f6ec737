package sessions

import (
	"net/http"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// countingStore counts the session rows written through it.
type countingStore struct {
	scs.Store
	commits atomic.Int64
}

func (s *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.commits.Add(1)
	return s.Store.Commit(token, b, expiry)
}

// fakeClock is a clock the test moves on.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// idleManager is a test manager on db with a one-hour idle timeout on clock, counting its writes.
func idleManager(t *testing.T, db *database.DB, clock *fakeClock) (*Manager, *countingStore) {
	t.Helper()
	opts := testOptions()
	opts.Now = clock.Now
	m := newTestManager(t, db, testKey, opts)
	counting := &countingStore{Store: m.SessionManager.Store}
	m.SessionManager.Store = counting
	return m, counting
}

// pageCookie requests a page and returns the session cookie it set, if any.
func (b *browser) pageCookie() *http.Cookie {
	b.t.Helper()
	res, err := b.client.Get(b.base + "/whoami")
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == CookieName {
			return c
		}
	}
	return nil
}

func TestPagesWithinAMinuteWriteTheSessionOnce(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		clock := &fakeClock{now: time.Now()}
		m, store := idleManager(t, db, clock)
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(24*time.Hour)))
		if who := b.whoami(); !who.SignedIn {
			t.Fatal("not signed in")
		}

		before := store.commits.Load()
		for i := range 20 {
			clock.Advance(2 * time.Second)
			if c := b.pageCookie(); c != nil {
				t.Errorf("page %d sent the session cookie again: %s", i, c)
			}
		}
		if n := store.commits.Load() - before; n != 0 {
			t.Errorf("20 pages within 40 s wrote the session %d times, want 0", n)
		}

		// A minute after sign-in the last-seen stamp moves on: one write, and the cookie again, lasting the idle timeout.
		clock.Advance(30 * time.Second)
		c := b.pageCookie()
		if c == nil {
			t.Fatal("the page that moved the last-seen stamp on did not send the cookie")
		}
		if c.MaxAge < int(time.Hour.Seconds())-5 || c.MaxAge > int(time.Hour.Seconds())+5 {
			t.Errorf("Max-Age %d, want about the idle timeout of one hour", c.MaxAge)
		}
		for range 10 {
			clock.Advance(time.Second)
			if c := b.pageCookie(); c != nil {
				t.Errorf("the page after the stamp moved sent the cookie again: %s", c)
			}
		}
		if n := store.commits.Load() - before; n != 1 {
			t.Errorf("pages over 80 s wrote the session %d times, want 1", n)
		}
		if who := b.whoami(); !who.SignedIn || who.Token != apiToken {
			t.Errorf("after the pages: %+v", who)
		}
	})
}

func TestIdleSessionIsSignedOut(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		clock := &fakeClock{now: time.Now()}
		m, _ := idleManager(t, db, clock)
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(24*time.Hour)))
		cookie := b.cookie()

		// Active every 50 minutes keeps a one-hour idle session, past the idle timeout in all.
		for range 3 {
			clock.Advance(50 * time.Minute)
			if who := b.whoami(); !who.SignedIn {
				t.Fatal("an active session was signed out")
			}
		}

		clock.Advance(time.Hour)
		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("a session idle for an hour is still signed in: %+v", who)
		}
		if b.cookie() != "" {
			t.Error("the idle session's cookie was not cleared")
		}
		// Its cookie, replayed, signs nobody in: the row is gone.
		b.setCookie(cookie)
		if who := b.whoami(); who.SignedIn {
			t.Errorf("the idle session's cookie still signs in: %+v", who)
		}
	})
}

func TestSessionRowExpiresAtTheIdleTimeout(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(24*time.Hour)))
		// Hours from now to the row's expiry, as each dialect stores it.
		q := "SELECT (expiry - julianday('now')) * 24 FROM sessions"
		if db.Dialect == database.Postgres {
			q = "SELECT EXTRACT(EPOCH FROM expiry - now()) / 3600 FROM sessions"
		}
		var expiry float64
		if err := db.QueryRow(q).Scan(&expiry); err != nil {
			t.Fatal(err)
		}
		if expiry < 0.99 || expiry > 1.01 {
			t.Errorf("the session row expires in %.2f h, want the idle timeout of 1 h", expiry)
		}
	})
}
