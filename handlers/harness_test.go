package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/markdown"
	"qcadmin/sandbox"
	"qcadmin/sessions"
	"qcadmin/static"
	"qcadmin/store"
	"qcadmin/views/layout"
)

// console is the real router behind httptest, talking to a real sandbox.
type console struct {
	t       testing.TB
	srv     *httptest.Server
	sandbox *sandbox.Sandbox
	api     *httptest.Server // the sandbox's API, for tests that act as another client
	client  *http.Client
	ready   *readyFlag
	audit   *store.Audit // the console's audit log, on the test's console.db
	echo    *echo.Echo   // the router, for tests that walk every route
}

type readyFlag struct{ err error }

type option func(*handlers.Deps)

// withAPI replaces the Quickchat client with a fake.
func withAPI(kb handlers.API) option {
	return func(d *handlers.Deps) { d.Connect = func(string) handlers.API { return kb } }
}

func newConsole(t testing.TB, opts ...option) *console {
	t.Helper()
	dir := t.TempDir()
	sb, err := sandbox.Open(sandbox.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(sb.Handler())
	db, err := sessions.OpenDB(filepath.Join(dir, "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := sessions.New(db, []byte(strings.Repeat("k", 32)), sessions.Options{Idle: time.Hour, Lifetime: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.New()
	if err != nil {
		t.Fatal(err)
	}
	audit, err := store.NewAudit(db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	demo, err := sb.Token(sandbox.DemoScenarioID, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	demoKey, err := sb.APIKey(sandbox.DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	ready := &readyFlag{}
	budgets := apiclient.NewBudgets(false)
	d := handlers.Deps{
		Log:      slog.New(slog.DiscardHandler),
		Sessions: sm,
		Assets:   layout.Assets{CSS: assets.Path("app.css"), JS: assets.Path("app.js"), HTMX: assets.Path("vendor/htmx.min.js"), Review: assets.Path("review.js"), Imports: assets.Path("imports.js"), Widget: assets.Path("widget.js")},
		Static:   assets.Handler(),
		Connect: func(token string) handlers.API {
			return apiclient.New(api.URL, token, apiclient.WithBudgets(budgets))
		},
		DemoToken:     demo,
		DemoAPIKey:    demoKey,
		LegacyChatURL: api.URL + "/chat",
		Markdown:      markdown.New(),
		Languages:     []string{"en", "de", "fr", "pl"},
		ReviewPrefix:  "review_",
		Budgets:       budgets,
		Audit:         audit,
		Ready: []handlers.Check{
			{Name: "console store", Ping: db.PingContext},
			{Name: "flag", Ping: func(context.Context) error { return ready.err }},
		},
	}
	for _, o := range opts {
		o(&d)
	}
	e := handlers.New(d)
	srv := httptest.NewServer(e)
	jar, _ := cookiejar.New(nil)
	c := &console{t: t, srv: srv, sandbox: sb, api: api, ready: ready, audit: d.Audit, echo: e, client: &http.Client{
		Jar: jar,
		// Redirects are checked by the tests, not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	t.Cleanup(func() {
		srv.Close()
		api.Close()
		sm.Close()
		db.Close()
		sb.Close()
	})
	return c
}

func (c *console) token(scope string, ttl time.Duration) string {
	c.t.Helper()
	tok, err := c.sandbox.Token(sandbox.DemoScenarioID, scope, ttl)
	if err != nil {
		c.t.Fatal(err)
	}
	return tok
}

func (c *console) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := c.client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, string(body)
}

func (c *console) get(path string, header ...string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func (c *console) post(path string, form url.Values, header ...string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// signIn starts a session with the demo agent's write token.
func (c *console) signIn() {
	c.t.Helper()
	res, _ := c.post("/login/demo", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		c.t.Fatalf("demo sign-in: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// signInWith pastes a token into the sign-in form.
func (c *console) signInWith(token string) {
	c.t.Helper()
	res, body := c.post("/login", url.Values{"token": {token}})
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign-in with a pasted token: %d\n%s", res.StatusCode, body)
	}
}

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func testid(id string) string { return `[data-testid="` + id + `"]` }
