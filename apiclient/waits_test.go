package apiclient

import (
	"context"
	"testing"
	"time"
)

func TestWaitsAddUpWhatACallWaitedForTheBudget(t *testing.T) {
	b := NewBudgets(true)
	k := budgetKey{endpoint: "GET articles"}
	b.setPerMinute(tierRead, 600) // a burst of 600, then one request every 100 ms
	var w Waits
	ctx := WithWaits(context.Background(), &w)
	for range 603 {
		if err := b.wait(ctx, k, tierRead); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.Total(); got < 150*time.Millisecond {
		t.Fatalf("three calls past the burst, at one per 100 ms, waited %s in all, want about 300 ms recorded", got)
	}
	var none Waits
	if err := b.wait(WithWaits(context.Background(), &none), budgetKey{endpoint: "GET tags"}, tierRead); err != nil || none.Total() != 0 {
		t.Fatalf("a call with budget to spare recorded %s (%v)", none.Total(), err)
	}
}
