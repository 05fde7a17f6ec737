package inbox

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// maxReviewNote is a review note's length in characters, as the demo metadata schema allows.
const maxReviewNote = 2000

// reviewState is the team's review of one conversation, read from its metadata.
type reviewState struct {
	Status string // unreviewed when the metadata holds none
	Note   string
	By     string
	At     string // RFC 3339, as stored
}

// reviewKeys are the metadata keys the review lives under.
type reviewKeys struct{ status, note, by, at string }

func (h *Handlers) reviewKeys() reviewKeys {
	p := h.ReviewPrefix
	return reviewKeys{status: p + "status", note: p + "note", by: p + "by", at: p + "at"}
}

// reviewOf reads the review from a conversation's metadata.
func (h *Handlers) reviewOf(metadata map[string]any) reviewState {
	k := h.reviewKeys()
	st := reviewState{
		Status: metadataText(metadata[k.status]),
		Note:   metadataText(metadata[k.note]),
		By:     metadataText(metadata[k.by]),
		At:     metadataText(metadata[k.at]),
	}
	if st.Status == "" {
		st.Status = store.VerdictUnreviewed
	}
	return st
}

// metadataText shows a metadata value as text: strings as they are, anything else as JSON.
func metadataText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

func reviewLabel(status string) (label, kind string) {
	switch status {
	case store.VerdictGood:
		return "good", "success"
	case store.VerdictNeedsWork:
		return "needs work", "warning"
	case store.VerdictUnreviewed, "":
		return "unreviewed", "neutral"
	}
	return status, "neutral"
}

// reviewBadge is the list's badge: only a verdict is worth a badge, not its absence.
func reviewBadge(st reviewState, now time.Time) views.ReviewBadge {
	if st.Status == store.VerdictUnreviewed || st.Status == "" {
		return views.ReviewBadge{}
	}
	label, kind := reviewLabel(st.Status)
	title := "Reviewed"
	if st.By != "" {
		title += " by " + st.By
	}
	if at, err := time.Parse(time.RFC3339, st.At); err == nil {
		title += ", " + display.Ago(at, now)
	}
	return views.ReviewBadge{Label: label, Kind: kind, Title: title}
}

// maxCachedReviews bounds the review cache; the oldest entries go first.
const maxCachedReviews = 5000

// reviewOfStore is a review from the console's thread as the panel and the badges show it.
func reviewOfStore(rv store.Review) reviewState {
	return reviewState{Status: rv.Verdict, Note: rv.Note, By: rv.Reviewer, At: rv.At.UTC().Format(time.RFC3339)}
}

// later reports whether a was given after b, by their times; a review with no
// time counts as oldest. Equal times keep b.
func later(a, b reviewState) bool {
	at, errA := time.Parse(time.RFC3339, a.At)
	bt, errB := time.Parse(time.RFC3339, b.At)
	switch {
	case errA != nil:
		return false
	case errB != nil:
		return true
	}
	return at.After(bt)
}

// knownReviews is the latest review the console knows of each conversation:
// the newest in its own thread, or what it last read in the conversation's
// metadata when that is newer (a review written outside the console). One
// store query for the lot, no call to Quickchat.
func (h *Handlers) knownReviews(ctx context.Context, scenario string, ids []string) map[string]reviewState {
	out := make(map[string]reviewState, len(ids))
	if h.Reviews != nil && len(ids) > 0 {
		latest, err := h.Reviews.Latest(ctx, scenario, ids...)
		if err != nil {
			h.Log.Warn("the review threads could not be read; showing the reviews read from metadata", "err", err)
		}
		for id, rv := range latest {
			out[id] = reviewOfStore(rv)
		}
	}
	for _, id := range ids {
		seen, ok := h.seen().get(scenario, id)
		if !ok || (seen.At == "" && seen.By == "" && seen.Note == "" && seen.Status == store.VerdictUnreviewed) {
			continue // not read, or the metadata holds no review
		}
		if kept, ok := out[id]; !ok || later(seen, kept) {
			out[id] = seen
		}
	}
	return out
}

// seenCache remembers what the console last read about conversations (their
// review in the metadata, their analysis), keyed by agent (scenario) and
// conversation, so lists and exports can show it without a call per row.
// The oldest entries go first past max.
type seenCache[T any] struct {
	mu      sync.Mutex
	max     int
	entries map[seenKey]*list.Element
	order   *list.List // most recently stored first
}

type seenKey struct{ scenario, conversation string }

type seenEntry[T any] struct {
	key   seenKey
	value T
}

func newSeenCache[T any](max int) *seenCache[T] {
	return &seenCache[T]{max: max, entries: map[seenKey]*list.Element{}, order: list.New()}
}

func (sc *seenCache[T]) put(scenario, conversation string, v T) {
	if sc == nil {
		return
	}
	k := seenKey{scenario, conversation}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if el, ok := sc.entries[k]; ok {
		el.Value.(*seenEntry[T]).value = v
		sc.order.MoveToFront(el)
		return
	}
	sc.entries[k] = sc.order.PushFront(&seenEntry[T]{key: k, value: v})
	for sc.order.Len() > sc.max {
		oldest := sc.order.Back()
		sc.order.Remove(oldest)
		delete(sc.entries, oldest.Value.(*seenEntry[T]).key)
	}
}

func (sc *seenCache[T]) get(scenario, conversation string) (T, bool) {
	var zero T
	if sc == nil {
		return zero, false
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	el, ok := sc.entries[seenKey{scenario, conversation}]
	if !ok {
		return zero, false
	}
	return el.Value.(*seenEntry[T]).value, true
}

// rememberReview notes what the console just read or wrote of a conversation's metadata.
func (h *Handlers) rememberReview(scenario, conversation string, metadata map[string]any) reviewState {
	st := h.reviewOf(metadata)
	h.seen().put(scenario, conversation, st)
	return st
}

// lockWait bounds how long a save waits for another save of the same conversation.
const lockWait = 30 * time.Second

// lockConversation makes the console's saves to one conversation's review
// and metadata take turns, in every replica, so the metadata's review and the
// thread's newest agree on who was last and one save does not undo another.
// It returns the function that ends the turn.
func (h *Handlers) lockConversation(ctx context.Context, scenario, conversation string) (func(), error) {
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	if h.Reviews != nil {
		return h.Reviews.Lock(ctx, scenario, conversation)
	}
	return h.locks.Lock(ctx, scenario, conversation)
}

// lockRefused logs why a save could not take its turn and says so in words.
func (h *Handlers) lockRefused(c echo.Context, err error) string {
	h.Log.Error("a save could not take its turn on the conversation", "err", err, "request_id", web.RequestID(c))
	if errors.Is(err, context.DeadlineExceeded) {
		return "Another save of this conversation is taking long, so nothing was saved. Try again in a moment; nothing you typed is lost."
	}
	return "The console's store is unavailable, so nothing was saved. Try again in a moment; nothing you typed is lost."
}
