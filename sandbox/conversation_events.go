package sandbox

import (
	"errors"
	"net/http"
	"strconv"
)

// Page sizes of a conversation's events: a long chat fits on one page, which the console shows whole.
const (
	defaultEventLimit = 50
	maxEventLimit     = 200
)

// eventJSON is one entry of a conversation's history: a message (author, text), a link click (url) or a log entry (text).
// inferred: see shared spec EXTRA.md
type eventJSON struct {
	ID        string  `json:"id"`
	Type      string  `json:"type"`
	CreatedAt string  `json:"created_at"`
	Author    string  `json:"author,omitempty"`
	Text      *string `json:"text,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// eventPage is the pagination envelope of a conversation's events.
type eventPage struct {
	Items  []eventJSON `json:"items"`
	Offset int         `json:"offset"`
	Limit  int         `json:"limit"`
	Count  int         `json:"count"`
}

func eventView(ev eventRecord) eventJSON {
	v := eventJSON{ID: "evt-" + strconv.FormatInt(ev.ID, 10), Type: ev.Type, CreatedAt: conversationTime(ev.Created)}
	switch ev.Type {
	case eventMessage:
		text := ev.Text
		v.Author, v.Text = ev.Author, &text
	case eventLinkClick:
		v.URL = ev.URL
	default:
		text := ev.Text
		v.Text = &text
	}
	return v
}

// listConversationEvents serves GET conversations/{conv_id}/events on the api_core base, oldest first.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) listConversationEvents(w http.ResponseWriter, r *http.Request, p principal) error {
	q := r.URL.Query()
	limit, offset := defaultEventLimit, 0
	var err error
	if q.Has("limit") {
		if limit, err = intParam(q, "limit", 1, maxEventLimit); err != nil {
			return err
		}
	}
	if q.Has("offset") {
		if offset, err = intParam(q, "offset", 0, maxPage*maxLimit); err != nil {
			return err
		}
	}
	id := r.PathValue("conv_id")
	events, count, err := s.store.conversationEvents(r.Context(), p.ScenarioID, conversationKey(id), limit, offset)
	if errors.Is(err, errNotFound) {
		return conversationNotFound(id)
	}
	if err != nil {
		return err
	}
	page := eventPage{Items: make([]eventJSON, len(events)), Offset: offset, Limit: limit, Count: count}
	for i, ev := range events {
		page.Items[i] = eventView(ev)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
