package apiclient

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// tier is an API rate-limit class. The API counts each (token, endpoint)
// pair separately against its tier's per-minute limit.
type tier int

const (
	tierByMethod tier = iota // READ for GET, WRITE otherwise
	tierRead                 // 120/min: GET and list operations
	tierWrite                // 60/min: POST, PATCH, PUT, DELETE
	tierHeavy                // 20/min: uploads, imports, scraping
)

// perMinute is the tier's published limit.
func (t tier) perMinute() int {
	switch t {
	case tierRead:
		return 120
	case tierHeavy:
		return 20
	}
	return 60
}

// orDefault resolves tierByMethod from the HTTP method.
func (t tier) orDefault(method string) tier {
	if t != tierByMethod {
		return t
	}
	if method == http.MethodGet || method == http.MethodHead {
		return tierRead
	}
	return tierWrite
}

// interval is the time between two requests at the tier's steady rate: how
// long to back off after a 429 that says nothing about when to come back.
func (t tier) interval() time.Duration { return time.Minute / time.Duration(t.perMinute()) }

// budgetKey names one budget. The token is kept only as its hash.
type budgetKey struct {
	token    [sha256.Size]byte
	endpoint string // method + " " + path template
}

// budgetMinute is the minute a budget refills over: a quarter second longer
// than the API's, the margin that keeps the last request of a burst from
// reaching the API just before it has room (see sharedBudgets).
const budgetMinute = time.Minute + 250*time.Millisecond

// maxBudgets is how many budgets are kept before idle ones are dropped.
const maxBudgets = 4096

// Budgets holds the rate budget of every (token, endpoint) pair a process
// uses, so that a request waits for its turn instead of provoking a 429.
// One Budgets should be shared by all Clients of a process. It is safe for
// concurrent use.
//
// The budgets live in this process (NewBudgets), or in PostgreSQL when
// several replicas use the same tokens (NewSharedBudgets), so that together
// they stay under the API's tiers.
type Budgets struct {
	enabled bool
	mu      sync.Mutex
	// limits are the budgets kept in this process; with shared budgets,
	// only while the database does not answer.
	limits map[budgetKey]*rate.Limiter
	// perMinute overrides a tier's published limit (tests use tiny counts).
	perMinute map[tier]int
	waiting   atomic.Int64
	shared    *sharedBudgets // nil: the budgets live in this process
}

// NewBudgets returns an empty set of budgets kept in this process. Disabled
// budgets never make a request wait: for benchmarks, or an API that has no
// limits.
func NewBudgets(enabled bool) *Budgets {
	return &Budgets{enabled: enabled, limits: map[budgetKey]*rate.Limiter{}, perMinute: map[tier]int{}}
}

// Waiting reports how many requests of this process are currently held
// back by a budget.
func (b *Budgets) Waiting() int { return int(b.waiting.Load()) }

// Wait tells how long a request of token to an endpoint, named by its
// method and path template (such as "POST" and
// "knowledge_base/file_upload_api/pdf"), would wait for its rate budget if
// it were made now: zero when it would go at once. It takes nothing from
// the budget, so a person can be told before an upload that it will wait
// for the budget, and about how long. Requests already waiting are counted
// in.
func (b *Budgets) Wait(token, method, route string) time.Duration {
	return b.waitFor(budgetKey{sha256.Sum256([]byte(token)), method + " " + route})
}

// BudgetWait is Budgets.Wait for the Client's token and budgets.
func (c *Client) BudgetWait(method, route string) time.Duration {
	return c.budgets.waitFor(budgetKey{c.tokenKey, method + " " + route})
}

// peekTimeout bounds the look at a shared budget a page makes to say
// whether a request would wait.
const peekTimeout = time.Second

func (b *Budgets) waitFor(k budgetKey) time.Duration {
	if !b.enabled {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), peekTimeout)
	defer cancel()
	tokens, n := b.level(ctx, k)
	missing := 1 - tokens
	if n == 0 || missing <= 0 {
		return 0 // never used, or idle long enough to be dropped: full
	}
	return time.Duration(missing * 60 / float64(n) * float64(time.Second))
}

// level is how many requests k's budget holds now, fractions counted and
// below zero when requests wait, and its count per minute; zero and zero for
// a budget not in use, which is full.
func (b *Budgets) level(ctx context.Context, k budgetKey) (tokens float64, perMinute int) {
	if b.shared != nil && b.shared.up() {
		tokens, n, err := b.shared.level(ctx, k)
		if err == nil {
			return tokens, n
		}
		b.shared.down(ctx, err)
	}
	b.mu.Lock()
	l, ok := b.limits[k]
	b.mu.Unlock()
	if !ok || l.Limit() <= 0 {
		return 0, 0
	}
	return l.TokensAt(time.Now()), l.Burst()
}

// setPerMinute overrides a tier's per-minute count for budgets created after
// the call.
func (b *Budgets) setPerMinute(t tier, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.perMinute[t] = n
}

// perMinuteOf is t's count per minute, which is also its burst.
func (b *Budgets) perMinuteOf(t tier) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n, ok := b.perMinute[t]; ok && n >= 1 {
		return n
	}
	return t.perMinute()
}

// limiter returns the budget for k kept in this process, creating a full
// one if needed.
func (b *Budgets) limiter(k budgetKey, t tier) *rate.Limiter {
	n := b.perMinuteOf(t)
	b.mu.Lock()
	defer b.mu.Unlock()
	if l, ok := b.limits[k]; ok {
		return l
	}
	if len(b.limits) >= maxBudgets {
		// A full budget behaves exactly like a new one, so dropping it
		// forgets nothing.
		now := time.Now()
		for key, l := range b.limits {
			if l.TokensAt(now) >= float64(l.Burst()) {
				delete(b.limits, key)
			}
		}
	}
	l := rate.NewLimiter(rate.Limit(float64(n)/budgetMinute.Seconds()), n)
	b.limits[k] = l
	return l
}

// reserve takes one request from k's budget, to be sent after the delay it
// returns, and a function that gives it back if it will not be sent. When
// the delay would not end within the given time it takes nothing and says
// so, with the delay.
func (b *Budgets) reserve(ctx context.Context, k budgetKey, t tier, within time.Duration) (delay time.Duration, ok bool, undo func(), err error) {
	if b.shared != nil && b.shared.up() {
		delay, ok, undo, err := b.shared.reserve(ctx, k, b.perMinuteOf(t), within)
		if err == nil || ctx.Err() != nil {
			return delay, ok, undo, err
		}
		b.shared.down(ctx, err)
	}
	r := b.limiter(k, t).Reserve()
	delay = r.Delay()
	if delay > 0 && delay >= within {
		r.Cancel()
		return delay, false, nil, nil
	}
	return delay, true, r.Cancel, nil
}

// wait takes one request from k's budget, waiting for it if needed. When the
// wait would outlast ctx it returns at once with an error wrapping
// ErrRateBudget, and the budget is left untouched.
func (b *Budgets) wait(ctx context.Context, k budgetKey, t tier) error {
	_, err := b.take(ctx, k, t)
	return err
}

// take is wait that also tells how long the request was held back, whether
// or not it then went.
func (b *Budgets) take(ctx context.Context, k budgetKey, t tier) (time.Duration, error) {
	if !b.enabled {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	held, err := b.leaveReserve(ctx, k, t)
	if err != nil {
		return held, err
	}
	within := time.Duration(math.MaxInt64)
	if deadline, ok := ctx.Deadline(); ok {
		within = time.Until(deadline)
	}
	delay, ok, undo, err := b.reserve(ctx, k, t, within)
	if err != nil {
		return held, err
	}
	if ok && delay > 0 && !fitsDeadline(ctx, delay) {
		// The database's answer took the time the wait had.
		undo()
		ok = false
	}
	if !ok {
		return held, fmt.Errorf("%w beyond its deadline (next slot in %s)", ErrRateBudget, delay.Round(time.Millisecond))
	}
	if delay == 0 {
		return held, nil
	}
	b.waiting.Add(1)
	defer b.waiting.Add(-1)
	start := time.Now()
	if err := sleepCtx(ctx, delay); err != nil {
		undo()
		return held + time.Since(start), err
	}
	recordWait(ctx, delay)
	return held + delay, nil
}

// hold waits d after a 429, counted among the requests held back by a
// budget, or until ctx ends.
func (b *Budgets) hold(ctx context.Context, d time.Duration) error {
	b.waiting.Add(1)
	defer b.waiting.Add(-1)
	if err := sleepCtx(ctx, d); err != nil {
		return err
	}
	recordWait(ctx, d)
	return nil
}

// retryAfter reads a Retry-After header: a number of seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, 86400)) * time.Second, true
	}
	when, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}
