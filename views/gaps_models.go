package views

// GapsPage is the /gaps page: over a period, the conversations that went
// wrong grouped by what they were about, with what the knowledge base
// answers for each group today, and how much of the period the console has read.
type GapsPage struct {
	From, To string            // the period's first and last day, YYYY-MM-DD, UTC
	Presets  []ReviewsPreset   // the last 7, 30 and 90 days
	Errors   map[string]string // "from" or "to" → what is wrong with it
	MaxDays  int
	// Read of Total: the period's conversations the console has read.
	Read, Total int
	// CanRead offers the button that reads the rest; ReadNote says why it is missing when it is.
	CanRead  bool
	ReadNote string
	Run      *GapsRun // the agent's reading under way, or its latest
	// Wrong is how many of the conversations read went wrong.
	Wrong  int
	Groups []GapGroup
	// Unsearched is how many groups past the first few were not looked up in the knowledge base.
	Unsearched int
}

// GapsRun is a background reading of a period's conversations.
type GapsRun struct {
	Active       bool
	State        string // queued, running, done or failed
	Period       string // "2026-11-02 to 2026-12-01"
	Done         int    // read or found unchanged
	Total        int
	Percent      int
	Failed       int
	Error        string
	ProgressHref string
}

// GapGroup is the conversations that went wrong about one topic or key term.
type GapGroup struct {
	Key       string
	Label     string
	ByTopic   bool // Quickchat's topic; otherwise the key term of the questions
	Count     int
	Reasons   string   // "3 unresolved · 2 handed to a human"
	Questions []string // a few visitors' questions, verbatim
	Words     string   // the group's key terms, as searched
	// Searched says the knowledge base was asked; Articles is what it answered.
	Searched    bool
	Articles    []GapArticle
	SearchError string
	SearchHref  string
	InboxHref   string
	FixHref     string // the fix page of the group's latest conversation
	FixLabel    string // "#12", that conversation
}

// GapArticle is one article the knowledge base search returns for a group.
type GapArticle struct {
	Title   string
	Href    string
	Snippet string
}
