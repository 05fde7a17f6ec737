package handlers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
	"qcadmin/kbindex"
	"qcadmin/sandbox"
)

// TestArticleIndexCost measures the article index at 2,000 and 10,000
// articles through the whole console (BENCHMARKS.md, "Article index"):
// upstream calls and time to read the index under the console's READ
// budget, what it adds to the heap, and the time of a filtered and sorted
// page against the default page. It seeds the sandbox through its API, so it
// runs only when asked:
//
//	QCADMIN_INDEX_COST=1 go test -count=1 -run TestArticleIndexCost -v ./handlers/
func TestArticleIndexCost(t *testing.T) {
	if os.Getenv("QCADMIN_INDEX_COST") == "" {
		t.Skip("set QCADMIN_INDEX_COST=1 to measure the article index")
	}
	for _, n := range []int{2000, 10000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) { measureIndex(t, n) })
	}
}

func measureIndex(t *testing.T, n int) {
	up := &upstream{counts: map[string]int{}}
	proxy := httptest.NewServer(up)
	t.Cleanup(proxy.Close)
	cache := apiclient.NewCache(apiclient.CacheConfig{})
	// Quickchat's READ budget on, as in production: the index's reads are background work within it.
	budgets := apiclient.NewBudgets(true)
	ix := kbindex.New(kbindex.Config{})
	t.Cleanup(ix.Close)
	c := consoletest.New(t, func(d *handlers.Deps) {
		d.Budgets, d.Index = budgets, ix
		d.Connect = func(token string) handlers.API {
			return apiclient.New(proxy.URL, token, apiclient.WithBudgets(budgets), apiclient.WithCache(cache))
		}
	})
	target, _ := url.Parse(c.API.URL)
	up.mu.Lock()
	up.target = target
	up.mu.Unlock()

	seedStart := time.Now()
	seedArticles(t, c, n)
	t.Logf("seeded %d articles in %s", n, time.Since(seedStart).Round(time.Millisecond))
	c.SignIn()

	median := func(path string, header ...string) time.Duration {
		var ds []time.Duration
		for range 21 {
			start := time.Now()
			getOK(t, c, path)
			if len(header) > 0 {
				c.Get(path, header...)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	def := up.calls(func() { getOK(t, c, "/articles") })
	t.Logf("default /articles, first view: %d calls (%s)", total(def), describe(def))

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, cacheBefore := cache.Size()
	agent := kbindex.Agent(sandbox.DemoScenarioID)
	var st kbindex.Status
	start := time.Now()
	build := up.calls(func() {
		getOK(t, c, "/articles?state=draft&sort=title")
		st = ix.Wait(context.Background(), agent, 10*time.Minute)
	})
	took := time.Since(start)
	if !st.Complete {
		t.Fatalf("the index did not complete: %+v", st)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	_, cacheAfter := cache.Size()
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("index of %d articles read in %s with %d calls (%s)", st.Total, took.Round(time.Millisecond), total(build), describe(build))
	// The index's own heap is measured alone by kbindex's BenchmarkIndex: this figure also holds the read cache's pages and noise.
	t.Logf("heap after, minus before: %d bytes (%d per article); the read cache kept %d bytes more of list pages",
		heap, heap/int64(st.Total), cacheAfter-cacheBefore)

	// After the reading, so it starts from a full READ budget as on a quiet console.
	t.Logf("default /articles, median of 21 views (cached list): %s", median("/articles"))
	t.Logf("default /articles?refresh=1, median of 21 fresh views: %s", median("/articles?refresh=1"))

	page := "/articles?state=draft&sort=title&offset=" + strconv.Itoa(n/10)
	first := up.calls(func() { getOK(t, c, page) })
	t.Logf("%s, first view: %d calls (%s)", page, total(first), describe(first))
	t.Logf("%s, median of 21 views: %s", page, median(page))
	t.Logf("/articles?state=published&tags=mixed&sort=-modified, median of 21 views: %s", median("/articles?state=published&tags=mixed&sort=-modified"))
	tags := up.calls(func() { getOK(t, c, "/tags") })
	t.Logf("/tags with the index complete: %d calls (%s), median %s", total(tags), describe(tags), median("/tags"))
}

// seedArticles adds n articles straight to the sandbox, a third of them
// published and a quarter tagged "mixed", four at a time.
func seedArticles(t *testing.T, c *consoletest.Console, n int) {
	t.Helper()
	api := apiclient.New(c.API.URL, c.Token(sandbox.ScopeWrite, time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				a, err := api.CreateArticle(ctx, apiclient.ArticleCreate{Title: fmt.Sprintf("Seeded article %05d about %c", (i*7919)%n, 'a'+rune(i%26)), Content: "Seeded body " + strconv.Itoa(i)})
				if err != nil {
					errs <- err
					return
				}
				u := apiclient.ArticleUpdate{}
				if i%4 == 0 {
					u.Tags = &[]string{"mixed"}
				}
				if i%3 == 0 {
					u.SaveMode = apiclient.SavePublish
				}
				if u.Tags != nil || u.SaveMode != "" {
					if _, err := api.UpdateArticle(ctx, a.ID, u); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
