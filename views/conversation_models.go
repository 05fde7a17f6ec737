package views

import "qcadmin/views/components"

// InboxFilters are the inbox's query-string filters, named as the API names
// them. Dates are kept as typed (YYYY-MM-DD from a date input), so a refused
// range comes back unchanged.
type InboxFilters struct {
	Query            string
	AssigneeType     string
	Source           string
	ResolutionStatus string
	Language         string // most_frequent_language
	CreatedStart     string
	CreatedEnd       string
	LastMessageStart string
	LastMessageEnd   string
	Limit            int
	// Review is the review state the console knows (unreviewed, good,
	// needs_work), Reviewer who gave the latest review: both filter the
	// conversations of the list's pages, not the API's query.
	Review   string
	Reviewer string
	// Period is a date preset of the last message: today, last_7_days,
	// last_30_days; empty or custom uses the dates as typed.
	Period string
	// HideTests leaves the playground's test chats out of the page.
	HideTests bool
}

// Option is one choice of a select.
type Option struct {
	Value string
	Label string
}

// InboxView is a quick view of the inbox, as in Quickchat's own dashboard.
type InboxView struct {
	Key     string // all, open-week, open-human, open-unassigned, closed
	Label   string
	Href    string
	Current bool
}

// Moment is a point in time as the console shows it: relative, with the exact UTC time on hover.
type Moment struct {
	Relative string // "3 h ago"
	Exact    string // "2026-01-15 10:30:00 UTC"
	ISO      string // RFC 3339, for <time datetime>
}

// ReviewBadge is a conversation's team review state; an empty Label means the console does not know it.
type ReviewBadge struct {
	Label string // "good", "needs work"
	Kind  string // badge style: success, warning, neutral
	Title string // who reviewed and when
}

// ConversationRow is one line of the inbox.
type ConversationRow struct {
	ID           string
	Href         string
	Ord          int
	Visitor      string // the visitor's name, or "Unknown visitor"
	KnownVisitor bool
	Title        string
	Source       string
	Assignee     string // "AI agent", a human operator's name, "Unassigned"
	AssigneeKind string // ai, human, unassigned
	Status       string // open, resolved
	StatusKind   string // badge style
	Unread       bool
	Terminated   bool
	When         Moment
	Review       ReviewBadge
	Selected     bool
	// Shortcut is "j" on the first row when nothing is open, so j opens the newest conversation.
	Shortcut string
}

// Inbox is the /conversations page: the list, and beside it the open conversation.
type Inbox struct {
	Filters       InboxFilters
	FiltersActive bool
	MoreFilters   bool // a filter beyond search, assignee and status is set, so those fields start open
	// Base is the path the list's forms and links use: /conversations, or the open conversation's path.
	Base        string
	ClearHref   string
	RefreshHref string // the list region reloads itself from here every 30 s
	Views       []InboxView
	Rows        []ConversationRow
	Pager       components.Pager
	Error       string            // a refusal of the whole list, such as a reversed date range
	FieldErrors map[string]string // filter name → message
	ExportHref  string
	ExportCount int
	// Options of the filter selects.
	AssigneeOptions []Option
	StatusOptions   []Option
	SourceOptions   []Option
	LanguageOptions []string
	PageSizes       []int
	ReviewOptions   []Option
	PeriodOptions   []Option
	Reviewers       []string // the reviewer filter's suggestions
	// PeriodDates says which days a date preset covers, "" without one.
	PeriodDates string
	// ReviewScope says what the review filters can see, shown while one is set.
	ReviewScope string
	// ChosenIDs are the conversations the list is narrowed to (comma-separated), kept by the filter form.
	ChosenIDs string
	// Scan is how far the list was read to fill a page the review filters
	// thin out; nil without review filters.
	Scan *ReviewScan
	// NextUnreviewedHref opens the next conversation of this list without a review.
	NextUnreviewedHref string
	// HiddenTests is how many test chats HideTests left out of this page;
	// UncheckedTests how many rows could not be checked; ShowTestsHref
	// shows the page with them.
	HiddenTests, UncheckedTests int
	ShowTestsHref               string
	// ExportNote says what the export leaves out of the page's filters.
	ExportNote string
	SavedViews []SavedView
	SaveView   SaveViewForm
	Detail     *ConversationDetail // nil: no conversation open
}

// ReviewScan is the part of the API's list one page of a review-filtered
// inbox looked at: conversations From–To (1-based) of Count.
type ReviewScan struct {
	From, To, Count int
	Matched         int
	// Bounded: the page stopped at the most conversations one page reads, not
	// at the end of the list or a full page.
	Bounded   bool
	NextHref  string // the list from where this page stopped
	FirstHref string // the list from its start, when this page is further on
	Target    string
	// Prev and Next are the open conversation's neighbours in the filtered list.
	Prev, Next string
}

// SavedView is a view a team saved: a link to the inbox with its filters.
type SavedView struct {
	ID         int64
	Name       string
	Href       string
	DeleteHref string
	By         string
	Current    bool
}

// SaveViewForm saves the current filters under a name.
type SaveViewForm struct {
	Available bool   // the console keeps views
	Filters   string // the query string saved, without "?"
	Name      string // as typed, when a save was refused
	Error     string
	NameMax   int
	Message   string // a refusal of the whole list of views, such as the store failing to read them
}

// SavedViewDelete asks before a saved view is deleted.
type SavedViewDelete struct {
	Name   string
	By     string
	Href   string // the view's link
	Action string
	Back   string
}

// ConversationDetail is one conversation beside the list.
type ConversationDetail struct {
	ID             string
	Ord            int
	Title          string
	Visitor        string
	Status         string
	StatusKind     string
	Unread         bool
	Terminated     bool
	Fields         []MetaItem
	ClientMetadata []KeyValue
	DataGathering  string // indented JSON; empty when the API sent none
	Analysis       *Analysis
	Transcript     Transcript
	Review         ReviewPanel
	Metadata       MetadataEditor
	PrevHref       string // k
	NextHref       string // j
	CloseHref      string
}

// KeyValue is one entry of a key/value table; JSON values are shown as code.
type KeyValue struct {
	Key   string
	Value string
	JSON  bool
}

// Analysis is the API's reading of the whole conversation.
type Analysis struct {
	Sentiment      string
	SentimentKind  string
	Topic          string
	Resolution     string
	ResolutionKind string
	Flagged        bool
}

// Transcript is the conversation's history, messages grouped by author.
type Transcript struct {
	Available bool
	Message   string // why it is not shown
	Groups    []TranscriptGroup
	Count     int  // events shown
	Total     int  // events the API has
	Truncated bool // only the first events are shown
}

// TranscriptGroup is a run of events by one author, or one link click or log entry.
type TranscriptGroup struct {
	Kind   string // visitor, ai, human, link, log
	Author string
	Items  []TranscriptItem
}

// TranscriptItem is one event of a group.
type TranscriptItem struct {
	When Moment
	Text string // plain text (visitor messages, log entries), escaped by templ
	// SafeHTML is a reply's markup after the console's sanitizer; never unsanitized.
	SafeHTML string
	// Stripped is the reply as sent when the sanitizer removed active markup (scripts, event handlers), shown as text.
	Stripped string
	URL      string // of a link click
	// FixHref fixes this answer of the agent in the knowledge base; empty for other events and for readers.
	FixHref string
}

// ReviewPanel is the team's verdict on how the agent handled the conversation.
type ReviewPanel struct {
	Action      string
	Status      string // unreviewed, good, needs_work
	Label       string
	Kind        string
	StoredNote  string
	By          string
	At          *Moment
	Note        string // the note field: the stored note, or what was typed when a save was refused
	NoteMax     int
	NoteError   string
	Error       string
	CanWrite    bool
	Unavailable string // the metadata could not be read, so the review cannot be shown or saved
	// Keys names the metadata keys the review is stored under, for the help text.
	Keys string
	// Thread is every review given through the console, newest first.
	Thread []ReviewEntry
	// ThreadError says why the thread could not be read; empty when it was.
	ThreadError string
	// FixHref opens the fix in the knowledge base; empty for people who may not write.
	FixHref string
	// Fixes are the articles saved to fix this conversation, newest first.
	Fixes []FixEntry
	// Training is the agent's training state beside Ask again; nil when no fix offers it.
	Training *AskTraining
}

// ReviewEntry is one review in a conversation's thread.
type ReviewEntry struct {
	Label string // "good", "needs work", "marked unreviewed"
	Kind  string // badge style
	Note  string
	By    string
	At    Moment
}

// MetadataEditor edits the conversation's metadata as key/value rows or as one JSON object.
type MetadataEditor struct {
	Action      string
	Rows        []MetadataRow
	Types       []Option
	Raw         string // the whole object as JSON
	RawOpen     bool
	RawError    string
	Error       string
	CanWrite    bool
	Unsaved     bool   // rows were added or removed on the server but nothing is saved yet
	Focus       string // id of the control to focus after a row change
	Unavailable string // the metadata could not be read, so it cannot be edited
	// TooLarge says why the metadata is shown folded and read-only: it is larger than the editor holds.
	TooLarge    string
	RowsOmitted int // keys a folded summary leaves out
	// Base is what the editor's forms are based on (merge.Encode of the
	// editable keys as loaded), so a save merges per key with what others saved since.
	Base string
	// RowsBase, when set, is the rows form's base where it differs from the
	// JSON form's: the rows show what is stored while the JSON is kept as typed.
	RowsBase string
	// Review are the keys of the team review, shown read-only: the review
	// panel (ReviewHref) changes them, and the editor never sends them.
	Review       []MetadataRow
	ReviewHref   string
	ReviewPrefix string
	// Conflict shows both values of the keys someone else changed too; Merged
	// names the keys someone else changed that a save keeps as they saved them.
	Conflict *components.SaveConflict
	Merged   string
}

// MetadataRow is one top-level key of the metadata.
type MetadataRow struct {
	ID    string // prefix of the row's control ids
	Index int
	Key   string
	Type  string // string, number, boolean, null, json
	Value string
	Error string
	// Folded shows Value, JSON nested too deeply or too large to edit here, collapsed.
	Folded  bool
	Omitted int // characters of the value Value leaves out
}

// RatingsForm is the conversation-rating configuration.
type RatingsForm struct {
	Active    bool
	Questions []RatingQuestion
	CanWrite  bool
	Error     string
	// Inconsistent explains a stored configuration whose rating and popup switches disagree.
	Inconsistent string
}

// RatingQuestion is one question visitors may be asked.
type RatingQuestion struct {
	Code    string
	Label   string
	Checked bool
}
