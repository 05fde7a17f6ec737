package apiclient

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// replicaDBs opens n connections to one fresh PostgreSQL database, as n
// console processes would.
func replicaDBs(t testing.TB, n int) []*database.DB {
	t.Helper()
	url := pgtest.URL(t)
	dbs := make([]*database.DB, n)
	for i := range n {
		db, err := database.Setup(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs
}

// sharedReplicas returns the shared budgets of two replicas on one
// database, with READ's tier at perMinute.
func sharedReplicas(t testing.TB, perMinute int) (a, b *Budgets, db *database.DB) {
	t.Helper()
	dbs := replicaDBs(t, 2)
	a = NewSharedBudgets(dbs[0].Pool, true, nil)
	b = NewSharedBudgets(dbs[1].Pool, true, nil)
	a.setPerMinute(tierRead, perMinute)
	b.setPerMinute(tierRead, perMinute)
	return a, b, dbs[0]
}

var sharedKey = budgetKey{sha256.Sum256([]byte(testToken)), "GET knowledge_base/articles/"}

// tat reads the budget's theoretical arrival time, as the database keeps it.
func tat(t *testing.T, db *database.DB, k budgetKey) time.Time {
	t.Helper()
	var at time.Time
	if err := db.QueryRowContext(t.Context(), "SELECT tat FROM rate_budgets WHERE key = $1", k.shared()).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

// setTokens leaves k's budget of perMinute holding tokens requests.
func setTokens(t *testing.T, db *database.DB, k budgetKey, perMinute int, tokens float64) {
	t.Helper()
	ahead := (float64(perMinute) - tokens) * 60 / float64(perMinute)
	if _, err := db.ExecContext(t.Context(), `
		INSERT INTO rate_budgets (key, tat, per_minute) VALUES ($1, now() + make_interval(secs => $2), $3)
		ON CONFLICT (key) DO UPDATE SET tat = excluded.tat, per_minute = excluded.per_minute`,
		k.shared(), ahead, perMinute); err != nil {
		t.Fatal(err)
	}
}

func TestSharedBudgetsHoldABurstAcrossReplicas(t *testing.T) {
	a, b, _ := sharedReplicas(t, 6) // each replica alone would let 6 through
	var granted, refused atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		budgets := a
		if i%2 == 1 {
			budgets = b
		}
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // the next slot is 10s away
			defer cancel()
			switch err := budgets.wait(ctx, sharedKey, tierRead); {
			case err == nil:
				granted.Add(1)
			case errors.Is(err, ErrRateBudget):
				refused.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if granted.Load() != 6 || refused.Load() != 14 {
		t.Errorf("two replicas granted %d and refused %d of 20 requests, want the 6 of one budget granted", granted.Load(), refused.Load())
	}
}

func TestSharedBudgetsStayUnderTheRateOverTime(t *testing.T) {
	a, b, _ := sharedReplicas(t, 600) // a burst of 600, then 10 a second
	const window = 1500 * time.Millisecond
	start := time.Now()
	var granted atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		budgets := a
		if i%2 == 1 {
			budgets = b
		}
		wg.Go(func() {
			for time.Since(start) < window {
				ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
				err := budgets.wait(ctx, sharedKey, tierRead)
				cancel()
				switch {
				case err == nil:
					if time.Since(start) <= window {
						granted.Add(1)
					}
				case !errors.Is(err, ErrRateBudget) && !errors.Is(err, context.DeadlineExceeded): // a slow database eats the deadline too
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	limit := 600 + int32(window.Seconds()*10) + 1
	t.Logf("two replicas sent %d requests in %s (at most %d allowed)", granted.Load(), window, limit)
	if got := granted.Load(); got > limit || got < 600 {
		t.Errorf("two replicas sent %d requests in %s; the budget allows between 600 and %d", got, window, limit)
	}
}

func TestSharedBudgetRefusesAWaitBeyondTheDeadlineWithoutSpendingIt(t *testing.T) {
	a, b, db := sharedReplicas(t, 1)
	if err := a.wait(t.Context(), sharedKey, tierRead); err != nil {
		t.Fatal(err)
	}
	before := tat(t, db, sharedKey)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second) // the next slot is a minute away
	defer cancel()
	start := time.Now()
	err := b.wait(ctx, sharedKey, tierRead)
	if !errors.Is(err, ErrRateBudget) || !strings.Contains(err.Error(), "next slot in") {
		t.Fatalf("err = %v, want the rate budget", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("gave up after %s", elapsed)
	}
	if after := tat(t, db, sharedKey); !after.Equal(before) {
		t.Errorf("the refused request moved the budget from %s to %s", before, after)
	}
}

func TestSharedBudgetGivesBackASlotNotUsed(t *testing.T) {
	a, _, db := sharedReplicas(t, 600)   // one slot every 100ms
	setTokens(t, db, sharedKey, 600, -5) // five requests wait already
	before := tat(t, db, sharedKey)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	go func() {
		for a.Waiting() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel() // the person left before the slot came
	}()
	if err := a.wait(ctx, sharedKey, tierRead); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	if after := tat(t, db, sharedKey); !after.Equal(before) {
		t.Errorf("budget at %s after the cancelled wait, want it back at %s", after, before)
	}
	if a.Waiting() != 0 {
		t.Errorf("Waiting() = %d after the wait ended", a.Waiting())
	}
}

func TestSharedBudgetWaitIsTheSameOnEveryReplica(t *testing.T) {
	a, b, db := sharedReplicas(t, 60) // one slot a second
	if d := b.waitFor(sharedKey); d != 0 {
		t.Errorf("an unused budget: wait %s", d)
	}
	setTokens(t, db, sharedKey, 60, -5)
	for name, budgets := range map[string]*Budgets{"A": a, "B": b} {
		if d := budgets.waitFor(sharedKey); d < 4500*time.Millisecond || d > 6*time.Second {
			t.Errorf("%s: wait %s with five requests ahead at one a second, want about 6s", name, d)
		}
	}
}

func TestSharedBackgroundWorkLeavesPartOfTheBudgetToPageViews(t *testing.T) {
	a, b, db := sharedReplicas(t, 6000) // refilled at 100 a second; a quarter is kept for page views
	setTokens(t, db, sharedKey, 6000, 1400)
	var page Waits
	if err := b.wait(WithWaits(t.Context(), &page), sharedKey, tierRead); err != nil || page.Total() != 0 {
		t.Fatalf("a page view waited %s (%v) with 1,400 requests left", page.Total(), err)
	}
	var export Waits
	if err := a.wait(WithWaits(Background(t.Context()), &export), sharedKey, tierRead); err != nil {
		t.Fatal(err)
	}
	if export.Total() < 500*time.Millisecond {
		t.Errorf("background work waited %s, want about a second until the budget is above the page views' reserve", export.Total())
	}
}

func TestSharedBudgetsForgetFullBudgets(t *testing.T) {
	a, _, db := sharedReplicas(t, 60)
	idle := budgetKey{endpoint: "GET idle"}
	setTokens(t, db, idle, 60, 60.5) // full again
	setTokens(t, db, sharedKey, 60, 10)
	n, err := a.shared.clean(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("clean = %d, %v; want the full budget deleted", n, err)
	}
	var left []string
	rows, err := db.QueryContext(t.Context(), "SELECT key FROM rate_budgets")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		left = append(left, k)
	}
	if len(left) != 1 || left[0] != sharedKey.shared() {
		t.Errorf("left %q, want only the budget in use", left)
	}
}

func TestSharedBudgetsFallBackToTheReplicasOwnWithoutTheDatabase(t *testing.T) {
	dbs := replicaDBs(t, 1)
	b := NewSharedBudgets(dbs[0].Pool, true, nil)
	b.setPerMinute(tierRead, 1)
	dbs[0].Close()
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	}, WithBudgets(b), WithTimeout(300*time.Millisecond))
	if _, err := c.ListTags(t.Context()); err != nil {
		t.Fatalf("first call without the database: %v", err)
	}
	if _, err := c.ListTags(t.Context()); !errors.Is(err, ErrRateBudget) {
		t.Errorf("second call: err = %v, want this replica's own budget of 1 a minute", err)
	}
	if b.shared.up() || api.calls.Load() != 1 {
		t.Errorf("up = %v, %d calls", b.shared.up(), api.calls.Load())
	}
}

// BenchmarkBudgetTake is the time one request spends taking its slot from
// a budget that has room.
func BenchmarkBudgetTake(b *testing.B) {
	bench := func(b *testing.B, budgets *Budgets) {
		budgets.setPerMinute(tierRead, 100_000_000) // never waits
		ctx := context.Background()
		for b.Loop() {
			if err := budgets.wait(ctx, sharedKey, tierRead); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("in-process", func(b *testing.B) { bench(b, NewBudgets(true)) })
	b.Run("postgres", func(b *testing.B) {
		bench(b, NewSharedBudgets(replicaDBs(b, 1)[0].Pool, true, nil))
	})
}
