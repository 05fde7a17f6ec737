package sessions

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"qcadmin/internal/pgtest"
)

// replicas are two console processes sharing one PostgreSQL database, as
// behind a load balancer, and one browser that reaches either.
type replicas struct {
	a, b     *Manager
	onA, onB *browser
}

// twoReplicas starts two Managers, each on its own connection pool to the
// same new database and with the same secret key, serving handler.
func twoReplicas(t *testing.T, handler func(*testing.T, *Manager) http.Handler) replicas {
	t.Helper()
	u := pgtest.URL(t)
	a := newTestManager(t, pgtest.Setup(t, u), testKey, testOptions())
	b := newTestManager(t, pgtest.Setup(t, u), testKey, testOptions())
	onA, onB := newBrowser(t, handler(t, a)), newBrowser(t, handler(t, b))
	// One cookie jar: both servers are on 127.0.0.1, and cookies do not
	// tell ports apart, so the browser presents its cookie to either.
	onB.client = onA.client
	return replicas{a: a, b: b, onA: onA, onB: onB}
}

func TestReplicasShareASignIn(t *testing.T) {
	r := twoReplicas(t, consoleHandler)
	r.onA.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
	if r.onB.cookie() == "" || r.onB.cookie() != r.onA.cookie() {
		t.Fatal("the browser does not present replica A's cookie to replica B; the test would prove nothing")
	}
	if who := r.onB.whoami(); !who.SignedIn || who.Token != apiToken || who.Account.ScenarioID != "scn_demo" {
		t.Fatalf("replica B after signing in on A: %+v", who)
	}
	if who := r.onA.whoami(); !who.SignedIn {
		t.Fatalf("replica A after B served a page: %+v", who)
	}
}

// A session signed out on one replica is signed out on the other at once,
// even though the other served it a moment before.
func TestSigningOutOnOneReplicaSignsOutOnTheOther(t *testing.T) {
	for _, path := range []string{"/signout", "/destroy"} {
		t.Run(path, func(t *testing.T) {
			r := twoReplicas(t, consoleHandler)
			r.onA.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
			signedIn := r.onA.cookie()
			for range 3 {
				if who := r.onB.whoami(); !who.SignedIn {
					t.Fatalf("not signed in on B: %+v", who)
				}
			}
			r.onA.post(path, nil)
			if r.onA.cookie() == signedIn {
				t.Fatal("signing out kept the signed-in cookie")
			}
			if who := r.onB.whoami(); who.SignedIn || who.HasToken {
				t.Errorf("replica B after signing out on A: %+v", who)
			}
			// The old cookie, kept by someone, signs in on neither replica.
			r.onB.setCookie(signedIn)
			if who := r.onB.whoami(); who.SignedIn || who.HasToken {
				t.Errorf("replica B still signs in the cookie signed out on A: %+v", who)
			}
			r.onA.setCookie(signedIn)
			if who := r.onA.whoami(); who.SignedIn {
				t.Errorf("replica A still signs in its own signed-out cookie: %+v", who)
			}
		})
	}
}

func TestRevokingOnOneReplicaSignsOutTheBrowserOnTheOther(t *testing.T) {
	r := twoReplicas(t, peopleHandler)
	r.onA.post("/begin", url.Values{"id": {"ana@velora.example"}, "groups": {"editors"}})
	r.onA.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
	if who := r.onA.whoami(); !who.SignedIn {
		t.Fatalf("not signed in on A: %+v", who)
	}

	list, err := r.b.ActiveSessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Person.ID != "ana@velora.example" || list[0].Agent != "Demo agent" {
		t.Fatalf("replica B lists %+v, want ana's session from A", list)
	}
	if ok, err := r.b.Revoke(context.Background(), list[0].Handle); !ok || err != nil {
		t.Fatalf("Revoke on B = %v, %v", ok, err)
	}
	if who := r.onA.whoami(); who.SignedIn || who.HasToken {
		t.Errorf("replica A still signs in the session revoked on B: %+v", who)
	}
	if rep := r.onA.person(); rep.OK {
		t.Errorf("replica A still names the person of the revoked session: %+v", rep)
	}
}

func TestAFlashSetOnOneReplicaShowsOnceOnTheOther(t *testing.T) {
	r := twoReplicas(t, consoleHandler)
	r.onA.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
	r.onA.post("/flash", url.Values{"msg": {"Article saved"}})
	who := r.onB.whoami()
	if who.Flash == nil || who.Flash.Message != "Article saved" {
		t.Fatalf("replica B shows flash %+v, want the one set on A", who.Flash)
	}
	if who := r.onA.whoami(); who.Flash != nil {
		t.Errorf("replica A shows the flash B showed already: %+v", who.Flash)
	}
	if who := r.onB.whoami(); who.Flash != nil || !who.SignedIn {
		t.Errorf("replica B after the flash: %+v", who)
	}
}

func TestAKeptFormIsOfferedOnceAcrossReplicas(t *testing.T) {
	r := twoReplicas(t, consoleHandler)
	ctx, err := r.a.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	r.a.KeepForm(ctx, KeptForm{Page: "/settings", ScenarioID: "sc1", Fields: url.Values{"name": {"Ana's agent"}}})
	token, _, err := r.a.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}

	onB, err := r.b.Load(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := r.b.PopKeptForm(onB, "/settings", "sc1"); !ok || f.Fields.Get("name") != "Ana's agent" {
		t.Fatalf("replica B offers %+v, %v; want the form kept on A", f, ok)
	}
	if _, _, err := r.b.Commit(onB); err != nil {
		t.Fatal(err)
	}

	again, err := r.a.Load(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := r.a.PopKeptForm(again, "/settings", "sc1"); ok {
		t.Errorf("replica A offers the form B offered already: %+v", f)
	}
}

// A page replica A is still serving when replica B revokes its session
// does not write the session back when it saves a flash.
func TestARevokeOnOneReplicaOutlastsAPageInFlightOnTheOther(t *testing.T) {
	r := twoReplicas(t, consoleHandler)
	r.onA.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
	inFlight, err := r.a.Load(context.Background(), r.onA.cookie())
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.b.ActiveSessions(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("replica B lists %+v, %v", list, err)
	}
	if ok, err := r.b.Revoke(context.Background(), list[0].Handle); !ok || err != nil {
		t.Fatalf("Revoke on B = %v, %v", ok, err)
	}
	r.a.Flash(inFlight, FlashSuccess, "Article saved")
	if _, _, err := r.a.Commit(inFlight); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("replica A saving the session B revoked: %v, want ErrSessionEnded", err)
	}
	if who := r.onB.whoami(); who.SignedIn {
		t.Errorf("the revoked session is signed in again: %+v", who)
	}
}
