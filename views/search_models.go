package views

import "qcadmin/views/components"

// SearchForm is the /search form, its fields named as the API names them.
type SearchForm struct {
	Query               string
	IsCaseInsensitive   string // "true" or "false"
	WithTitleURLAndTags string
	StrictSearch        string
	NumOfDisplay        int
	NumOfData           int
}

// SearchPage is /search: the form and, once asked, the results.
type SearchPage struct {
	Form     SearchForm
	Searched bool
	Error    string
	Snippets []SearchSnippet
	Articles []SearchArticle
	Count    int
}

// SearchSnippet is one result's expository sentence, split into plain and matched runs.
type SearchSnippet struct {
	Href     string
	Title    string
	Segments []Segment
}

// Segment is a run of a sentence; Match runs are shown highlighted.
type Segment struct {
	Text  string
	Match bool
}

// SearchArticle is one article among those the search found.
type SearchArticle struct {
	Href  string
	Title string
	State string
	Tags  []components.Chip
}
