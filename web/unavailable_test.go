package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"qcadmin/database"
	"qcadmin/sessions"
	"qcadmin/views/layout"
)

// unavailableConsole is a console router on the session store db: /articles
// shows a list, POST /articles/1 saves, both behind the session middleware.
func unavailableConsole(t *testing.T, db *database.DB) *echo.Echo {
	t.Helper()
	sm, err := sessions.New(db, []byte(strings.Repeat("k", 32)), sessions.Options{Idle: time.Hour, Lifetime: 24 * time.Hour, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sm.Close)
	k := &Kit{Log: slog.New(slog.DiscardHandler), Sessions: sm, Assets: layout.Assets{CSS: "/static/app.css", JS: "/static/app.js", HTMX: "/static/htmx.js"}}
	e := echo.New()
	e.HTTPErrorHandler = k.ErrorHandler
	g := e.Group("", k.Session)
	g.GET("/articles", func(c echo.Context) error {
		k.Flash(c, sessions.FlashInfo, "Welcome")
		return c.String(http.StatusOK, "the list")
	})
	g.POST("/articles/1", func(c echo.Context) error {
		t.Error("the save ran without a session")
		return c.String(http.StatusOK, "saved")
	})
	return e
}

func TestAnUnavailableStoreSaysSoAndKeepsTheForm(t *testing.T) {
	db, err := database.Setup(context.Background(), filepath.Join(t.TempDir(), "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	rec := httptest.NewRecorder()
	unavailableConsole(t, db).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/articles", nil))
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusOK || len(cookies) != 1 {
		t.Fatalf("the first page: %d, cookies %v", rec.Code, cookies)
	}
	// Another replica, or this one a few seconds on, reads the session from the store, which is gone.
	console := unavailableConsole(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	send := func(method, target string, htmx bool) (string, *goquery.Selection) {
		t.Helper()
		req := httptest.NewRequest(method, target, strings.NewReader(url.Values{"content": {"typed"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if htmx {
			req.Header.Set("HX-Request", "true")
		}
		req.AddCookie(cookies[0])
		rec := httptest.NewRecorder()
		console.ServeHTTP(rec, req)
		body := rec.Body.String()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("HX-Reswap") != "none" {
			t.Errorf("%s %s htmx=%v: %d, Retry-After %q, HX-Reswap %q; want 503 to retry shortly, swapped into nothing",
				method, target, htmx, rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("HX-Reswap"))
		}
		page := doc.Find("[data-testid=error-page]")
		// static/app.js shows an htmx error answer's "h1 + p" as a message beside the form.
		if page.Find("h1").Text() != sessions.UnavailableTitle || !strings.Contains(page.Find("h1 + p").Text(), "nothing was saved") {
			t.Errorf("%s %s htmx=%v: the page says %q", method, target, htmx, strings.TrimSpace(page.Text()))
		}
		return body, doc.Selection
	}

	_, doc := send(http.MethodGet, "/articles?page=2", false)
	if href, _ := doc.Find("[data-testid=error-page] a.btn-primary").Attr("href"); href != "/articles?page=2" {
		t.Errorf("the page offers to try again at %q", href)
	}
	if doc.Find("html head link[rel=stylesheet]").Length() == 0 {
		t.Error("a whole page is not in the console's layout")
	}
	_, doc = send(http.MethodPost, "/articles/1", false)
	if msg := doc.Find("[data-testid=error-page] h1 + p").Text(); !strings.Contains(msg, "kept on this page") {
		t.Errorf("a plain form's answer says %q, want it to say what was typed is kept", msg)
	}
	resend := doc.Find("form[data-testid=resend]")
	if action, _ := resend.Attr("action"); action != "/articles/1" || resend.AttrOr("method", "") != "post" {
		t.Errorf("the page sends again to %q", action)
	}
	if v, _ := resend.Find(`input[name=content]`).Attr("value"); v != "typed" {
		t.Errorf("the form to send again holds %q, want what was typed", v)
	}
	if doc.Find(`[data-testid=resend-button][form=resend]`).Length() != 1 {
		t.Error("no Send again button")
	}
	if body, _ := send(http.MethodPost, "/articles/1", true); !strings.Contains(body, "error-page") || strings.Contains(strings.ToLower(body), "<html") {
		t.Error("an htmx request got a whole page")
	}
}
