package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"qcadmin/views"
)

// Period is whole UTC days, from the first to the last, both included: the
// days a review overview or a knowledge gaps page covers.
type Period struct {
	From, To time.Time // midnight UTC of the first and the last day
	// FromText and ToText are the dates as the form shows them: the period's,
	// or what was typed when it could not be read.
	FromText, ToText string
}

// End is the moment after the period, midnight after its last day.
func (p Period) End() time.Time { return p.To.AddDate(0, 0, 1) }

// LastMoment is the period's last moment as Quickchat's conversation list
// takes an end (an end day reaches to its last microsecond, as in the inbox).
func (p Period) LastMoment() time.Time { return p.End().Add(-time.Microsecond) }

// Days is how many days the period has.
func (p Period) Days() int { return int(p.End().Sub(p.From).Hours()/24 + 0.5) }

// Query is the period as from and to, for links that must keep showing the
// same days tomorrow.
func (p Period) Query() string {
	return url.Values{"from": {p.FromText}, "to": {p.ToText}}.Encode()
}

// LastDays is the n days up to and including today.
func LastDays(n int, today time.Time) Period {
	to := today.UTC().Truncate(24 * time.Hour)
	from := to.AddDate(0, 0, 1-n)
	return Period{From: from, To: to, FromText: from.Format(time.DateOnly), ToText: to.Format(time.DateOnly)}
}

// Periods is what a page offers: its presets (the last N days), the one
// shown when the URL names none, and the longest it covers.
type Periods struct {
	Path    string // the page, for the presets' links
	Presets []int
	Default int
	Max     int
	What    string // the page in words, for "the overview covers at most 90"
}

// Parse reads the period from the URL or a form: period=N for a preset (the
// last N days up to today), or from and to (YYYY-MM-DD, UTC, both included;
// to defaults to today). Nothing at all is the default. What cannot be used
// is explained by field, "from" or "to".
func (ps Periods) Parse(q url.Values, today time.Time) (Period, map[string]string) {
	fromText, toText := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if fromText == "" && toText == "" {
		if n, err := strconv.Atoi(q.Get("period")); err == nil && slices.Contains(ps.Presets, n) {
			return LastDays(n, today), nil
		}
		return LastDays(ps.Default, today), nil
	}
	errs := map[string]string{}
	p := Period{FromText: fromText, ToText: toText}
	day := func(field, text, name string) time.Time {
		t, err := time.Parse(time.DateOnly, text)
		if err != nil {
			errs[field] = "The " + name + " date " + strconv.Quote(text) + " cannot be read: use a date like 2026-03-10."
		}
		return t
	}
	if fromText == "" {
		errs["from"] = "Choose the first day of the period."
	} else {
		p.From = day("from", fromText, "start")
	}
	if toText == "" {
		p.To = today.UTC().Truncate(24 * time.Hour)
		p.ToText = p.To.Format(time.DateOnly)
	} else {
		p.To = day("to", toText, "end")
	}
	if len(errs) > 0 {
		return p, errs
	}
	switch n := p.Days(); {
	case p.To.Before(p.From):
		errs["to"] = "The end date " + p.ToText + " is before the start date " + p.FromText + "."
	case n > ps.Max:
		errs["from"] = fmt.Sprintf("From %s to %s is %d days; %s covers at most %d. Choose a later start date or an earlier end date.",
			p.FromText, p.ToText, n, ps.What, ps.Max)
	}
	return p, errs
}

// PresetLinks offers the presets; the one the page shows is current.
func (ps Periods) PresetLinks(shown Period, valid bool, today time.Time) []views.ReviewsPreset {
	out := make([]views.ReviewsPreset, 0, len(ps.Presets))
	for _, n := range ps.Presets {
		p := LastDays(n, today)
		out = append(out, views.ReviewsPreset{
			Label:   "Last " + strconv.Itoa(n) + " days",
			Href:    ps.Path + "?period=" + strconv.Itoa(n),
			Current: valid && p.From.Equal(shown.From) && p.To.Equal(shown.To),
		})
	}
	return out
}
