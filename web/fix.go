package web

import (
	"net/url"
	"regexp"
	"strings"
)

// FixOf names the conversation an article edit fixes, carried from the
// conversation page to the editor and through its form to the save, which
// links the two.
type FixOf struct {
	ConversationID string
	Label          string // "#12", or empty when not known
}

// The fields that carry a FixOf, in the editor's query string and form alike.
const (
	fixConversationField = "fix_conversation"
	fixLabelField        = "fix_label"
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
	return f
}

// Set adds the FixOf's fields to v.
func (f FixOf) Set(v url.Values) {
	v.Set(fixConversationField, f.ConversationID)
	if f.Label != "" {
		v.Set(fixLabelField, f.Label)
	}
}

// ConversationHref is a conversation's page in the inbox.
func ConversationHref(id string) string { return "/conversations/" + url.PathEscape(id) }
