package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackgroundWorkLeavesPartOfTheBudgetToPageViews(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 6000) // a burst of 6,000, refilled at 100 a second; a quarter is kept for page views
	k := budgetKey{endpoint: "GET knowledge_base/articles/"}
	for range 4600 { // 1,400 left: below the 1,500 kept for page views
		if err := b.wait(context.Background(), k, tierRead); err != nil {
			t.Fatal(err)
		}
	}
	var page Waits
	if err := b.wait(WithWaits(context.Background(), &page), k, tierRead); err != nil || page.Total() != 0 {
		t.Fatalf("a page view waited %s (%v) with 1,400 requests left in the budget", page.Total(), err)
	}
	var export Waits
	ctx := WithWaits(Background(context.Background()), &export)
	if err := b.wait(ctx, k, tierRead); err != nil {
		t.Fatal(err)
	}
	if export.Total() < 500*time.Millisecond {
		t.Fatalf("background work waited %s, want it to wait about a second until the budget is above the page views' reserve", export.Total())
	}
	short, cancel := context.WithTimeout(Background(context.Background()), 10*time.Millisecond)
	defer cancel()
	for range 1000 {
		_ = b.wait(context.Background(), k, tierRead) // page views take the budget down again
	}
	if err := b.wait(short, k, tierRead); err == nil {
		t.Fatal("background work with a short deadline went ahead of page views")
	}
}

func TestBackgroundReadsDoNotShareACallWithPageViews(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`["billing"]`))
	}))
	defer srv.Close()
	cache := NewCache(CacheConfig{})
	c := New(srv.URL, "token", WithCache(cache))
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = c.ListTags(Background(context.Background())) })
	for calls.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	wg.Go(func() { _, _ = c.ListTags(context.Background()) })
	for calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d upstream calls, want the page view's own beside the background one", n)
	}
}
