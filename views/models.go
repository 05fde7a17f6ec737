// Package views holds the console's templ components and the flat view models
// handlers fill for them. Views never see API types or echo.
package views

import "qcadmin/display"

import "qcadmin/views/components"

// Login is the sign-in page.
type Login struct {
	Token   string // what was pasted, kept when the token is refused
	Error   string
	Demo    bool // demo mode offers one-click sign-in to the sandbox agent
	Next    string
	Notice  string
	Version string
	// DemoExposed warns that the demo console is reachable from other machines.
	DemoExposed bool
	// AskName offers the "Your name" field: in token mode, where nothing
	// else says who signs in. Name is what it holds (typed, or remembered
	// on this browser); NameMax its limit in characters.
	AskName   bool
	Name      string
	NameError string
	NameMax   int
}

// ArticleFilters are the list's query-string filters, named as the API names them.
type ArticleFilters struct {
	Query string
	Title string
	Tags  string
	Types string
	URL   string
	Limit int
	// State and Sort come from the console's article index, not the API's filters.
	State string // "draft", "published"; empty for all
	Sort  string // one of ArticleSorts' values; empty keeps the list's order
}

// ArticleRow is one line of the article table.
type ArticleRow struct {
	ID          int64
	Href        string
	Title       string
	Type        string
	State       string
	DeployState string
	Modified    string
	Version     string // the published version, "—" while there is none
	Tags        []components.Chip
}

// ArticleList is the /articles page and its htmx-swapped results region.
type ArticleList struct {
	Filters       ArticleFilters
	FiltersActive bool
	ClearHref     string
	Rows          []ArticleRow
	Pager         components.Pager
	TagOptions    []string
	TypeOptions   []string
	PageSizes     []int
	CanWrite      bool
	Error         string
	// BulkJobs offers publish and tag actions beside delete; Count is how many articles match the filter.
	BulkJobs bool
	Count    int
	// JobID is a bulk job this page started, whose progress it shows.
	JobID int64
	// Index says how a state filter or an order was applied; empty for the API's own pages.
	Index ArticleIndexNote
	// TitleHead and ModifiedHead sort the list by their columns.
	TitleHead, ModifiedHead SortHead
}

// ArticleForm is the article editor, for a new article (ID 0) or an existing one.
type ArticleForm struct {
	ID          int64
	Action      string
	Title       string
	Type        string
	Tags        string
	Content     string
	Errors      map[string]string // field name → message next to that field
	Error       string            // a refusal that belongs to no single field
	Meta        []MetaItem
	State       string
	CanWrite    bool
	PreviewHTML string // sanitized HTML of the content
	TypeOptions []string
	// BaseVersion is the revision the edit started from (apiclient.Article.Revision); a save against
	// another one is a conflict.
	BaseVersion string
	// Fix is the conversation this edit fixes; saving links the article to it. Nil otherwise.
	Fix      *ArticleFix
	Conflict *ArticleConflict
	// LangURLsHref loads the language URL panel; empty for a new article.
	LangURLsHref string
}

// ArticleConflict shows what someone else saved while this edit was open.
type ArticleConflict struct {
	Message     string
	Title       string
	PreviewHTML string // sanitized HTML of the saved content
	ReloadHref  string
}

// MetaItem is one line of an article's metadata panel.
type MetaItem struct {
	Label string
	Value string
	Href  string
	// Time, when set, is a timestamp shown in the browser's local time with the exact UTC time on hover.
	Time *display.Timestamp
}

// DeleteConfirm asks before articles are deleted.
type DeleteConfirm struct {
	Items  []DeleteItem
	Back   string
	Error  string
	Reason string
}

// DeleteItem is one article named in a delete confirmation.
type DeleteItem struct {
	ID    int64
	Title string
}

// ErrorPage explains a failure the person can act on.
type ErrorPage struct {
	Status  int
	Title   string
	Message string
	Retry   string // href to try again, when trying again may help
	Back    string // the list of the area the person was in
	BackTo  string // its name, as in "Back to …"
	// Resend is the form post that failed, to send again: nil for anything else.
	Resend *Resend
}

// Resend is a form post the console could not serve, as its error page
// offers to send it again.
type Resend struct {
	Action  string // where it was posted
	Fields  []SentField
	LeftOut []string // fields not kept: files, and secrets such as API keys
	// Safe says nothing of the post was applied, so it may be sent again as
	// it was; otherwise it is only shown, to copy after checking.
	Safe bool
}

// SentField is one value of a form post.
type SentField struct{ Name, Value string }
