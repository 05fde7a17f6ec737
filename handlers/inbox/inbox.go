// Package inbox is the conversations inbox: the filtered, paged list of an
// agent's conversations, one conversation open beside it with its transcript,
// details, metadata editor and the team's review, and the CSV export of the
// list with every conversation's review.
package inbox

import (
	"context"
	"sync"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/markdown"
	"qcadmin/web"
)

// Handlers serves the inbox of the signed-in agent. Build it once for the
// console: it remembers the review states it has seen, for the list's badges.
type Handlers struct {
	*web.Kit
	// API is a Quickchat client bound to the request's session.
	API func(echo.Context) API
	// Identity names who is reviewing: the person the SSO proxy signed in, else the session's label.
	Identity func(echo.Context) string
	// Markdown sanitizes the HTML of the agent's and operators' replies in a transcript.
	Markdown *markdown.Renderer
	// Languages are the ISO 639-1 codes offered by the language filter.
	Languages []string
	// ReviewPrefix starts the conversation metadata keys that hold team review state.
	ReviewPrefix string

	reviewsOnce sync.Once
	reviews     *reviewCache // review states the console has seen, for the list's badges
}

// API is what the inbox needs from Quickchat (see audit.API).
type API interface {
	ListConversations(ctx context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error)
	AllConversations(ctx context.Context, p apiclient.ListConversationsParams, pageSize int, each func(*apiclient.Page[apiclient.Conversation]) error) error
	GetConversation(ctx context.Context, id string) (*apiclient.ConversationDetails, error)
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
	GetConversationMetadata(ctx context.Context, id string) (map[string]any, error)
	SetConversationMetadata(ctx context.Context, id string, metadata map[string]any) (map[string]any, error)
}

// seen is the review cache, made on first use so the console's one inbox keeps it for its lifetime.
func (h *Handlers) seen() *reviewCache {
	h.reviewsOnce.Do(func() { h.reviews = newReviewCache(maxCachedReviews) })
	return h.reviews
}
