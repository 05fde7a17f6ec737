package handlers

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/handlers/imports"
	"qcadmin/web"
)

// fakeQuickchat answers every request with answer and counts them.
func fakeQuickchat(t *testing.T, answer http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// quietKit renders pages and logs nowhere.
func quietKit() *web.Kit { return &web.Kit{Log: slog.New(slog.NewTextHandler(io.Discard, nil))} }

// deadlineConsole serves route behind the deadline middleware alone.
func deadlineConsole(d Deps, method, route string, handler echo.HandlerFunc) *echo.Echo {
	h := &Handlers{Deps: d, kit: quietKit()}
	e := echo.New()
	e.HTTPErrorHandler = h.kit.ErrorHandler
	e.Add(method, route, handler, h.requestDeadline)
	return e
}

func TestOneDeadlineCoversEveryCallOfARequest(t *testing.T) {
	const deadline = 100 * time.Millisecond
	upstream, requests := fakeQuickchat(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	// Each call alone may take a minute: only the request's deadline can stop both in time.
	api := apiclient.New(upstream.URL, "t", apiclient.WithBudgets(apiclient.NewBudgets(false)), apiclient.WithTimeout(time.Minute))

	var first, second, afterwards error
	kit := quietKit()
	e := deadlineConsole(Deps{RequestTimeout: deadline}, http.MethodPost, "/articles/:id", func(c echo.Context) error {
		ctx := c.Request().Context()
		_, first = api.GetArticle(ctx, 7)
		title := "Saved"
		_, second = api.UpdateArticle(ctx, 7, apiclient.ArticleUpdate{Title: &title})
		afterwards = ctx.Err()
		return kit.Failure(c, second)
	})

	start := time.Now()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/articles/7", nil))
	elapsed := time.Since(start)

	for name, err := range map[string]error{"first": first, "second": second} {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s call: err = %v, want the request's deadline", name, err)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("the fake Quickchat saw %d requests, want 1: the second call comes after the deadline and is not sent", n)
	}
	if elapsed > 5*deadline {
		t.Errorf("two calls took %s under one deadline of %s", elapsed, deadline)
	}
	if afterwards != nil {
		t.Errorf("the request's context ended (%v): the page saying so could not render", afterwards)
	}
	body := strings.ReplaceAll(rec.Body.String(), "&#39;", "'")
	if rec.Code != http.StatusGatewayTimeout || !strings.Contains(body, "Quickchat did not answer in time") {
		t.Errorf("answered %d, want the console's 504 page:\n%s", rec.Code, body)
	}
}

func TestRetryAfterBeyondTheRequestDeadlineAnswersAtOnce(t *testing.T) {
	upstream, requests := fakeQuickchat(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errors":{"root":[{"message":"Rate limit exceeded","code":"TOO_MANY_REQUESTS"}]}}`)
	})
	api := apiclient.New(upstream.URL, "t", apiclient.WithBudgets(apiclient.NewBudgets(false)), apiclient.WithTimeout(time.Minute))
	var err error
	e := deadlineConsole(Deps{RequestTimeout: time.Second}, http.MethodGet, "/tags", func(c echo.Context) error {
		_, err = api.ListTags(c.Request().Context())
		return c.String(http.StatusOK, web.Describe(err))
	})
	start := time.Now()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/tags", nil))
	if !errors.Is(err, apiclient.ErrRateBudget) {
		t.Fatalf("err = %v, want the rate budget error", err)
	}
	if elapsed := time.Since(start); elapsed >= time.Second {
		t.Errorf("the page waited %s for a Retry-After beyond its deadline", elapsed)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if !strings.Contains(rec.Body.String(), "waiting for Quickchat's rate limit") {
		t.Errorf("the page says %q", rec.Body.String())
	}
}

func TestImportsAndUploadsGetTheLongerDeadline(t *testing.T) {
	d := Deps{RequestTimeout: 15 * time.Second, HeavyRequestTimeout: 2 * time.Minute}
	cases := []struct {
		method, route string
		want          time.Duration
	}{
		{http.MethodPost, "/articles/:id", 15 * time.Second},
		{http.MethodGet, "/imports", 15 * time.Second},
		{http.MethodPost, "/imports/website", 2 * time.Minute},
		{http.MethodPost, "/sources/:source/import", 2 * time.Minute},
		{http.MethodPost, "/sources/intercom/refresh", 2 * time.Minute},
		{http.MethodPost, "/settings/retrain", 2 * time.Minute},
		{http.MethodGet, "/settings/retrain", 15 * time.Second},
	}
	for _, tc := range cases {
		var left time.Duration
		var set bool
		e := deadlineConsole(d, tc.method, tc.route, func(c echo.Context) error {
			var at time.Time
			at, set = apiclient.CallDeadline(c.Request().Context())
			left = time.Until(at)
			return c.NoContent(http.StatusNoContent)
		})
		path := strings.ReplaceAll(strings.ReplaceAll(tc.route, ":id", "7"), ":source", "zendesk")
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tc.method, path, nil))
		if !set || left > tc.want || left < tc.want-5*time.Second {
			t.Errorf("%s %s: deadline in %s (set %v), want %s", tc.method, tc.route, left, set, tc.want)
		}
	}

	// Without a request timeout, and for file uploads (paced by the
	// person's connection), no deadline is set: each call keeps the
	// client's own bound.
	for _, tc := range []struct {
		d             Deps
		method, route string
	}{
		{Deps{}, http.MethodGet, "/articles"},
		{d, http.MethodPost, imports.UploadRoute},
	} {
		e := deadlineConsole(tc.d, tc.method, tc.route, func(c echo.Context) error {
			if _, ok := apiclient.CallDeadline(c.Request().Context()); ok {
				t.Errorf("%s %s: a request deadline was set", tc.method, tc.route)
			}
			return nil
		})
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tc.method, tc.route, nil))
	}
}
