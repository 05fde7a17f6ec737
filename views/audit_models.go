package views

import "qcadmin/views/components"

// AuditFilters are the audit log's query-string filters.
type AuditFilters struct {
	Person string
	Action string
	Target string
	From   string // YYYY-MM-DD, UTC
	To     string // YYYY-MM-DD, UTC, inclusive
}

// AuditList is the /audit page and its htmx-swapped results region.
type AuditList struct {
	Filters       AuditFilters
	FiltersActive bool
	Errors        map[string]string // filter field → why it was ignored
	People        []string
	Actions       []AuditActionOption
	Rows          []AuditRow
	Pager         components.Pager
	ExportHref    string
	ClearHref     string
	Unavailable   string // the console keeps no audit log
}

// AuditActionOption is one choice of the action filter: an action, or a group such as every article action.
type AuditActionOption struct {
	Value string
	Label string
}

// AuditRow is one write in the audit table.
type AuditRow struct {
	ID      int64
	Href    string
	At      string // "2026-03-10 09:00:05 UTC"
	AtISO   string
	Person  string
	IP      string
	Agent   string
	Action  string
	Summary string
	Targets []AuditTarget
	Outcome AuditOutcome
}

// AuditTarget is one thing a write touched, linked when the console has a page for it.
type AuditTarget struct {
	Label string
	Href  string
}

// AuditOutcome is how Quickchat answered a write.
type AuditOutcome struct {
	Label string // "200", "403 PERMISSION_DENIED", "no answer: TIMEOUT"
	Kind  string // success, danger, warning
}

// AuditEntry is one entry of the log in full: who, what, and the object before and after.
type AuditEntry struct {
	ID         int64
	At         string
	AtISO      string
	Person     string
	IP         string
	Agent      string
	ScenarioID string
	RequestID  string
	Action     string
	Summary    string
	Targets    []AuditTarget
	Outcome    AuditOutcome
	BackHref   string
	// Article is the change of one article (title, tags and a content diff); nil for other writes.
	Article *ArticleChange
	// Deleted are the articles a delete removed, as they were.
	Deleted []ArticleCopy
	// Changes is a diff of the object's JSON before and after, for writes that are not about one article.
	Changes *Diff
	// HistoryHref opens the article's page with its history, for article writes.
	HistoryHref string
}

// ArticleChange compares two versions of an article.
type ArticleChange struct {
	TitleBefore, TitleAfter string
	TagsBefore, TagsAfter   string
	Content                 Diff
}

// TitleChanged and TagsChanged say which header lines to show.
func (c ArticleChange) TitleChanged() bool { return c.TitleBefore != c.TitleAfter }
func (c ArticleChange) TagsChanged() bool  { return c.TagsBefore != c.TagsAfter }

// ArticleCopy is an article as a delete found it.
type ArticleCopy struct {
	ID      int64
	Title   string
	Tags    string
	Content string
}

// Diff is a line diff, unchanged stretches folded away.
type Diff struct {
	BeforeLabel string
	AfterLabel  string
	Lines       []DiffLine
	Added       int
	Removed     int
}

// Same reports two texts without a difference.
func (d Diff) Same() bool { return d.Added == 0 && d.Removed == 0 }

// DiffLine is one row of a diff.
type DiffLine struct {
	Kind string // eq, ins, del, or skip for a folded stretch
	Old  string // line number before, empty when the line is new
	New  string // line number after, empty when the line was removed
	Text string
}

// HistoryPanel lists an article's earlier versions from the audit log.
type HistoryPanel struct {
	ArticleID int64
	Href      string
	Versions  []HistoryVersion
	CanWrite  bool
	Error     string
	// Answers are the conversations the article was saved to answer, newest first.
	Answers []HistoryAnswer
}

// HistoryVersion is one version of an article the log holds.
type HistoryVersion struct {
	EntryID     int64
	Side        string // before or after: which side of the entry holds this version
	At          string
	AtISO       string
	Person      string
	Action      string // what made it: Created, Saved a draft, Published, Restored; or "Found before …"
	Title       string
	Version     int  // Quickchat's own version number of the article, when it gives one; 0 otherwise
	Current     bool // the article reads the same now
	CompareHref string
	RestoreHref string
	EntryHref   string
}

// HistoryCompare shows one earlier version against the article as it is now, and restores it.
type HistoryCompare struct {
	ArticleID   int64
	ArticleHref string
	Title       string
	Version     HistoryVersion
	Change      ArticleChange
	CanWrite    bool
	// BaseVersion is the article's revision when the comparison was shown; a restore over another one asks again.
	BaseVersion string
	Confirm     bool // the person pressed Restore: ask once more
	Masked      bool // the log masked something token-like in this version
	Error       string
}
