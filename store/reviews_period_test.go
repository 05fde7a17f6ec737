package store_test

import (
	"context"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func TestGivenBetweenCountsEachReviewerInThePeriod(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		r := newReviews(t, db)
		day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		add := func(scenario, conv, verdict, who string, at time.Time) {
			addReview(t, r, store.Review{ScenarioID: scenario, ConversationID: conv, Verdict: verdict, Reviewer: who, At: at})
		}
		add("s1", "c1", "good", "Ana", day)                        // the first moment counts
		add("s1", "c1", "needs_work", "Ana", day.Add(5*time.Hour)) // a second review of the same conversation counts too
		add("s1", "c2", "needs_work", "Bo", day.Add(24*time.Hour-time.Microsecond))
		add("s1", "c3", "unreviewed", "Bo", day.Add(time.Hour))
		add("s1", "c4", "good", "", day.Add(time.Hour))            // no name known
		add("s1", "c5", "good", "Ana", day.Add(24*time.Hour))      // the end is not included
		add("s1", "c6", "good", "Ana", day.Add(-time.Microsecond)) // before the start
		add("s2", "c1", "good", "Ana", day.Add(time.Hour))         // another agent

		got, err := r.GivenBetween(context.Background(), "s1", day, day.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ReviewerTally{
			{Reviewer: "Ana", Reviews: 2, Good: 1, NeedsWork: 1},
			{Reviewer: "Bo", Reviews: 2, NeedsWork: 1, Unreviewed: 1},
			{Reviewer: "", Reviews: 1, Good: 1},
		}
		if len(got) != len(want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		// Most reviews first, then by name: Ana and Bo tie at two.
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
			}
		}

		none, err := r.GivenBetween(context.Background(), "s1", day.AddDate(0, 0, 5), day.AddDate(0, 0, 6))
		if err != nil || len(none) != 0 {
			t.Fatalf("an empty period: %+v, %v", none, err)
		}
	})
}
