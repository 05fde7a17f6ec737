package views

import "qcadmin/views/components"

// Settings is the knowledge base settings form, as stored or as typed.
type Settings struct {
	Agent    AgentFields // the name, system prompt and AI commands, shared with the chatbot settings
	Error    string      // a refusal that belongs to no single field
	CanWrite bool
	Unsaved  bool         // the list was changed on the server but nothing is saved yet
	Retrain  RetrainBadge // empty when the state could not be read this time
	SettingsMerge
}

// SettingsMerge is what a settings form carries so that a save merges with
// what someone else saved meanwhile instead of undoing it.
type SettingsMerge struct {
	// Base is what the form is based on (merge.Encode of the fields as loaded).
	Base string
	// Conflict shows both values of the fields someone else changed too;
	// Merged names the fields someone else changed that a save keeps.
	Conflict *components.SaveConflict
	Merged   string
}

// TextField is one field of a form with its length counter and message.
type TextField struct {
	ID    string
	Value string
	Count CharCount
	Error string
}

// CharCount is a length in characters against its limit.
type CharCount struct {
	N   int
	Max int
}

// Over reports a length past the limit.
func (c CharCount) Over() bool { return c.N > c.Max }

// RetrainBadge shows where the agent's training stands.
type RetrainBadge struct {
	Label string // "up to date", "retraining…"
	Kind  string // badge style: neutral, warning, info, success, danger
	// Poll asks the badge to refresh itself while a retrain is pending or running.
	Poll bool
}

// ParagraphFilters are the paragraph list's query-string filters.
type ParagraphFilters struct {
	Query string
	Limit int
}

// ParagraphList is the /paragraphs page and its htmx-swapped results region.
type ParagraphList struct {
	Filters       ParagraphFilters
	FiltersActive bool
	ClearHref     string
	PageSizes     []int
	Rows          []ParagraphRow
	Pager         components.Pager
}

// ParagraphRow is one chunk of content the agent answers from.
type ParagraphRow struct {
	ID      int64
	Excerpt string // the start of the content; all of it when Clipped is false
	Content string
	Clipped bool
	// ArticleHref links to the article the paragraph was cut from, when the API says which.
	ArticleHref  string
	ArticleLabel string
}

// TagList is the /tags page.
type TagList struct {
	Tags   []TagRow // every tag, sorted
	Filter string
	Shown  int // tags the filter leaves
	// CanRename offers to rename or merge a tag on every article carrying it, as a background job.
	CanRename bool
	// CountedTags is how many tags carry an article count; fewer than all
	// when the knowledge base is too large to count every tag at once.
	CountedTags int
}

// TagRow is one tag linking to its articles; Hidden when the filter leaves it out.
type TagRow struct {
	Label   string
	Href    string
	Hidden  bool
	Count   int  // articles carrying the tag, when Counted
	Counted bool // false when the count could not be read within the page's bounds
}

// ArticleIndexNote says how the list's state filter and order were applied:
// over the whole knowledge base from the console's article index, over what
// it has read so far, or only to the page shown.
type ArticleIndexNote struct {
	Text string // what the person is told
	Kind string // notice style: info or warning
	// Poll reloads the results while the index is still being read; empty when not.
	Poll string
	// Indexed rows come from the index, which keeps no versions or deploy states.
	Indexed bool
}

// FilterChoice is one option of a list filter's select.
type FilterChoice struct {
	Value string
	Label string
}

// ArticleStates are the list's state filter's choices.
var ArticleStates = []FilterChoice{{"", "All states"}, {"draft", "Drafts"}, {"published", "Published"}}

// ArticleSorts are the list's orders.
var ArticleSorts = []FilterChoice{
	{"", "List order"},
	{"title", "Title, A to Z"},
	{"-title", "Title, Z to A"},
	{"-modified", "Last change, newest first"},
	{"modified", "Last change, oldest first"},
}

// SortHead is a column heading of the article list that sorts by its column.
type SortHead struct {
	Href string // the list sorted by this column, the other way when it already is
	// Sort is "ascending" or "descending" when the list is sorted by this column, for aria-sort.
	Sort string
}
