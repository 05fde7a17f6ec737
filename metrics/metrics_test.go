package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/metrics"
)

// scrape fetches what m's Handler serves.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scrape answered %s", res.Status)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// expectSeries fails unless text has each line, a series and its value.
func expectSeries(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, "\n"+l+"\n") {
			t.Errorf("the scrape lacks %q", l)
		}
	}
}

func TestCallsWaitsAnd429sAreSeriesByEndpointAndOutcome(t *testing.T) {
	m := metrics.New()
	const ep = "GET knowledge_base/articles/{id}"
	m.Call(ep, 200, nil, 30*time.Millisecond)
	m.Call(ep, 200, nil, 40*time.Millisecond)
	m.Call(ep, 404, &apiclient.APIError{Status: 404}, 20*time.Millisecond)
	m.Call(ep, 429, &apiclient.APIError{Status: 429}, 10*time.Millisecond)
	m.RateLimited(ep)
	m.BudgetWait(ep, 500*time.Millisecond)
	m.Call("GET knowledge_base/tags/", 0, fmt.Errorf("quickchat: %w", apiclient.ErrRateBudget), 0)
	m.Call("GET knowledge_base/tags/", 0, fmt.Errorf("quickchat: %w: dial tcp: refused", apiclient.ErrUnreachable), time.Millisecond)
	m.Call("PATCH knowledge_base/articles/{id}", 200, &apiclient.UnreadableError{Status: 200, Reason: "r"}, time.Millisecond)
	m.Call("GET knowledge_base/tags/", 0, fmt.Errorf("quickchat: %w", apiclient.ErrTimeout), 15*time.Second)
	m.Call("GET knowledge_base/tags/", 418, errors.New("a teapot"), time.Millisecond)

	text := scrape(t, m)
	expectSeries(t, text,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="ok",status="200"} 2`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="refused",status="404"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="refused",status="429"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/tags/",outcome="budget",status="0"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/tags/",outcome="unreachable",status="0"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/tags/",outcome="timeout",status="0"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/tags/",outcome="other",status="4xx"} 1`,
		`qcadmin_upstream_requests_total{endpoint="PATCH knowledge_base/articles/{id}",outcome="unreadable",status="200"} 1`,
		`qcadmin_upstream_rate_limited_total{endpoint="GET knowledge_base/articles/{id}"} 1`,
		`qcadmin_upstream_budget_wait_seconds_sum{endpoint="GET knowledge_base/articles/{id}"} 0.5`,
		`qcadmin_upstream_budget_wait_seconds_count{endpoint="GET knowledge_base/articles/{id}"} 1`,
		`qcadmin_upstream_budget_wait_seconds_bucket{endpoint="GET knowledge_base/articles/{id}",le="0.25"} 0`,
		`qcadmin_upstream_budget_wait_seconds_bucket{endpoint="GET knowledge_base/articles/{id}",le="0.5"} 1`,
		`qcadmin_upstream_request_duration_seconds_count{endpoint="GET knowledge_base/articles/{id}"} 4`,
		// The call the budget refused was never sent: it took no time.
		`qcadmin_upstream_request_duration_seconds_count{endpoint="GET knowledge_base/tags/"} 3`,
	)
}

func TestCacheSeriesByFamily(t *testing.T) {
	m := metrics.New()
	m.CacheMiss(apiclient.FamilyTags)
	m.CacheHit(apiclient.FamilyTags)
	m.CacheHit(apiclient.FamilyTags)
	m.CacheMiss(apiclient.FamilyArticle)
	m.CacheHit("article:4242") // never a label of its own
	text := scrape(t, m)
	expectSeries(t, text,
		`qcadmin_cache_hits_total{family="tags"} 2`,
		`qcadmin_cache_misses_total{family="tags"} 1`,
		`qcadmin_cache_misses_total{family="article"} 1`,
		`qcadmin_cache_hits_total{family="other"} 1`,
	)
}

func TestPagesStreamsAndTheRuntimeAreServed(t *testing.T) {
	m := metrics.New()
	m.Page("/articles/:id", http.MethodGet, 200, 20*time.Millisecond)
	m.Page("/articles/:id", http.MethodGet, 404, 5*time.Millisecond)
	m.Page("", "BREW", 404, time.Millisecond)
	text := scrape(t, m)
	expectSeries(t, text,
		`qcadmin_http_request_duration_seconds_count{method="GET",route="/articles/:id",status="2xx"} 1`,
		`qcadmin_http_request_duration_seconds_count{method="GET",route="/articles/:id",status="4xx"} 1`,
		`qcadmin_http_request_duration_seconds_count{method="other",route="unmatched",status="4xx"} 1`,
		`qcadmin_event_streams_open 0`,
	)
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_start_time_seconds"} {
		if !strings.Contains(text, "\n"+name) {
			t.Errorf("the scrape lacks the runtime's %s", name)
		}
	}
	m.StreamOpened()
	m.StreamOpened()
	m.StreamClosed()
	expectSeries(t, scrape(t, m), `qcadmin_event_streams_open 1`)
}

func TestNilMetricsRecordNothing(t *testing.T) {
	var m *metrics.Metrics
	m.Call("GET x", 200, nil, time.Second)
	m.BudgetWait("GET x", time.Second)
	m.RateLimited("GET x")
	m.CacheHit("tags")
	m.CacheMiss("tags")
	m.Page("/", "GET", 200, time.Second)
	m.StreamOpened()
	m.StreamClosed()
}

// labelValueRE finds every label value of a scrape.
var labelValueRE = regexp.MustCompile(`="([^"]*)"`)

// TestLabelsStayBounded feeds the metrics what a careless caller might, and
// checks no id, query or address becomes a label.
func TestLabelsStayBounded(t *testing.T) {
	m := metrics.New()
	for i := range 500 {
		m.Call(fmt.Sprintf("GET knowledge_base/articles/%d", 100000+i), 200, nil, time.Millisecond)
		m.Call(fmt.Sprintf("GET knowledge_base/articles/?offset=%d", 100000+i), 200, nil, time.Millisecond)
		m.Call(fmt.Sprintf("GET route_%c", 'a'+rune(i%26))+strings.Repeat("x", i), 200, nil, time.Millisecond)
		m.BudgetWait(fmt.Sprintf("POST chat.example.com/chat/%d", 100000+i), time.Second)
		m.CacheMiss(fmt.Sprintf("article:%d", 100000+i))
		m.Call("GET knowledge_base/tags/", 100000+i, nil, time.Millisecond)
	}
	text := scrape(t, m)
	endpoints := map[string]bool{}
	for _, match := range labelValueRE.FindAllStringSubmatch(text, -1) {
		v := match[1]
		if strings.Contains(v, "1000") || strings.ContainsAny(v, "?=") {
			t.Fatalf("a label carries a raw id or query: %q", v)
		}
		if strings.HasPrefix(v, "GET ") {
			endpoints[v] = true
		}
	}
	if len(endpoints) > 128 {
		t.Errorf("%d endpoints got series of their own, want at most 128", len(endpoints))
	}
	expectSeries(t, text, `qcadmin_upstream_requests_total{endpoint="other",outcome="ok",status="200"} 1373`) // the ids, the queries, and the endpoints past the first 128
}

// TestAClientReportsToTheMetrics wires a Client to the metrics, as the console does.
func TestAClientReportsToTheMetrics(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/api/knowledge_base/articles/4242" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"errors":{"root":[{"message":"Article not found.","code":"NOT_FOUND"}]}}`)
			return
		}
		fmt.Fprint(w, `["faq"]`)
	}))
	defer api.Close()
	m := metrics.New()
	c := apiclient.New(api.URL, "tok-9f3c-never-shown", apiclient.WithBudgets(apiclient.NewBudgets(false)),
		apiclient.WithCache(apiclient.NewCache(apiclient.CacheConfig{})), apiclient.WithObserver(m))
	ctx := context.Background()
	for range 3 {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.GetArticle(ctx, 4242); !apiclient.IsStatus(err, 404) {
		t.Fatalf("err = %v, want a 404", err)
	}
	text := scrape(t, m)
	expectSeries(t, text,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/tags/",outcome="ok",status="200"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="refused",status="404"} 1`,
		`qcadmin_cache_misses_total{family="tags"} 1`,
		`qcadmin_cache_hits_total{family="tags"} 2`,
		`qcadmin_cache_misses_total{family="article"} 1`,
	)
	if strings.Contains(text, "4242") || strings.Contains(text, "tok-9f3c") {
		t.Error("the scrape names the article's id or the token")
	}
}
