package apiclient

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Observer is told what a Client's calls did, for metrics. Its methods are
// called from the goroutines making the calls, so they must be safe for
// concurrent use and quick. The names it is given come from fixed sets:
// an endpoint is a method and a path template, such as
// "GET knowledge_base/articles/{id}" (never an id or a query), and a
// family is one of the Family constants.
type Observer interface {
	// Call reports one attempt at an exchange with the API: the answer's
	// HTTP status, or 0 when none came, and the error the attempt ended
	// with, nil for a success (ErrorKind names it). d is how long the
	// exchange took, from sending to the answer read; it is zero when
	// nothing was sent (the deadline had passed, or the rate budget would
	// have outlasted it). A 429 that is retried after its Retry-After is
	// one Call, and the retry another.
	Call(endpoint string, status int, err error, d time.Duration)
	// BudgetWait reports a call held back d before it was sent: by its
	// rate budget, or after a 429 by the API's Retry-After.
	BudgetWait(endpoint string, d time.Duration)
	// RateLimited reports a 429 answer from the API.
	RateLimited(endpoint string)
	// CacheHit reports a read answered from the Cache, by its family.
	CacheHit(family string)
	// CacheMiss reports a read of a kept family that went to the API:
	// nothing was kept, it had expired or been forgotten, or the read had
	// to be fresh. Identical reads that share one call each count.
	CacheMiss(family string)
}

// WithObserver tells o about every call the Client makes; nil tells no one.
// Pass the same Observer to every Client of a process.
func WithObserver(o Observer) Option {
	return func(c *Client) { c.observer = o }
}

// The kinds of outcome ErrorKind names.
const (
	KindOK          = "ok"          // a successful answer
	KindRefused     = "refused"     // the API answered outside 2xx (an *APIError)
	KindBudget      = "budget"      // the rate budget, or a 429's Retry-After, would have outlasted the deadline
	KindTimeout     = "timeout"     // the deadline passed before an answer (ErrTimeout)
	KindUnreachable = "unreachable" // no answer at all (ErrUnreachable)
	KindUnreadable  = "unreadable"  // a success that could not be read (ErrUnreadable)
	KindCanceled    = "canceled"    // the caller gave up
	KindOther       = "other"       // anything else, such as a request that could not be built
)

// ErrorKind names the outcome of a call in one word from a fixed set, for
// metrics and logs: KindOK for nil, else what err wraps. A 429 whose
// Retry-After would have outlasted the deadline is KindBudget.
func ErrorKind(err error) string {
	var apiErr *APIError
	switch {
	case err == nil:
		return KindOK
	case errors.Is(err, ErrRateBudget):
		return KindBudget
	case errors.Is(err, ErrUnreadable):
		return KindUnreadable
	case errors.Is(err, ErrTimeout):
		return KindTimeout
	case errors.Is(err, ErrUnreachable):
		return KindUnreachable
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.As(err, &apiErr):
		return KindRefused
	}
	return KindOther
}

// family names r for an Observer: its endpoint, except for the legacy
// chat, whose route is the address the caller gave.
func (r request) family() string {
	if r.anonymous {
		return r.method + " legacy_chat"
	}
	return r.endpoint()
}

// observeCall tells the Observer, if any, how one attempt at r ended, and
// returns err.
func (c *Client) observeCall(r request, status int, err error, sent time.Time) error {
	if c.observer == nil {
		return err
	}
	var d time.Duration
	if !sent.IsZero() {
		d = time.Since(sent)
	}
	c.observer.Call(r.family(), status, err, d)
	if status == http.StatusTooManyRequests {
		c.observer.RateLimited(r.family())
	}
	return err
}

// observeWait tells the Observer, if any, that r was held back d.
func (c *Client) observeWait(r request, d time.Duration) {
	if c.observer != nil && d > 0 {
		c.observer.BudgetWait(r.family(), d)
	}
}

// observeCache tells the Observer, if any, whether a read of family was
// answered from the Cache.
func (c *Client) observeCache(family string, hit bool) {
	switch {
	case c.observer == nil:
	case hit:
		c.observer.CacheHit(family)
	default:
		c.observer.CacheMiss(family)
	}
}
