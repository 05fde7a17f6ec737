// Package gaps is the knowledge gaps page: over a chosen period, the
// conversations that went wrong, grouped by what visitors asked about, with
// what the knowledge base search returns for each group today, a link to the
// group's conversations in the inbox and one to fix the knowledge base.
//
// The visitors' questions come from a background reading (jobs.Engine.
// ReadConversations) kept in the console's store; the page itself makes one
// list call (the period's count) and at most maxSearches searches, cached.
package gaps

import (
	"context"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/jobs"
	"qcadmin/store"
	"qcadmin/web"
)

// API is what the page needs from Quickchat: the period's count and the knowledge base search.
type API interface {
	ListConversations(ctx context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error)
	SearchArticles(ctx context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error)
}

// Handlers serves the knowledge gaps of the signed-in agent.
type Handlers struct {
	*web.Kit
	API func(echo.Context) API
	// Reviews holds the team's reviews ("needs work" counts as gone wrong); nil counts none.
	Reviews *store.Reviews
	// Gaps holds what the readings learned.
	Gaps *store.Gaps
	// Jobs runs the readings; nil offers none.
	Jobs *jobs.Engine
	// Token is the token the request's calls use: the reading reads with it.
	Token func(echo.Context) string
	// Identity is who asks, as the console names them.
	Identity func(echo.Context) string
}

const (
	// maxSearches bounds the knowledge base searches one page makes: one per group, the largest first.
	maxSearches = 8
	// maxQuestions is how many visitors' questions a group shows.
	maxQuestions = 3
	// maxArticles is how many articles a group's search shows.
	maxArticles = 3
	// maxInboxIDs bounds the conversations a group's inbox link names.
	maxInboxIDs = 100
)

// periods are the days the page offers: the last 7, 30 (when the URL names
// none) or 90, or chosen dates up to 90 days.
var periods = web.Periods{Path: "/gaps", Presets: []int{7, 30, 90}, Default: 30, Max: 90, What: "the page"}
