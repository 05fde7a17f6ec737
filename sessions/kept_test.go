package sessions

import (
	"bytes"
	"context"
	"net/url"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"strings"
	"testing"
)

func keptManager(t *testing.T, db *database.DB) (*Manager, context.Context) {
	m := newTestManager(t, db, testKey, testOptions())
	ctx, err := m.Load(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	return m, ctx
}

func TestKeptFormIsSealedAndOfferedOnceOnItsPageAndAgent(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m, ctx := keptManager(t, db)
		typed := "Returns are free within 60 days — the new policy"
		ok := m.KeepForm(ctx, KeptForm{
			Action: "/articles/12", Page: "/articles/12", ScenarioID: "sc1",
			Fields: url.Values{"content": {typed}, "title": {"Returns"}, "api_key": {"k-secret"}},
		})
		if !ok {
			t.Fatal("a small form was not kept")
		}
		if _, _, err := m.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		var stored []byte
		if err := db.QueryRow("SELECT data FROM sessions").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte("new policy")) || bytes.Contains(stored, []byte("k-secret")) {
			t.Fatal("the session store holds the typed text in the clear")
		}
		if _, ok := m.PopKeptForm(ctx, "/articles/13", "sc1"); ok {
			t.Fatal("offered on another page")
		}
		if _, ok := m.PopKeptForm(ctx, "/articles/12", "sc2"); ok {
			t.Fatal("offered to another agent")
		}
		f, ok := m.PopKeptForm(ctx, "/articles/12", "sc1")
		if !ok || f.Fields.Get("content") != typed || f.Fields.Get("title") != "Returns" || f.Action != "/articles/12" {
			t.Fatalf("kept form = %+v, %v", f, ok)
		}
		if f.Fields.Has("api_key") {
			t.Error("a secret field was kept")
		}
		if _, ok := m.PopKeptForm(ctx, "/articles/12", "sc1"); ok {
			t.Error("offered twice")
		}
	})
}

func TestAFormTooLargeToKeepIsRefused(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m, ctx := keptManager(t, db)
		if m.KeepForm(ctx, KeptForm{Page: "/settings", ScenarioID: "sc1", Fields: url.Values{"x": {strings.Repeat("a", MaxKeptForm)}}}) {
			t.Fatal("kept a form over MaxKeptForm")
		}
		if _, ok := m.PopKeptForm(ctx, "/settings", "sc1"); ok {
			t.Fatal("a refused form is offered")
		}
	})
}

func TestAKeptFormOutlivesSignOutAndSignIn(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m, ctx := keptManager(t, db)
		if err := m.SignOut(ctx); err != nil {
			t.Fatal(err)
		}
		m.KeepForm(ctx, KeptForm{Page: "/settings", ScenarioID: "sc1", Fields: url.Values{"name": {"Ana's agent"}}})
		if err := m.SignIn(ctx, Account{ScenarioID: "sc1", Scope: "write_all", Role: RoleWrite}, apiToken); err != nil {
			t.Fatal(err)
		}
		if f, ok := m.PopKeptForm(ctx, "/settings", "sc1"); !ok || f.Fields.Get("name") != "Ana's agent" {
			t.Fatalf("after sign-in: %+v, %v", f, ok)
		}
	})
}
