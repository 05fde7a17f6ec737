package apiclient

import (
	"context"
	"testing"
	"time"
)

func TestBackgroundWorkLeavesPartOfTheBudgetToPageViews(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 6000) // a burst of 6,000, refilled at 100 a second; a quarter is kept for page views
	k := budgetKey{endpoint: "GET knowledge_base/articles/"}
	for range 4600 { // 1,400 left: below the 1,500 kept for page views
		if err := b.wait(context.Background(), k, tierRead); err != nil {
			t.Fatal(err)
		}
	}
	var page Waits
	if err := b.wait(WithWaits(context.Background(), &page), k, tierRead); err != nil || page.Total() != 0 {
		t.Fatalf("a page view waited %s (%v) with 1,400 requests left in the budget", page.Total(), err)
	}
	var export Waits
	ctx := WithWaits(Background(context.Background()), &export)
	if err := b.wait(ctx, k, tierRead); err != nil {
		t.Fatal(err)
	}
	if export.Total() < 500*time.Millisecond {
		t.Fatalf("background work waited %s, want it to wait about a second until the budget is above the page views' reserve", export.Total())
	}
	short, cancel := context.WithTimeout(Background(context.Background()), 10*time.Millisecond)
	defer cancel()
	for range 1000 {
		_ = b.wait(context.Background(), k, tierRead) // page views take the budget down again
	}
	if err := b.wait(short, k, tierRead); err == nil {
		t.Fatal("background work with a short deadline went ahead of page views")
	}
}
