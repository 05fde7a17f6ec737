package handlers

import (
	"context"
	"net/http"
	"regexp"
	"time"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// Events are read a page at a time up to a bound: a review needs the conversation, not an endless log.
const (
	eventPageSize  = 100
	maxEventsShown = 1000
)

// conversationEvents reads the conversation's history, oldest first, up to maxEventsShown; total is what the API has.
func conversationEvents(ctx context.Context, api API, id string) (events []apiclient.Event, total int, err error) {
	for offset := 0; offset < maxEventsShown; {
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
	if len(events) > maxEventsShown {
		events = events[:maxEventsShown]
	}
	return events, total, nil
}

// activeMarkup finds what the sanitizer removes because it could run: scripts, frames, event handlers.
var activeMarkup = regexp.MustCompile(`(?i)<\s*(script|iframe|object|embed|style|form|meta|link)\b|\son[a-z]+\s*=|javascript:`)

// transcript groups the events for reading: consecutive messages by one author
// together, link clicks and log entries on their own lines. Replies from the
// agent or an operator may carry HTML, so they go through the console's sanitizer.
// visitor and operator name the people, when the API knows them.
func (h *Handlers) transcript(events []apiclient.Event, total int, err error, now time.Time, visitor, operator string) views.Transcript {
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return views.Transcript{Message: "Transcript not available from the API: Quickchat does not give this conversation's events to this token."}
		}
		return views.Transcript{Message: "The transcript could not be loaded. " + web.Describe(err)}
	}
	t := views.Transcript{Available: true, Count: len(events), Total: total, Truncated: total > len(events)}
	for _, ev := range events {
		item := views.TranscriptItem{When: web.Moment(ev.CreatedAt, now)}
		kind, author := "log", ""
		switch ev.Type {
		case "message":
			kind, author = messageAuthor(ev.Author)
			if kind == "visitor" && visitor != "" {
				author = visitor
			} else if kind == "human" && operator != "" {
				author = operator
			}
			if kind == "visitor" {
				item.Text = ev.Text // what the visitor typed, shown as typed
			} else {
				item.SafeHTML = h.Markdown.Sanitize(ev.Text)
				if item.SafeHTML == "" {
					item.Text = ev.Text // nothing survived: show it inert rather than an empty bubble
				}
				if activeMarkup.MatchString(ev.Text) {
					item.Stripped = ev.Text
				}
			}
		case "link_click":
			kind, item.URL = "link", ev.URL
		default:
			item.Text = ev.Text
			if item.Text == "" {
				item.Text = ev.Type
			}
		}
		last := len(t.Groups) - 1
		if last >= 0 && t.Groups[last].Kind == kind && kind != "link" && kind != "log" && t.Groups[last].Author == author {
			t.Groups[last].Items = append(t.Groups[last].Items, item)
			continue
		}
		t.Groups = append(t.Groups, views.TranscriptGroup{Kind: kind, Author: author, Items: []views.TranscriptItem{item}})
	}
	return t
}

func messageAuthor(author string) (kind, label string) {
	switch author {
	case "visitor":
		return "visitor", "Visitor"
	case assigneeAI:
		return "ai", "AI agent"
	case assigneeHuman:
		return "human", "Human operator"
	}
	return "ai", author
}
