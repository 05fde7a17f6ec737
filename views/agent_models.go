package views

// ---------- AI actions ----------

// AIActionList is the /ai-actions page.
type AIActionList struct {
	Rows     []AIActionRow
	CanWrite bool
	Error    string // a refusal that belongs to no row, such as a failed create
}

// AIActionRow is one action of the list with its switch.
type AIActionRow struct {
	ID          int64
	Name        string
	Description string
	TypeLabel   string // "Knowledge Base", "HTTP request" …
	Active      bool
	Valid       bool
	// Problems say why the action is not valid yet, in words a person can act on.
	Problems []string
	EditHref string // set for Knowledge Base actions, which the console edits
	CanWrite bool
	Error    string // Quickchat refused to switch it
}

// AIActionForm is a Knowledge Base action's page: its four fields as stored or
// as typed, and where it stands as saved.
type AIActionForm struct {
	ID                   int64
	Name                 TextField
	Description          TextField
	ParameterDescription TextField
	Tag                  TextField
	Tags                 []string    // the knowledge base's tags, offered for the tag field
	Coverage             TagCoverage // how many articles the tag covers
	Active               bool
	Valid                bool
	Problems             []string
	CanWrite             bool
	Error                string // a refusal that belongs to no single field
}

// TagCoverage is how many articles carry a tag: what a Knowledge Base action can search.
type TagCoverage struct {
	Tag     string
	Count   int
	Unknown bool   // Quickchat could not say this time
	Href    string // the article list filtered by the tag
}

// AIActionDelete asks once more before an AI action is deleted.
type AIActionDelete struct {
	ID        int64
	Name      string
	TypeLabel string
	Active    bool
	Error     string
}
