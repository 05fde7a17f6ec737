package handlers_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/handlers"
)

func TestHeaderIdentityFromATrustedProxy(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	res, body := c.Get("/articles", append(consoletest.As("ana@velora.example", "editors, support"), consoletest.NameHeader, "Ana Lima")...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles through the proxy = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("identity")).Text(); got != "Ana Lima" {
		t.Errorf("identity shown %q, want the name the proxy sent", got)
	}
	if got := doc.Find(consoletest.TestID("identity-id")).Text(); got != "ana@velora.example" {
		t.Errorf("e-mail shown %q", got)
	}
	var groups []string
	doc.Find(consoletest.TestID("groups") + " .chip").Each(func(_ int, s *goquery.Selection) { groups = append(groups, s.Text()) })
	if !slices.Equal(groups, []string{"editors", "support"}) {
		t.Errorf("groups shown %q, want editors and support", groups)
	}
	if got := doc.Find(consoletest.TestID("agent-label")).Text(); got != "Velora support" {
		t.Errorf("agent %q, want the first agent shared with ana", got)
	}
	if doc.Find(consoletest.TestID("new-article")).Length() != 1 {
		t.Error("an editor sees no New article button")
	}
}

func TestHeadersFromAnUntrustedPeerAreIgnored(t *testing.T) {
	var logs consoletest.LogBuffer
	// The test's client connects from 127.0.0.1, which this console does not trust.
	c := consoletest.New(t, consoletest.WithHeaderAuth("10.0.0.0/8"), consoletest.WithAgents(t, consoletest.Velora), consoletest.WithLog(&logs))
	spoofed := append(consoletest.As("ceo@velora.example", "editors"), consoletest.NameHeader, "The CEO")
	res, _ := c.Get("/articles", spoofed...)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("spoofed GET /articles = %d → %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := c.Get("/login", spoofed...)
	if res.StatusCode != http.StatusUnauthorized || consoletest.Parse(t, body).Find(consoletest.TestID("proxy-signin")).Length() != 1 {
		t.Fatalf("GET /login = %d, want the page that says to come through the company sign-in", res.StatusCode)
	}
	if strings.Contains(body, "ceo@velora.example") || strings.Contains(body, "The CEO") {
		t.Error("the page shows the spoofed identity")
	}
	res, _ = c.Post("/articles/new", url.Values{"title": {"Spoofed"}, "content": {"x"}, "save_mode": {"publish"}}, spoofed...)
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
	if n := len(c.Entries()); n != 0 {
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
			c := consoletest.New(t, consoletest.WithHeaderAuth(tc.trusted), consoletest.WithAgents(t, consoletest.Velora))
			h := append(consoletest.As("ana@velora.example", "editors"), "X-Forwarded-For", tc.xff)
			res, _ := c.Post("/articles/new", url.Values{"title": {"Where from"}, "content": {"Hello."}, "save_mode": {"draft"}}, h...)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("create = %d", res.StatusCode)
			}
			entries := c.Entries()
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
	c := consoletest.New(t)
	c.SignIn()
	if res, _ := c.Post("/articles/new", url.Values{"title": {"Direct"}, "content": {"Hello."}, "save_mode": {"draft"}}, "X-Forwarded-For", "6.6.6.6"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d", res.StatusCode)
	}
	entries := c.Entries()
	if got := entries[len(entries)-1].ClientIP; got != "127.0.0.1" {
		t.Errorf("audited client %q, want the peer 127.0.0.1", got)
	}
}

func TestAnotherIdentityResetsTheSession(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	if res, _ := c.Get("/articles", consoletest.As("ana@velora.example", "editors")...); res.StatusCode != http.StatusOK {
		t.Fatalf("ana: %d", res.StatusCode)
	}
	anas := c.SessionCookie()
	res, body := c.Get("/articles", consoletest.As("bo@velora.example", "support")...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("bo: %d", res.StatusCode)
	}
	if c.SessionCookie() == anas || anas == "" {
		t.Error("bo's request kept ana's session token")
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("identity")).Text(); got != "bo@velora.example" {
		t.Errorf("identity %q after the change", got)
	}
	if doc.Find(consoletest.TestID("new-article")).Length() != 0 || doc.Find(consoletest.TestID("read-role")).Length() != 1 {
		t.Error("bo (support: read) inherited ana's write role")
	}
	// Changed groups count as a new identity too: the role follows the proxy.
	_, body = c.Get("/articles", consoletest.As("bo@velora.example", "support,editors")...)
	if consoletest.Parse(t, body).Find(consoletest.TestID("new-article")).Length() != 1 {
		t.Error("bo's new editors group did not give him the write role")
	}
	// Without the headers the request is signed out, and the session with them.
	if res, _ := c.Get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("no identity: %d, want a redirect to sign in", res.StatusCode)
	}
	if res, _ := c.Get("/articles", consoletest.As("bo@velora.example", "support,editors")...); res.StatusCode != http.StatusOK {
		t.Errorf("bo again: %d", res.StatusCode)
	}
}

func TestLogoutGoesToTheProxysSignOut(t *testing.T) {
	logoutAt := func(u string) consoletest.Option {
		return func(d *handlers.Deps) { d.Auth.LogoutURL = u }
	}
	for _, target := range []string{"/oauth2/sign_out", "https://sso.velora.example/logout?rd=%2F"} {
		c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora), logoutAt(target))
		ana := consoletest.As("ana@velora.example", "editors")
		c.Get("/articles", ana...)
		res, _ := c.Post("/logout", nil, ana...)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != target {
			t.Errorf("logout = %d → %q, want %q", res.StatusCode, res.Header.Get("Location"), target)
		}
		res, _ = c.Post("/logout", nil, append(ana, "HX-Request", "true")...)
		if res.Header.Get("HX-Redirect") != target {
			t.Errorf("htmx logout HX-Redirect %q, want %q", res.Header.Get("HX-Redirect"), target)
		}
	}
	// Without a logout URL the person lands on the console's own page, which says they are signed out.
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	ana := consoletest.As("ana@velora.example", "editors")
	c.Get("/articles", ana...)
	res, _ := c.Post("/logout", nil, ana...)
	if res.Header.Get("Location") != "/login" {
		t.Fatalf("logout → %q", res.Header.Get("Location"))
	}
	res, body := c.Get("/login", ana...)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("agent-gate")).Length() != 1 || !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "signed out") {
		t.Errorf("after logout /login = %d:\n%s", res.StatusCode, body)
	}
}
