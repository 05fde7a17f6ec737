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
	// Ask offers to ask the fix's question again; nil for readers and for older fixes.
	Ask *AskControl
	// Asks are the times the question was asked again, newest first.
	Asks []AskEntry
}

// AskControl is Ask again for one fix: the button once the article is
// published, else what is missing.
type AskControl struct {
	Action   string // where the press posts
	FixID    string
	Question string // what will be asked; empty when it is found again in the transcript on the press
	Ready    bool   // the article is published, so the agent can answer from it
	Blocked  string // why the question cannot be asked yet
	EditHref string // the article's editor, to publish it
	Error    string // why the last press asked nothing; nothing typed is lost
}

// AskTraining is where the agent's training stands, above the fixes: a
// published article reaches its answers only after a retrain.
type AskTraining struct {
	// Needed says why the answer may not use the article yet; empty when the training is up to date.
	Needed string
	// Offer shows Retrain now; Back is where the retrain comes back to.
	Offer bool
	Back  string
}

// AskEntry is one time a fix's question was asked again: the agent's old
// answer beside its new one.
type AskEntry struct {
	Question string
	// OldHTML and NewHTML are the answers after the console's sanitizer;
	// OldText and NewText stand in, inert, when nothing survived it.
	OldHTML, OldText string
	NewHTML, NewText string
	Article          string // the article's title when asked
	ArticleHref      string
	Version          string // "version 4"
	By               string
	At               Moment
	TestHref         string // the test conversation the question was asked on
	Training         string // says the agent had not finished training when asked; empty when it had
}

// HistoryAnswer is a conversation an article was saved to answer, in the article's history.
type HistoryAnswer struct {
	Label string // "#12"
	Href  string
	By    string
	At    string
	AtISO string
}
