// Package inbox is the conversations inbox: the filtered, paged list of an
// agent's conversations, one conversation open beside it with its transcript,
// details, metadata editor and the team's review thread, and the CSV export
// of the list with every conversation's latest review.
package inbox

import (
	"context"
	"sync"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/markdown"
	"qcadmin/store"
	"qcadmin/web"
)

// Handlers serves the inbox of the signed-in agent. Build it once for the
// console: it remembers the review states and analyses it has read, for the
// list's badges and the export.
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
	// Reviews keeps every review given through the console, the thread the
	// conversation page shows; the latest also goes to the metadata. Nil keeps
	// only the metadata's.
	Reviews *store.Reviews
	// Views keeps the inbox views each agent's team saved; nil offers none.
	Views *store.Views

	seenOnce sync.Once
	reviews  *seenCache[reviewState]   // reviews read in metadata, for what the threads do not hold
	analyses *seenCache[analysisState] // analyses read with a conversation, for the export
	locks    store.LocalLocks          // a conversation's turns when there is no review store to take them across replicas
}

// API is what the inbox needs from Quickchat (see audit.API).
type API interface {
	ListConversations(ctx context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error)
	AllConversations(ctx context.Context, p apiclient.ListConversationsParams, pageSize int, each func(*apiclient.Page[apiclient.Conversation]) error) error
	GetConversation(ctx context.Context, id string) (*apiclient.ConversationDetails, error)
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
	GetConversationMetadata(ctx context.Context, id string) (map[string]any, error)
	SetConversationMetadata(ctx context.Context, id string, metadata map[string]any) (map[string]any, error)
	// SearchArticles finds the article that best answers a conversation's question, to fix it.
	SearchArticles(ctx context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error)
	// GetArticle and GetKnowledgeBase tell whether a fix's article is
	// published and the agent trained on it; Chat asks its question again.
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
	GetKnowledgeBase(ctx context.Context) (*apiclient.KnowledgeBaseSettings, error)
	Chat(ctx context.Context, m apiclient.ChatMessage) (*apiclient.ChatReply, error)
}

// seen is the review cache, made on first use so the console's one inbox keeps it for its lifetime.
func (h *Handlers) seen() *seenCache[reviewState] {
	h.makeCaches()
	return h.reviews
}

// seenAnalyses remembers the analysis of the conversations the console opened.
func (h *Handlers) seenAnalyses() *seenCache[analysisState] {
	h.makeCaches()
	return h.analyses
}

func (h *Handlers) makeCaches() {
	h.seenOnce.Do(func() {
		h.reviews = newSeenCache[reviewState](maxCachedReviews)
		h.analyses = newSeenCache[analysisState](maxCachedReviews)
	})
}
