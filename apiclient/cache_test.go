package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingAPI answers every request with a JSON body that names the call and
// counts requests by method and path.
type countingAPI struct {
	mu     sync.Mutex
	counts map[string]int
	// gate, when set, holds each answer of path until it is closed.
	gate     chan struct{}
	gatePath string
	arrived  atomic.Int64
	body     func(r *http.Request) string
	status   int
}

func newCountingAPI(t *testing.T) (*countingAPI, *httptest.Server) {
	api := &countingAPI{counts: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.mu.Lock()
		api.counts[r.Method+" "+r.URL.Path]++
		n := api.counts[r.Method+" "+r.URL.Path]
		gate, gatePath, body, status := api.gate, api.gatePath, api.body, api.status
		api.mu.Unlock()
		if gate != nil && r.URL.Path == gatePath {
			api.arrived.Add(1)
			<-gate
		}
		w.Header().Set("Content-Type", "application/json")
		if status != 0 {
			w.WriteHeader(status)
			fmt.Fprint(w, `{"code":"NOT_FOUND","message":"no"}`)
			return
		}
		if body != nil {
			fmt.Fprint(w, body(r))
			return
		}
		fmt.Fprintf(w, `["%s #%d"]`, r.URL.Path, n)
	}))
	t.Cleanup(srv.Close)
	return api, srv
}

func (a *countingAPI) count(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.counts[key]
}

func agentToken(scenario string) string {
	return jwtWith(`{"scenario_id":"` + scenario + `","scope":"write_all"}`)
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newCachedClient(t *testing.T, srv *httptest.Server, cache *Cache, token string) *Client {
	t.Helper()
	c := New(srv.URL, token, WithCache(cache), WithBudgets(NewBudgets(false)))
	// The API accepts the token once before the Cache shares anything
	// with it. (The answer, a list, is not settings: it does not decode.)
	_, _ = c.GetKnowledgeBase(context.Background())
	return c
}

func TestCacheServesARepeatedReadWithoutCallingAgain(t *testing.T) {
	api, srv := newCountingAPI(t)
	c := newCachedClient(t, srv, NewCache(CacheConfig{}), agentToken("s1"))
	ctx := context.Background()
	first, err := c.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 1 {
		t.Fatalf("two reads made %d calls, want 1", got)
	}
	if first[0] != again[0] {
		t.Errorf("the cached answer %q differs from the first %q", again, first)
	}
}

func TestCacheCoalescesConcurrentIdenticalReads(t *testing.T) {
	api, srv := newCountingAPI(t)
	c := newCachedClient(t, srv, NewCache(CacheConfig{}), agentToken("s1"))
	gate := make(chan struct{})
	api.mu.Lock()
	api.gate, api.gatePath = gate, "/v1/api/knowledge_base/tags/"
	api.mu.Unlock()

	const n = 10
	var wg sync.WaitGroup
	var started sync.WaitGroup
	errs := make([]error, n)
	answers := make([][]string, n)
	started.Add(n)
	for i := range n {
		wg.Go(func() {
			started.Done()
			answers[i], errs[i] = c.ListTags(context.Background())
		})
	}
	started.Wait()
	// The API holds its answer until the first call arrived; the others
	// join it meanwhile. Give them every chance to have sent their own.
	for api.arrived.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if answers[i][0] != answers[0][0] {
			t.Errorf("read %d got %q, read 0 %q", i, answers[i], answers[0])
		}
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 1 {
		t.Fatalf("%d identical concurrent reads made %d calls, want 1", n, got)
	}
}

func TestCacheAnswersExpireAfterTheirLifetime(t *testing.T) {
	api, srv := newCountingAPI(t)
	clock := &fakeClock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	c := newCachedClient(t, srv, NewCache(CacheConfig{Now: clock.Now}), agentToken("s1"))
	ctx := context.Background()
	list := func() {
		t.Helper()
		if _, err := c.ListArticles(ctx, ListArticlesParams{}); err != nil && !strings.Contains(err.Error(), "decoding") {
			t.Fatal(err)
		}
	}
	tags := func() {
		t.Helper()
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatal(err)
		}
	}
	api.mu.Lock()
	api.body = func(r *http.Request) string {
		if strings.HasSuffix(r.URL.Path, "/articles/") {
			return `{"items":[],"count":0}`
		}
		return `["a"]`
	}
	api.mu.Unlock()
	list()
	tags()
	clock.Add(29 * time.Second)
	list()
	tags()
	if got := api.count("GET /v1/api/knowledge_base/articles/"); got != 1 {
		t.Fatalf("within 30 s the list was read %d times, want 1", got)
	}
	clock.Add(2 * time.Second)
	list()
	tags()
	if got := api.count("GET /v1/api/knowledge_base/articles/"); got != 2 {
		t.Fatalf("after 31 s the list was read %d times, want 2", got)
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 1 {
		t.Fatalf("tags live 60 s, but were read %d times in 31 s", got)
	}
	clock.Add(30 * time.Second)
	tags()
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 2 {
		t.Fatalf("after 61 s tags were read %d times, want 2", got)
	}
}

func TestCacheWritesInvalidateTheirFamilies(t *testing.T) {
	api, srv := newCountingAPI(t)
	var announced []string
	cache := NewCache(CacheConfig{OnInvalidate: func(agent string, families []string) {
		announced = append(announced, agent+" "+strings.Join(families, ","))
	}})
	c := newCachedClient(t, srv, cache, agentToken("s1"))
	ctx := context.Background()
	api.mu.Lock()
	api.body = func(r *http.Request) string {
		switch {
		case strings.HasSuffix(r.URL.Path, "/tags/"):
			return `["a"]`
		case strings.Contains(r.URL.Path, "/articles/"):
			return `{"id":5,"title":"t","content":"c"}`
		}
		return `{}`
	}
	api.mu.Unlock()
	read := func() {
		t.Helper()
		if _, err := c.GetArticle(ctx, 5); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetArticle(ctx, 6); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetRatingConfiguration(ctx); err != nil {
			t.Fatal(err)
		}
	}
	read()
	read()
	title := "new"
	if _, err := c.UpdateArticle(ctx, 5, ArticleUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	read()
	for path, want := range map[string]int{
		"GET /v1/api/knowledge_base/articles/5":          2, // the article written
		"GET /v1/api/knowledge_base/articles/6":          1, // another article
		"GET /v1/api/knowledge_base/tags/":               2, // tags change with articles
		"GET /v1/api/conversation_ratings/configuration": 1, // untouched
		"PATCH /v1/api/knowledge_base/articles/5":        1,
	} {
		if got := api.count(path); got != want {
			t.Errorf("%s: %d calls, want %d", path, got, want)
		}
	}
	if len(announced) != 1 || !strings.HasPrefix(announced[0], "scenario:s1 article:5,") {
		t.Errorf("OnInvalidate heard %q", announced)
	}

	// Another replica's write, passed on.
	cache.Invalidate("scenario:s1", FamilyRatings)
	read()
	if got := api.count("GET /v1/api/conversation_ratings/configuration"); got != 2 {
		t.Errorf("after Invalidate the ratings were read %d times, want 2", got)
	}
	// A family without an id covers every item.
	cache.Invalidate("scenario:s1", FamilyArticle)
	read()
	if got := api.count("GET /v1/api/knowledge_base/articles/6"); got != 2 {
		t.Errorf("after invalidating every article, article 6 was read %d times, want 2", got)
	}
}

func TestCacheFreshReadsSkipItAndRefillIt(t *testing.T) {
	api, srv := newCountingAPI(t)
	c := newCachedClient(t, srv, NewCache(CacheConfig{}), agentToken("s1"))
	ctx := context.Background()
	first, _ := c.ListTags(ctx)
	fresh, err := c.ListTags(Fresh(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 2 {
		t.Fatalf("a fresh read made %d calls in all, want 2", got)
	}
	if fresh[0] == first[0] {
		t.Fatalf("the fresh read got the cached answer %q", fresh)
	}
	after, _ := c.ListTags(ctx)
	if after[0] != fresh[0] || api.count("GET /v1/api/knowledge_base/tags/") != 2 {
		t.Errorf("the next read got %q, want the fresh answer %q from the cache", after, fresh)
	}
}

func TestCacheKeepsOnlySuccessfulAnswersWithinItsBounds(t *testing.T) {
	api, srv := newCountingAPI(t)
	cache := NewCache(CacheConfig{MaxBytes: 4096, MaxEntryBytes: 1024})
	c := newCachedClient(t, srv, cache, agentToken("s1"))
	ctx := context.Background()
	big := `["` + strings.Repeat("x", 2000) + `"]`
	api.mu.Lock()
	api.body = func(r *http.Request) string {
		if strings.HasSuffix(r.URL.Path, "/tags/") {
			return big
		}
		return `{"items":[],"count":0}`
	}
	api.mu.Unlock()
	for range 2 {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 2 {
		t.Errorf("an answer over the entry bound was kept: %d calls, want 2", got)
	}
	// Many small answers stay within the total bound.
	for i := range 100 {
		if _, err := c.ListArticles(ctx, ListArticlesParams{Offset: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, bytes := cache.Size(); bytes > 4096 {
		t.Errorf("the cache holds %d bytes, over its bound of 4096", bytes)
	}
	// Refusals are not kept.
	api.mu.Lock()
	api.status = http.StatusNotFound
	api.mu.Unlock()
	for range 2 {
		if _, err := c.GetArticle(ctx, 9); !IsStatus(err, http.StatusNotFound) {
			t.Fatalf("err = %v", err)
		}
	}
	if got := api.count("GET /v1/api/knowledge_base/articles/9"); got != 2 {
		t.Errorf("a 404 was kept: %d calls, want 2", got)
	}
}

func TestCacheNeverSharesBetweenAgents(t *testing.T) {
	api, srv := newCountingAPI(t)
	cache := NewCache(CacheConfig{})
	one := newCachedClient(t, srv, cache, agentToken("s1"))
	two := newCachedClient(t, srv, cache, agentToken("s2"))
	ctx := context.Background()
	a, _ := one.ListTags(ctx)
	b, err := two.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a[0] == b[0] || api.count("GET /v1/api/knowledge_base/tags/") != 2 {
		t.Fatalf("agent s2 got agent s1's answer %q", b)
	}
	// Invalidating one agent leaves the other's answers.
	title := "x"
	_, _ = one.UpdateArticle(ctx, 1, ArticleUpdate{Title: &title})
	if _, err := two.ListTags(ctx); err != nil {
		t.Fatal(err)
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 2 {
		t.Errorf("agent s1's write made agent s2 read again: %d calls", got)
	}
}

func TestCacheSharesOnlyWithTokensTheAPIAccepted(t *testing.T) {
	api, srv := newCountingAPI(t)
	cache := NewCache(CacheConfig{})
	good := newCachedClient(t, srv, cache, agentToken("s1"))
	ctx := context.Background()
	if _, err := good.ListTags(ctx); err != nil {
		t.Fatal(err)
	}
	// A token that only claims the same agent reads from the API, which refuses it.
	api.mu.Lock()
	api.status = http.StatusUnauthorized
	api.mu.Unlock()
	forged := New(srv.URL, agentToken("s1")+"x", WithCache(cache), WithBudgets(NewBudgets(false)))
	if _, err := forged.ListTags(ctx); !IsStatus(err, http.StatusUnauthorized) {
		t.Fatalf("a token the API never accepted read the cache: err = %v", err)
	}
	if got := api.count("GET /v1/api/knowledge_base/tags/"); got != 2 {
		t.Errorf("%d calls, want 2", got)
	}
}

func TestCacheAgentNamesTheScenario(t *testing.T) {
	if got := CacheAgent(agentToken("42")); got != "scenario:42" {
		t.Errorf("CacheAgent = %q", got)
	}
	if got := CacheAgent("not-a-jwt"); !strings.HasPrefix(got, "token:") || strings.Contains(got, "not-a-jwt") {
		t.Errorf("CacheAgent of an opaque token = %q", got)
	}
}

func TestCacheRecordsTheAgeOfWhatItServed(t *testing.T) {
	_, srv := newCountingAPI(t)
	clock := &fakeClock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	c := newCachedClient(t, srv, NewCache(CacheConfig{Now: clock.Now}), agentToken("s1"))
	var age Age
	ctx := WithAgeRecorder(context.Background(), &age)
	_, _ = c.ListTags(ctx)
	if _, ok := age.Oldest(); ok {
		t.Fatal("an answer from the API was recorded as cached")
	}
	filled := clock.Now()
	clock.Add(20 * time.Second)
	_, _ = c.ListTags(ctx)
	if got, ok := age.Oldest(); !ok || !got.Equal(filled) {
		t.Fatalf("Oldest = %v, %v; want %v", got, ok, filled)
	}
}
