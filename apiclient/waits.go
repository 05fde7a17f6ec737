package apiclient

import (
	"context"
	"sync/atomic"
	"time"
)

// Waits totals how long the calls made with one context waited for
// Quickchat's rate budget, or after a 429, so a page can say that it waited
// and why. Safe for concurrent calls.
type Waits struct{ ns atomic.Int64 }

// Total is the time waited so far.
func (w *Waits) Total() time.Duration { return time.Duration(w.ns.Load()) }

type waitsKey struct{}

// WithWaits makes the calls made with ctx add their waits to w.
func WithWaits(ctx context.Context, w *Waits) context.Context {
	return context.WithValue(ctx, waitsKey{}, w)
}

func recordWait(ctx context.Context, d time.Duration) {
	if w, ok := ctx.Value(waitsKey{}).(*Waits); ok {
		w.ns.Add(int64(d))
	}
}
