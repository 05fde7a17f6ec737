package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func newViews(t *testing.T, db *database.DB) *store.Views {
	t.Helper()
	v, err := store.NewViews(db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestViewsKeepListAndDelete(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		vs := newViews(t, db)
		a, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: "  Open this week ", Query: "period=last_7_days&resolution_status=open", CreatedBy: "Ana"})
		if err != nil || a.ID == 0 || a.Name != "Open this week" || a.CreatedAt.IsZero() {
			t.Fatalf("add: %+v %v", a, err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: "open THIS week", Query: "x=1"}); !errors.Is(err, store.ErrViewExists) {
			t.Errorf("a name used already (in another case): %v", err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s2", Name: "Open this week"}); err != nil {
			t.Errorf("another agent may use the name: %v", err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: " "}); !errors.Is(err, store.ErrViewName) {
			t.Errorf("a blank name: %v", err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: strings.Repeat("é", store.MaxViewName+1)}); !errors.Is(err, store.ErrViewTooLong) {
			t.Errorf("a long name: %v", err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: "Apples", Query: "review=good"}); err != nil {
			t.Fatal(err)
		}
		list, err := vs.List(ctx, "s1")
		if err != nil || len(list) != 2 || list[0].Name != "Apples" || list[1].Query != "period=last_7_days&resolution_status=open" || list[1].CreatedBy != "Ana" {
			t.Fatalf("list: %+v %v", list, err)
		}
		if _, ok, _ := vs.Get(ctx, "s2", a.ID); ok {
			t.Error("another agent's view read by id")
		}
		if ok, err := vs.Delete(ctx, "s2", a.ID); ok || err != nil {
			t.Errorf("another agent deleted it: %v %v", ok, err)
		}
		if ok, err := vs.Delete(ctx, "s1", a.ID); !ok || err != nil {
			t.Errorf("delete: %v %v", ok, err)
		}
		if _, ok, _ := vs.Get(ctx, "s1", a.ID); ok {
			t.Error("a deleted view is still there")
		}
	})
}

func TestViewsPerAgentAreLimited(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		vs := newViews(t, db)
		for i := range store.MaxViewsPerAgent {
			if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: fmt.Sprint("v", i)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s1", Name: "one more"}); !errors.Is(err, store.ErrViewsFull) {
			t.Errorf("past the limit: %v", err)
		}
		if _, err := vs.Add(ctx, store.View{ScenarioID: "s2", Name: "one more"}); err != nil {
			t.Errorf("the limit is per agent: %v", err)
		}
	})
}

func TestReviewersMostRecentFirst(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r := newReviews(t, db)
		for _, who := range []string{"Ana", "Ben", "", "Ana"} {
			if _, err := r.Add(ctx, store.Review{ScenarioID: "s1", ConversationID: "c1", Verdict: "good", Reviewer: who}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := r.Reviewers(ctx, "s1")
		if err != nil || strings.Join(got, ",") != "Ana,Ben" {
			t.Errorf("reviewers %v %v", got, err)
		}
	})
}
