package sandbox

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitReadTier(t *testing.T) {
	e := newEnvWith(t, Config{RateLimits: true})
	const path = "/v1/api/knowledge_base/tags/"
	for i := range 120 {
		if r := e.do("GET", path, e.read, nil); r.Status != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := e.do("GET", path, e.read, nil)
	r.wantError(t, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Rate limit")
	// One token refills every 0.5 s, so the wait rounds up to 1 s.
	if ra := r.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After = %q, want 1", ra)
	}

	// The budget is per endpoint and per token.
	e.do("GET", settingsPath, e.read, nil).wantStatus(t, http.StatusOK)
	e.do("GET", path, e.write, nil).wantStatus(t, http.StatusOK)

	// Time refills the bucket.
	e.clock.Advance(time.Second)
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK)
}

func TestRateLimitWriteTierAndRetryAfter(t *testing.T) {
	e := newEnvWith(t, Config{RateLimits: true})
	e.sb.limiter.perMinute[tierWrite] = 3
	for range 3 {
		e.do("PATCH", settingsPath, e.write, `{}`).wantStatus(t, http.StatusOK)
	}
	r := e.do("PATCH", settingsPath, e.write, `{}`)
	r.wantError(t, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "")
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs != 20 {
		t.Errorf("Retry-After = %q, want 20 (3 per minute)", r.Header.Get("Retry-After"))
	}
	e.clock.Advance(19 * time.Second)
	e.do("PATCH", settingsPath, e.write, `{}`).wantStatus(t, http.StatusTooManyRequests)
	e.clock.Advance(time.Second)
	e.do("PATCH", settingsPath, e.write, `{}`).wantStatus(t, http.StatusOK)
}

func TestRateLimitsOffByDefault(t *testing.T) {
	e := newEnv(t)
	for range 200 {
		e.do("GET", "/v1/api/knowledge_base/tags/", e.read, nil).wantStatus(t, http.StatusOK)
	}
}

func TestEndpointTiers(t *testing.T) {
	for _, tc := range []struct {
		method, route string
		want          tier
	}{
		{"GET", "knowledge_base/articles/{id}", tierRead},
		{"PATCH", "knowledge_base/articles/{id}", tierWrite},
		{"DELETE", "knowledge_base/articles", tierWrite},
		{"POST", "knowledge_base/file_upload_api/pdf", tierHeavy},
		{"POST", "knowledge_base/import_external/website", tierHeavy},
	} {
		if got := endpointTier(tc.method, tc.route); got != tc.want {
			t.Errorf("%s %s: tier %d, want %d", tc.method, tc.route, got, tc.want)
		}
	}
	if p := defaultPerMinute(); p[tierRead] != 120 || p[tierWrite] != 60 || p[tierHeavy] != 20 {
		t.Errorf("tiers = %v", p)
	}
}

func TestRateLimiterForgetsIdleBuckets(t *testing.T) {
	clock := newTestClock()
	rl := newRateLimiter(clock.Now)
	for i := range sweepAbove {
		rl.wait(strconv.Itoa(i), "GET x", tierRead)
	}
	clock.Advance(2 * time.Minute)
	rl.wait("new", "GET x", tierRead)
	if n := len(rl.buckets); n != 1 {
		t.Errorf("%d buckets after sweep, want 1", n)
	}
}
