package views

// LangURLPanel is the article page's list of language versions.
type LangURLPanel struct {
	ArticleID int64
	Rows      []LangURLRow
	CanWrite  bool
	Message   string // what the last change did, shown above the rows
	Action    string // where the panel's one form saves every row
}

// LangURLRow is one configured language and the URL of the article's version in it.
type LangURLRow struct {
	Code   string
	Name   string
	URL    string // saved URL; empty means none yet
	Typed  string // what is in the field: the saved URL or a refused entry
	Error  string
	Action string
	// Removing is a ticked Remove box the last save could not carry out.
	Removing bool
}
