package web

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// FixOf names the conversation an article edit fixes, carried from the
// conversation page to the editor and through its form to the save, which
// links the two.
type FixOf struct {
	ConversationID string
	Label          string // "#12", or empty when not known
	// Question is the visitor's question the fix answers, kept with the fix
	// so Ask again can ask it; empty when it was too long to carry.
	Question string
	AnswerID string // the event id of the agent's answer being fixed; empty for its last
}

// MaxFixQuestion bounds the question a fix carries, in bytes: what the chat takes, 4000 characters, at most.
const MaxFixQuestion = 16000

// The fields that carry a FixOf, in the editor's query string and form alike.
const (
	fixConversationField = "fix_conversation"
	fixLabelField        = "fix_label"
	fixQuestionField     = "fix_question"
	fixAnswerField       = "fix_answer"
)

var fixLabel = regexp.MustCompile(`^#[0-9]{1,12}$`)

// ReadFixOf reads a FixOf from a query string or form; nil when there is
// none or the id cannot be a conversation's. A label that is not "#number"
// is dropped: it is shown, so it is never taken as given.
func ReadFixOf(v url.Values) *FixOf {
	id := v.Get(fixConversationField)
	if id == "" || len(id) > 200 || strings.ContainsAny(id, "/?#") {
		return nil
	}
	f := &FixOf{ConversationID: id}
	if label := v.Get(fixLabelField); fixLabel.MatchString(label) {
		f.Label = label
	}
	if q := strings.TrimSpace(v.Get(fixQuestionField)); len(q) <= MaxFixQuestion && utf8.ValidString(q) {
		f.Question = q
	}
	if a := v.Get(fixAnswerField); len(a) <= 200 && !strings.ContainsAny(a, "/?#") && utf8.ValidString(a) {
		f.AnswerID = a
	}
	return f
}

// Set adds the FixOf's fields to v.
func (f FixOf) Set(v url.Values) {
	v.Set(fixConversationField, f.ConversationID)
	if f.Label != "" {
		v.Set(fixLabelField, f.Label)
	}
	if f.Question != "" {
		v.Set(fixQuestionField, f.Question)
	}
	if f.AnswerID != "" {
		v.Set(fixAnswerField, f.AnswerID)
	}
}

// ConversationHref is a conversation's page in the inbox.
func ConversationHref(id string) string { return "/conversations/" + url.PathEscape(id) }
