package views

// ConversationFix offers to fix the agent's answer in a conversation through
// the knowledge base: the best-matching article, or a new draft prefilled.
type ConversationFix struct {
	ConversationHref string
	Label            string // "#12"
	Question         string // the visitor's question, as asked
	Answer           string // the agent's answer to it, as sent
	// Match is the knowledge base's best match for the question; nil when none matches.
	Match       *FixMatch
	SearchError string // why the knowledge base could not be searched
	NewHref     string // the new-article form, prefilled
	Note        string // what the page could not find, such as no visitor message
}

// FixMatch is an article the knowledge base search found for the question.
type FixMatch struct {
	Title    string
	Snippet  string
	EditHref string // the editor, with the link to the conversation kept for the save
}

// ArticleFix says the article being edited fixes a conversation: saving links them.
type ArticleFix struct {
	ConversationID string
	Label          string // "#12"
	Href           string // the conversation's page
	Question       string // the visitor's question, carried to the save for Ask again
	AnswerID       string // the agent's answer being fixed
}

// FixEntry is one article saved to fix a conversation, in its review thread.
type FixEntry struct {
	Title   string
	Href    string
	Version string // "version 3", or "draft" when never published
	By      string
	At      Moment
}

// HistoryAnswer is a conversation an article was saved to answer, in the article's history.
type HistoryAnswer struct {
	Label string // "#12"
	Href  string
	By    string
	At    string
	AtISO string
}
