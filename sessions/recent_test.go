package sessions

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// findCounting counts the rows read from the database.
type findCounting struct {
	rowStore
	finds atomic.Int64
}

func (s *findCounting) Find(key string) ([]byte, bool, error) {
	s.finds.Add(1)
	return s.rowStore.Find(key)
}

func TestRecentSessionsAreReadFromMemory(t *testing.T) {
	m := newTestManager(t, sqliteDB(t), testKey, testOptions())
	store := m.SessionManager.Store.(*idleStore)
	db := &findCounting{rowStore: store.inner}
	store.inner = db
	b := newBrowser(t, consoleHandler(t, m))
	b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))

	for range 10 {
		if who := b.whoami(); !who.SignedIn || who.Token != apiToken {
			t.Fatalf("page: %+v", who)
		}
	}
	if n := db.finds.Load(); n != 0 {
		t.Errorf("10 pages right after sign-in read the session from the database %d times, want 0", n)
	}

	// Memory forgets what is written or deleted: a flash shows once, and signing out ends the old cookie.
	b.post("/flash", map[string][]string{"msg": {"Saved"}})
	if who := b.whoami(); who.Flash == nil {
		t.Error("the flash did not reach the next page")
	}
	if who := b.whoami(); who.Flash != nil {
		t.Error("the flash showed twice")
	}
	old := b.cookie()
	b.post("/signout", nil)
	b.setCookie(old)
	if who := b.whoami(); who.SignedIn {
		t.Error("the cookie from before sign-out still signs in from memory")
	}
}

func TestRecentIsBounded(t *testing.T) {
	r := newRecent[int]()
	for i := range 5 * recentMax {
		r.put(strconv.Itoa(i), i)
	}
	if n := len(r.cur) + len(r.prev); n > 2*recentMax {
		t.Errorf("%d entries kept, want at most %d", n, 2*recentMax)
	}
	if v, ok := r.get(strconv.Itoa(5*recentMax - 1)); !ok || v != 5*recentMax-1 {
		t.Error("the latest entry is gone")
	}
	if _, ok := r.get("0"); ok {
		t.Error("the oldest entry is still there")
	}
	r.started = time.Now().Add(-2 * recentFor)
	r.rotateIfDue()
	r.started = time.Now().Add(-2 * recentFor)
	if _, ok := r.get(strconv.Itoa(5*recentMax - 1)); ok {
		t.Error("an entry unused for twice recentFor is still there")
	}
}
