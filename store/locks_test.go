package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

// twoReplicas are the review stores of two consoles on one database: two
// replicas on PostgreSQL; on SQLite, where the console is one process, the
// same store twice.
func twoReplicas(t *testing.T, fn func(t *testing.T, a, b *store.Reviews)) {
	t.Run("sqlite", func(t *testing.T) {
		db := pgtest.Setup(t, t.TempDir()+"/console.db")
		r := newReviews(t, db)
		fn(t, r, r)
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.URL(t)
		fn(t, newReviews(t, pgtest.Setup(t, url)), newReviews(t, pgtest.Setup(t, url)))
	})
}

// lockAsync takes the lock in the background; the channel gets its unlock
// once it is held.
func lockAsync(t *testing.T, r *store.Reviews, scenario, conversation string) <-chan func() {
	t.Helper()
	got := make(chan func(), 1)
	go func() {
		unlock, err := r.Lock(context.Background(), scenario, conversation)
		if err != nil {
			t.Error(err)
			close(got)
			return
		}
		got <- unlock
	}()
	return got
}

// A conversation's reviews take turns across replicas; other conversations
// do not wait for them.
func TestReviewLockMakesReplicasTakeTurns(t *testing.T) {
	twoReplicas(t, func(t *testing.T, a, b *store.Reviews) {
		ctx := context.Background()
		unlockA, err := a.Lock(ctx, "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		waiting := lockAsync(t, b, "s1", "c1")
		select {
		case <-waiting:
			t.Fatal("the second replica took the conversation while the first held it")
		case <-time.After(300 * time.Millisecond):
		}
		for _, other := range [][2]string{{"s1", "c2"}, {"s2", "c1"}} {
			// Held by the first replica until it unlocks below, c1 of s1
			// would hold this wait to its end.
			bounded, cancel := context.WithTimeout(ctx, 10*time.Second)
			unlock, err := b.Lock(bounded, other[0], other[1])
			cancel()
			if err != nil {
				t.Fatalf("%v waited for another conversation's lock: %v", other, err)
			}
			unlock()
		}
		unlockA()
		unlockA() // releasing twice is harmless
		select {
		case unlockB := <-waiting:
			if unlockB == nil {
				t.Fatal("the waiting replica did not get the lock")
			}
			unlockB()
		case <-time.After(5 * time.Second):
			t.Fatal("the second replica still waits after the first released the conversation")
		}
		// Released twice did not free a lock someone else took since.
		unlock, err := a.Lock(ctx, "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		unlock()
	})
}

// A wait for a conversation held elsewhere ends with the request, and leaves
// nothing behind: the next one takes the lock at once when it is free.
func TestReviewLockWaitEndsWithTheRequest(t *testing.T) {
	twoReplicas(t, func(t *testing.T, a, b *store.Reviews) {
		unlock, err := a.Lock(context.Background(), "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := b.Lock(ctx, "s1", "c1"); !errors.Is(err, store.ErrLockUnavailable) {
			t.Fatalf("a wait past the deadline: err = %v, want ErrLockUnavailable", err)
		}
		if d := time.Since(start); d < 300*time.Millisecond || d > 3*time.Second {
			t.Errorf("the wait ended after %v; want about the deadline's 400ms", d)
		}
		cancelled, cancelNow := context.WithCancel(context.Background())
		go func() { time.Sleep(200 * time.Millisecond); cancelNow() }()
		if _, err := b.Lock(cancelled, "s1", "c1"); !errors.Is(err, store.ErrLockUnavailable) {
			t.Fatalf("a cancelled wait: err = %v, want ErrLockUnavailable", err)
		}
		unlock()
		quick, cancelQuick := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancelQuick()
		unlockB, err := b.Lock(quick, "s1", "c1")
		if err != nil {
			t.Fatalf("the lock, free again, after waits that gave up: %v", err)
		}
		unlockB()
	})
}

// Many saves of one conversation spread over two replicas: never two at once.
func TestReviewLockIsExclusiveUnderLoad(t *testing.T) {
	twoReplicas(t, func(t *testing.T, a, b *store.Reviews) {
		var inside, most, done atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			r := a
			if i%2 == 1 {
				r = b
			}
			wg.Go(func() {
				unlock, err := r.Lock(context.Background(), "s1", "c1")
				if err != nil {
					t.Error(err)
					return
				}
				n := inside.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				inside.Add(-1)
				done.Add(1)
				unlock()
			})
		}
		wg.Wait()
		if most.Load() != 1 || done.Load() != 16 {
			t.Fatalf("%d saves held the conversation at once, %d of 16 got it; want 1 at a time, all of them", most.Load(), done.Load())
		}
	})
}

// Reviews queued for one conversation do not hold the connections the one
// holding it needs to keep its review.
func TestReviewLockQueueLeavesTheDatabaseFree(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		unlock, err := r.Lock(context.Background(), "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		const queued = 24 // more than the pool's connections
		waits, stop := context.WithTimeout(context.Background(), 20*time.Second)
		defer stop()
		var wg sync.WaitGroup
		defer wg.Wait()
		defer unlock() // before the queue is waited for, whatever happens
		for range queued {
			wg.Go(func() {
				u, err := r.Lock(waits, "s1", "c1")
				if err != nil {
					t.Error(err)
					return
				}
				u()
			})
		}
		time.Sleep(500 * time.Millisecond) // let them queue
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := r.Add(ctx, store.Review{ScenarioID: "s1", ConversationID: "c1", Verdict: "good", Reviewer: "holder"}); err != nil {
			stop()
			t.Fatalf("the lock's holder could not keep its review with %d saves queued: %v", queued, err)
		}
	})
}

// A replica that dies holding a conversation frees it: its session ends.
func TestReviewLockOfADeadReplicaIsFreed(t *testing.T) {
	url := pgtest.URL(t)
	dbA, dbB := pgtest.Setup(t, url), pgtest.Setup(t, url)
	a, b := newReviews(t, dbA), newReviews(t, dbB)
	unlockA, err := a.Lock(context.Background(), "s1", "c1")
	if err != nil {
		t.Fatal(err)
	}
	// The holder stays referred to until the end: a connection nothing refers
	// to is closed by the garbage collector, which would free the lock before
	// its holder is ended here (releasing an ended holder is harmless).
	defer unlockA()
	waiting := lockAsync(t, b, "s1", "c1")
	time.Sleep(200 * time.Millisecond)
	// The holder's connection drops, as when its process is killed.
	var killed int
	if err := dbB.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid != pg_backend_pid()`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("ended %d holders, %v; want the one", killed, err)
	}
	select {
	case unlock := <-waiting:
		if unlock == nil {
			t.Fatal("the waiting replica did not get the lock")
		}
		unlock()
	case <-time.After(5 * time.Second):
		t.Fatal("the conversation stays held after its holder died")
	}
}

// Saves of views at once, from two consoles on one database (replicas on
// PostgreSQL), keep the per-agent limit and one view per name.
func TestViewsAtOnceKeepTheLimit(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, url string) {
		db := pgtest.Setup(t, url)
		replicas := []*store.Views{newViews(t, db), newViews(t, pgtest.Setup(t, url))}
		ctx := context.Background()
		const saves = store.MaxViewsPerAgent + 30
		var wg sync.WaitGroup
		var kept, full atomic.Int32
		for i := range saves {
			wg.Go(func() {
				_, err := replicas[i%len(replicas)].Add(ctx, store.View{ScenarioID: "s1", Name: fmt.Sprint("view ", i)})
				switch {
				case err == nil:
					kept.Add(1)
				case errors.Is(err, store.ErrViewsFull):
					full.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		list, err := replicas[0].List(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(db.Rebind(`SELECT COUNT(*) FROM inbox_views WHERE scenario_id = ?`), "s1").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if kept.Load() != store.MaxViewsPerAgent || full.Load() != saves-store.MaxViewsPerAgent || n != store.MaxViewsPerAgent || len(list) != n {
			t.Fatalf("%d kept, %d refused as full, %d stored; want %d kept", kept.Load(), full.Load(), n, store.MaxViewsPerAgent)
		}

		var same sync.WaitGroup
		var first, exists atomic.Int32
		for i := range 10 {
			same.Go(func() {
				name := "Open"
				if i%2 == 1 {
					name = "OPEN"
				}
				_, err := replicas[i%len(replicas)].Add(ctx, store.View{ScenarioID: "s2", Name: name})
				switch {
				case err == nil:
					first.Add(1)
				case errors.Is(err, store.ErrViewExists):
					exists.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		same.Wait()
		if first.Load() != 1 || exists.Load() != 9 {
			t.Fatalf("one name saved at once: %d kept, %d refused as existing; want 1 and 9", first.Load(), exists.Load())
		}
	})
}
