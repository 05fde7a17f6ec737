package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// tier is a rate limit class of the spec: READ, WRITE or HEAVY.
type tier int

const (
	tierRead tier = iota
	tierWrite
	tierHeavy
)

// defaultPerMinute is the spec's request budget per token, per endpoint, per minute.
func defaultPerMinute() map[tier]int {
	return map[tier]int{tierRead: 120, tierWrite: 60, tierHeavy: 20}
}

// endpointTier classifies an endpoint ("METHOD route", the route without its /v1/api/ prefix):
// uploads, imports, scraping and retraining are HEAVY, other writes WRITE, reads READ.
func endpointTier(method, route string) tier {
	switch method + " " + route {
	case "POST knowledge_base/retrain",
		"POST knowledge_base/file_upload_api",
		"POST knowledge_base/file_upload_api/pdf",
		"POST knowledge_base/import_external/website",
		"POST knowledge_base/import_external/youtube",
		"POST knowledge_base/import_external/site-map",
		"POST knowledge_base/import_external/scrape-list",
		"POST knowledge_base/intercom/import",
		"POST knowledge_base/sources/{source}/import":
		return tierHeavy
	}
	if isWrite(method) {
		return tierWrite
	}
	return tierRead
}

// sweepAbove is the bucket count at which idle buckets are dropped, so memory stays bounded.
const sweepAbove = 10_000

// rateLimiter keeps one token bucket per (API token, endpoint), with burst = the per-minute budget.
type rateLimiter struct {
	now       func() time.Time
	perMinute map[tier]int // tests lower these to exercise the limit quickly

	mu        sync.Mutex
	buckets   map[bucketKey]*bucket
	nextSweep int
}

type bucketKey struct{ token, endpoint string }

type bucket struct {
	limiter  *rate.Limiter
	lastUsed time.Time
}

func newRateLimiter(now func() time.Time) *rateLimiter {
	return &rateLimiter{now: now, perMinute: defaultPerMinute(), buckets: map[bucketKey]*bucket{}, nextSweep: sweepAbove}
}

// wait reports how long the caller must wait before this request would be allowed; 0 means it is allowed now.
func (rl *rateLimiter) wait(token, endpoint string, t tier) time.Duration {
	now := rl.now()
	rl.mu.Lock()
	defer rl.mu.Unlock()
	key := bucketKey{token, endpoint}
	b := rl.buckets[key]
	if b == nil {
		n := rl.perMinute[t]
		rl.sweep(now)
		b = &bucket{limiter: rate.NewLimiter(rate.Limit(float64(n)/60), n)}
		rl.buckets[key] = b
	}
	b.lastUsed = now
	res := b.limiter.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if delay > 0 {
		res.CancelAt(now)
	}
	return delay
}

// sweep drops buckets idle for a minute: they have refilled completely, so a fresh one is the same.
func (rl *rateLimiter) sweep(now time.Time) {
	if len(rl.buckets) < rl.nextSweep {
		return
	}
	for key, b := range rl.buckets {
		if now.Sub(b.lastUsed) >= time.Minute {
			delete(rl.buckets, key)
		}
	}
	rl.nextSweep = max(sweepAbove, 2*len(rl.buckets))
}

// tooManyRequests is the 429 answer; retryAfter is rounded up to whole seconds, at least 1.
func tooManyRequests(w http.ResponseWriter, retryAfter time.Duration) error {
	secs := max(int((retryAfter+time.Second-1)/time.Second), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return &apiError{http.StatusTooManyRequests, codeTooManyRequests,
		fmt.Sprintf("Rate limit exceeded for this endpoint; retry after %d s.", secs)}
}
