package kbindex_test

import (
	"context"
	"fmt"
	"maps"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/events"
	"qcadmin/internal/pgtest"
	"qcadmin/kbindex"
	"qcadmin/sandbox"
	"qcadmin/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// kbFake is a knowledge base in memory, answered a page at a time as the API does.
type kbFake struct {
	mu    sync.Mutex
	items []apiclient.Article
	lists int // list reads answered
	gets  int // article reads answered
}

func (f *kbFake) ListArticles(_ context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	lo := min(p.Offset, len(f.items))
	hi := min(lo+max(p.Limit, 1), len(f.items))
	return &apiclient.Page[apiclient.Article]{Items: slices.Clone(f.items[lo:hi]), Offset: p.Offset, Limit: p.Limit, Count: len(f.items)}, nil
}

func (f *kbFake) GetArticle(_ context.Context, id int64) (*apiclient.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	for _, a := range f.items {
		if a.ID == id {
			return &a, nil
		}
	}
	return nil, &apiclient.APIError{Status: 404, Code: "NOT_FOUND"}
}

func (f *kbFake) set(id int64, title, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.items {
		if f.items[i].ID == id {
			f.items[i].Title, f.items[i].State = title, state
		}
	}
}

func generated(n int) *kbFake {
	f := &kbFake{}
	tags := []string{"billing", "shipping", "returns", "warranty", "accounts", "batteries", "frames", "apps"}
	for i := range n {
		state := "draft"
		if i%3 != 0 {
			state = "published"
		}
		f.items = append(f.items, apiclient.Article{
			ID: int64(i + 1), Type: "Article", State: state,
			Title:                 fmt.Sprintf("How do I change the %d%s setting on my Velora bike", (i*7919)%n, tags[i%len(tags)]),
			Tags:                  []string{tags[i%len(tags)], tags[(i/3)%len(tags)]},
			LastModifiedTimestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i*7919%n) * time.Minute).Format(time.RFC3339Nano),
		})
	}
	return f
}

func built(t testing.TB, ix *kbindex.Index, agent string, api kbindex.API) kbindex.Status {
	t.Helper()
	ix.Use(agent, api)
	st := ix.Wait(context.Background(), agent, 30*time.Second)
	if !st.Complete {
		t.Fatalf("the index is not complete: %+v", st)
	}
	return st
}

func TestFindFiltersSortsAndPages(t *testing.T) {
	ix := kbindex.New(kbindex.Config{})
	defer ix.Close()
	f := generated(250)
	st := built(t, ix, "a", f)
	if st.Total != 250 || f.lists != 3 {
		t.Fatalf("status %+v after %d list reads, want 250 rows from 3", st, f.lists)
	}
	var drafts []apiclient.Article
	for _, a := range f.items {
		if a.State == "draft" && slices.Contains(a.Tags, "billing") {
			drafts = append(drafts, a)
		}
	}
	slices.SortFunc(drafts, func(a, b apiclient.Article) int {
		if a.LastModifiedTimestamp != b.LastModifiedTimestamp {
			return -compareStrings(a.LastModifiedTimestamp, b.LastModifiedTimestamp)
		}
		return -int(a.ID - b.ID)
	})
	var got []int64
	for offset := 0; ; offset += 7 {
		res, _ := ix.Find("a", kbindex.Query{State: "draft", Tags: []string{"billing"}, Sort: kbindex.SortModified, Desc: true, Offset: offset, Limit: 7})
		if res.Matched != len(drafts) {
			t.Fatalf("matched %d, want %d", res.Matched, len(drafts))
		}
		for _, r := range res.Rows {
			got = append(got, r.ID)
		}
		if len(res.Rows) < 7 {
			break
		}
	}
	want := make([]int64, len(drafts))
	for i, a := range drafts {
		want[i] = a.ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("drafts tagged billing, newest first: %v, want %v", got, want)
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// The index keeps at most MaxAgents agents, drops one nobody used for Idle,
// and a knowledge base larger than MaxArticles is not indexed.
func TestIndexBounds(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ix := kbindex.New(kbindex.Config{MaxAgents: 2, MaxArticles: 200, Idle: 10 * time.Minute, Now: clock})
	defer ix.Close()
	built(t, ix, "a", generated(10))
	built(t, ix, "b", generated(10))
	built(t, ix, "c", generated(10))
	if n := ix.Agents(); n != 2 {
		t.Errorf("%d agents kept, want 2", n)
	}
	if st := ix.Status("a"); st.Complete {
		t.Error("the least recently used agent is still kept")
	}
	mu.Lock()
	now = now.Add(11 * time.Minute)
	mu.Unlock()
	ix.Use("d", generated(1))
	if n := ix.Agents(); n != 1 {
		t.Errorf("%d agents kept after 11 idle minutes, want only the one just used", n)
	}

	ix.Use("large", generated(201))
	if st := ix.Wait(context.Background(), "large", 5*time.Second); !st.TooLarge || st.Complete {
		t.Errorf("201 articles over a bound of 200: %+v", st)
	}
}

// A use after MaxAge reads the list again; changes the index was told of
// count at once, and what the cache says changed is re-read one by one.
func TestIndexRefreshesAndFollowsChanges(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	bus := events.NewLocal()
	defer bus.Close()
	ix := kbindex.New(kbindex.Config{Bus: bus, Now: clock})
	defer ix.Close()
	f := generated(120)
	built(t, ix, "scenario:s", f)
	lists := f.lists

	// The console's own save: at once, no read.
	ix.Saved(context.Background(), "scenario:s", kbindex.Row{ID: 5, Title: "Renamed", State: "published", Type: "Article"})
	if titles, _ := ix.Titles("scenario:s", []int64{5}); titles[5] != "Renamed" {
		t.Errorf("title after Saved = %q", titles[5])
	}
	ix.Deleted(context.Background(), "scenario:s", 6)
	if res, _ := ix.Find("scenario:s", kbindex.Query{}); res.Matched != 119 {
		t.Errorf("%d rows after a delete, want 119", res.Matched)
	}
	ix.Recorded(context.Background(), store.Entry{ScenarioID: "s", Action: "article.publish", Status: 200, TargetIDs: []string{"7"}, At: now,
		After: `{"id":7,"title":"Published now","type":"Article","state":"published","tags":["x"],"content":"…"}`})
	if res, _ := ix.Find("scenario:s", kbindex.Query{Tags: []string{"x"}, State: "published"}); res.Matched != 1 || res.Rows[0].Title != "Published now" {
		t.Errorf("after a recorded publish: %+v", res)
	}

	// A write the console did not describe (a bulk job's), as the read cache announces it.
	f.set(8, "Changed by a job", "published")
	announce(t, bus, apiclient.CacheInvalidated{Agent: "scenario:s", Families: []string{"article:8", "articles", "search"}})
	// The cache's word of the console's own save of 5 does not make it re-read.
	announce(t, bus, apiclient.CacheInvalidated{Agent: "scenario:s", Families: []string{"article:5", "articles"}})
	waitFor(t, func() bool {
		ix.Use("scenario:s", f)
		titles, _ := ix.Titles("scenario:s", []int64{8})
		return titles[8] == "Changed by a job"
	})
	if f.gets != 1 || f.lists != lists {
		t.Errorf("%d article reads and %d more list reads, want 1 and 0", f.gets, f.lists-lists)
	}

	// Older than MaxAge: the next use reads the list again (and the deleted
	// article 6, still in the fake, comes back: the API is the truth).
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	ix.Use("scenario:s", f)
	st := ix.Wait(context.Background(), "scenario:s", 5*time.Second)
	if f.lists != lists+2 || st.Total != 120 {
		t.Errorf("after a minute: %d more list reads, status %+v", f.lists-lists, st)
	}
}

func announce(t *testing.T, bus events.Bus, inv apiclient.CacheInvalidated) {
	t.Helper()
	payload := fmt.Sprintf(`{"agent":%q,"families":[%s]}`, inv.Agent, quoteAll(inv.Families))
	if err := bus.Publish(context.Background(), events.Event{Topic: apiclient.TopicCacheInvalidated, Payload: []byte(payload)}); err != nil {
		t.Fatal(err)
	}
}

func quoteAll(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Two replicas on one PostgreSQL database: a save through the console on
// one shows in the other's index at once; a write through the other's
// shared cache that names no row (a bulk job's) is re-read by the first.
func TestIndexAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	sb, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	token, err := sb.Token(sandbox.DemoScenarioID, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	agent := kbindex.Agent(sandbox.DemoScenarioID)
	type replica struct {
		ix  *kbindex.Index
		api *apiclient.Client
	}
	var replicas []replica
	for range 2 {
		db := pgtest.Setup(t, url)
		bus, err := events.NewPostgres(ctx, db.Pool, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bus.Close() })
		cache, stop := apiclient.NewSharedCache(bus, apiclient.CacheConfig{}, nil)
		t.Cleanup(stop)
		ix := kbindex.New(kbindex.Config{Bus: bus})
		t.Cleanup(ix.Close)
		api := apiclient.New(srv.URL, token, apiclient.WithCache(cache), apiclient.WithBudgets(apiclient.NewBudgets(false)))
		built(t, ix, agent, api)
		replicas = append(replicas, replica{ix, api})
	}
	a, b := replicas[0], replicas[1]
	res, _ := a.ix.Find(agent, kbindex.Query{State: "draft"})
	if res.Matched == 0 {
		t.Fatal("the demo has no drafts")
	}
	first, second := res.Rows[0], res.Rows[1]

	first.Title, first.State = "Saved on replica A", "published"
	a.ix.Saved(ctx, agent, first)
	waitFor(t, func() bool {
		titles, _ := b.ix.Titles(agent, []int64{first.ID})
		return titles[first.ID] == "Saved on replica A"
	})

	// A job on replica B publishes the second draft through B's shared cache, telling no index.
	if _, err := b.api.UpdateArticle(ctx, second.ID, apiclient.ArticleUpdate{Title: new("Published by a job"), SaveMode: apiclient.SavePublish}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		a.ix.Use(agent, a.api)
		res, _ := a.ix.Find(agent, kbindex.Query{Title: "Published by a job", State: "published"})
		return res.Matched == 1
	})
}

// gated holds every list read until gate is closed.
type gated struct {
	*kbFake
	gate chan struct{}
}

func (g gated) ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	<-g.gate
	return g.kbFake.ListArticles(ctx, p)
}

// While a complete index is read again, pages keep the whole of it.
func TestARefreshKeepsTheCompleteIndex(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ix := kbindex.New(kbindex.Config{Now: clock})
	defer ix.Close()
	f := generated(150)
	built(t, ix, "a", f)
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	g := gated{f, make(chan struct{})}
	st := ix.Use("a", g)
	if !st.Building || !st.Complete || st.Read != 150 || st.Total != 150 {
		t.Errorf("status during a refresh = %+v", st)
	}
	ix.Saved(context.Background(), "a", kbindex.Row{ID: 151, Title: "Saved meanwhile", State: "draft"})
	if res, _ := ix.Find("a", kbindex.Query{Sort: kbindex.SortTitle}); res.Matched != 151 {
		t.Errorf("%d rows during a refresh, want 151", res.Matched)
	}
	close(g.gate)
	st = ix.Wait(context.Background(), "a", 5*time.Second)
	// The save made during the refresh survives it, though the pages read did not hold it.
	if titles, _ := ix.Titles("a", []int64{151}); st.Building || titles[151] != "Saved meanwhile" {
		t.Errorf("after the refresh: %+v, %q", st, titles[151])
	}
}

// firstPageOnly answers the first list page and holds the others until gate is closed.
type firstPageOnly struct {
	*kbFake
	gate chan struct{}
}

func (g firstPageOnly) ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	if p.Offset > 0 {
		<-g.gate
	}
	return g.kbFake.ListArticles(ctx, p)
}

// A page waits for the reading of a small knowledge base, not of a large one.
func TestWaitIfSmall(t *testing.T) {
	ix := kbindex.New(kbindex.Config{})
	defer ix.Close()
	g := firstPageOnly{generated(1000), make(chan struct{})}
	defer close(g.gate)
	ix.Use("a", g)
	start := time.Now()
	st := ix.WaitIfSmall(context.Background(), "a", 5*time.Second, 5)
	if took := time.Since(start); took > 2*time.Second || st.Complete || st.Read != 100 || st.Total != 1000 {
		t.Errorf("after %s: %+v, want 100 of 1000 read at once", took, st)
	}
	if st := ix.WaitIfSmall(context.Background(), "a", 100*time.Millisecond, 20); st.Complete {
		t.Errorf("complete while pages are held: %+v", st)
	}
}

// Many articles changed by a bulk job: the complete index is served while it
// is read again, and says it is catching up until then.
func TestCatchingUpAfterABulkJob(t *testing.T) {
	bus := events.NewLocal()
	defer bus.Close()
	ix := kbindex.New(kbindex.Config{Bus: bus})
	defer ix.Close()
	f := generated(120)
	built(t, ix, "scenario:s", f)
	var families []string
	for id := range 30 {
		families = append(families, fmt.Sprintf("article:%d", id+1))
	}
	announce(t, bus, apiclient.CacheInvalidated{Agent: "scenario:s", Families: append(families, "articles")})
	g := gated{f, make(chan struct{})}
	var st kbindex.Status
	waitFor(t, func() bool { st = ix.Use("scenario:s", g); return st.CatchingUp })
	if !st.Complete || !st.Building {
		t.Errorf("while catching up: %+v", st)
	}
	close(g.gate)
	if st := ix.WaitIfSmall(context.Background(), "scenario:s", 5*time.Second, 5); st.CatchingUp || !st.Complete {
		t.Errorf("after catching up: %+v", st)
	}
}

// An agent nobody uses is dropped even when nobody uses the index at all.
func TestIdleAgentsDroppedWithoutUse(t *testing.T) {
	bus := events.NewLocal()
	defer bus.Close()
	ix := kbindex.New(kbindex.Config{Bus: bus, Idle: 50 * time.Millisecond})
	defer ix.Close()
	built(t, ix, "a", generated(10))
	waitFor(t, func() bool { return ix.Agents() == 0 })
}

// Titles and tag counts come from the index only when it holds the whole
// knowledge base: a partial one would give wrong counts and missing titles.
func TestTitlesAndTagCountsOnlyFromAWholeIndex(t *testing.T) {
	ix := kbindex.New(kbindex.Config{MaxArticles: 200})
	defer ix.Close()
	if _, ok := ix.Titles("none", []int64{1}); ok {
		t.Error("titles from an agent with no index")
	}
	if _, ok := ix.TagCounts("none"); ok {
		t.Error("tag counts from an agent with no index")
	}
	ix.Use("large", generated(201))
	if st := ix.Wait(context.Background(), "large", 5*time.Second); !st.TooLarge {
		t.Fatalf("201 articles over a bound of 200: %+v", st)
	}
	if _, ok := ix.TagCounts("large"); ok {
		t.Error("tag counts from an index too large to hold the whole knowledge base")
	}
	f := generated(16)
	built(t, ix, "a", f)
	want := map[string]int{}
	for _, a := range f.items {
		for _, tag := range slices.Compact(slices.Sorted(slices.Values(a.Tags))) {
			want[tag]++
		}
	}
	if got, ok := ix.TagCounts("a"); !ok || !maps.Equal(got, want) {
		t.Errorf("tag counts %v (%v), want %v", got, ok, want)
	}
	if got, ok := ix.Titles("a", []int64{3, 999}); !ok || got[3] != f.items[2].Title || len(got) != 1 {
		t.Errorf("titles %v (%v), want article 3's alone", got, ok)
	}
}
