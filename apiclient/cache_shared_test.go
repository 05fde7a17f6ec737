package apiclient

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"qcadmin/events"
)

// sharedCaches returns the Caches of two replicas that share one PostgreSQL
// database and its event bus, and a connection to the database.
func sharedCaches(t *testing.T) (a, b *Cache, busB events.Bus, dbs [2]func(q string) error) {
	t.Helper()
	conns := replicaDBs(t, 2)
	var caches [2]*Cache
	var buses [2]events.Bus
	for i, db := range conns {
		bus, err := events.NewPostgres(context.Background(), db.Pool, nil)
		if err != nil {
			t.Fatal(err)
		}
		cache, stop := NewSharedCache(bus, CacheConfig{}, nil)
		t.Cleanup(func() {
			stop()
			bus.Close()
		})
		caches[i], buses[i] = cache, bus
		dbs[i] = func(q string) error { _, err := db.ExecContext(context.Background(), q); return err }
	}
	return caches[0], caches[1], buses[1], dbs
}

// articleAPI answers articles, tags and the ratings' settings, counting calls.
func articleAPI(t *testing.T) (*countingAPI, string) {
	api, srv := newCountingAPI(t)
	api.body = func(r *http.Request) string {
		switch {
		case strings.HasSuffix(r.URL.Path, "/tags/"):
			return `["a"]`
		case strings.Contains(r.URL.Path, "/articles/"):
			return `{"id":5,"title":"t","content":"c"}`
		}
		return `{}`
	}
	return api, srv.URL
}

// eventually waits until ok holds.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAWriteOnOneReplicaIsForgottenByTheOthersCache(t *testing.T) {
	cacheA, cacheB, busB, _ := sharedCaches(t)
	heard, stop := busB.Subscribe(TopicCacheInvalidated)
	defer stop()
	api, url := articleAPI(t)
	token := agentToken("s1")
	onA := New(url, token, WithCache(cacheA), WithBudgets(NewBudgets(false)))
	onB := New(url, token, WithCache(cacheB), WithBudgets(NewBudgets(false)))
	ctx := context.Background()
	read := func(c *Client, id int64) {
		t.Helper()
		if _, err := c.GetArticle(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	read(onB, 5)
	read(onB, 5)
	if _, err := onB.GetRatingConfiguration(ctx); err != nil {
		t.Fatal(err)
	}
	read(onA, 6)
	read(onA, 6)
	if got := api.count("GET /v1/api/knowledge_base/articles/5"); got != 1 {
		t.Fatalf("B read article 5 from the API %d times, want once and then from its cache", got)
	}

	title := "new"
	if _, err := onA.UpdateArticle(ctx, 5, ArticleUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-heard:
		var inv CacheInvalidated
		if err := json.Unmarshal(e.Payload, &inv); err != nil || inv.Agent != "scenario:s1" || !slices.Contains(inv.Families, "article:5") {
			t.Errorf("B heard %s (%v), want agent scenario:s1 and article:5", e.Payload, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("B heard nothing of A's write")
	}
	eventually(t, "B's cache still holds article 5", func() bool {
		entries, _ := cacheB.Size()
		return entries == 1 // the ratings' settings, which the write did not touch
	})
	read(onB, 5)
	if got := api.count("GET /v1/api/knowledge_base/articles/5"); got != 2 {
		t.Errorf("after A's write B read article 5 from the API %d times in all, want 2", got)
	}
	if _, err := onB.GetRatingConfiguration(ctx); err != nil {
		t.Fatal(err)
	}
	read(onA, 6)
	for path, want := range map[string]int{
		"GET /v1/api/conversation_ratings/configuration": 1, // untouched on B
		"GET /v1/api/knowledge_base/articles/6":          1, // untouched on A
	} {
		if got := api.count(path); got != want {
			t.Errorf("%s: %d calls, want %d", path, got, want)
		}
	}
}

func TestACacheForgetsEverythingWhenItsReplicaMayHaveMissedAWrite(t *testing.T) {
	_, cacheB, _, dbs := sharedCaches(t)
	api, url := articleAPI(t)
	onB := New(url, agentToken("s1"), WithCache(cacheB), WithBudgets(NewBudgets(false)))
	if _, err := onB.GetArticle(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if entries, _ := cacheB.Size(); entries != 1 {
		t.Fatalf("B caches %d answers, want the article", entries)
	}
	// The database drops the replicas' listening connections.
	if err := dbs[0](`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'qcadmin events' AND datname = current_database()`); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B's cache kept its answers although writes may have been missed", func() bool {
		entries, _ := cacheB.Size()
		return entries == 0
	})
	if _, err := onB.GetArticle(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if got := api.count("GET /v1/api/knowledge_base/articles/5"); got != 2 {
		t.Errorf("article 5 read from the API %d times, want again after the cache was emptied", got)
	}
}

func TestInvalidateAllDropsReadsUnderWay(t *testing.T) {
	api, srv := newCountingAPI(t)
	cache := NewCache(CacheConfig{})
	c := newCachedClient(t, srv, cache, agentToken("s1"))
	const tags = "/v1/api/knowledge_base/tags/"
	api.mu.Lock()
	api.gate, api.gatePath = make(chan struct{}), tags
	api.mu.Unlock()
	done := make(chan error)
	go func() {
		_, err := c.ListTags(context.Background())
		done <- err
	}()
	eventually(t, "the read never reached the API", func() bool { return api.arrived.Load() == 1 })
	cache.InvalidateAll()
	close(api.gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if entries, _ := cache.Size(); entries != 0 {
		t.Errorf("the Cache kept %d answers read before InvalidateAll", entries)
	}
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := api.count("GET " + tags); got != 2 {
		t.Errorf("%d calls for the tags, want the cut-off read and one kept after it", got)
	}
}
