package apiclient

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestTiers(t *testing.T) {
	cases := []struct {
		t      tier
		method string
		want   tier
		burst  int
	}{
		{tierByMethod, http.MethodGet, tierRead, 120},
		{tierByMethod, http.MethodPost, tierWrite, 60},
		{tierByMethod, http.MethodPatch, tierWrite, 60},
		{tierByMethod, http.MethodPut, tierWrite, 60},
		{tierByMethod, http.MethodDelete, tierWrite, 60},
		{tierHeavy, http.MethodPost, tierHeavy, 20},
	}
	b := NewBudgets(true)
	for i, tc := range cases {
		got := tc.t.orDefault(tc.method)
		if got != tc.want {
			t.Errorf("%s with tier %d: got tier %d, want %d", tc.method, tc.t, got, tc.want)
		}
		l := b.limiter(budgetKey{endpoint: string(rune('a' + i))}, got)
		if l.Burst() != tc.burst || math.Abs(float64(l.Limit())*budgetMinute.Seconds()-float64(tc.burst)) > 1e-9 {
			t.Errorf("tier %d: burst %d, %v/s; want %d per minute", got, l.Burst(), l.Limit(), tc.burst)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{"99999999999", 24 * time.Hour, true},
		{"Thu, 15 Jan 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Thu, 15 Jan 2026 09:59:00 GMT", 0, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tc := range cases {
		got, ok := retryAfter(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

const tooMany = `{"errors":{"root":[{"message":"Rate limit exceeded","code":"TOO_MANY_REQUESTS"}]}}`

func TestTooManyRequestsIsRetriedAfterRetryAfter(t *testing.T) {
	want := wantRequest{method: "PATCH", path: "/v1/api/knowledge_base/articles/5", body: `{"title":"Returns","save_mode":"publish"}`}
	var sent atomic.Int32
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		expectRequest(t, want, req) // the retry carries the whole body and the token again
		if sent.Add(1) == 1 {
			return jsonResponseFrom(t, 429, http.Header{"Retry-After": {"1"}}, tooMany), nil
		}
		return jsonResponseFrom(t, 200, nil, `{"id":5,"title":"Returns","state":"published"}`), nil
	})
	start := time.Now()
	title := "Returns"
	a, err := c.UpdateArticle(t.Context(), 5, ArticleUpdate{Title: &title, SaveMode: SavePublish})
	if err != nil {
		t.Fatalf("err = %v, want success after one retry", err)
	}
	if a.State != "published" || sent.Load() != 2 {
		t.Errorf("state %q after %d requests", a.State, sent.Load())
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("retried after %s, before Retry-After", elapsed)
	}
}

func TestTooManyRequestsBeyondTheDeadlineIsReturned(t *testing.T) {
	cases := []struct {
		name       string
		retryAfter http.Header
		timeout    time.Duration
		// bound is well under the timeout: a call that slept would take it all.
		bound time.Duration
	}{
		{"Retry-After beyond the deadline", http.Header{"Retry-After": {"30"}}, 5 * time.Second, time.Second},
		// Without Retry-After a READ backs off 0.5s, which does not fit in 400ms.
		{"no Retry-After, back-off beyond the deadline", nil, 400 * time.Millisecond, 200 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
				return jsonResponseFrom(t, 429, tc.retryAfter.Clone(), tooMany), nil
			}, WithTimeout(tc.timeout))
			start := time.Now()
			_, err := c.ListTags(t.Context())
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != 429 || apiErr.Message != "Rate limit exceeded" {
				t.Fatalf("err = %v, want the 429", err)
			}
			if elapsed := time.Since(start); elapsed > tc.bound {
				t.Errorf("took %s: slept although the retry could not fit", elapsed)
			}
			if n := api.calls.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestTooManyRequestsIsRetriedAtMostTwice(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 429, http.Header{"Retry-After": {"0"}}, tooMany), nil
	})
	if _, err := c.ListTags(t.Context()); !IsStatus(err, 429) {
		t.Fatalf("err = %v, want the 429", err)
	}
	if n := api.calls.Load(); n != 3 {
		t.Errorf("%d requests, want 3 (two retries)", n)
	}
}

func TestBudgetRefusesAWaitBeyondTheDeadline(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 1)
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	}, WithBudgets(b), WithTimeout(5*time.Second)) // the next slot is a minute away
	if _, err := c.ListTags(t.Context()); err != nil {
		t.Fatalf("first call: %v", err)
	}
	start := time.Now()
	_, err := c.ListTags(t.Context())
	if err == nil || !errors.Is(err, ErrRateBudget) || !strings.Contains(err.Error(), "rate budget") {
		t.Fatalf("err = %v, want the rate-budget error", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Error("the budget error reads as a timeout of the API")
	}
	if !strings.Contains(err.Error(), "GET knowledge_base/tags/") {
		t.Errorf("error does not name the endpoint: %v", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("waited %s before giving up", elapsed)
	}
	if n := api.calls.Load(); n != 1 {
		t.Errorf("%d requests sent, want 1", n)
	}
}

func TestBudgetsAreSharedPerTokenAndEndpoint(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 1)
	b.setPerMinute(tierWrite, 1)
	answer := func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{"id":1}`), nil
	}
	opts := []Option{WithBudgets(b), WithTimeout(200 * time.Millisecond)}
	alice, _ := newFakeClient(t, testToken, answer, opts...)
	bob, _ := newFakeClient(t, testToken, answer, opts...) // another session, same token
	carol, _ := newFakeClient(t, "another-token", answer, opts...)

	if _, err := alice.GetArticle(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.GetArticle(t.Context(), 2); !errors.Is(err, ErrRateBudget) {
		t.Errorf("same token, same endpoint (another id): err = %v, want the rate budget", err)
	}
	if _, err := carol.GetArticle(t.Context(), 1); err != nil {
		t.Errorf("another token shares the budget: %v", err)
	}
	if _, err := bob.ListArticles(t.Context(), ListArticlesParams{}); err != nil {
		t.Errorf("another endpoint shares the budget: %v", err)
	}
	if _, err := bob.UpdateArticle(t.Context(), 1, ArticleUpdate{SaveMode: SaveDraft}); err != nil {
		t.Errorf("PATCH shares GET's budget: %v", err)
	}
	if _, err := alice.UpdateArticle(t.Context(), 2, ArticleUpdate{SaveMode: SaveDraft}); !errors.Is(err, ErrRateBudget) {
		t.Errorf("second PATCH: err = %v, want the rate budget", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.limits {
		if strings.Contains(k.endpoint, "/1") || strings.Contains(k.endpoint, "/2") {
			t.Errorf("budget named after a concrete path: %q", k.endpoint)
		}
	}
}

func TestBudgetWaitsWhenTheWaitFits(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 600) // one slot every 100ms
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	}, WithBudgets(b), WithTimeout(2*time.Second))
	key := budgetKey{c.tokenKey, "GET knowledge_base/tags/"}
	l := b.limiter(key, tierRead)
	if !l.AllowN(time.Now(), l.Burst()) {
		t.Fatal("could not use up the budget")
	}
	var sawWaiting atomic.Bool
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				if b.Waiting() == 1 {
					sawWaiting.Store(true)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	}()
	start := time.Now()
	_, err := c.ListTags(t.Context())
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
		t.Errorf("sent after %s without waiting for the budget", elapsed)
	}
	if !sawWaiting.Load() {
		t.Error("Waiting() never reported the held request")
	}
	if b.Waiting() != 0 || api.calls.Load() != 1 {
		t.Errorf("after the call: Waiting() = %d, %d requests", b.Waiting(), api.calls.Load())
	}
}

func TestDisabledBudgetsNeverWait(t *testing.T) {
	b := NewBudgets(false)
	b.setPerMinute(tierRead, 1)
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	}, WithBudgets(b), WithTimeout(100*time.Millisecond))
	for range 5 {
		if _, err := c.ListTags(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if api.calls.Load() != 5 {
		t.Errorf("%d requests, want 5", api.calls.Load())
	}
}

func TestIdleBudgetsAreDropped(t *testing.T) {
	b := NewBudgets(true)
	busy := budgetKey{endpoint: "GET busy"}
	l := b.limiter(busy, tierRead)
	l.AllowN(time.Now(), 10)
	for i := range maxBudgets - 1 {
		b.limiter(budgetKey{endpoint: "GET " + string(rune(0x4e00+i))}, tierRead)
	}
	b.limiter(budgetKey{endpoint: "GET new"}, tierRead)
	b.mu.Lock()
	n, kept := len(b.limits), b.limits[busy] == l
	b.mu.Unlock()
	if n != 2 || !kept {
		t.Errorf("%d budgets kept (the busy one: %v), want the busy one and the new one", n, kept)
	}
}
