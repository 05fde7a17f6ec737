package sessions

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"strings"
	"testing"
	"time"
)

var (
	testKey  = bytes.Repeat([]byte{7}, 32)
	otherKey = bytes.Repeat([]byte{9}, 32)
)

const apiToken = "eyJhbGciOiJIUzI1NiJ9.secret-quickchat-token.c2lnbmF0dXJl"

func testOptions() Options {
	return Options{Idle: time.Hour, Lifetime: 24 * time.Hour, Logger: slog.New(slog.DiscardHandler)}
}

func newTestManager(t *testing.T, db *database.DB, key []byte, opts Options) *Manager {
	t.Helper()
	m, err := New(db, key, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

// whoami is what the test console reports about a request's session.
type whoami struct {
	SignedIn bool
	Account  Account
	HasToken bool
	Token    string
	Flash    *Flash
}

// consoleHandler is a miniature console: sign-in, sign-out, flash, and a page
// that reports the session, all behind the real LoadAndSave middleware.
func consoleHandler(t *testing.T, m *Manager) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /signin", func(w http.ResponseWriter, r *http.Request) {
		exp, err := time.Parse(time.RFC3339, r.FormValue("exp"))
		if err != nil {
			exp = time.Now().Add(time.Hour)
		}
		acct := Account{ScenarioID: r.FormValue("scenario"), Scope: r.FormValue("scope"), ExpiresAt: exp, Label: "Demo agent", Role: RoleWrite}
		if err := m.SignIn(r.Context(), acct, r.FormValue("token")); err != nil {
			t.Errorf("SignIn: %v", err)
		}
	})
	mux.HandleFunc("POST /signout", func(w http.ResponseWriter, r *http.Request) {
		if err := m.SignOut(r.Context()); err != nil {
			t.Errorf("SignOut: %v", err)
		}
		m.Flash(r.Context(), FlashInfo, "Signed out")
	})
	mux.HandleFunc("POST /destroy", func(w http.ResponseWriter, r *http.Request) {
		if err := m.Destroy(r.Context()); err != nil {
			t.Errorf("Destroy: %v", err)
		}
	})
	mux.HandleFunc("POST /flash", func(w http.ResponseWriter, r *http.Request) {
		m.Flash(r.Context(), FlashSuccess, r.FormValue("msg"))
	})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		var who whoami
		who.Account, who.SignedIn = m.Account(r.Context())
		who.Token, who.HasToken = m.Token(r.Context())
		if f, ok := m.PopFlash(r.Context()); ok {
			who.Flash = &f
		}
		json.NewEncoder(w).Encode(who)
	})
	return m.LoadAndSave(mux)
}

// browser is an HTTP client with a cookie jar, like the user's browser.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar}}
}

func (b *browser) post(path string, form url.Values) *http.Response {
	b.t.Helper()
	resp, err := b.client.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func (b *browser) whoami() whoami {
	b.t.Helper()
	resp, err := b.client.Get(b.base + "/whoami")
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var who whoami
	if err := json.NewDecoder(resp.Body).Decode(&who); err != nil {
		b.t.Fatal(err)
	}
	return who
}

func (b *browser) cookie() string {
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == CookieName {
			return c.Value
		}
	}
	return ""
}

// setCookie makes the browser present value as its session cookie, as an
// attacker replaying an old cookie would.
func (b *browser) setCookie(value string) {
	u, _ := url.Parse(b.base)
	b.client.Jar.SetCookies(u, []*http.Cookie{{Name: CookieName, Value: value, Path: "/"}})
}

func signInForm(scenario string, exp time.Time) url.Values {
	return url.Values{"scenario": {scenario}, "scope": {"write_all"}, "token": {apiToken}, "exp": {exp.Format(time.RFC3339)}}
}

func TestSignInTokenRoundTrips(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))

		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Fatalf("fresh browser is signed in: %+v", who)
		}
		exp := time.Now().Add(time.Hour).Truncate(time.Second)
		b.post("/signin", signInForm("scn_demo", exp))

		who := b.whoami()
		if !who.SignedIn || !who.HasToken || who.Token != apiToken {
			t.Fatalf("after sign-in: %+v", who)
		}
		a := who.Account
		if a.ScenarioID != "scn_demo" || a.Scope != "write_all" || !a.ExpiresAt.Equal(exp) || a.Label != "Demo agent" || !a.CanWrite() {
			t.Errorf("account = %+v", a)
		}
	})
}

func TestStoredSessionHoldsNoToken(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		if who := b.whoami(); who.Token != apiToken {
			t.Fatalf("sign-in did not work: %+v", who)
		}

		rows, err := db.Query("SELECT token, data FROM sessions")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id string
			var data []byte
			if err := rows.Scan(&id, &data); err != nil {
				t.Fatal(err)
			}
			n++
			if !bytes.Contains(data, []byte("scn_demo")) {
				t.Errorf("row %d does not hold the account; the test looks at the wrong data", n)
			}
			for _, part := range append(strings.Split(apiToken, "."), apiToken) {
				if bytes.Contains(data, []byte(part)) {
					t.Errorf("stored session data contains the token (part %q)", part)
				}
			}
			if id == b.cookie() {
				t.Error("the store keys sessions by the cookie value itself; a database copy could be replayed")
			}
		}
		if n != 1 {
			t.Errorf("%d session rows, want 1 (the pre-sign-in session is replaced, not kept)", n)
		}
	})
}

func TestWrongKeyCannotDecrypt(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		b := newBrowser(t, consoleHandler(t, newTestManager(t, db, testKey, testOptions())))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))

		var logs bytes.Buffer
		opts := testOptions()
		opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		rekeyed := newBrowser(t, consoleHandler(t, newTestManager(t, db, otherKey, opts)))
		rekeyed.setCookie(b.cookie())

		who := rekeyed.whoami()
		if !who.SignedIn {
			t.Fatal("the session did not load under the other key; the test would prove nothing")
		}
		if who.HasToken || who.Token != "" {
			t.Errorf("Token under a different key = %q, %v; want \"\", false", who.Token, who.HasToken)
		}
		if !strings.Contains(logs.String(), "cannot decrypt") || strings.Contains(logs.String(), "secret-quickchat-token") {
			t.Errorf("log after a failed decryption: %q", logs.String())
		}
	})
}

func TestSealedTokenIsBoundToItsScenario(t *testing.T) {
	s, err := newTokenSealer(testKey)
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.seal(apiToken, "scn_a")
	if got, err := s.open(sealed, "scn_a"); err != nil || got != apiToken {
		t.Fatalf("open = %q, %v", got, err)
	}
	if _, err := s.open(sealed, "scn_b"); err == nil {
		t.Error("a token sealed for scn_a opened as scn_b")
	}
	if bytes.Equal(sealed, s.seal(apiToken, "scn_a")) {
		t.Error("sealing twice gave the same bytes; the nonce is not random")
	}
	if _, err := newTokenSealer(testKey[:16]); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func TestRenewTokenAtSignInAndSignOut(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))

		b.post("/flash", url.Values{"msg": {"hello"}}) // a session exists before sign-in
		before := b.cookie()
		if before == "" {
			t.Fatal("no session cookie before sign-in")
		}
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		signedIn := b.cookie()
		if signedIn == "" || signedIn == before {
			t.Fatalf("cookie at sign-in %q, before %q: want a new value", signedIn, before)
		}
		if who := b.whoami(); !who.SignedIn {
			t.Fatal("not signed in")
		}

		b.post("/signout", nil)
		after := b.cookie()
		if after == "" || after == signedIn {
			t.Fatalf("cookie at sign-out %q, signed in %q: want a new value", after, signedIn)
		}
		who := b.whoami()
		if who.SignedIn || who.HasToken {
			t.Errorf("after sign-out: %+v", who)
		}
		if who.Flash == nil || who.Flash.Message != "Signed out" {
			t.Errorf("flash set after sign-out = %+v, want it to reach the next page", who.Flash)
		}

		// The signed-in cookie, copied by someone before sign-out, no longer works.
		b.setCookie(signedIn)
		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("the old cookie still signs in: %+v", who)
		}
	})
}

func TestExpiredAccountReadsAsSignedOut(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(-time.Minute)))
		if who := b.whoami(); who.SignedIn || who.HasToken {
			t.Errorf("account with an expired token: %+v", who)
		}
	})
}

func TestSessionsSurviveReopeningTheDatabase(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, url string) {
		db, err := database.Setup(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(db, testKey, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		cookie := b.cookie()
		m.Close()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		restarted := newBrowser(t, consoleHandler(t, newTestManager(t, pgtest.Setup(t, url), testKey, testOptions())))
		restarted.setCookie(cookie)
		if who := restarted.whoami(); !who.SignedIn || who.Token != apiToken {
			t.Errorf("after a restart: %+v", who)
		}
	})
}

func TestCookieAttributes(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		for _, tc := range []struct {
			secure bool
			name   string
		}{{false, "qcadmin_session"}, {true, "__Host-qcadmin_session"}} {
			opts := testOptions()
			opts.Secure = tc.secure
			m := newTestManager(t, db, testKey, opts)
			req := httptest.NewRequest("POST", "/signin", strings.NewReader(signInForm("scn_demo", time.Now().Add(time.Hour)).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			consoleHandler(t, m).ServeHTTP(rec, req)
			cookies := rec.Result().Cookies()
			if len(cookies) != 1 {
				t.Fatalf("secure=%v: %d cookies, want 1", tc.secure, len(cookies))
			}
			c := cookies[0]
			if c.Name != tc.name || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" || c.Secure != tc.secure {
				t.Errorf("secure=%v: cookie %s", tc.secure, c)
			}
			// Persistent, and bounded by the idle timeout, which is shorter than the lifetime.
			if c.MaxAge < int(time.Hour.Seconds())-5 || c.MaxAge > int(time.Hour.Seconds())+5 {
				t.Errorf("secure=%v: Max-Age %d, want about the idle timeout of one hour", tc.secure, c.MaxAge)
			}
		}
	})
}

func TestFlashPopsOnce(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/flash", url.Values{"msg": {"Article saved"}})
		who := b.whoami()
		if who.Flash == nil || *who.Flash != (Flash{Kind: FlashSuccess, Message: "Article saved"}) {
			t.Fatalf("first page: flash %+v", who.Flash)
		}
		if who := b.whoami(); who.Flash != nil {
			t.Errorf("second page: flash %+v, want none", who.Flash)
		}
	})
}

func TestReadOnlyAccountCannotWrite(t *testing.T) {
	if (Account{Scope: "read_all", Role: RoleWrite}).CanWrite() || (Account{Role: RoleWrite}).CanWrite() {
		t.Error("a read-only or scope-less token can write")
	}
	// A reader's writes are refused even with a write_all token, and a role never set grants nothing.
	if (Account{Scope: "write_all", Role: RoleRead}).CanWrite() || (Account{Scope: "write_all"}).CanWrite() {
		t.Error("a write_all token can write without the write role")
	}
	if !(Account{Scope: "write_all", Role: RoleWrite}).CanWrite() {
		t.Error("a write_all token with the write role cannot write")
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	db := sqliteDB(t)
	if _, err := New(db, testKey[:31], testOptions()); err == nil {
		t.Error("a 31-byte key was accepted")
	}
	if _, err := New(db, testKey, Options{Idle: time.Hour}); err == nil {
		t.Error("a zero lifetime was accepted")
	}
}
