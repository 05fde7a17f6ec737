package web

import (
	"context"

	"qcadmin/apiclient"
)

// Who is assigned a conversation, and who wrote a message, as the API names them.
const (
	AssigneeAI    = "ai_assistant"
	AssigneeHuman = "human_operator"
)

// Events are read a page at a time up to a bound: a review needs the conversation, not an endless log.
const (
	eventPageSize = 100
	// MaxEventsShown is the most of a conversation's history a page reads.
	MaxEventsShown = 1000
)

// EventLister reads a conversation's history a page at a time.
type EventLister interface {
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
}

// ConversationEvents reads the conversation's history, oldest first, up to MaxEventsShown; total is what the API has.
func ConversationEvents(ctx context.Context, api EventLister, id string) (events []apiclient.Event, total int, err error) {
	for offset := 0; offset < MaxEventsShown; {
		page, err := api.ListConversationEvents(ctx, id, eventPageSize, offset)
		if err != nil {
			return nil, 0, err
		}
		events, total = append(events, page.Items...), page.Count
		offset += len(page.Items)
		if len(page.Items) == 0 || offset >= page.Count {
			break
		}
	}
	if len(events) > MaxEventsShown {
		events = events[:MaxEventsShown]
	}
	return events, total, nil
}

// MessageAuthor is how a message's author is shown: a kind for styling and a label.
func MessageAuthor(author string) (kind, label string) {
	switch author {
	case "visitor":
		return "visitor", "Visitor"
	case AssigneeAI:
		return "ai", "AI agent"
	case AssigneeHuman:
		return "human", "Human operator"
	}
	return "ai", author
}
