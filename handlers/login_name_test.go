package handlers_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

func nameCookie(res *http.Response) *http.Cookie {
	for _, ck := range res.Cookies() {
		if ck.Name == "qcadmin_name" {
			return ck
		}
	}
	return nil
}

// In token mode the sign-in form asks who is signing in; reviews and the
// audit log then name that person, and the browser remembers the name.
func TestTheNameGivenAtSignInNamesThePerson(t *testing.T) {
	c := consoletest.New(t)
	_, body := c.Get("/login")
	doc := consoletest.Parse(t, body)
	field := doc.Find("input#name[name=name]")
	if field.Length() != 1 {
		t.Fatal("the sign-in form has no name field")
	}
	if max, _ := field.Attr("maxlength"); max != "80" {
		t.Errorf("name maxlength %q", max)
	}
	// The name field and the demo button are in the one form, so the demo sign-in gets the name too.
	if doc.Find(`form[action="/login"] [data-testid=demo-signin][formaction="/login/demo"]`).Length() != 1 {
		t.Error("the demo sign-in does not send the name")
	}

	token := c.Token("write_all", time.Hour)
	res, _ := c.Post("/login", url.Values{"token": {token}, "name": {"  Zofia \n Wójcik\u202e "}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	ck := nameCookie(res)
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge < 300*24*3600 || ck.Path != "/" {
		t.Fatalf("name cookie %+v, want a long-lived HttpOnly SameSite=Lax cookie", ck)
	}
	if raw, _ := base64.RawURLEncoding.DecodeString(ck.Value); string(raw) != "Zofia Wójcik" || strings.Contains(ck.Value, token[:20]) {
		t.Errorf("the cookie holds %q", raw)
	}

	// A write names the person in the audit log.
	art := c.FirstArticle(t)
	if res, body := c.Post(art+"/lang-urls/de", url.Values{"url": {"https://example.com/de/returns"}}); res.StatusCode >= 400 {
		t.Fatalf("a write: %d\n%s", res.StatusCode, body)
	}
	entries := c.Entries()
	if len(entries) == 0 {
		t.Fatal("the write left no audit entry")
	}
	if got := entries[len(entries)-1].Identity; got != "Zofia Wójcik" {
		t.Errorf("the audit log names %q", got)
	}

	// Next time on this browser, the field is filled in.
	c.Post("/logout", nil)
	_, body = c.Get("/login")
	if v, _ := consoletest.Parse(t, body).Find("input#name").Attr("value"); v != "Zofia Wójcik" {
		t.Errorf("the name field holds %q after sign-out", v)
	}

	// Signing in without a name forgets it, and the agent's label stands in.
	res, _ = c.Post("/login/demo", url.Values{"name": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo sign-in: %d", res.StatusCode)
	}
	if ck := nameCookie(res); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("an empty name does not clear the cookie: %+v", ck)
	}
	if res, _ := c.Post(art+"/lang-urls/de", url.Values{"url": {"https://example.com/de/returns-2"}}); res.StatusCode >= 400 {
		t.Fatalf("a write: %d", res.StatusCode)
	}
	entries = c.Entries()
	if got := entries[len(entries)-1].Identity; got != "Demo agent" {
		t.Errorf("without a name the audit log names %q", got)
	}
}

func TestTheNameIsLimitedAndEscaped(t *testing.T) {
	c := consoletest.New(t)
	long := strings.Repeat("ż", 81)
	token := c.Token("write_all", time.Hour)
	res, body := c.Post("/login", url.Values{"token": {token}, "name": {long}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("#name-error").Text(), "81 characters") {
		t.Fatalf("a long name: %d %q", res.StatusCode, doc.Find("#name-error").Text())
	}
	if v, _ := doc.Find("input#name").Attr("value"); v != long {
		t.Error("the long name was not kept in the field")
	}
	if doc.Find("textarea#token").Text() != token {
		t.Error("the token was not kept in the field")
	}
	if res, _ := c.Get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a refused name signed in: %d", res.StatusCode)
	}
	if res, _ := c.Post("/login/demo", url.Values{"name": {long}}); res.StatusCode != http.StatusOK {
		t.Errorf("the demo sign-in took a long name: %d", res.StatusCode)
	}

	// Markup in a name is text wherever it shows.
	evil := `"><script>alert(1)</script>`
	res, _ = c.Post("/login/demo", url.Values{"name": {evil}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	c.Post("/logout", nil)
	_, body = c.Get("/login")
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatal("the remembered name is not escaped on the sign-in page")
	}
	if v, _ := consoletest.Parse(t, body).Find("input#name").Attr("value"); v != evil {
		t.Errorf("the name field holds %q", v)
	}
	// A cookie someone planted with a name too long is ignored.
	req, _ := http.NewRequest(http.MethodGet, c.Server.URL+"/login", nil)
	req.AddCookie(&http.Cookie{Name: "qcadmin_name", Value: base64.RawURLEncoding.EncodeToString([]byte(long))})
	fresh := c.AnotherBrowser()
	_, body = fresh.Do(req)
	if v, _ := consoletest.Parse(t, body).Find("input#name").Attr("value"); v != "" {
		t.Errorf("a planted long name fills the field: %q", v)
	}
}

// Behind SSO the proxy names the person: no name is asked, and one sent anyway is ignored.
func TestBehindTheProxyNoNameIsAsked(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"))
	ana := consoletest.As("ana@velora.example", "editors")
	_, body := c.Get("/login", ana...)
	if consoletest.Parse(t, body).Find("input#name").Length() != 0 {
		t.Error("the sign-in behind the proxy asks for a name")
	}
	res, _ := c.Post("/login", url.Values{"token": {c.Token("write_all", time.Hour)}, "name": {"Someone else"}}, ana...)
	if res.StatusCode != http.StatusSeeOther || nameCookie(res) != nil {
		t.Fatalf("sign-in behind the proxy: %d, cookie %v", res.StatusCode, nameCookie(res))
	}
	page, err := c.Quickchat().ListConversations(context.Background(), apiclient.ListConversationsParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := c.Post("/conversations/"+page.Items[0].ID+"/review", url.Values{"status": {"good"}}, ana...); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}
	entries := c.Entries()
	if got := entries[len(entries)-1].Identity; got != "ana@velora.example" {
		t.Errorf("the audit log names %q", got)
	}
}
