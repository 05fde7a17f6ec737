package sessions

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

// sessionRows counts the rows in the sessions table.
func sessionRows(t *testing.T, db *database.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A request that read the session before it was revoked does not write it
// back when it saves a change: the revoked cookie stays signed out.
func TestASessionRevokedDuringARequestIsNotSavedBack(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		cookie := b.cookie()

		inFlight, err := m.Load(context.Background(), cookie)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := m.Account(inFlight); !ok {
			t.Fatal("the request does not see the signed-in session")
		}
		list, err := m.ActiveSessions(context.Background())
		if err != nil || len(list) != 1 {
			t.Fatalf("ActiveSessions = %+v, %v", list, err)
		}
		if ok, err := m.Revoke(context.Background(), list[0].Handle); !ok || err != nil {
			t.Fatalf("Revoke = %v, %v", ok, err)
		}

		m.Flash(inFlight, FlashSuccess, "Article saved")
		if _, _, err := m.Commit(inFlight); !errors.Is(err, ErrSessionEnded) {
			t.Errorf("saving the revoked session: %v, want ErrSessionEnded", err)
		}
		if n := sessionRows(t, db); n != 0 {
			t.Errorf("%d session rows after the revoked session's save, want 0", n)
		}
		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("the revoked cookie signs in again: %+v", who)
		}
	})
}

// Through the middleware: a page that changed a session signed out meanwhile
// in another tab goes out as it is, without a cookie, and does not sign the
// old cookie in again.
func TestAPageOfASessionSignedOutMeanwhileSetsNoCookie(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		held, release := make(chan struct{}), make(chan struct{})
		mux := http.NewServeMux()
		mux.Handle("/", consoleHandler(t, m))
		mux.HandleFunc("POST /slow", func(w http.ResponseWriter, r *http.Request) {
			close(held)
			<-release
			m.Flash(r.Context(), FlashSuccess, "Saved")
			w.Write([]byte("saved"))
		})
		b := newBrowser(t, m.LoadAndSave(mux))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		signedIn := b.cookie()

		slow := make(chan *http.Response)
		go func() {
			res, err := b.client.PostForm(b.base+"/slow", nil)
			if err != nil {
				t.Error(err)
				close(slow)
				return
			}
			res.Body.Close()
			slow <- res
		}()
		<-held
		b.post("/signout", nil) // another tab
		signedOut := b.cookie()
		close(release)
		res := <-slow
		if res == nil {
			return
		}
		if res.StatusCode != http.StatusOK || len(res.Cookies()) != 0 {
			t.Errorf("the slow page: %d, cookies %v; want 200 and none", res.StatusCode, res.Cookies())
		}
		if b.cookie() != signedOut {
			t.Error("the slow page replaced the cookie the sign-out set")
		}
		b.setCookie(signedIn)
		if who := b.whoami(); who.SignedIn {
			t.Errorf("the signed-out cookie signs in again: %+v", who)
		}
	})
}

// A session still there is saved by every request as before, and a renewed
// token is a new row.
func TestSavingALiveSessionStillWorks(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		for i := range 3 {
			b.post("/flash", url.Values{"msg": {"n" + string(rune('0'+i))}})
			if who := b.whoami(); who.Flash == nil || who.Flash.Message != "n"+string(rune('0'+i)) || !who.SignedIn {
				t.Fatalf("page %d: %+v", i, who)
			}
		}
		if n := sessionRows(t, db); n != 1 {
			t.Errorf("%d session rows, want 1", n)
		}
	})
}
