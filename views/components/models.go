// Package components holds the console's shared templ building blocks.
package components

// Chip is a tag pill linking to the list filtered by that tag.
type Chip struct {
	Label string
	Href  string
}

// Pager is the "1–25 of 43" line with previous/next links.
type Pager struct {
	From, To, Count int
	PrevHref        string
	NextHref        string
	Target          string // the element htmx swaps on navigation, empty for plain links
}

// Flash is a one-shot message shown at the top of a page.
type Flash struct {
	Kind    string // success, error, info
	Message string
}
