package sessions

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"strings"
	"testing"
	"time"
)

// peopleHandler is the miniature console plus a proxy identity: /begin starts
// a session for a person, /person and /handle report on the current one.
func peopleHandler(t *testing.T, m *Manager) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", consoleHandler(t, m))
	mux.HandleFunc("POST /begin", func(w http.ResponseWriter, r *http.Request) {
		p := Person{ID: r.FormValue("id"), Name: r.FormValue("name"), Groups: strings.Split(r.FormValue("groups"), ","), GroupsKnown: true}
		if err := m.Begin(r.Context(), p); err != nil {
			t.Errorf("Begin: %v", err)
		}
	})
	mux.HandleFunc("GET /person", func(w http.ResponseWriter, r *http.Request) {
		p, ok := m.Person(r.Context())
		m.Seen(r.Context())
		json.NewEncoder(w).Encode(map[string]any{"ok": ok, "person": p, "handle": m.Handle(r.Context())})
	})
	return m.LoadAndSave(mux)
}

type personReport struct {
	OK     bool
	Person Person
	Handle string
}

func (b *browser) person() personReport {
	b.t.Helper()
	resp, err := b.client.Get(b.base + "/person")
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r personReport
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		b.t.Fatal(err)
	}
	return r
}

func TestBeginReplacesTheSession(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, peopleHandler(t, m))
		b.post("/begin", url.Values{"id": {"ana@velora.example"}, "name": {"Ana"}, "groups": {"editors"}})
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		first := b.cookie()
		if who := b.whoami(); !who.SignedIn {
			t.Fatal("not signed in to the agent")
		}
		if r := b.person(); !r.OK || r.Person.ID != "ana@velora.example" || r.Person.Display() != "Ana" {
			t.Fatalf("person after sign-in: %+v (sign-in must keep who holds the session)", r)
		}
		b.post("/begin", url.Values{"id": {"bo@velora.example"}, "groups": {"support"}})
		if b.cookie() == first {
			t.Error("a new person kept the previous session token")
		}
		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("a new person inherited the agent: %+v", who)
		}
		if r := b.person(); r.Person.ID != "bo@velora.example" || r.Person.Display() != "bo@velora.example" {
			t.Errorf("person = %+v", r.Person)
		}
	})
}

func TestPersonSame(t *testing.T) {
	ana := Person{ID: "ana", Groups: []string{"editors"}, GroupsKnown: true}
	if !ana.Same(Person{ID: "ana", Name: "Ana B.", Groups: []string{"editors"}, GroupsKnown: true}) {
		t.Error("a new display name made a different person")
	}
	for _, other := range []Person{
		{ID: "bo", Groups: []string{"editors"}, GroupsKnown: true},
		{ID: "ana", Groups: []string{"support"}, GroupsKnown: true},
		{ID: "ana", Groups: []string{"editors"}},
	} {
		if ana.Same(other) {
			t.Errorf("%+v counted as the same as %+v", other, ana)
		}
	}
}

func TestActiveSessionsAndRevoke(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		h := peopleHandler(t, m)
		ana, bo, anon := newBrowser(t, h), newBrowser(t, h), newBrowser(t, h)
		ana.post("/begin", url.Values{"id": {"ana@velora.example"}, "groups": {"editors"}})
		ana.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		bo.post("/begin", url.Values{"id": {"bo@velora.example"}, "groups": {"support"}})
		anon.post("/flash", url.Values{"msg": {"hi"}}) // a session with nobody in it

		list, err := m.ActiveSessions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("%d active sessions, want ana's and bo's: %+v", len(list), list)
		}
		byID := map[string]ActiveSession{}
		for _, s := range list {
			byID[s.Person.ID] = s
			if s.Since.IsZero() || s.LastSeen.IsZero() || s.Handle == "" {
				t.Errorf("session without since, last seen or handle: %+v", s)
			}
			for _, c := range []string{ana.cookie(), bo.cookie(), storeKey(ana.cookie()), storeKey(bo.cookie())} {
				if strings.Contains(s.Handle, c) {
					t.Errorf("handle %q reveals a cookie or store key", s.Handle)
				}
			}
		}
		if byID["ana@velora.example"].Agent != "Demo agent" || byID["bo@velora.example"].Agent != "" {
			t.Errorf("agents: %+v", byID)
		}
		if got := ana.person().Handle; got != byID["ana@velora.example"].Handle {
			t.Errorf("ana's own handle %q, listed as %q", got, byID["ana@velora.example"].Handle)
		}

		if ok, err := m.Revoke(context.Background(), byID["ana@velora.example"].Handle); !ok || err != nil {
			t.Fatalf("Revoke = %v, %v", ok, err)
		}
		if who := ana.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("revoked session still signed in: %+v", who)
		}
		if r := bo.person(); !r.OK {
			t.Error("revoking ana's session ended bo's")
		}
		if ok, _ := m.Revoke(context.Background(), byID["ana@velora.example"].Handle); ok {
			t.Error("revoked the same session twice")
		}
		if ok, _ := m.Revoke(context.Background(), "nonsense"); ok {
			t.Error("revoked a session by a made-up handle")
		}
	})
}
