package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"qcadmin/internal/cut"
)

// assigneeJSON says who answers the visitor. Name and email of a human operator are the sandbox's
// documented addition, so the console can show who took over.
type assigneeJSON struct {
	Type  string `json:"type"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// conversationItemJSON is a conversation as the list shows it, fields in the reference's order.
type conversationItemJSON struct {
	ID                 string       `json:"id"`
	Ord                int64        `json:"ord"`
	CreatedAt          string       `json:"created_at"`
	LastMessageAt      string       `json:"last_message_at"`
	Title              string       `json:"title"`
	Source             string       `json:"source"`
	Terminated         bool         `json:"terminated"`
	ResolutionStatus   string       `json:"resolution_status"`
	HasUnreadMessages  bool         `json:"has_unread_messages"`
	Assignee           assigneeJSON `json:"assignee"`
	VisitorName        *string      `json:"visitor_name"`
	VisitorEmail       *string      `json:"visitor_email"`
	VisitorPhoneNumber *string      `json:"visitor_phone_number"`
	VisitorLabel       *string      `json:"visitor_label"`
}

// conversationJSON is a conversation's details: the list fields in the reference's order, then
// unified_analysis and most_frequent_language.
type conversationJSON struct {
	ID                   string              `json:"id"`
	Ord                  int64               `json:"ord"`
	CreatedAt            string              `json:"created_at"`
	LastMessageAt        string              `json:"last_message_at"`
	Title                string              `json:"title"`
	Source               string              `json:"source"`
	Terminated           bool                `json:"terminated"`
	ResolutionStatus     string              `json:"resolution_status"`
	HasUnreadMessages    bool                `json:"has_unread_messages"`
	Assignee             assigneeJSON        `json:"assignee"`
	URL                  *string             `json:"url"`
	ClientMetadata       json.RawMessage     `json:"client_metadata"`
	DataGathering        json.RawMessage     `json:"data_gathering"` // nil shows as null
	LastVisitorMessageAt *string             `json:"last_visitor_message_at"`
	VisitorName          *string             `json:"visitor_name"`
	VisitorEmail         *string             `json:"visitor_email"`
	VisitorPhoneNumber   *string             `json:"visitor_phone_number"`
	VisitorLabel         *string             `json:"visitor_label"`
	UnifiedAnalysis      unifiedAnalysisJSON `json:"unified_analysis"`
	// MostFrequentLanguage is the sandbox's addition: the reference filters by it but does not show it.
	MostFrequentLanguage string `json:"most_frequent_language"`
}

// unifiedAnalysisJSON is the platform's reading of a whole conversation.
// inferred: see shared spec EXTRA.md
type unifiedAnalysisJSON struct {
	Sentiment  string `json:"sentiment"`  // positive, neutral or negative
	Topic      string `json:"topic"`      // free text
	Resolution string `json:"resolution"` // resolved, unresolved or assumed_resolved
	Flagged    bool   `json:"flagged"`
}

// conversationTime writes a moment as the reference does: RFC 3339 in UTC, to the second.
func conversationTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func assigneeView(c conversationRecord) assigneeJSON {
	a := assigneeJSON{Type: c.AssigneeType}
	if c.AssigneeType == assigneeHuman {
		if c.AssigneeName != nil {
			a.Name = *c.AssigneeName
		}
		if c.AssigneeEmail != nil {
			a.Email = *c.AssigneeEmail
		}
	}
	return a
}

func conversationItemView(c conversationRecord) conversationItemJSON {
	return conversationItemJSON{
		ID: c.ID, Ord: c.Ord, CreatedAt: conversationTime(c.Created), LastMessageAt: conversationTime(c.LastMessage),
		Title: c.Title, Source: c.Source, Terminated: c.Terminated, ResolutionStatus: c.ResolutionStatus,
		HasUnreadMessages: c.HasUnread, Assignee: assigneeView(c),
		VisitorName: c.VisitorName, VisitorEmail: c.VisitorEmail, VisitorPhoneNumber: c.VisitorPhone, VisitorLabel: c.VisitorLabel,
	}
}

func conversationView(c conversationRecord) conversationJSON {
	v := conversationJSON{
		ID: c.ID, Ord: c.Ord, CreatedAt: conversationTime(c.Created), LastMessageAt: conversationTime(c.LastMessage),
		Title: c.Title, Source: c.Source, Terminated: c.Terminated, ResolutionStatus: c.ResolutionStatus,
		HasUnreadMessages: c.HasUnread, Assignee: assigneeView(c),
		URL: c.URL, ClientMetadata: json.RawMessage(c.ClientMetadata),
		VisitorName: c.VisitorName, VisitorEmail: c.VisitorEmail, VisitorPhoneNumber: c.VisitorPhone, VisitorLabel: c.VisitorLabel,
		UnifiedAnalysis:      unifiedAnalysisJSON{Sentiment: c.Sentiment, Topic: c.Topic, Resolution: c.Resolution, Flagged: c.Flagged},
		MostFrequentLanguage: c.Language,
	}
	if c.DataGathering != nil {
		v.DataGathering = json.RawMessage(*c.DataGathering)
	}
	if c.LastVisitorMessage != nil {
		t := conversationTime(*c.LastVisitorMessage)
		v.LastVisitorMessageAt = &t
	}
	return v
}

// getConversation serves GET conversations/{conversation_id}/ on the api_core base.
func (s *Sandbox) getConversation(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("conversation_id")
	c, err := s.store.conversation(r.Context(), p.ScenarioID, conversationKey(id))
	if errors.Is(err, errNotFound) {
		return conversationNotFound(id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, conversationView(c))
	return nil
}

// conversationKey is how a path's conversation id is looked up: UUIDs are stored in lower case,
// and a client may well send them in upper case.
func conversationKey(id string) string { return fold(id) }

func conversationNotFound(id string) error {
	return notFound("Conversation %s not found.", cut.Ellipsis(id, 41))
}
