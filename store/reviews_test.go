package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func newReviews(t *testing.T, db *database.DB) *store.Reviews {
	t.Helper()
	r, err := store.NewReviews(db)
	if err != nil {
		t.Fatal(err)
	}
	// Opening again over the same tables is fine.
	if _, err := store.NewReviews(db); err != nil {
		t.Fatal(err)
	}
	return r
}

func addReview(t *testing.T, r *store.Reviews, rv store.Review) store.Review {
	t.Helper()
	got, err := r.Add(context.Background(), rv)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestReviewsThreadNewestFirst(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		ctx := context.Background()
		first := addReview(t, r, store.Review{ScenarioID: "sc1", ConversationID: "c1", Verdict: "needs_work", Note: "Missed the <b>link</b>.", Reviewer: "Ana Wójcik", At: day.In(time.FixedZone("CET", 3600))})
		addReview(t, r, store.Review{ScenarioID: "sc1", ConversationID: "c2", Verdict: "good", Reviewer: "Ben", At: day})
		addReview(t, r, store.Review{ScenarioID: "sc2", ConversationID: "c1", Verdict: "good", Reviewer: "Other agent", At: day})
		second := addReview(t, r, store.Review{ScenarioID: "sc1", ConversationID: "c1", Verdict: "good", Note: "Fixed für alle.", Reviewer: "Ben", At: day.Add(time.Hour)})

		thread, err := r.Thread(ctx, "sc1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		if len(thread) != 2 || thread[0] != second || thread[1] != first {
			t.Fatalf("thread\n%+v\nwant\n%+v\n%+v", thread, second, first)
		}
		if first.At != day || first.At.Location() != time.UTC || first.ID == 0 {
			t.Errorf("stored as %+v", first)
		}
		if thread, _ := r.Thread(ctx, "sc1", "nobody"); len(thread) != 0 {
			t.Errorf("a conversation nobody reviewed has %d reviews", len(thread))
		}

		latest, err := r.Latest(ctx, "sc1", "c1", "c2", "c3")
		if err != nil {
			t.Fatal(err)
		}
		if len(latest) != 2 || latest["c1"] != second || latest["c2"].Reviewer != "Ben" {
			t.Errorf("latest = %+v", latest)
		}
		// Another agent's reviews never show.
		if latest, _ := r.Latest(ctx, "sc2", "c2"); len(latest) != 0 {
			t.Errorf("sc2 sees %+v", latest)
		}
		if latest, err := r.Latest(ctx, "sc1"); err != nil || len(latest) != 0 {
			t.Errorf("no ids: %v %v", latest, err)
		}
		if _, err := r.Add(ctx, store.Review{ScenarioID: "sc1", Verdict: "good"}); err == nil {
			t.Error("a review without a conversation was kept")
		}
	})
}

func TestReviewsLatestOverManyIDs(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		var ids []string
		for i := range 1000 {
			id := fmt.Sprintf("c%04d", i)
			ids = append(ids, id)
			if i%3 == 0 {
				addReview(t, r, store.Review{ScenarioID: "sc1", ConversationID: id, Verdict: "good", Reviewer: "Ana", At: day})
			}
		}
		latest, err := r.Latest(context.Background(), "sc1", ids...)
		if err != nil {
			t.Fatal(err)
		}
		if len(latest) != 334 {
			t.Errorf("%d latest reviews, want 334", len(latest))
		}
	})
}

// Two people reviewing the same conversation at once both end up in the thread.
func TestReviewsAtOnceBothKept(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				if _, err := r.Add(context.Background(), store.Review{ScenarioID: "sc1", ConversationID: "c1", Verdict: "good", Reviewer: fmt.Sprint("person ", i)}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		thread, err := r.Thread(context.Background(), "sc1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, rv := range thread {
			seen[rv.Reviewer] = true
		}
		if len(thread) != 20 || len(seen) != 20 {
			t.Fatalf("%d reviews from %d people, want 20", len(thread), len(seen))
		}
		for i := 1; i < len(thread); i++ {
			if thread[i].ID >= thread[i-1].ID {
				t.Fatalf("thread not newest first: %d after %d", thread[i].ID, thread[i-1].ID)
			}
		}
		latest, _ := r.Latest(context.Background(), "sc1", "c1")
		if latest["c1"] != thread[0] {
			t.Errorf("latest %+v, thread starts with %+v", latest["c1"], thread[0])
		}
	})
}

func TestReviewsAreKeptAsGiven(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		addReview(t, r, store.Review{ScenarioID: "sc1", ConversationID: "c1", Verdict: "good"})
		if _, err := db.Exec(`UPDATE conversation_reviews SET verdict = 'needs_work'`); err == nil {
			t.Error("a review was changed")
		}
		if _, err := db.Exec(`DELETE FROM conversation_reviews`); err == nil {
			t.Error("a review was deleted")
		}
		if thread, err := r.Thread(context.Background(), "sc1", "c1"); err != nil || len(thread) != 1 || thread[0].Verdict != "good" {
			t.Errorf("thread after the refused changes: %+v %v", thread, err)
		}
	})
}
