package views

// Imports is the /imports page: files, a website, a sitemap, a link list and
// a YouTube video, each its own form that keeps what was typed on a refusal.
type Imports struct {
	CanWrite bool
	// Sandbox says the console talks to the embedded sandbox, which cannot reach YouTube.
	Sandbox bool
	Files   FileImport
	Website WebsiteImport
	Sitemap SitemapImport
	Links   LinkListImport
	YouTube YouTubeImport
}

// ImportState is what every import form shows besides its fields.
type ImportState struct {
	Errors map[string]string // field name → message next to that field
	Error  string            // a refusal that belongs to no single field
	// Note says the request waited for Quickchat's import budget.
	Note   string
	Result *ImportResult
}

// ImportResult is what an import made, linking to the article(s).
type ImportResult struct {
	Message string
	Links   []ResultLink
}

// ResultLink is one created article, or the list of articles made from one page.
type ResultLink struct {
	Label string
	Href  string
	Note  string // e.g. the address the article came from
}

// FileImport is the upload form and the result of each file sent.
type FileImport struct {
	Accept   string // the file input's accept list, e.g. ".pdf,.docx,.txt,.md"
	Types    string // the same for people: "PDF, DOCX, TXT or MD"
	MaxBytes int64
	MaxLabel string // "20 MB"
	MaxFiles int
	Error    string
	Results  []UploadResult
}

// UploadResult is one file's fate: the article made of it, or why not.
type UploadResult struct {
	Name    string
	OK      bool
	Message string
	Href    string // the created article
	Title   string
	Note    string // the request waited for Quickchat's import budget
}

// WebsiteImport is the form of import_external/website, named by the API's fields.
type WebsiteImport struct {
	ImportState
	URL          string
	Mode         string
	Modes        []ImportMode
	Phrases      string // one per line
	HTMLSelector string
}

// SitemapImport is the form of import_external/site-map.
type SitemapImport struct {
	ImportState
	SiteMap         string
	LinkFilterRegex string
	HTMLSelector    string
	Summarize       bool
}

// LinkListImport is the form of import_external/scrape-list.
type LinkListImport struct {
	ImportState
	Links        string // one per line
	Tags         string // comma-separated
	HTMLSelector string
	Summarize    bool
}

// ImportMode is one of import_external/website's modes, as the select offers it.
type ImportMode struct {
	Value string
	Label string
}

// YouTubeImport is the form of import_external/youtube.
type YouTubeImport struct {
	ImportState
	URL string
}

// Sources is the /sources page: a source picker and, for the chosen source,
// how its imported articles compare with the source, and what can be done.
type Sources struct {
	Source      string // the chosen source, checked; empty when none is chosen
	Label       string // the source as people call it: "Intercom"
	Typed       string // what was typed in the picker, kept when it is refused
	PickerError string
	Choices     []SourceChoice
	Intercom    bool // Intercom has its own endpoints, and a refresh
	CanWrite    bool
	Error       string // a refused action, above the diff
	DiffError   string // the diff could not be read
	Rows        []DiffRow
	Counts      DiffCounts
	// List is every source the agent is known to have, with what each holds;
	// filled on the page without a chosen source.
	List []SourceSummary
	// Changes is what an import just changed in articles that had changed at
	// the source, and NewCount how many articles it brought that were new there.
	Changes []SourceChange
	// MoreChanged counts the articles changed at the source an import brought
	// up to date beyond those compared in Changes.
	MoreChanged int
	FetchNew    bool // the refresh form's fetch_new_articles
	ImportHref  string
	DeleteHref  string
	RefreshHref string
}

// SourceChoice is one source offered by the picker.
type SourceChoice struct {
	Name    string
	Label   string
	Href    string
	Current bool
}

// DiffRow is one imported article compared with the source.
type DiffRow struct {
	ID       int64
	Title    string
	Href     string
	Internal DiffBadge // edited in the knowledge base since the import
	External DiffBadge // changed or removed at the source since
	Updated  string    // when the source last updated it
	Checked  bool      // ticked for a refresh
	New      bool      // the import just brought it: it was new at the source
	// HistoryHref shows the edits made here since the import, for an article edited here.
	HistoryHref string
}

// SourceSummary is one source in the list of sources, with its comparison summed up.
type SourceSummary struct {
	Name   string
	Label  string
	Href   string
	Read   bool // the comparison was read; Counts holds it
	Counts DiffCounts
	Note   string // why the comparison is missing
}

// SourceChange is one article an import brought up to date with its source, as a line diff.
type SourceChange struct {
	Title string
	Href  string
	Diff  Diff
}

// DiffBadge is CHANGED, UNCHANGED or REMOVED as a badge.
type DiffBadge struct {
	Label string
	Kind  string // badge style: neutral, warning, danger
}

// DiffCounts sums up a diff.
type DiffCounts struct {
	Total        int
	ChangedHere  int
	ChangedThere int
	Removed      int
	New          int // brought by the import just made: new at the source
}

// SourceDeleteConfirm names the source and how many articles deleting it removes.
type SourceDeleteConfirm struct {
	Label  string
	Count  int
	Action string
	Back   string
	Error  string
}
