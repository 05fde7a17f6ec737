package apiclient

import (
	"context"
	"fmt"
	"time"
)

type backgroundKey struct{}

// Background marks the calls made with ctx as work nobody is watching a page
// for (exports, pollers, bulk jobs): they leave part of each budget to
// people's page views, so a shared token's interactive pages come first.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

func isBackground(ctx context.Context) bool {
	b, _ := ctx.Value(backgroundKey{}).(bool)
	return b
}

// backgroundShare is the part of a budget background calls leave to page
// views: they wait while it holds no more than a quarter of its burst.
const backgroundShare = 4

// leaveReserve holds a background call until k's budget holds more than the
// reserve kept for page views, and says how long it held it; page views pass at once.
func (b *Budgets) leaveReserve(ctx context.Context, k budgetKey, t tier) (time.Duration, error) {
	if !isBackground(ctx) {
		return 0, nil
	}
	n := b.perMinuteOf(t)
	reserve := float64(n) / backgroundShare
	var held time.Duration
	for {
		tokens, known := b.level(ctx, k)
		if known == 0 {
			return held, nil // a budget not in use is full
		}
		if tokens >= reserve+1 {
			return held, nil
		}
		need := time.Duration((reserve + 1 - tokens) * 60 / float64(n) * float64(time.Second))
		if !fitsDeadline(ctx, need) {
			return held, fmt.Errorf("%w beyond its deadline (background work waits for page views)", ErrRateBudget)
		}
		b.waiting.Add(1)
		err := sleepCtx(ctx, need)
		b.waiting.Add(-1)
		if err != nil {
			return held, err
		}
		held += need
		recordWait(ctx, need)
	}
}
