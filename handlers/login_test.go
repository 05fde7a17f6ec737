package handlers_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"
)

func TestSignInRefusalsKeepThePastedToken(t *testing.T) {
	c := consoletest.New(t)
	forged := c.Token("write_all", time.Hour)
	forged = forged[:len(forged)-4] + "AAAA" // the signature no longer matches
	cases := []struct {
		name, pasted, want string
	}{
		{"empty", "   ", "Paste your agent's API token"},
		{"not a JWT", "hello there", "not a Quickchat API token"},
		{"expired", expiredToken(), "expired on"},
		{"bad signature", forged, "Quickchat refused this token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.Post("/login", url.Values{"token": {tc.pasted}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want the form again with 200", res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			if got := doc.Find("#token-error").Text(); !strings.Contains(got, tc.want) {
				t.Errorf("message %q, want it to contain %q", got, tc.want)
			}
			if got := doc.Find("textarea#token").Text(); got != tc.pasted {
				t.Errorf("token field holds %q, want what was pasted", got)
			}
		})
	}
}

func TestSignInWithAPastedTokenAndSignOut(t *testing.T) {
	c := consoletest.New(t)
	token := c.Token("write_all", time.Hour)
	res, _ := c.Post("/login", url.Values{"token": {"Bearer " + token}, "next": {"/articles?tags=shipping"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles?tags=shipping" {
		t.Fatalf("sign-in = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "qcadmin_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v, want HttpOnly and SameSite=Lax", session)
	}
	res, body := c.Get("/articles")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles = %d", res.StatusCode)
	}
	if strings.Contains(body, token) || strings.Contains(body, token[len(token)-20:]) {
		t.Fatal("the articles page contains the token")
	}
	doc := consoletest.Parse(t, body)
	if label := doc.Find(consoletest.TestID("account")).Text(); !strings.Contains(label, "read + write") {
		t.Fatalf("account block %q", label)
	}

	res, _ = c.Post("/logout", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.Get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after sign-out GET /articles = %d, want a redirect to sign in", res.StatusCode)
	}
	_, body = c.Get("/login")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "signed out") {
		t.Fatalf("flash after sign-out = %q", got)
	}
}

func TestSignInRenewsTheSessionCookie(t *testing.T) {
	c := consoletest.New(t)
	c.Get("/login") // may or may not start a session; sign-in must not reuse one
	before := c.Client.Jar.Cookies(mustURL(c.Server.URL))
	c.SignIn()
	after := c.Client.Jar.Cookies(mustURL(c.Server.URL))
	if len(after) != 1 {
		t.Fatalf("cookies after sign-in: %v", after)
	}
	for _, b := range before {
		if b.Value == after[0].Value {
			t.Fatal("sign-in kept the session token it was given")
		}
	}
}

func TestNextIsKeptOnThisConsole(t *testing.T) {
	c := consoletest.New(t)
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "articles",
		"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "http:evil.example", "/%2F/evil.example\x00"} {
		res, _ := c.Post("/login/demo", url.Values{"next": {next}})
		if loc := res.Header.Get("Location"); loc != "/articles" {
			t.Errorf("next=%q sent the browser to %q", next, loc)
		}
	}
}

// expiredToken has a past exp; the console refuses it before asking Quickchat.
func expiredToken() string {
	enc := base64.RawURLEncoding.EncodeToString
	claims := fmt.Sprintf(`{"scenario_id":"demo","scope":"write_all","iat":%d,"exp":%d}`,
		time.Now().Add(-48*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix())
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + ".c2ln"
}

func TestNextKeepsLocalDestinations(t *testing.T) {
	c := consoletest.New(t)
	res, _ := c.Post("/login/demo", url.Values{"next": {"/articles?tags=shipping&limit=50"}})
	if loc := res.Header.Get("Location"); loc != "/articles?tags=shipping&limit=50" {
		t.Fatalf("a local destination became %q", loc)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
