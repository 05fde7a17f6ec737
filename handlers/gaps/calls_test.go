package gaps_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// TestGapsPageCallsQuickchatWithinItsBounds counts what one view of the page
// sends to Quickchat once every conversation is read: one list call for the
// period's count and one search per group, for the first few groups only; a
// second view within the cache's lifetime sends nothing.
func TestGapsPageCallsQuickchatWithinItsBounds(t *testing.T) {
	var (
		mu     sync.Mutex
		counts = map[string]int{}
		target atomic.Pointer[url.URL]
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		counts[r.Method+" "+r.URL.Path]++
		mu.Unlock()
		httputil.NewSingleHostReverseProxy(target.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, apiclient.NewCache(apiclient.CacheConfig{})))
	u, _ := url.Parse(c.API.URL)
	target.Store(u)
	c.SignIn()
	readAll(t, c) // the reading itself goes to Quickchat directly, uncounted

	view := func() (map[string]int, int) {
		mu.Lock()
		clear(counts)
		mu.Unlock()
		_, body := c.Get("/gaps?period=30")
		n := len(groups(t, consoletest.Parse(t, body)))
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range counts {
			out[k] = v
		}
		return out, n
	}
	got, n := view()
	var searches, lists, other int
	for k, v := range got {
		switch {
		case strings.HasSuffix(k, "/knowledge_base/articles/search"):
			searches += v
		case k == "GET /v1/api_core/conversations":
			lists += v
		default:
			other += v
		}
	}
	if n <= 8 {
		t.Fatalf("only %d groups: the bound on searches is not exercised", n)
	}
	// The count may come from the cache: the page that offered the reading asked for it moments before.
	if lists > 1 || searches != 8 || other != 0 {
		t.Errorf("one view with %d groups: %d list, %d searches, %d other calls: %v", n, lists, searches, other, got)
	}
	if again, _ := view(); len(again) != 0 {
		t.Errorf("a second view within the cache's lifetime called Quickchat: %v", again)
	}
}
