package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"qcadmin/database"
	"qcadmin/identity"
	"qcadmin/sessions"
	"qcadmin/static"
	"qcadmin/views/layout"
)

// rhLogBuffer is a log sink the router may write to from its handlers while the test reads it.
type rhLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *rhLogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *rhLogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// rhConsole is the console's router on a sessions store in a temp dir, with
// no Quickchat behind it: enough for sign-in and identity.
func rhConsole(t *testing.T, edit func(*Deps)) (*echo.Echo, *rhLogBuffer) {
	t.Helper()
	db, err := database.Setup(context.Background(), filepath.Join(t.TempDir(), "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := sessions.New(db, []byte(strings.Repeat("k", 32)), sessions.Options{Idle: time.Hour, Lifetime: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sm.Close()
		db.Close()
	})
	assets, err := static.New()
	if err != nil {
		t.Fatal(err)
	}
	logs := &rhLogBuffer{}
	d := Deps{
		Log:      slog.New(slog.NewTextHandler(logs, nil)),
		Sessions: sm,
		Assets:   layout.Assets{CSS: assets.Path("app.css"), JS: assets.Path("app.js"), HTMX: assets.Path("vendor/htmx.min.js"), Review: assets.Path("review.js"), Imports: assets.Path("imports.js"), Widget: assets.Path("widget.js")},
		Static:   assets.Handler(),
		Connect: func(string) API {
			t.Error("these tests never reach Quickchat")
			return nil
		},
	}
	if edit != nil {
		edit(&d)
	}
	return New(d), logs
}

// rhHeaderAuth is header mode that trusts the proxy at 10.0.0.5 and makes the platform group admins.
func rhHeaderAuth(d *Deps) {
	d.Auth = identity.Auth{
		Mode: identity.ModeHeader, Header: "X-Email", GroupsHeader: "X-Groups", NameHeader: "X-Name",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		DefaultRole:    sessions.RoleWrite,
		AdminGroups:    []string{"platform"},
	}
}

func rhGet(e *echo.Echo, peer, path string, headers [][2]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.RemoteAddr = peer
	for _, h := range headers {
		r.Header.Add(h[0], h[1])
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

func TestRepeatedIdentityHeadersAreRefused(t *testing.T) {
	cases := []struct {
		name    string
		header  string
		headers [][2]string
	}{
		{"identity twice", "X-Email", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Email", "boss@velora.example"}, {"X-Groups", "platform"}}},
		{"groups twice", "X-Groups", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "kb-editors,platform"}, {"X-Groups", "support"}}},
		{"name twice", "X-Name", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Name", "Ana"}, {"X-Name", "Boss"}, {"X-Groups", "platform"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, logs := rhConsole(t, rhHeaderAuth)
			w := rhGet(e, "10.0.0.5:4000", "/admin/sessions", tc.headers)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", w.Code)
			}
			body := w.Body.String()
			want := "The sign-in proxy sent the " + tc.header + " header twice; the console believes neither."
			if !strings.Contains(body, want) {
				t.Errorf("the page does not say %q:\n%s", want, body)
			}
			if strings.Contains(body, "ana@velora.example") || strings.Contains(body, "Active sessions</h1>") {
				t.Error("a refused request was still signed in")
			}
			line := rhLogLine(logs.String(), "more than once")
			if line == "" || !strings.Contains(line, "peer=10.0.0.5") || !strings.Contains(line, "header="+tc.header) {
				t.Errorf("no log line naming the peer and the header:\n%s", logs.String())
			}
		})
	}
}

func TestRepeatedCheckLetsSingleHeadersThrough(t *testing.T) {
	e, _ := rhConsole(t, rhHeaderAuth)
	// One groups header with commas in it is one header.
	w := rhGet(e, "10.0.0.5:4000", "/admin/sessions", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "kb-editors, platform"}, {"X-Name", "Ana"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200:\n%s", w.Code, w.Body.String())
	}
	// Another header sent twice is none of identity's business.
	w = rhGet(e, "10.0.0.5:4000", "/admin/sessions", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "platform"}, {"Accept-Language", "pl"}, {"Accept-Language", "en"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", w.Code)
	}
}

func TestRepeatedHeadersFromAnUntrustedPeerAreIgnoredAsBefore(t *testing.T) {
	e, logs := rhConsole(t, rhHeaderAuth)
	w := rhGet(e, "198.51.100.4:4000", "/admin/sessions", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Email", "boss@velora.example"}, {"X-Groups", "platform"}})
	if w.Code == http.StatusBadRequest || w.Code == http.StatusOK {
		t.Fatalf("status %d: an untrusted peer's headers must be ignored (signed out), not refused or believed", w.Code)
	}
	if rhLogLine(logs.String(), "not a trusted proxy") == "" {
		t.Errorf("the spoofed headers were not logged as ignored:\n%s", logs.String())
	}
}

func TestRepeatedHeadersInTokenModeAreNotRead(t *testing.T) {
	e, _ := rhConsole(t, nil)
	w := rhGet(e, "10.0.0.5:4000", "/login", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Email", "boss@velora.example"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want the sign-in page", w.Code)
	}
}

func TestRepeatedAssertionIsRefused(t *testing.T) {
	// The verifier is never reached: the headers alone refuse the request.
	e, logs := rhConsole(t, func(d *Deps) {
		d.Auth = identity.Auth{Mode: identity.ModeJWT, JWTHeader: "Cf-Access-Jwt-Assertion"}
	})
	w := rhGet(e, "203.0.113.9:4000", "/login", [][2]string{{"Cf-Access-Jwt-Assertion", "a.b.c"}, {"Cf-Access-Jwt-Assertion", "d.e.f"}})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "Cf-Access-Jwt-Assertion header twice") {
		t.Fatalf("status %d, want 400 naming the header:\n%s", w.Code, w.Body.String())
	}
	if line := rhLogLine(logs.String(), "more than once"); !strings.Contains(line, "peer=203.0.113.9") {
		t.Errorf("no log line naming the peer:\n%s", logs.String())
	}
}

func TestDemoExposedWarningOnSignIn(t *testing.T) {
	cases := []struct {
		name          string
		token         string
		exposed, want bool
	}{
		{"demo beyond loopback", "demo-token", true, true},
		{"demo on loopback", "demo-token", false, false},
		{"not demo mode", "", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := rhConsole(t, func(d *Deps) { d.DemoToken, d.DemoExposed = tc.token, tc.exposed })
			w := rhGet(e, "127.0.0.1:4000", "/login", nil)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			doc, err := goquery.NewDocumentFromReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			warning := doc.Find(`[data-testid="demo-exposed"]`)
			if got := warning.Length() == 1; got != tc.want {
				t.Fatalf("warning shown = %v, want %v", got, tc.want)
			}
			if tc.want && !strings.Contains(warning.Text(), "Demo data: anyone who reaches this address can sign in and change it.") {
				t.Errorf("warning says %q", warning.Text())
			}
		})
	}
}

// rhLogLine is the first log line that contains s, or "".
func rhLogLine(logs, s string) string {
	for line := range strings.SplitSeq(logs, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
