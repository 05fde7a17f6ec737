package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
)

// failures makes each kind of failure the way the Quickchat client really
// reports it, against a fake upstream, so the words follow the client.
func failures(t *testing.T) map[string]error {
	t.Helper()
	serve := func(h http.HandlerFunc) *apiclient.Client {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return apiclient.New(srv.URL, "t", apiclient.WithBudgets(apiclient.NewBudgets(false)))
	}
	answer := func(status int, contentType, body string, header ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}
	}
	ctx := context.Background()
	out := map[string]error{}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	_, out["unreachable"] = apiclient.New(closed, "t", apiclient.WithBudgets(apiclient.NewBudgets(false))).ListTags(ctx)

	soon := apiclient.WithCallDeadline(ctx, time.Now().Add(50*time.Millisecond))
	_, out["timeout"] = serve(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }).ListTags(soon)

	_, out["refused"] = serve(answer(409, "application/json", `{"errors":{"root":[{"message":"Edited meanwhile.","code":"CONFLICT"}]}}`)).ListTags(ctx)
	_, out["refused with an HTML 502 page"] = serve(answer(502, "text/html", "<html><h1>Bad Gateway</h1></html>")).ListTags(ctx)

	_, out["unreadable read: malformed JSON"] = serve(answer(200, "application/json", `{"items": [`)).ListArticles(ctx, apiclient.ListArticlesParams{})
	_, out["unreadable read: HTML with 200"] = serve(answer(200, "text/html", "<html><h1>Maintenance</h1></html>")).GetArticle(ctx, 7)
	_, out["unreadable read: over 10 MiB"] = serve(answer(200, "application/json", strings.Repeat(" ", 10<<20+1))).ListTags(ctx)
	title := "New title"
	_, out["unreadable write: wrong types"] = serve(answer(200, "application/json", `{"id":"seven"}`)).UpdateArticle(ctx, 7, apiclient.ArticleUpdate{Title: &title})

	within := apiclient.WithCallDeadline(ctx, time.Now().Add(time.Second))
	_, out["rate budget"] = serve(answer(429, "application/json", `{}`, "Retry-After", "5")).ListTags(within)
	return out
}

func TestDescribeSaysWhatHappened(t *testing.T) {
	want := map[string]string{
		"unreachable":                     unreachableWords,
		"timeout":                         timeoutWords,
		"refused":                         "Someone changed this while you were editing. Your text is still here: copy it, reload the page, and apply your change again. (Edited meanwhile.)",
		"refused with an HTML 502 page":   "Quickchat is not answering properly (502 BAD_GATEWAY). Try again in a moment.",
		"unreadable read: malformed JSON": unreadableReadWords,
		"unreadable read: HTML with 200":  unreadableReadWords,
		"unreadable read: over 10 MiB":    unreadableReadWords,
		"unreadable write: wrong types":   unreadableWriteWords,
		"rate budget":                     rateBudgetWords,
	}
	got := failures(t)
	for name, words := range want {
		err, ok := got[name]
		if !ok || err == nil {
			t.Errorf("%s: the fake upstream gave no error", name)
			continue
		}
		if d := Describe(err); d != words {
			t.Errorf("%s (%v):\n got %q\nwant %q", name, err, d, words)
		}
	}
	if !strings.Contains(unreachableWords, "could not be reached") ||
		!strings.Contains(timeoutWords, "did not answer in time") ||
		!strings.Contains(unreadableWriteWords, "may have been saved") ||
		!strings.Contains(unreadableReadWords, "could not read Quickchat's answer") {
		t.Error("the words lost what they are meant to say")
	}
}

func TestDescribeKeepsUnreadableApartFromUnreachable(t *testing.T) {
	// Whatever wraps them on the way, the kinds keep their words.
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("saving: %w", &apiclient.UnreadableError{Method: "POST", Endpoint: "POST knowledge_base/articles/", Status: 200, Reason: "decoding the answer"}), unreadableWriteWords},
		{fmt.Errorf("listing: %w", &apiclient.UnreadableError{Method: "GET", Endpoint: "GET knowledge_base/tags/", Status: 200, Reason: "the answer is empty"}), unreadableReadWords},
		{fmt.Errorf("redacted: %w", apiclient.ErrUnreadable), unreadableWriteWords}, // method unknown: the careful words
		{fmt.Errorf("quickchat: GET x: %w: %w", apiclient.ErrUnreachable, errors.New("connection reset by peer")), unreachableWords},
		{fmt.Errorf("quickchat: GET x: %w: i/o timeout", apiclient.ErrTimeout), timeoutWords},
		{context.DeadlineExceeded, timeoutWords},
		{context.Canceled, cancelledWords},
	} {
		if got := Describe(tc.err); got != tc.want {
			t.Errorf("Describe(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestFailureAnswersTheStatusOfWhatHappened(t *testing.T) {
	k := &Kit{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	got := failures(t)
	for name, want := range map[string]struct {
		status int
		words  string
	}{
		"timeout":                        {http.StatusGatewayTimeout, "did not answer in time"},
		"unreachable":                    {http.StatusBadGateway, "could not be reached"},
		"unreadable read: HTML with 200": {http.StatusBadGateway, "could not read Quickchat"},
		"unreadable write: wrong types":  {http.StatusBadGateway, "may have been saved"},
		"refused with an HTML 502 page":  {http.StatusBadGateway, "502 BAD_GATEWAY"},
		"refused":                        {http.StatusConflict, "Edited meanwhile."},
		"rate budget":                    {http.StatusBadGateway, "waiting for Quickchat"},
	} {
		t.Run(name, func(t *testing.T) {
			e := echo.New()
			rec := httptest.NewRecorder()
			c := e.NewContext(httptest.NewRequest(http.MethodGet, "/articles", nil), rec)
			if err := k.Failure(c, got[name]); err != nil {
				t.Fatal(err)
			}
			body := strings.ReplaceAll(rec.Body.String(), "&#39;", "'")
			if rec.Code != want.status || !strings.Contains(body, want.words) {
				t.Errorf("%d, want %d with %q in\n%s", rec.Code, want.status, want.words, body)
			}
		})
	}
	// The request's own deadline passing is the same 504.
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/articles", nil), rec)
	if err := k.Failure(c, fmt.Errorf("listing: %w", context.DeadlineExceeded)); err != nil || rec.Code != http.StatusGatewayTimeout {
		t.Errorf("DeadlineExceeded: %d, %v; want 504", rec.Code, err)
	}
}
