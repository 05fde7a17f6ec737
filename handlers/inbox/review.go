package inbox

import (
	"container/list"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"qcadmin/display"
	"qcadmin/views"
)

// Review statuses, as stored in the metadata.
const (
	reviewUnreviewed = "unreviewed"
	reviewGood       = "good"
	reviewNeedsWork  = "needs_work"
	maxReviewNote    = 2000 // characters, as the demo metadata schema allows
)

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
		st.Status = reviewUnreviewed
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
	case reviewGood:
		return "good", "success"
	case reviewNeedsWork:
		return "needs work", "warning"
	case reviewUnreviewed, "":
		return "unreviewed", "neutral"
	}
	return status, "neutral"
}

// reviewBadge is the list's badge: only a verdict is worth a badge, not its absence.
func reviewBadge(st reviewState, now time.Time) views.ReviewBadge {
	if st.Status == reviewUnreviewed || st.Status == "" {
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

// reviewCache remembers the review state of conversations whose metadata the
// console has read or written, so the list can show badges without one API
// call per row. Entries are keyed by agent (scenario) and conversation.
type reviewCache struct {
	mu      sync.Mutex
	max     int
	entries map[reviewCacheKey]*list.Element
	order   *list.List // most recently stored first
}

type reviewCacheKey struct{ scenario, conversation string }

type reviewCacheEntry struct {
	key   reviewCacheKey
	state reviewState
}

func newReviewCache(max int) *reviewCache {
	return &reviewCache{max: max, entries: map[reviewCacheKey]*list.Element{}, order: list.New()}
}

func (rc *reviewCache) put(scenario, conversation string, st reviewState) {
	if rc == nil {
		return
	}
	k := reviewCacheKey{scenario, conversation}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.entries[k]; ok {
		el.Value.(*reviewCacheEntry).state = st
		rc.order.MoveToFront(el)
		return
	}
	rc.entries[k] = rc.order.PushFront(&reviewCacheEntry{key: k, state: st})
	for rc.order.Len() > rc.max {
		oldest := rc.order.Back()
		rc.order.Remove(oldest)
		delete(rc.entries, oldest.Value.(*reviewCacheEntry).key)
	}
}

func (rc *reviewCache) get(scenario, conversation string) (reviewState, bool) {
	if rc == nil {
		return reviewState{}, false
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	el, ok := rc.entries[reviewCacheKey{scenario, conversation}]
	if !ok {
		return reviewState{}, false
	}
	return el.Value.(*reviewCacheEntry).state, true
}

// rememberReview notes what the console just read or wrote of a conversation's metadata.
func (h *Handlers) rememberReview(scenario, conversation string, metadata map[string]any) reviewState {
	st := h.reviewOf(metadata)
	h.seen().put(scenario, conversation, st)
	return st
}
