// Package consoletest starts the real console for tests: the whole router
// from handlers.New behind httptest, talking to a real sandbox, on a fresh
// console store in the test's temporary directory. Tests drive it as a
// browser would (Get, Post, SignIn…) and check the pages with Parse and TestID.
// Only test files import it.
package consoletest

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
	"qcadmin/database"
	"qcadmin/events"
	"qcadmin/handlers"
	"qcadmin/jobs"
	"qcadmin/live"
	"qcadmin/markdown"
	"qcadmin/sandbox"
	"qcadmin/sessions"
	"qcadmin/static"
	"qcadmin/store"
	"qcadmin/views/layout"
)

// Console is the real router behind httptest, talking to a real sandbox.
type Console struct {
	T       testing.TB
	Server  *httptest.Server // the console itself
	Sandbox *sandbox.Sandbox
	API     *httptest.Server // the sandbox's API, for tests that act as another client
	Client  *http.Client     // the browser: keeps cookies, does not follow redirects
	Ready   *ReadyFlag       // a readiness check the test can fail
	Audit   *store.Audit     // the console's audit log, on the test's console.db
	Reviews *store.Reviews   // the console's review threads, on the test's console.db
	Views   *store.Views     // the inbox views saved on the test's console.db
	Echo    *echo.Echo       // the router, for tests that walk every route
	Jobs    *jobs.Engine     // the bulk job queue, on the test's console.db
	Budgets *apiclient.Budgets
}

// ReadyFlag is a check /readyz reports on; setting Err makes the console not ready.
type ReadyFlag struct{ Err error }

// Option changes the console's dependencies before it is built.
type Option func(*handlers.Deps)

// WithAPI replaces the Quickchat client with a fake.
func WithAPI(kb handlers.API) Option {
	return func(d *handlers.Deps) { d.Connect = func(string) handlers.API { return kb } }
}

// WithUpstream points the console's Quickchat clients at origin (such as a
// proxy in front of the sandbox that counts calls) and shares cache between
// them, as the console process shares one. A nil cache reads uncached.
func WithUpstream(origin string, cache *apiclient.Cache) Option {
	return func(d *handlers.Deps) {
		budgets := d.Budgets
		d.Connect = func(token string) handlers.API {
			return apiclient.New(origin, token, apiclient.WithBudgets(budgets), apiclient.WithCache(cache))
		}
	}
}

// WithLive sets the bounds and pace of the console's live updates (page
// streams, the shared inbox poller), such as a short poll for a test.
func WithLive(cfg live.Config) Option {
	return func(d *handlers.Deps) { d.Live = cfg }
}

// New starts a console for t, closed when t ends. Its Quickchat clients
// share one read cache, as in production.
func New(t testing.TB, opts ...Option) *Console {
	t.Helper()
	return newConsole(t, false, opts...)
}

// NewRateLimited is New with Quickchat's rate limits on: the sandbox answers
// 429 past them, and the console's budgets keep it from drawing one.
func NewRateLimited(t testing.TB, opts ...Option) *Console {
	t.Helper()
	return newConsole(t, true, opts...)
}

func newConsole(t testing.TB, rateLimits bool, opts ...Option) *Console {
	t.Helper()
	dir := t.TempDir()
	sb, err := sandbox.Open(sandbox.Config{DataDir: dir, RateLimits: rateLimits})
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(sb.Handler())
	db, err := database.Setup(context.Background(), filepath.Join(dir, "console.db"))
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
	reviews, err := store.NewReviews(db)
	if err != nil {
		t.Fatal(err)
	}
	views, err := store.NewViews(db)
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
	ready := &ReadyFlag{}
	budgets := apiclient.NewBudgets(rateLimits)
	cache := apiclient.NewCache(apiclient.CacheConfig{})
	d := handlers.Deps{
		Log:      slog.New(slog.DiscardHandler),
		Sessions: sm,
		Assets:   layout.Assets{CSS: assets.Path("app.css"), JS: assets.Path("app.js"), HTMX: assets.Path("vendor/htmx.min.js"), Review: assets.Path("review.js"), Imports: assets.Path("imports.js"), Widget: assets.Path("widget.js")},
		Static:   assets.Handler(),
		Connect: func(token string) handlers.API {
			return apiclient.New(api.URL, token, apiclient.WithBudgets(budgets), apiclient.WithCache(cache))
		},
		DemoToken:     demo,
		DemoAPIKey:    demoKey,
		LegacyChatURL: api.URL + "/chat",
		Markdown:      markdown.New(),
		Languages:     []string{"en", "de", "fr", "pl"},
		ReviewPrefix:  "review_",
		Budgets:       budgets,
		Audit:         audit,
		Reviews:       reviews,
		Views:         views,
		Events:        events.NewLocal(),
		Ready: []handlers.Check{
			{Name: "console store", Ping: db.PingContext},
			{Name: "flag", Ping: func(context.Context) error { return ready.Err }},
		},
	}
	engine, err := jobs.New(context.Background(), jobs.Config{
		DB: db, Sealer: sm, Audit: audit, ReviewPrefix: "review_", Budgets: budgets, PollInterval: 50 * time.Millisecond,
		Bus: d.Events, OnRecorded: handlers.JobHeadsUp(d.Events, nil),
		Connect: func(token string) handlers.API { return apiclient.New(api.URL, token, apiclient.WithBudgets(budgets)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	d.Jobs = engine
	for _, o := range opts {
		o(&d)
	}
	if err := engine.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := handlers.New(d)
	srv := httptest.NewServer(e)
	jar, _ := cookiejar.New(nil)
	c := &Console{T: t, Server: srv, Sandbox: sb, API: api, Ready: ready, Audit: d.Audit, Reviews: d.Reviews, Views: d.Views, Echo: e, Jobs: engine, Budgets: budgets, Client: &http.Client{
		Jar: jar,
		// Redirects are checked by the tests, not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	t.Cleanup(func() {
		engine.Stop(context.Background())
		srv.Close()
		api.Close()
		sm.Close()
		db.Close()
		sb.Close()
	})
	return c
}

// Token is a fresh token of the demo agent with scope, valid for ttl.
func (c *Console) Token(scope string, ttl time.Duration) string {
	c.T.Helper()
	tok, err := c.Sandbox.Token(sandbox.DemoScenarioID, scope, ttl)
	if err != nil {
		c.T.Fatal(err)
	}
	return tok
}

// Do sends req from the browser and reads the whole answer.
func (c *Console) Do(req *http.Request) (*http.Response, string) {
	c.T.Helper()
	res, err := c.Client.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.T.Fatal(err)
	}
	return res, string(body)
}

// Get fetches path; header is name, value pairs.
func (c *Console) Get(path string, header ...string) (*http.Response, string) {
	c.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.Server.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// Post sends form to path; header is name, value pairs.
func (c *Console) Post(path string, form url.Values, header ...string) (*http.Response, string) {
	c.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.Server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// SignIn starts a session with the demo agent's write token.
func (c *Console) SignIn() {
	c.T.Helper()
	res, _ := c.Post("/login/demo", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		c.T.Fatalf("demo sign-in: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// SignInWith pastes a token into the sign-in form.
func (c *Console) SignInWith(token string) {
	c.T.Helper()
	res, body := c.Post("/login", url.Values{"token": {token}})
	if res.StatusCode != http.StatusSeeOther {
		c.T.Fatalf("sign-in with a pasted token: %d\n%s", res.StatusCode, body)
	}
}

// Parse reads an HTML page or fragment.
func Parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestID selects the element marked data-testid=id.
func TestID(id string) string { return `[data-testid="` + id + `"]` }
