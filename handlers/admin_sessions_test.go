package handlers_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// browserOf gives each person a cookie jar of their own on the same console.
func browserOf(c *consoletest.Console, jars map[string]http.CookieJar, who string) {
	if jars[who] == nil {
		jars[who], _ = cookiejar.New(nil)
	}
	c.Client.Jar = jars[who]
}

func TestAdminListsAndRevokesSessions(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	jars := map[string]http.CookieJar{}
	olga, ana, bo := consoletest.As("olga@velora.example", "ops,editors"), consoletest.As("ana@velora.example", "editors"), consoletest.As("bo@velora.example", "support")
	browserOf(c, jars, "ana")
	c.Get("/articles", append(ana, consoletest.NameHeader, "Ana Lima")...)
	browserOf(c, jars, "bo")
	c.Get("/articles", bo...)
	bosCookie := c.SessionCookie()

	browserOf(c, jars, "olga")
	_, body := c.Get("/articles", olga...)
	if consoletest.Parse(t, body).Find(consoletest.TestID("admin-link")).Length() != 1 {
		t.Error("an admin's account block has no link to the sessions page")
	}
	res, body := c.Get("/admin/sessions", olga...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/sessions as an admin = %d", res.StatusCode)
	}
	rows := map[string]*goquery.Selection{}
	consoletest.Parse(t, body).Find(consoletest.TestID("session")).Each(func(_ int, s *goquery.Selection) {
		rows[s.Find(consoletest.TestID("session-person")).Text()] = s
	})
	if len(rows) != 3 || rows["Ana Lima"] == nil || rows["bo@velora.example"] == nil || rows["olga@velora.example"] == nil {
		t.Fatalf("sessions listed: %v, want ana, bo and olga", keys(rows))
	}
	if got := rows["bo@velora.example"].Find(consoletest.TestID("session-agent")).Text(); got != "Velora support" {
		t.Errorf("bo's agent %q", got)
	}
	if !strings.Contains(rows["Ana Lima"].Text(), "ana@velora.example") || !strings.Contains(rows["olga@velora.example"].Text(), "you") {
		t.Errorf("rows: ana %q, olga %q", rows["Ana Lima"].Text(), rows["olga@velora.example"].Text())
	}
	// Every token here is a JWT, and JWTs start with eyJ.
	if strings.Contains(body, "eyJ") || strings.Contains(body, bosCookie) {
		t.Fatal("the sessions page shows a token or a cookie")
	}

	handle, _ := rows["bo@velora.example"].Find(`input[name=session]`).Attr("value")
	res, body = c.Post("/admin/sessions/revoke", url.Values{"session": {handle}}, olga...)
	if res.StatusCode != http.StatusOK || consoletest.Parse(t, body).Find(consoletest.TestID("confirm-revoke")).Length() != 1 || !strings.Contains(body, "bo@velora.example") {
		t.Fatalf("revoke without confirmation = %d, want the confirmation naming bo", res.StatusCode)
	}
	if n := consoletest.Parse(t, getAs(t, c, "/admin/sessions", olga)).Find(consoletest.TestID("session")).Length(); n != 3 {
		t.Fatalf("%d sessions after the question alone, want all 3", n)
	}
	res, _ = c.Post("/admin/sessions/revoke", url.Values{"session": {handle}, "confirm": {"yes"}}, olga...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/sessions" {
		t.Fatalf("confirmed revoke = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc := consoletest.Parse(t, getAs(t, c, "/admin/sessions", olga))
	if doc.Find(consoletest.TestID("session")).Length() != 2 || strings.Contains(doc.Find(consoletest.TestID("sessions")).Text(), "bo@velora.example") {
		t.Errorf("after revoking bo: %q", doc.Find(consoletest.TestID("sessions")).Text())
	}
	if !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "Revoked bo@velora.example") {
		t.Errorf("flash %q", doc.Find(consoletest.TestID("flash")).Text())
	}
	// bo's browser holds a dead cookie: the console starts him a new session.
	browserOf(c, jars, "bo")
	c.Get("/articles", bo...)
	if c.SessionCookie() == bosCookie {
		t.Error("bo's revoked session still works")
	}

	// Not an admin: refused.
	browserOf(c, jars, "ana")
	res, _ = c.Get("/admin/sessions", ana...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /admin/sessions as ana = %d, want 403", res.StatusCode)
	}
	res, _ = c.Post("/admin/sessions/revoke", url.Values{"session": {handle}, "confirm": {"yes"}}, ana...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke as ana = %d, want 403", res.StatusCode)
	}
}

func TestNobodyIsAdminInTokenMode(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/admin/sessions")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Nobody is an admin") {
		t.Errorf("GET /admin/sessions in token mode = %d, want 403 saying nobody is an admin", res.StatusCode)
	}
	if _, body := c.Get("/articles"); consoletest.Parse(t, body).Find(consoletest.TestID("admin-link")).Length() != 0 {
		t.Error("token mode offers the admin page")
	}
}

func getAs(t *testing.T, c *consoletest.Console, path string, header []string) string {
	t.Helper()
	res, body := c.Get(path, header...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	return body
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
