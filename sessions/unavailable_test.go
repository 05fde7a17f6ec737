package sessions

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

// answer is a response as the test reads it: status, headers and the error page's words.
type answer struct {
	status  int
	header  http.Header
	title   string // the error page's heading
	message string // the paragraph under it, which the console's script shows for htmx
	retry   string // the "Try again" link, if any
}

func (b *browser) send(method, path string, form url.Values, htmx bool) answer {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	a := answer{status: res.StatusCode, header: res.Header}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	// As static/app.js reads an htmx error answer: [data-testid=error-page] h1 + p.
	page := doc.Find("[data-testid=error-page]")
	a.title = strings.TrimSpace(page.Find("h1").Text())
	a.message = strings.TrimSpace(page.Find("h1 + p").Text())
	a.retry, _ = page.Find("a").Attr("href")
	return a
}

// checkUnavailable asserts an answer that says the store is unavailable, to
// try again shortly, and does not replace what an htmx request came from.
func checkUnavailable(t *testing.T, what string, a answer, says string) {
	t.Helper()
	if a.status != http.StatusServiceUnavailable {
		t.Errorf("%s: status %d, want 503", what, a.status)
	}
	if secs, err := strconv.Atoi(a.header.Get("Retry-After")); err != nil || secs <= 0 || secs > 30 {
		t.Errorf("%s: Retry-After %q, want a few seconds", what, a.header.Get("Retry-After"))
	}
	if a.header.Get("HX-Reswap") != "none" {
		t.Errorf("%s: HX-Reswap %q, want none, so htmx leaves the form as it is", what, a.header.Get("HX-Reswap"))
	}
	if !strings.Contains(a.header.Get("Cache-Control"), "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", what, a.header.Get("Cache-Control"))
	}
	if a.title != UnavailableTitle || !strings.Contains(a.message, "nothing was saved") || !strings.Contains(a.message, says) {
		t.Errorf("%s: page says %q / %q, want the store unavailable and %q", what, a.title, a.message, says)
	}
}

// forgetRows empties what m keeps of rows in memory (SQLite only), as a few
// seconds without the session do, so its next request reads the store.
func forgetRows(m *Manager) {
	if s := m.SessionManager.Store.(*idleStore); s.rows != nil {
		s.rows = newRecent[[]byte]()
	}
}

// storeGone checks what pages answer once the database under m stops answering.
func storeGone(t *testing.T, b *browser, logs *bytes.Buffer) {
	t.Helper()
	page := b.send(http.MethodGet, "/whoami?tab=1", nil, false)
	checkUnavailable(t, "page", page, "Try again")
	if page.retry != "/whoami?tab=1" {
		t.Errorf("page offers to try again at %q, want the same page", page.retry)
	}
	checkUnavailable(t, "htmx form", b.send(http.MethodPost, "/flash", url.Values{"msg": {"typed"}}, true), "Try again")
	checkUnavailable(t, "plain form", b.send(http.MethodPost, "/flash", url.Values{"msg": {"typed"}}, false), "kept on this page")
	if !strings.Contains(logs.String(), "session storage failed") {
		t.Errorf("the failure was not logged: %q", logs.String())
	}
}

func TestAClosedStoreIsUnavailableAndKeepsTheForm(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		var logs bytes.Buffer
		opts := testOptions()
		opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		m := newTestManager(t, db, testKey, opts)
		b := newBrowser(t, consoleHandler(t, m))
		b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
		if who := b.whoami(); !who.SignedIn {
			t.Fatal("not signed in")
		}
		forgetRows(m)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		storeGone(t, b, &logs)
		// A browser with no session yet meets the store when its session is
		// saved, just before the page goes out: the page is not sent as if saved.
		saving := m.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m.Flash(r.Context(), FlashSuccess, "Saved")
			w.Header().Set("HX-Trigger", `{"showToast":{"level":"success","message":"Saved"}}`)
			io.WriteString(w, "<p>Saved</p>")
		}))
		a := newBrowser(t, saving).send(http.MethodPost, "/", url.Values{"msg": {"typed"}}, true)
		checkUnavailable(t, "saving a new session", a, "Try again")
		if strings.Contains(a.header.Get("HX-Trigger"), "Saved") {
			t.Error("the page that could not be saved still says it was saved")
		}
	})
}

// PostgreSQL going away under a running console: its connections are cut
// and the database is gone.
func TestAPostgresDatabaseGoneIsUnavailable(t *testing.T) {
	u := pgtest.URL(t)
	var logs bytes.Buffer
	opts := testOptions()
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	m := newTestManager(t, pgtest.Setup(t, u), testKey, opts)
	b := newBrowser(t, consoleHandler(t, m))
	b.post("/signin", signInForm("scn_demo", time.Now().Add(time.Hour)))
	if who := b.whoami(); !who.SignedIn {
		t.Fatal("not signed in")
	}

	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(parsed.Path, "/")
	parsed.Path = "/postgres"
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, parsed.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	storeGone(t, b, &logs)
}

func TestStoreFailuresAreMarkedUnavailable(t *testing.T) {
	db := sqliteDB(t)
	m := newTestManager(t, db, testKey, testOptions())
	ctx, err := m.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	m.Flash(ctx, FlashInfo, "hi")
	token, _, err := m.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forgetRows(m)
	db.Close()
	if _, err := m.Load(context.Background(), token); !errors.Is(err, ErrStoreUnavailable) {
		t.Errorf("Load on a closed store: %v, want ErrStoreUnavailable", err)
	}
	if _, err := m.ActiveSessions(context.Background()); !errors.Is(err, ErrStoreUnavailable) {
		t.Errorf("ActiveSessions on a closed store: %v", err)
	}
	if _, err := m.Revoke(context.Background(), "x"); !errors.Is(err, ErrStoreUnavailable) {
		t.Errorf("Revoke on a closed store: %v", err)
	}
	if err := unavailable(unavailable(errors.New("x"))); strings.Count(err.Error(), ErrStoreUnavailable.Error()) != 1 {
		t.Errorf("marked twice: %v", err)
	}
}
