package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Assignee says who answers the visitor: the AI assistant, a human operator
// who took over, or nobody yet (a handoff waiting in the queue).
type Assignee struct {
	Type string `json:"type"` // "ai_assistant", "human_operator" or "unassigned"
	// Name and Email name a human operator. The sandbox sends them;
	// Quickchat's reference does not document them, so they may be nil.
	Name  *string `json:"name,omitempty"`
	Email *string `json:"email,omitempty"`
}

// Conversation is one conversation of a visitor with the agent, as the
// conversation list shows it.
type Conversation struct {
	ID                 string     `json:"id"`
	Ord                int        `json:"ord"` // the order number people quote
	CreatedAt          time.Time  `json:"created_at"`
	LastMessageAt      *time.Time `json:"last_message_at"`
	Title              string     `json:"title"`
	Source             string     `json:"source"` // the channel: "widget", "slack", "telegram", "whatsapp" …
	Terminated         bool       `json:"terminated"`
	ResolutionStatus   string     `json:"resolution_status"` // "open" or "resolved"
	HasUnreadMessages  bool       `json:"has_unread_messages"`
	Assignee           Assignee   `json:"assignee"`
	VisitorName        *string    `json:"visitor_name"`
	VisitorEmail       *string    `json:"visitor_email"`
	VisitorPhoneNumber *string    `json:"visitor_phone_number"`
	VisitorLabel       *string    `json:"visitor_label"`
}

// UnifiedAnalysis is the API's reading of a whole conversation.
//
// inferred: see shared spec EXTRA.md
type UnifiedAnalysis struct {
	Sentiment  string `json:"sentiment"`  // "positive", "neutral" or "negative"
	Topic      string `json:"topic"`      // free text
	Resolution string `json:"resolution"` // "resolved", "unresolved" or "assumed_resolved"
	Flagged    bool   `json:"flagged"`
}

// ConversationDetails is a conversation with everything the API knows about
// it besides its messages (see ListConversationEvents).
type ConversationDetails struct {
	Conversation
	URL *string `json:"url"` // the page the visitor wrote from
	// ClientMetadata is what the website passed to the widget. Numbers in it
	// are json.Number, so ids keep every digit.
	ClientMetadata       map[string]any   `json:"client_metadata"`
	DataGathering        any              `json:"data_gathering"`
	LastVisitorMessageAt *time.Time       `json:"last_visitor_message_at"`
	UnifiedAnalysis      *UnifiedAnalysis `json:"unified_analysis"`
	// MostFrequentLanguage is the language the visitor wrote in most, such
	// as "en". The sandbox sends it; Quickchat's reference only filters by
	// it, so it may be empty.
	MostFrequentLanguage string `json:"most_frequent_language,omitempty"`
}

// ListConversationsParams filters ListConversations. Zero values are not
// sent.
type ListConversationsParams struct {
	Limit                int
	Offset               int
	Query                string // an order number, a conversation id, or words of a message
	AssigneeType         string // "ai_assistant", "human_operator" or "unassigned"
	Source               string
	ResolutionStatus     string // "open" or "resolved"
	MostFrequentLanguage string // a language code such as "en"
	// The date ranges are sent as RFC 3339 in UTC.
	CreatedStart     time.Time
	CreatedEnd       time.Time
	LastMessageStart time.Time
	LastMessageEnd   time.Time
}

func (p ListConversationsParams) values() url.Values {
	q := url.Values{}
	setInt(q, "limit", p.Limit)
	setInt(q, "offset", p.Offset)
	setString(q, "query", p.Query)
	setString(q, "assignee_type", p.AssigneeType)
	setString(q, "source", p.Source)
	setString(q, "resolution_status", p.ResolutionStatus)
	setTime(q, "created_timestamp_start_date", p.CreatedStart)
	setTime(q, "created_timestamp_end_date", p.CreatedEnd)
	setTime(q, "last_message_at_start_date", p.LastMessageStart)
	setTime(q, "last_message_at_end_date", p.LastMessageEnd)
	setString(q, "most_frequent_language", p.MostFrequentLanguage)
	return q
}

// setTime sends a moment as RFC 3339 in UTC, fractions of a second only when
// it has them; the zero time is not sent.
func setTime(q url.Values, key string, v time.Time) {
	if !v.IsZero() {
		q.Set(key, v.UTC().Format(time.RFC3339Nano))
	}
}

// ListConversations returns one page of the agent's conversations matching p.
func (c *Client) ListConversations(ctx context.Context, p ListConversationsParams) (*Page[Conversation], error) {
	return call[Page[Conversation]](ctx, c, request{method: http.MethodGet, core: true, route: "conversations", query: p.values()})
}

// GetConversation returns the conversation with the given id. An unknown id
// gives an *APIError with Status 404; see IsStatus.
func (c *Client) GetConversation(ctx context.Context, id string) (*ConversationDetails, error) {
	return call[ConversationDetails](ctx, c, request{method: http.MethodGet, core: true, route: "conversations/{conversation_id}/",
		args: []string{id}, exactNumbers: true})
}

// defaultConversationPageSize is the page size of AllConversations when the
// caller names none.
const defaultConversationPageSize = 100

// AllConversations walks the conversations matching p page by page, from
// p.Offset on, asking for pageSize at a time (100 when pageSize is zero or
// less), and hands each page to each, so a caller can write rows as they
// come and report how far it got (Page.Count is the total). It stops after
// the page that reaches Count, at the first empty page, or at the first
// error, whether from the API, from ctx or from each (returned as each gave
// it). With no conversation at all, each is not called. Every page is one
// ListConversations call, under the same rate budget. The walk goes by
// offset: a conversation that starts meanwhile can shift the pages, so a
// row may come twice.
func (c *Client) AllConversations(ctx context.Context, p ListConversationsParams, pageSize int, each func(page *Page[Conversation]) error) error {
	if pageSize <= 0 {
		pageSize = defaultConversationPageSize
	}
	p.Limit = pageSize
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("quickchat: listing all conversations: %w", err)
		}
		page, err := c.ListConversations(ctx, p)
		if err != nil {
			return err
		}
		if len(page.Items) == 0 {
			return nil
		}
		if err := each(page); err != nil {
			return err
		}
		// By what came, not by what was asked: an API that caps the page
		// size must not make the walk skip conversations.
		p.Offset += len(page.Items)
		if p.Offset >= page.Count {
			return nil
		}
	}
}
