package inbox

import (
	"net/http"
	"net/url"
	"regexp"
	"time"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// activeMarkup finds what the sanitizer removes because it could run: scripts, frames, event handlers.
var activeMarkup = regexp.MustCompile(`(?i)<\s*(script|iframe|object|embed|style|form|meta|link)\b|\son[a-z]+\s*=|javascript:`)

// transcript groups the events for reading: consecutive messages by one author
// together, link clicks and log entries on their own lines. Replies from the
// agent or an operator may carry HTML, so they go through the console's sanitizer.
// visitor and operator name the people, when the API knows them. fixHref,
// when the person may write, offers to fix each of the agent's answers.
func (h *Handlers) transcript(events []apiclient.Event, total int, err error, now time.Time, visitor, operator, fixHref string) views.Transcript {
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
			kind, author = web.MessageAuthor(ev.Author)
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
				if fixHref != "" && ev.Author == web.AssigneeAI && ev.ID != "" {
					item.FixHref = fixHref + "?" + url.Values{"answer": {ev.ID}}.Encode()
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
