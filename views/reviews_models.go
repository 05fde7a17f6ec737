package views

import "strconv"

// ReviewsOverview is the /reviews page: conversations per day of a period,
// how many of them were reviewed and how many need work, per day, per
// channel and per reviewer, as a chart and as tables.
type ReviewsOverview struct {
	From, To   string            // the period's first and last day, YYYY-MM-DD, UTC
	Presets    []ReviewsPreset   // the last 7, 30 and 90 days
	Errors     map[string]string // "from" or "to" → what is wrong with it
	MaxDays    int               // the longest period the overview covers
	ExportHref string
	// Summary says, in words, what the period holds.
	Summary string
	// Partial says the period holds more conversations than the overview
	// reads, and which it counted; empty when it counted them all.
	Partial string
	// Unavailable says the console keeps no reviews to count.
	Unavailable string
	Empty       bool // the period has no conversations
	Total       ReviewsCounts
	Chart       ReviewsChart
	Days        []ReviewsCounts // one per day of the period, oldest first
	Channels    []ReviewsCounts // most conversations first
	Reviewers   []ReviewerCounts
}

// ReviewsPreset is one of the period links.
type ReviewsPreset struct {
	Label   string
	Href    string
	Current bool
}

// ReviewsCounts is one row of numbers: a day, a channel or the whole period.
// A conversation counts as reviewed when its latest review in the console
// says good or needs work.
type ReviewsCounts struct {
	Key            string // the day (YYYY-MM-DD) or the channel
	Label          string // as shown: "Tue 10 Mar", "widget"
	Conversations  int
	Reviewed       int
	Good           int
	NeedsWork      int
	ReviewedShare  string // "40%" of the conversations; "–" when there are none
	NeedsWorkShare string // "25%" of the reviewed ones; "–" when none was reviewed
}

// ReviewerCounts is one person's row: the latest verdicts on the period's
// conversations that are theirs, and every review they gave in the period.
type ReviewerCounts struct {
	Name           string
	Reviewed       int // the period's conversations whose latest review is theirs
	Good           int
	NeedsWork      int
	NeedsWorkShare string
	Given          int // reviews they gave in the period, on any conversation, again and unreviewed included
}

// ReviewsChart is the bar chart, laid out in SVG user units.
type ReviewsChart struct {
	Width, Height int
	PlotTop       int // the y of the tallest bar's top
	PlotBottom    int // the y of the axis
	Left          int // the x where the bars start
	MaxLabel      string
	Title, Desc   string
	Bars          []ReviewsBar
}

// ReviewsBar is one day's bar: the needs-work part at the bottom, then the
// good part, then the conversations nobody reviewed, stacked to the day's
// total. Every y and height is in SVG user units.
type ReviewsBar struct {
	Day, Tip                 string
	X, Width                 int
	NeedsWorkY, NeedsWorkH   int
	GoodY, GoodH             int
	UnreviewedY, UnreviewedH int
	Label                    string // the day under the bar, on some bars only
	LabelX                   int
}

// reviewsNum writes a count or an SVG coordinate.
func reviewsNum(n int) string { return strconv.Itoa(n) }
