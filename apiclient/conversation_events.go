package apiclient

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Event is one entry of a conversation's history: a message, a click on a
// link the agent sent, or a log entry.
//
// inferred: see shared spec EXTRA.md
type Event struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"` // "message", "link_click" or "log"
	CreatedAt time.Time `json:"created_at"`
	// Author wrote a message: "visitor", "ai_assistant" or "human_operator".
	Author string `json:"author,omitempty"`
	Text   string `json:"text,omitempty"` // of a message or a log entry
	URL    string `json:"url,omitempty"`  // of a link click
}

// ListConversationEvents returns one page of the conversation's history,
// oldest first. Zero limit and offset are not sent.
//
// inferred: see shared spec EXTRA.md
func (c *Client) ListConversationEvents(ctx context.Context, id string, limit, offset int) (*Page[Event], error) {
	q := url.Values{}
	setInt(q, "limit", limit)
	setInt(q, "offset", offset)
	return call[Page[Event]](ctx, c, request{method: http.MethodGet, core: true, route: "conversations/{conv_id}/events",
		args: []string{id}, query: q})
}
