package views

import (
	"net/url"
	"strconv"

	"qcadmin/static"
	"qcadmin/views/components"
)

// BulkConfirm asks once more before a bulk job starts, naming what it works on.
type BulkConfirm struct {
	Action  string // publish, add_tags, remove_tags
	Heading string // "Publish 12 articles"
	Lead    string // what the job will do, in a sentence
	Items   []DeleteItem
	More    int // ticked articles beyond those named
	IDs     []int64
	// Filter is the list's filter when the job works on every matching article; Count is how many match now.
	Filter    map[string]string
	Count     int
	NeedsTags bool
	Tags      string
	TagsLabel string // the tags field's label; "Tags" when empty
	TagsHint  string
	// Languages offers an export the language URLs of each article ("en, de"), at LangPace; LangURLs when chosen.
	Languages string
	LangURLs  bool
	LangPace  string
	// OfferRetrain asks whether to retrain the knowledge base when the job is done; Retrain when chosen.
	OfferRetrain bool
	Retrain      bool
	Error        string
	Back         string
	Nothing      bool // no article to work on: the page explains instead of offering to start
	SubmitLabel  string
}

// Destructive says the job cannot be undone (deleting articles), so its
// confirmation warns in red; the others (publish, tags, export) look neutral.
func (m BulkConfirm) Destructive() bool { return m.Action == "delete" }

// JobView is one bulk job's progress as its card shows it.
type JobView struct {
	ID       int64
	Href     string
	Label    string
	Identity string
	State    string // queued, running, done, cancelled, failed
	Running  bool
	Total    int
	Done     int
	Failed   int
	Percent  int
	ETA      string // "about 2 min left"; empty when unknown or finished
	Summary  string // how it ended, in a sentence
	Note     string // what it did after its articles (a retrain)
	Error    string
	Started  string
	CanWrite bool
	Back     string // the page that started it
	Download string // a finished export's zip
	ShowBack bool   // offer the page that started it again, with what the job changed
}

// StreamURL is the event stream that tells the job's card when it progressed.
func (m JobView) StreamURL() string {
	return "/events?" + url.Values{"watch": {"job:" + strconv.FormatInt(m.ID, 10)}, "mode": {"viewing"}}.Encode()
}

// JobScripts are what a page showing a job's card loads when on: htmx's
// server-sent events extension and live.js, for the card's own stream.
func JobScripts(on bool) []string {
	if !on {
		return nil
	}
	return []string{static.URL("vendor/htmx-ext-sse.min.js"), static.URL("live.js")}
}

// JobItemRow is one article of a job and what happened to it.
type JobItemRow struct {
	ArticleID int64
	Href      string
	Title     string
	Outcome   string // changed, unchanged, failed, or pending
	Message   string
}

// JobPage is /jobs/{id}: the job's card and each article's outcome.
type JobPage struct {
	Job   JobView
	Items []JobItemRow // one page of the job's articles
	Pager components.Pager
}

// JobsPage is /jobs: the agent's latest jobs.
type JobsPage struct {
	Jobs       []JobView
	AnyRunning bool // the table asks for itself again every few seconds while a job runs
	CanWrite   bool // offers the import of a knowledge base zip
}
