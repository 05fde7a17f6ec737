package handlers_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// browserOf gives each person a cookie jar of their own on the same console.
func (c *console) browserOf(jars map[string]http.CookieJar, who string) {
	if jars[who] == nil {
		jars[who], _ = cookiejar.New(nil)
	}
	c.client.Jar = jars[who]
}

func TestAdminListsAndRevokesSessions(t *testing.T) {
	c := newConsole(t, withHeaderAuth("127.0.0.1/32"), withAgents(t, velora))
	jars := map[string]http.CookieJar{}
	olga, ana, bo := as("olga@velora.example", "ops,editors"), as("ana@velora.example", "editors"), as("bo@velora.example", "support")
	c.browserOf(jars, "ana")
	c.get("/articles", append(ana, nameHeader, "Ana Lima")...)
	c.browserOf(jars, "bo")
	c.get("/articles", bo...)
	bosCookie := c.sessionCookie()

	c.browserOf(jars, "olga")
	_, body := c.get("/articles", olga...)
	if parse(t, body).Find(testid("admin-link")).Length() != 1 {
		t.Error("an admin's account block has no link to the sessions page")
	}
	res, body := c.get("/admin/sessions", olga...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/sessions as an admin = %d", res.StatusCode)
	}
	rows := map[string]*goquery.Selection{}
	parse(t, body).Find(testid("session")).Each(func(_ int, s *goquery.Selection) {
		rows[s.Find(testid("session-person")).Text()] = s
	})
	if len(rows) != 3 || rows["Ana Lima"] == nil || rows["bo@velora.example"] == nil || rows["olga@velora.example"] == nil {
		t.Fatalf("sessions listed: %v, want ana, bo and olga", keys(rows))
	}
	if got := rows["bo@velora.example"].Find(testid("session-agent")).Text(); got != "Velora support" {
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
	res, body = c.post("/admin/sessions/revoke", url.Values{"session": {handle}}, olga...)
	if res.StatusCode != http.StatusOK || parse(t, body).Find(testid("confirm-revoke")).Length() != 1 || !strings.Contains(body, "bo@velora.example") {
		t.Fatalf("revoke without confirmation = %d, want the confirmation naming bo", res.StatusCode)
	}
	if n := parse(t, getAs(t, c, "/admin/sessions", olga)).Find(testid("session")).Length(); n != 3 {
		t.Fatalf("%d sessions after the question alone, want all 3", n)
	}
	res, _ = c.post("/admin/sessions/revoke", url.Values{"session": {handle}, "confirm": {"yes"}}, olga...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/sessions" {
		t.Fatalf("confirmed revoke = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc := parse(t, getAs(t, c, "/admin/sessions", olga))
	if doc.Find(testid("session")).Length() != 2 || strings.Contains(doc.Find(testid("sessions")).Text(), "bo@velora.example") {
		t.Errorf("after revoking bo: %q", doc.Find(testid("sessions")).Text())
	}
	if !strings.Contains(doc.Find(testid("flash")).Text(), "Revoked bo@velora.example") {
		t.Errorf("flash %q", doc.Find(testid("flash")).Text())
	}
	// bo's browser holds a dead cookie: the console starts him a new session.
	c.browserOf(jars, "bo")
	c.get("/articles", bo...)
	if c.sessionCookie() == bosCookie {
		t.Error("bo's revoked session still works")
	}

	// Not an admin: refused.
	c.browserOf(jars, "ana")
	res, _ = c.get("/admin/sessions", ana...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /admin/sessions as ana = %d, want 403", res.StatusCode)
	}
	res, _ = c.post("/admin/sessions/revoke", url.Values{"session": {handle}, "confirm": {"yes"}}, ana...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke as ana = %d, want 403", res.StatusCode)
	}
}

func TestNobodyIsAdminInTokenMode(t *testing.T) {
	c := newConsole(t)
	c.signIn()
	res, body := c.get("/admin/sessions")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Nobody is an admin") {
		t.Errorf("GET /admin/sessions in token mode = %d, want 403 saying nobody is an admin", res.StatusCode)
	}
	if _, body := c.get("/articles"); parse(t, body).Find(testid("admin-link")).Length() != 0 {
		t.Error("token mode offers the admin page")
	}
}

func getAs(t *testing.T, c *console, path string, header []string) string {
	t.Helper()
	res, body := c.get(path, header...)
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
