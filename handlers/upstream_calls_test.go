package handlers_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// upstream counts the calls the console makes to Quickchat, by method and
// path, through a reverse proxy in front of the sandbox.
type upstream struct {
	mu     sync.Mutex
	target *url.URL
	counts map[string]int
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.counts[r.Method+" "+r.URL.Path]++
	target := u.target
	u.mu.Unlock()
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

// calls runs fn and returns the calls it made upstream.
func (u *upstream) calls(fn func()) map[string]int {
	u.mu.Lock()
	before := make(map[string]int, len(u.counts))
	for k, v := range u.counts {
		before[k] = v
	}
	u.mu.Unlock()
	fn()
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]int{}
	for k, v := range u.counts {
		if d := v - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

func total(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

func describe(calls map[string]int) string {
	var lines []string
	for k, v := range calls {
		lines = append(lines, k+" ×"+strings.Repeat("|", v))
	}
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

// countedConsole is a console whose Quickchat clients go through a counting
// proxy and share one read cache, as in production.
func countedConsole(t *testing.T) (*consoletest.Console, *upstream) {
	t.Helper()
	up := &upstream{counts: map[string]int{}}
	proxy := httptest.NewServer(up)
	t.Cleanup(proxy.Close)
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, apiclient.NewCache(apiclient.CacheConfig{})))
	target, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	up.mu.Lock()
	up.target = target
	up.mu.Unlock()
	return c, up
}

// person is another browser on the same console, with a session of its own.
func person(c *consoletest.Console) *consoletest.Console {
	other := *c
	jar, _ := cookiejar.New(nil)
	other.Client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &other
}

// expectCalls checks the calls fn made upstream.
func expectCalls(t *testing.T, up *upstream, what string, want int, fn func()) map[string]int {
	t.Helper()
	got := up.calls(fn)
	if total(got) != want {
		t.Errorf("%s: %d calls upstream, want %d: %s", what, total(got), want, describe(got))
	}
	return got
}

func getOK(t *testing.T, c *consoletest.Console, path string) string {
	t.Helper()
	res, body := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	return body
}

// TestUpstreamCallsPerPage is the table of BENCHMARKS.md, "Upstream calls per page".
func TestUpstreamCallsPerPage(t *testing.T) {
	c, up := countedConsole(t)
	c.SignIn()

	var list string
	expectCalls(t, up, "/articles", 1, func() { list = getOK(t, c, "/articles") })
	expectCalls(t, up, "/articles again", 0, func() { getOK(t, c, "/articles") })
	// A state filter or an order first reads the whole list (one page of 100 for the demo's articles), once.
	expectCalls(t, up, "/articles?state=draft, first", 1, func() { getOK(t, c, "/articles?state=draft") })
	expectCalls(t, up, "/articles?state=draft&sort=title", 0, func() { getOK(t, c, "/articles?state=draft&sort=title") })
	other := person(c)
	other.SignIn()
	expectCalls(t, up, "/articles by someone else", 0, func() { getOK(t, other, "/articles") })
	// The tag menu reads the agent's tags when someone first uses it, once a minute per agent.
	expectCalls(t, up, "the tag menu opened", 1, func() { getOK(t, c, "/articles/tag-filter") })
	expectCalls(t, up, "the tag menu opened by someone else", 0, func() { getOK(t, other, "/articles/tag-filter") })

	href, ok := consoletest.Parse(t, list).Find("td.title a").Eq(2).Attr("href")
	if !ok {
		t.Fatal("no article in the list")
	}
	var page string
	expectCalls(t, up, "the article page", 1, func() { page = getOK(t, c, href) })
	expectCalls(t, up, "the article page again", 0, func() { getOK(t, c, href) })
	doc := consoletest.Parse(t, page)
	if doc.Find(consoletest.TestID("lang-urls-panel")).Length() != 1 {
		t.Fatal("the article page has no language versions panel")
	}
	expectCalls(t, up, "the language versions panel, opened", 4, func() { c.Get(href+"/lang-urls", "HX-Request", "true") })
	expectCalls(t, up, "the history panel", 0, func() { c.Get(href+"/history", "HX-Request", "true") })

	form := url.Values{"save_mode": {"draft"}}
	doc.Find(`form[data-testid=article-form] input[name], form[data-testid=article-form] textarea[name]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if s.Is("textarea") {
			form.Set(name, s.Text())
		} else {
			v, _ := s.Attr("value")
			form.Set(name, v)
		}
	})
	title := "Saved through the cache " + form.Get("base_version")
	form.Set("title", title)
	saved := expectCalls(t, up, "an article save", 2, func() {
		res, body := c.Post(href, form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save = %d\n%s", res.StatusCode, body)
		}
	})
	if saved["PATCH /v1/api/knowledge_base/articles/"+strings.TrimPrefix(href, "/articles/")] != 1 {
		t.Errorf("the save sent no PATCH: %s", describe(saved))
	}

	// The save forgot the lists (and the tags, which a save may change).
	after := up.calls(func() {
		if body := getOK(t, c, "/articles"); !strings.Contains(body, title) {
			t.Error("the list after the save does not show the new title")
		}
	})
	if n := after["GET /v1/api/knowledge_base/articles/"]; n != 1 {
		t.Errorf("the list after a save made %d list calls, want 1: %s", n, describe(after))
	}

	var inbox string
	expectCalls(t, up, "/conversations", 1, func() { inbox = getOK(t, c, "/conversations") })
	conv, ok := consoletest.Parse(t, inbox).Find(`a[href^="/conversations/"]`).Eq(3).Attr("href")
	if !ok {
		t.Fatal("no conversation in the inbox")
	}
	expectCalls(t, up, "a conversation page", 3, func() { getOK(t, c, conv) })
	expectCalls(t, up, "a conversation page again", 0, func() { getOK(t, c, conv) })

	// Not-ready Knowledge Base actions are explained from their details,
	// read when someone opens "Why?", then kept for a minute.
	var actions string
	expectCalls(t, up, "/ai-actions, cold", 1, func() { actions = getOK(t, c, "/ai-actions") })
	expectCalls(t, up, "/ai-actions again", 0, func() { getOK(t, c, "/ai-actions") })
	why, _ := consoletest.Parse(t, actions).Find(consoletest.TestID("why-not-ready")).First().Attr("hx-get")
	if why == "" {
		t.Fatal("no not-ready action offers Why?")
	}
	expectCalls(t, up, "Why? opened", 1, func() { getOK(t, c, why) })
	expectCalls(t, up, "Why? opened again", 0, func() { getOK(t, c, why) })
	battery := consoletest.Parse(t, actions).Find(consoletest.TestID("ai-action")).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "Battery help")
	})
	bhref, _ := battery.Find(consoletest.TestID("ai-action-name")).Attr("href")
	if bhref == "" {
		t.Fatal("no Battery help action")
	}
	if res, _ := c.Post(bhref+"/active", url.Values{"is_active": {"false"}}); res.StatusCode >= 400 {
		t.Fatalf("switching Battery help off = %d", res.StatusCode)
	}
	expectCalls(t, up, "/ai-actions after switching one off", 1, func() { getOK(t, c, "/ai-actions") })
}

// TestInboxViewersShareOneListCall: ten people with the inbox open, all
// refreshing at once, make one list call.
func TestInboxViewersShareOneListCall(t *testing.T) {
	c, up := countedConsole(t)
	people := make([]*consoletest.Console, 10)
	for i := range people {
		people[i] = person(c)
		people[i].SignIn()
	}
	// The API has seen the demo token once (any page) before answers are shared.
	getOK(t, people[0], "/tags")
	got := up.calls(func() {
		var wg sync.WaitGroup
		for _, p := range people {
			wg.Go(func() { p.Get("/conversations", "HX-Request", "true") })
		}
		wg.Wait()
		for _, p := range people {
			getOK(t, p, "/conversations")
		}
	})
	if n := got["GET /v1/api_core/conversations"]; n != 1 {
		t.Errorf("10 inbox viewers made %d list calls, want 1: %s", n, describe(got))
	}
}

// TestRefreshReadsFresh: a page asked for with ?refresh=1 reads everything
// from Quickchat again, and a page shown from older cached data says so.
func TestRefreshReadsFresh(t *testing.T) {
	c, up := countedConsole(t)
	c.SignIn()
	getOK(t, c, "/articles")
	expectCalls(t, up, "/articles?refresh=1", 1, func() { getOK(t, c, "/articles?refresh=1") })
	// Freshly read: no note.
	if n := consoletest.Parse(t, getOK(t, c, "/articles")).Find(consoletest.TestID("freshness")).Length(); n != 0 {
		t.Errorf("a page of data read just now shows %d freshness notes", n)
	}
}

// TestOldCachedDataIsShownAsSuch: answers read 20 s ago (the cache's clock
// says so) make the page say as of when it is shown, with a link that reads
// it fresh.
func TestOldCachedDataIsShownAsSuch(t *testing.T) {
	up := &upstream{counts: map[string]int{}}
	proxy := httptest.NewServer(up)
	t.Cleanup(proxy.Close)
	then := time.Now().Add(-20 * time.Second)
	cache := apiclient.NewCache(apiclient.CacheConfig{Now: func() time.Time { return then }})
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, cache))
	up.target, _ = url.Parse(c.API.URL)
	c.SignIn()
	getOK(t, c, "/articles")
	getOK(t, c, "/articles?title=a")
	note := consoletest.Parse(t, getOK(t, c, "/articles?title=a")).Find(consoletest.TestID("freshness"))
	if got := strings.Join(strings.Fields(note.Text()), " "); !strings.HasPrefix(got, "Shown as of 20 s ago · Refresh") {
		t.Fatalf("the note of a page from 20 s old data = %q", got)
	}
	href, _ := note.Find("a").Attr("href")
	if href != "/articles?refresh=1&title=a" {
		t.Errorf("the refresh link = %q", href)
	}
	got := up.calls(func() {
		if n := consoletest.Parse(t, getOK(t, c, href)).Find(consoletest.TestID("freshness")).Length(); n != 0 {
			t.Error("the refreshed page still says it is old")
		}
	})
	if got["GET /v1/api/knowledge_base/articles/"] != 1 {
		t.Errorf("the refresh did not read the list again: %s", describe(got))
	}
}
