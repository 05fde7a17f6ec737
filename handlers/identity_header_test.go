package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/handlers"
)

func TestHeaderIdentityFromATrustedProxy(t *testing.T) {
	c := newConsole(t, withHeaderAuth("127.0.0.1/32"), withAgents(t, velora))
	res, body := c.get("/articles", append(as("ana@velora.example", "editors, support"), nameHeader, "Ana Lima")...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles through the proxy = %d", res.StatusCode)
	}
	doc := parse(t, body)
	if got := doc.Find(testid("identity")).Text(); got != "Ana Lima" {
		t.Errorf("identity shown %q, want the name the proxy sent", got)
	}
	if got := doc.Find(testid("identity-id")).Text(); got != "ana@velora.example" {
		t.Errorf("e-mail shown %q", got)
	}
	var groups []string
	doc.Find(testid("groups") + " .chip").Each(func(_ int, s *goquery.Selection) { groups = append(groups, s.Text()) })
	if !slices.Equal(groups, []string{"editors", "support"}) {
		t.Errorf("groups shown %q, want editors and support", groups)
	}
	if got := doc.Find(testid("agent-label")).Text(); got != "Velora support" {
		t.Errorf("agent %q, want the first agent shared with ana", got)
	}
	if doc.Find(testid("new-article")).Length() != 1 {
		t.Error("an editor sees no New article button")
	}
}

func TestHeadersFromAnUntrustedPeerAreIgnored(t *testing.T) {
	var logs logBuffer
	// The test's client connects from 127.0.0.1, which this console does not trust.
	c := newConsole(t, withHeaderAuth("10.0.0.0/8"), withAgents(t, velora), withLog(&logs))
	spoofed := append(as("ceo@velora.example", "editors"), nameHeader, "The CEO")
	res, _ := c.get("/articles", spoofed...)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("spoofed GET /articles = %d → %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := c.get("/login", spoofed...)
	if res.StatusCode != http.StatusUnauthorized || parse(t, body).Find(testid("proxy-signin")).Length() != 1 {
		t.Fatalf("GET /login = %d, want the page that says to come through the company sign-in", res.StatusCode)
	}
	if strings.Contains(body, "ceo@velora.example") || strings.Contains(body, "The CEO") {
		t.Error("the page shows the spoofed identity")
	}
	res, _ = c.post("/articles/new", url.Values{"title": {"Spoofed"}, "content": {"x"}, "save_mode": {"publish"}}, spoofed...)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("spoofed write = %d → %q, want sign-in", res.StatusCode, res.Header.Get("Location"))
	}
	log := logs.String()
	if !strings.Contains(log, "not a trusted proxy") || !strings.Contains(log, "peer=127.0.0.1") {
		t.Errorf("no warning naming the peer:\n%s", log)
	}
	if strings.Contains(log, "ceo@velora.example") {
		t.Error("the warning repeats the spoofed identity")
	}
	if n := len(c.entries()); n != 0 {
		t.Errorf("%d audit entries after spoofed requests, want none", n)
	}
}

func TestForwardedForOnlyThroughTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name, trusted, xff, want string
	}{
		// The proxy at 127.0.0.1 appends the client it saw; whatever the client claimed sits to its left.
		{"through the trusted proxy", "127.0.0.1/32", "6.6.6.6, 203.0.113.7", "203.0.113.7"},
		{"through two trusted hops", "127.0.0.1/32", "6.6.6.6, 203.0.113.7, 127.0.0.1", "203.0.113.7"},
		{"a garbled hop stops the walk", "127.0.0.1/32", "203.0.113.7, not-an-ip", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newConsole(t, withHeaderAuth(tc.trusted), withAgents(t, velora))
			h := append(as("ana@velora.example", "editors"), "X-Forwarded-For", tc.xff)
			res, _ := c.post("/articles/new", url.Values{"title": {"Where from"}, "content": {"Hello."}, "save_mode": {"draft"}}, h...)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("create = %d", res.StatusCode)
			}
			entries := c.entries()
			if len(entries) == 0 {
				t.Fatal("the write was not audited")
			}
			e := entries[len(entries)-1]
			if e.ClientIP != tc.want || e.Identity != "ana@velora.example" {
				t.Errorf("audited client %q as %q, want %q as ana@velora.example", e.ClientIP, e.Identity, tc.want)
			}
		})
	}
	// From a peer that is not a proxy, X-Forwarded-For is the client's own claim and is ignored.
	c := newConsole(t)
	c.signIn()
	if res, _ := c.post("/articles/new", url.Values{"title": {"Direct"}, "content": {"Hello."}, "save_mode": {"draft"}}, "X-Forwarded-For", "6.6.6.6"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d", res.StatusCode)
	}
	entries := c.entries()
	if got := entries[len(entries)-1].ClientIP; got != "127.0.0.1" {
		t.Errorf("audited client %q, want the peer 127.0.0.1", got)
	}
}

func TestAnotherIdentityResetsTheSession(t *testing.T) {
	c := newConsole(t, withHeaderAuth("127.0.0.1/32"), withAgents(t, velora))
	if res, _ := c.get("/articles", as("ana@velora.example", "editors")...); res.StatusCode != http.StatusOK {
		t.Fatalf("ana: %d", res.StatusCode)
	}
	anas := c.sessionCookie()
	res, body := c.get("/articles", as("bo@velora.example", "support")...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("bo: %d", res.StatusCode)
	}
	if c.sessionCookie() == anas || anas == "" {
		t.Error("bo's request kept ana's session token")
	}
	doc := parse(t, body)
	if got := doc.Find(testid("identity")).Text(); got != "bo@velora.example" {
		t.Errorf("identity %q after the change", got)
	}
	if doc.Find(testid("new-article")).Length() != 0 || doc.Find(testid("read-role")).Length() != 1 {
		t.Error("bo (support: read) inherited ana's write role")
	}
	// Changed groups count as a new identity too: the role follows the proxy.
	_, body = c.get("/articles", as("bo@velora.example", "support,editors")...)
	if parse(t, body).Find(testid("new-article")).Length() != 1 {
		t.Error("bo's new editors group did not give him the write role")
	}
	// Without the headers the request is signed out, and the session with them.
	if res, _ := c.get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("no identity: %d, want a redirect to sign in", res.StatusCode)
	}
	if res, _ := c.get("/articles", as("bo@velora.example", "support,editors")...); res.StatusCode != http.StatusOK {
		t.Errorf("bo again: %d", res.StatusCode)
	}
}

func TestLogoutGoesToTheProxysSignOut(t *testing.T) {
	logoutAt := func(u string) option {
		return func(d *handlers.Deps) { d.Auth.LogoutURL = u }
	}
	for _, target := range []string{"/oauth2/sign_out", "https://sso.velora.example/logout?rd=%2F"} {
		c := newConsole(t, withHeaderAuth("127.0.0.1/32"), withAgents(t, velora), logoutAt(target))
		ana := as("ana@velora.example", "editors")
		c.get("/articles", ana...)
		res, _ := c.post("/logout", nil, ana...)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != target {
			t.Errorf("logout = %d → %q, want %q", res.StatusCode, res.Header.Get("Location"), target)
		}
		res, _ = c.post("/logout", nil, append(ana, "HX-Request", "true")...)
		if res.Header.Get("HX-Redirect") != target {
			t.Errorf("htmx logout HX-Redirect %q, want %q", res.Header.Get("HX-Redirect"), target)
		}
	}
	// Without a logout URL the person lands on the console's own page, which says they are signed out.
	c := newConsole(t, withHeaderAuth("127.0.0.1/32"), withAgents(t, velora))
	ana := as("ana@velora.example", "editors")
	c.get("/articles", ana...)
	res, _ := c.post("/logout", nil, ana...)
	if res.Header.Get("Location") != "/login" {
		t.Fatalf("logout → %q", res.Header.Get("Location"))
	}
	res, body := c.get("/login", ana...)
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(testid("agent-gate")).Length() != 1 || !strings.Contains(doc.Find(testid("flash")).Text(), "signed out") {
		t.Errorf("after logout /login = %d:\n%s", res.StatusCode, body)
	}
}
