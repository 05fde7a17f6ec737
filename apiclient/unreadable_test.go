package apiclient_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/apiclient"
)

// upstream is a fake Quickchat that answers every request with answer and
// counts the requests it saw.
type upstream struct {
	*httptest.Server
	requests atomic.Int64
}

func newUpstream(t *testing.T, answer http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.requests.Add(1)
		answer(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// client calls u without rate budgets, so only the answer decides.
func (u *upstream) client(opts ...apiclient.Option) *apiclient.Client {
	opts = append([]apiclient.Option{apiclient.WithBudgets(apiclient.NewBudgets(false))}, opts...)
	return apiclient.New(u.URL, "token-for-the-fake", opts...)
}

func answering(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// kind names which of the client's error kinds err is, so a test can say
// which one it wanted and which one it got.
func kind(err error) string {
	var apiErr *apiclient.APIError
	switch {
	case err == nil:
		return "no error"
	case errors.Is(err, apiclient.ErrRateBudget):
		return "rate budget"
	case errors.As(err, &apiErr):
		return "refused"
	case errors.Is(err, apiclient.ErrUnreadable):
		return "unreadable"
	case errors.Is(err, apiclient.ErrTimeout):
		return "timeout"
	case errors.Is(err, apiclient.ErrUnreachable):
		return "unreachable"
	}
	return "unclassified"
}

func TestAnswersThatCannotBeRead(t *testing.T) {
	const htmlPage = "<!doctype html><html><body><h1>Service temporarily unavailable</h1></body></html>"
	huge := strings.Repeat(" ", 10<<20) + "[]"
	cases := []struct {
		name   string
		answer http.HandlerFunc
		call   func(*apiclient.Client) error
		write  bool
	}{
		{"malformed JSON", answering(200, "application/json", `{"items": [`), func(c *apiclient.Client) error {
			_, err := c.ListArticles(context.Background(), apiclient.ListArticlesParams{})
			return err
		}, false},
		{"wrong types on a write", answering(200, "application/json", `{"id": "seven", "title": 7}`), func(c *apiclient.Client) error {
			title := "New title"
			_, err := c.UpdateArticle(context.Background(), 7, apiclient.ArticleUpdate{Title: &title})
			return err
		}, true},
		{"HTML page with 200", answering(200, "text/html; charset=utf-8", htmlPage), func(c *apiclient.Client) error {
			_, err := c.GetArticle(context.Background(), 7)
			return err
		}, false},
		{"HTML page with 200 to a write without an answer", answering(200, "text/html", htmlPage), func(c *apiclient.Client) error {
			return c.DeleteArticles(context.Background(), []int64{7})
		}, true},
		{"empty where an answer is expected", answering(200, "application/json", ""), func(c *apiclient.Client) error {
			_, err := c.ListTags(context.Background())
			return err
		}, false},
		{"over 10 MiB", answering(200, "application/json", huge), func(c *apiclient.Client) error {
			_, err := c.ListTags(context.Background())
			return err
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t, tc.answer)
			err := tc.call(u.client())
			if got := kind(err); got != "unreadable" {
				t.Fatalf("err = %v (%s), want an unreadable answer", err, got)
			}
			var ue *apiclient.UnreadableError
			if !errors.As(err, &ue) || ue.Status != 200 || ue.Write() != tc.write {
				t.Fatalf("err = %#v, want an *UnreadableError of status 200, write %v", ue, tc.write)
			}
			if apiclient.MayHaveApplied(err) != tc.write {
				t.Errorf("MayHaveApplied = %v, want %v", !tc.write, tc.write)
			}
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, apiclient.ErrUnreachable) {
				t.Errorf("an answer that came reads as no answer: %v", err)
			}
			if strings.Contains(err.Error(), "<h1>") || len(err.Error()) > 1000 {
				t.Errorf("the error repeats the answer: %.200s", err)
			}
		})
	}
}

func TestRefusalsStayRefusalsWhateverTheirBody(t *testing.T) {
	cases := []struct {
		name   string
		answer http.HandlerFunc
		status int
	}{
		{"HTML 502 page", answering(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"), 502},
		{"HTML 503 page over 10 MiB", answering(503, "text/html", "<html>"+strings.Repeat("x", 10<<20)+"</html>"), 503},
		{"JSON envelope", answering(409, "application/json", `{"errors":{"root":[{"message":"Edited meanwhile.","code":"CONFLICT"}]}}`), 409},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t, tc.answer)
			_, err := u.client().ListTags(context.Background())
			var apiErr *apiclient.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tc.status || apiErr.Message == "" {
				t.Fatalf("err = %v (%s), want a %d refusal", err, kind(err), tc.status)
			}
			if errors.Is(err, apiclient.ErrUnreadable) {
				t.Errorf("a refusal reads as an unreadable answer: %v", err)
			}
			if strings.Contains(apiErr.Message, "<") {
				t.Errorf("the refusal passes on the page's HTML: %q", apiErr.Message)
			}
		})
	}
}

func TestResetConnectionIsUnreachable(t *testing.T) {
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // close with a reset, not a polite FIN
		}
		conn.Close()
	})
	_, err := u.client().ListTags(context.Background())
	if got := kind(err); got != "unreachable" {
		t.Fatalf("err = %v (%s), want unreachable", err, got)
	}
	if strings.Contains(err.Error(), "token-for-the-fake") {
		t.Errorf("the error carries the token: %v", err)
	}
}

func TestRefusedConnectionIsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c := apiclient.New("http://"+addr, "t", apiclient.WithBudgets(apiclient.NewBudgets(false)))
	_, err = c.ListTags(context.Background())
	if got := kind(err); got != "unreachable" {
		t.Fatalf("err = %v (%s), want unreachable", err, got)
	}
}

// hang answers nothing until the client gives up.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestHangingUpstreamTimesOut(t *testing.T) {
	u := newUpstream(t, hang)
	_, err := u.client(apiclient.WithTimeout(50 * time.Millisecond)).ListTags(context.Background())
	if got := kind(err); got != "timeout" || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v (%s), want a timeout that is also context.DeadlineExceeded", err, got)
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[`))
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	_, err := u.client(apiclient.WithTimeout(50 * time.Millisecond)).ListTags(context.Background())
	if got := kind(err); got != "timeout" {
		t.Fatalf("err = %v (%s), want a timeout, not an unreadable answer", err, got)
	}
}

func TestCallDeadlineIsSharedByCallsInSequence(t *testing.T) {
	u := newUpstream(t, hang)
	// Each call alone could take a minute: only the shared deadline stops them.
	c := u.client(apiclient.WithTimeout(time.Minute))
	const deadline = 50 * time.Millisecond
	ctx := apiclient.WithCallDeadline(context.Background(), time.Now().Add(deadline))
	start := time.Now()
	_, first := c.ListTags(ctx)
	_, second := c.GetArticle(ctx, 7)
	elapsed := time.Since(start)
	for i, err := range []error{first, second} {
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, apiclient.ErrTimeout) {
			t.Errorf("call %d: err = %v, want the shared deadline", i+1, err)
		}
	}
	if n := u.requests.Load(); n != 1 {
		t.Errorf("the fake saw %d requests, want 1: the second call starts after the deadline", n)
	}
	if elapsed > 5*deadline+time.Second {
		t.Errorf("two calls took %s under a %s deadline", elapsed, deadline)
	}
	if ctx.Err() != nil {
		t.Error("the caller's context ended: only calls should")
	}
}

func TestEarlierCallDeadlineIsKept(t *testing.T) {
	early := time.Now().Add(time.Second)
	ctx := apiclient.WithCallDeadline(context.Background(), early)
	ctx = apiclient.WithCallDeadline(ctx, early.Add(time.Hour))
	if got, ok := apiclient.CallDeadline(ctx); !ok || !got.Equal(early) {
		t.Errorf("CallDeadline = %v, %v; want the earlier %v", got, ok, early)
	}
}

func TestRetryAfterBeyondTheDeadlineFailsAtOnce(t *testing.T) {
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		answering(429, "application/json", `{"errors":{"root":[{"message":"Rate limit exceeded","code":"TOO_MANY_REQUESTS"}]}}`)(w, r)
	})
	ctx := apiclient.WithCallDeadline(context.Background(), time.Now().Add(time.Second))
	start := time.Now()
	_, err := u.client().ListTags(ctx)
	if !errors.Is(err, apiclient.ErrRateBudget) || !apiclient.IsStatus(err, http.StatusTooManyRequests) {
		t.Fatalf("err = %v, want the rate budget error with the 429", err)
	}
	if elapsed := time.Since(start); elapsed >= time.Second {
		t.Errorf("waited %s for a Retry-After that could not fit", elapsed)
	}
	if n := u.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestRetryAfterWaitIsCountedAsWaiting(t *testing.T) {
	var seen atomic.Int64
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			answering(429, "application/json", `{}`)(w, r)
			return
		}
		answering(200, "application/json", `["a"]`)(w, r)
	})
	budgets := apiclient.NewBudgets(false)
	c := apiclient.New(u.URL, "t", apiclient.WithBudgets(budgets))
	done := make(chan error, 1)
	go func() {
		_, err := c.ListTags(context.Background())
		done <- err
	}()
	waited := false
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if budgets.Waiting() > 0 {
			waited = true
			break
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !waited {
		t.Error("the wait after a 429 was not counted in Budgets.Waiting")
	}
	if budgets.Waiting() != 0 {
		t.Errorf("Waiting = %d after the call", budgets.Waiting())
	}
}
