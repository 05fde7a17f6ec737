// Package metrics keeps the console's Prometheus metrics: calls to the
// Quickchat API by endpoint and outcome, time spent waiting for the rate
// budget, 429s, the read cache's hits and misses, page latency and open
// event streams. They are how an operator sees the team's rate budget being
// spent.
//
// Every label comes from a fixed set, so no series is ever made per article,
// conversation or person: endpoints are methods and path templates, pages
// are route templates, statuses are codes from a short list or classes, and
// anything else is counted as "other". The metrics carry no tokens, no ids
// and nothing a person typed.
package metrics

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"qcadmin/apiclient"
)

// Other stands for a label value outside its fixed set.
const Other = "other"

// maxEndpoints bounds how many endpoints get series of their own; the
// client knows about fifty.
const maxEndpoints = 128

// Metrics owns the console's collectors and the registry they are served
// from. It implements apiclient.Observer. A nil *Metrics records nothing,
// so callers need not check whether metrics are on. It is safe for
// concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	upstreamCalls    *prometheus.CounterVec
	upstreamDuration *prometheus.HistogramVec
	budgetWait       *prometheus.HistogramVec
	rateLimited      *prometheus.CounterVec
	cacheHits        *prometheus.CounterVec
	cacheMisses      *prometheus.CounterVec
	pageDuration     *prometheus.HistogramVec
	streamsOpen      prometheus.Gauge

	mu        sync.Mutex
	endpoints map[string]bool // endpoints given series of their own
}

var _ apiclient.Observer = (*Metrics)(nil)

// New returns Metrics with their own registry, which also holds the Go
// runtime's and the process's collectors.
func New() *Metrics {
	m := &Metrics{
		reg:       prometheus.NewRegistry(),
		endpoints: map[string]bool{},
		upstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qcadmin_upstream_requests_total",
			Help: "Attempts at calls to the Quickchat API, by endpoint (method and path template), HTTP status (0 when no answer came) and outcome (ok, refused, budget, timeout, unreachable, unreadable, canceled, other). A 429 that is retried counts once, and its retry again.",
		}, []string{"endpoint", "status", "outcome"}),
		upstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "qcadmin_upstream_request_duration_seconds",
			Help:    "How long calls to the Quickchat API took, from sending to the answer read, by endpoint; waits for the rate budget are not included.",
			Buckets: prometheus.DefBuckets,
		}, []string{"endpoint"}),
		budgetWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "qcadmin_upstream_budget_wait_seconds",
			Help:    "How long calls to the Quickchat API were held back before they were sent, by the token's rate budget or after a 429 by the API's Retry-After, by endpoint. Calls that went at once are not counted.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"endpoint"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qcadmin_upstream_rate_limited_total",
			Help: "429 Too Many Requests answers received from the Quickchat API, by endpoint.",
		}, []string{"endpoint"}),
		cacheHits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qcadmin_cache_hits_total",
			Help: "Reads answered from the console's read cache without a call to the Quickchat API, by family.",
		}, []string{"family"}),
		cacheMisses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qcadmin_cache_misses_total",
			Help: "Reads of a cached family that went to the Quickchat API (nothing kept, expired, forgotten after a write, or a read that had to be fresh), by family. Identical reads that shared one call each count.",
		}, []string{"family"}),
		pageDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "qcadmin_http_request_duration_seconds",
			Help:    "How long the console took to answer, by route template, method and status class.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status"}),
		streamsOpen: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "qcadmin_event_streams_open",
			Help: "Event streams open to browsers.",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.upstreamCalls, m.upstreamDuration, m.budgetWait, m.rateLimited,
		m.cacheHits, m.cacheMisses, m.pageDuration, m.streamsOpen,
	)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where the metrics are registered, for tests and for
// collectors of other parts of the console.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Call counts one attempt at a call to the Quickchat API.
func (m *Metrics) Call(endpoint string, status int, err error, d time.Duration) {
	if m == nil {
		return
	}
	ep := m.endpoint(endpoint)
	m.upstreamCalls.WithLabelValues(ep, upstreamStatus(status), apiclient.ErrorKind(err)).Inc()
	if d > 0 {
		m.upstreamDuration.WithLabelValues(ep).Observe(d.Seconds())
	}
}

// BudgetWait records a call held back d before it was sent.
func (m *Metrics) BudgetWait(endpoint string, d time.Duration) {
	if m == nil {
		return
	}
	m.budgetWait.WithLabelValues(m.endpoint(endpoint)).Observe(d.Seconds())
}

// RateLimited counts a 429 from the Quickchat API.
func (m *Metrics) RateLimited(endpoint string) {
	if m == nil {
		return
	}
	m.rateLimited.WithLabelValues(m.endpoint(endpoint)).Inc()
}

// CacheHit counts a read answered from the read cache.
func (m *Metrics) CacheHit(family string) {
	if m == nil {
		return
	}
	m.cacheHits.WithLabelValues(cacheFamily(family)).Inc()
}

// CacheMiss counts a read of a cached family that went to the API.
func (m *Metrics) CacheMiss(family string) {
	if m == nil {
		return
	}
	m.cacheMisses.WithLabelValues(cacheFamily(family)).Inc()
}

// Page records one answer of the console: route is the route template it
// matched (such as "/articles/:id"), empty when none did.
func (m *Metrics) Page(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	m.pageDuration.WithLabelValues(route, pageMethod(method), statusClass(status)).Observe(d.Seconds())
}

// StreamOpened counts an event stream opened to a browser; call
// StreamClosed when it ends.
func (m *Metrics) StreamOpened() {
	if m != nil {
		m.streamsOpen.Inc()
	}
}

// StreamClosed counts an event stream that ended.
func (m *Metrics) StreamClosed() {
	if m != nil {
		m.streamsOpen.Dec()
	}
}

// endpointRE is a method and a path template: letters, underscores,
// slashes, dashes, dots and placeholders, and no digits, so an id that
// slipped into a path is never a label.
var endpointRE = regexp.MustCompile(`^[A-Z]{3,7} [A-Za-z_/{}.-]*$`)

// endpoint is the label of an endpoint: itself when it looks like a path
// template and fewer than maxEndpoints were seen, else Other.
func (m *Metrics) endpoint(e string) string {
	if !endpointRE.MatchString(e) {
		return Other
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.endpoints[e] {
		return e
	}
	if len(m.endpoints) >= maxEndpoints {
		return Other
	}
	m.endpoints[e] = true
	return e
}

// cacheFamilies are the read cache's families.
var cacheFamilies = []string{
	apiclient.FamilyArticles, apiclient.FamilyArticle, apiclient.FamilySearch, apiclient.FamilyParagraphs,
	apiclient.FamilyLangURLs, apiclient.FamilyTags, apiclient.FamilyKBSettings, apiclient.FamilyChatbot,
	apiclient.FamilyWidget, apiclient.FamilyHandoff, apiclient.FamilyRatings, apiclient.FamilyAIActions,
	apiclient.FamilyAIAction, apiclient.FamilyConversations, apiclient.FamilyConversation,
}

func cacheFamily(f string) string {
	if slices.Contains(cacheFamilies, f) {
		return f
	}
	return Other
}

// upstreamStatuses are the statuses of the Quickchat API counted by their
// code; others are counted by class.
var upstreamStatuses = []int{0, 200, 201, 202, 204, 400, 401, 402, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504}

func upstreamStatus(s int) string {
	if slices.Contains(upstreamStatuses, s) {
		return strconv.Itoa(s)
	}
	return statusClass(s)
}

// statusClass is "2xx" for 200 to 299 and so on; Other outside 100 to 599.
func statusClass(s int) string {
	if s < 100 || s > 599 {
		return Other
	}
	return strconv.Itoa(s/100) + "xx"
}

var pageMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions,
}

func pageMethod(m string) string {
	if slices.Contains(pageMethods, m) {
		return m
	}
	return Other
}
