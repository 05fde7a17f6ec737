package handlers_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
)

func TestSecurityHeadersOnPages(t *testing.T) {
	c := consoletest.New(t)
	res, _ := c.Get("/login")
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"Cache-Control":           "no-store",
		"X-Frame-Options":         "DENY",
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	for _, path := range []string{"/login", "/articles/new", "/articles/delete", "/logout"} {
		res, body := c.Post(path, url.Values{"content": {"x"}, "ids": {"1"}, "confirm": {"yes"}}, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s = %d, want 403", path, res.StatusCode)
		}
		if !strings.Contains(body, "another site") {
			t.Errorf("cross-site POST %s does not explain the refusal", path)
		}
	}
	// A same-origin POST still works.
	res, _ := c.Post("/articles/new", url.Values{"content": {"Same-origin posts pass."}}, "Sec-Fetch-Site", "same-origin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin POST = %d, want 303", res.StatusCode)
	}
}

func TestNoPageScriptsOrStylesInline(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/articles")
	doc := consoletest.Parse(t, body)
	if n := doc.Find("script:not([src])").Length(); n != 0 {
		t.Errorf("%d inline scripts on /articles", n)
	}
	if n := doc.Find("style, [style]").Length(); n != 0 {
		t.Errorf("%d inline styles on /articles", n)
	}
	css, _ := doc.Find(`link[rel=stylesheet]`).Attr("href")
	res, _ := c.Get(css)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("stylesheet %s: %d, Cache-Control %q", css, res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestHealthAndReadiness(t *testing.T) {
	c := consoletest.New(t)
	if res, body := c.Get("/healthz"); res.StatusCode != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz = %d %q", res.StatusCode, body)
	}
	if res, body := c.Get("/readyz"); res.StatusCode != http.StatusOK || !strings.Contains(body, `"ready"`) {
		t.Fatalf("/readyz = %d %s", res.StatusCode, body)
	}
	c.Ready.Err = consoletest.ErrFake
	res, body := c.Get("/readyz")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"flag":"failing`) {
		t.Fatalf("/readyz with a failing check = %d %s", res.StatusCode, body)
	}
}

func TestSignedOutVisitorsGoToSignIn(t *testing.T) {
	c := consoletest.New(t)
	res, _ := c.Get("/articles?tags=shipping")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+url.QueryEscape("/articles?tags=shipping") {
		t.Fatalf("signed-out GET /articles = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = c.Get("/articles", "HX-Request", "true")
	if res.Header.Get("HX-Redirect") != "/login" {
		t.Fatalf("signed-out htmx request: HX-Redirect = %q", res.Header.Get("HX-Redirect"))
	}
	res, _ = c.Post("/articles/new", url.Values{"content": {"x"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("signed-out POST = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestAPostAfterTheSessionEndedSaysWhatWasLost(t *testing.T) {
	c := consoletest.New(t)
	res, _ := c.Post("/articles/new", url.Values{"title": {"Typed"}, "content": {"Typed while signed out"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("POST without a session = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/login")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "was not saved") {
		t.Fatalf("the sign-in page says %q, want that the change was not saved", got)
	}
}
