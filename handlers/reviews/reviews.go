// Package reviews is the review overview: for a chosen period, the agent's
// conversations per day, how many the team reviewed and how many need work,
// per day, per channel and per reviewer, as a chart, as tables and as CSV.
//
// The conversations come from Quickchat, one list call per 100 and at most
// maxConversations of them; their verdicts are their latest reviews in the
// console's store (store.Reviews), one query per page of conversations.
package reviews

import (
	"context"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/web"
)

// Handlers serves the review overview of the signed-in agent.
type Handlers struct {
	*web.Kit
	// API is a Quickchat client bound to the request's session.
	API func(echo.Context) API
	// Reviews holds every review given through the console; nil counts none.
	Reviews *store.Reviews
}

// API is what the overview needs from Quickchat: the conversations of a period, page by page.
type API interface {
	AllConversations(ctx context.Context, p apiclient.ListConversationsParams, pageSize int, each func(*apiclient.Page[apiclient.Conversation]) error) error
}

const (
	// pageSize is how many conversations each list call asks for.
	pageSize = 100
	// maxConversations bounds what one overview reads: at most
	// maxConversations/pageSize list calls. A period with more says so.
	maxConversations = 2000
)

// periods are the days the overview offers: the last 7, 30 (when the URL
// names none) or 90, or chosen dates up to 90 days.
var periods = web.Periods{Path: "/reviews", Presets: []int{7, 30, 90}, Default: 30, Max: 90, What: "the overview"}
