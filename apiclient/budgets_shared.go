package apiclient

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NewSharedBudgets returns budgets kept in the PostgreSQL database of pool
// (table rate_budgets), so that every replica using it draws on the same
// budget per (token, endpoint) and together they stay under the API's tiers.
// While the database does not answer, each replica falls back to budgets of
// its own.
func NewSharedBudgets(pool *pgxpool.Pool, enabled bool, log *slog.Logger) *Budgets {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := NewBudgets(enabled)
	b.shared = &sharedBudgets{pool: pool, log: log.With("component", "rate budgets")}
	return b
}

// Time limits of the database's part in a request.
const (
	// sharedBudgetTimeout bounds one statement on a budget: past it, the
	// request uses this replica's own budget.
	sharedBudgetTimeout = 2 * time.Second
	// sharedBudgetRetry is how long a replica keeps to its own budgets
	// after the database failed to answer.
	sharedBudgetRetry = 5 * time.Second
	// sharedBudgetSweep is how often a replica deletes the budgets that
	// have filled up again.
	sharedBudgetSweep = time.Minute
)

// sharedBudgets keep each budget as its theoretical arrival time (the
// generic cell rate algorithm): a budget of n per minute, with a burst of n,
// is full when its tat is now or past, and each request moves the tat a
// minute/n later; a request may go once its tat less the burst's span is no
// later than now. The span is a quarter second short of a minute: the API
// counts from when its first request arrives, a little after ours left, and
// without the margin the last request of a burst can arrive just before the
// API has room for it. Every time is the database's, so the replicas'
// clocks do not matter.
type sharedBudgets struct {
	pool      *pgxpool.Pool
	log       *slog.Logger
	downUntil atomic.Int64 // unix nanoseconds: use this replica's budgets until then
	swept     atomic.Int64 // unix nanoseconds of the last sweep
}

// reserveSQL takes one request from budget $1 of $2 a minute, unless it
// would wait $3 seconds or more. The first column is the wait of the
// request taken; NULL when none was taken, and then the second is about how
// long it would have waited.
const reserveSQL = `
WITH prior AS (SELECT tat FROM rate_budgets WHERE key = $1),
taken AS (
	INSERT INTO rate_budgets AS b (key, tat, per_minute)
	VALUES ($1, now() + interval '1 minute' / $2::integer, $2::integer)
	ON CONFLICT (key) DO UPDATE
		SET tat = greatest(b.tat, now()) + interval '1 minute' / $2::integer, per_minute = $2::integer
		WHERE greatest(b.tat, now()) + interval '1 minute' / $2::integer - interval '59.75 seconds' < now() + make_interval(secs => $3::float8)
	RETURNING tat)
SELECT
	(SELECT extract(epoch FROM tat - interval '59.75 seconds' - now())::float8 FROM taken),
	(SELECT extract(epoch FROM greatest(tat, now()) + interval '1 minute' / $2::integer - interval '59.75 seconds' - now())::float8 FROM prior)`

// maxWithin stands for "no deadline" in reserveSQL.
const maxWithin = 365 * 24 * time.Hour

func (s *sharedBudgets) reserve(ctx context.Context, k budgetKey, n int, within time.Duration) (time.Duration, bool, func(), error) {
	s.sweep()
	key := k.shared()
	qctx, cancel := context.WithTimeout(ctx, sharedBudgetTimeout)
	defer cancel()
	var taken, next *float64
	if err := s.pool.QueryRow(qctx, reserveSQL, key, n, min(within, maxWithin).Seconds()).Scan(&taken, &next); err != nil {
		return 0, false, nil, err
	}
	if taken == nil {
		wait := within
		if next != nil {
			wait = seconds(*next)
		}
		return wait, false, nil, nil
	}
	undo := func() {
		// The request was not sent: its slot goes back, even after the
		// request's own context ended.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedBudgetTimeout)
		defer cancel()
		if _, err := s.pool.Exec(ctx, `UPDATE rate_budgets SET tat = tat - interval '1 minute' / per_minute WHERE key = $1`, key); err != nil {
			s.log.Warn("could not give back a slot of a rate budget", "error", err)
		}
	}
	return max(seconds(*taken), 0), true, undo, nil
}

// level is how many requests k's budget holds now and its count per minute;
// zero and zero when it is not in use.
func (s *sharedBudgets) level(ctx context.Context, k budgetKey) (float64, int, error) {
	ctx, cancel := context.WithTimeout(ctx, sharedBudgetTimeout)
	defer cancel()
	var tokens float64
	var n int
	err := s.pool.QueryRow(ctx, `
		SELECT (60 - extract(epoch FROM greatest(tat - now(), interval '0'))::float8) * per_minute / 60, per_minute
		FROM rate_budgets WHERE key = $1`, k.shared()).Scan(&tokens, &n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, nil
	}
	return tokens, n, err
}

// up reports whether the shared budgets are to be used, and not this
// replica's own after a recent failure of the database.
func (s *sharedBudgets) up() bool {
	return time.Now().UnixNano() >= s.downUntil.Load()
}

// down keeps to this replica's own budgets for a while after err, unless
// err is only the end of the request.
func (s *sharedBudgets) down(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	until := time.Now().Add(sharedBudgetRetry).UnixNano()
	if prev := s.downUntil.Load(); prev < time.Now().UnixNano() && s.downUntil.CompareAndSwap(prev, until) {
		s.log.Warn("the database does not answer for the shared rate budgets; this replica budgets its own calls for now",
			"error", err, "retry_in", sharedBudgetRetry)
	}
}

// sweep deletes, at most once a sweep period per replica, the budgets that
// are full again: a missing row is a full budget, so nothing is lost.
func (s *sharedBudgets) sweep() {
	now := time.Now().UnixNano()
	last := s.swept.Load()
	if now-last < int64(sharedBudgetSweep) || !s.swept.CompareAndSwap(last, now) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), sharedBudgetTimeout)
		defer cancel()
		if _, err := s.clean(ctx); err != nil {
			s.log.Warn("could not delete the rate budgets that are full again", "error", err)
		}
	}()
}

// clean deletes the budgets that are full again and says how many.
func (s *sharedBudgets) clean(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM rate_budgets WHERE tat < now()`)
	return tag.RowsAffected(), err
}

// shared is k as rate_budgets keys it: the token's hash and the endpoint.
func (k budgetKey) shared() string {
	return hex.EncodeToString(k.token[:]) + " " + k.endpoint
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
