package apiclient

import (
	"context"
	"time"
)

// callDeadlineKey holds the deadline WithCallDeadline shares between calls.
type callDeadlineKey struct{}

// WithCallDeadline returns a copy of ctx under which every call, of any
// Client, ends by deadline at the latest: sending, waiting for the rate
// budget and waiting after a 429 all count against it, so calls made one
// after another cannot add up their timeouts. A call that starts after the
// deadline fails at once, without sending anything, with an error that
// wraps ErrTimeout and context.DeadlineExceeded.
//
// Unlike context.WithDeadline, ctx itself does not end: what the caller does
// once a call failed, such as render a page that says so, is not cut short.
// An earlier deadline already shared in ctx is kept.
func WithCallDeadline(ctx context.Context, deadline time.Time) context.Context {
	if earlier, ok := CallDeadline(ctx); ok && earlier.Before(deadline) {
		return ctx
	}
	return context.WithValue(ctx, callDeadlineKey{}, deadline)
}

// CallDeadline reports the deadline WithCallDeadline shared in ctx.
func CallDeadline(ctx context.Context) (time.Time, bool) {
	d, ok := ctx.Value(callDeadlineKey{}).(time.Time)
	return d, ok
}
