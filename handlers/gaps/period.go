package gaps

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"qcadmin/views"
)

// period is whole UTC days, from the first to the last, both included.
type period struct {
	From, To         time.Time // midnight UTC of the first and the last day
	FromText, ToText string    // as the form shows them
}

// end is the moment after the period, midnight after its last day.
func (p period) end() time.Time { return p.To.AddDate(0, 0, 1) }

func lastDays(n int, today time.Time) period {
	to := today.UTC().Truncate(24 * time.Hour)
	from := to.AddDate(0, 0, 1-n)
	return period{From: from, To: to, FromText: from.Format(time.DateOnly), ToText: to.Format(time.DateOnly)}
}

// parsePeriod reads the period from the URL or a form: period=7, 30 or 90
// (the last days up to today), or from and to (YYYY-MM-DD, UTC, both
// included; to defaults to today). Nothing is the last 30 days. What cannot
// be used is explained by field.
func parsePeriod(q url.Values, today time.Time) (period, map[string]string) {
	fromText, toText := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if fromText == "" && toText == "" {
		if n, err := strconv.Atoi(q.Get("period")); err == nil && slices.Contains(presets, n) {
			return lastDays(n, today), nil
		}
		return lastDays(defaultDays, today), nil
	}
	errs := map[string]string{}
	p := period{FromText: fromText, ToText: toText}
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
	switch n := int(p.end().Sub(p.From).Hours()/24 + 0.5); {
	case p.To.Before(p.From):
		errs["to"] = "The end date " + p.ToText + " is before the start date " + p.FromText + "."
	case n > maxDays:
		errs["from"] = fmt.Sprintf("From %s to %s is %d days; the page covers at most %d. Choose a later start date or an earlier end date.",
			p.FromText, p.ToText, n, maxDays)
	}
	return p, errs
}

// presetLinks offers the last 7, 30 and 90 days; the one the page shows is current.
func presetLinks(shown period, valid bool, today time.Time) []views.ReviewsPreset {
	out := make([]views.ReviewsPreset, 0, len(presets))
	for _, n := range presets {
		p := lastDays(n, today)
		out = append(out, views.ReviewsPreset{
			Label:   "Last " + strconv.Itoa(n) + " days",
			Href:    "/gaps?period=" + strconv.Itoa(n),
			Current: valid && p.From.Equal(shown.From) && p.To.Equal(shown.To),
		})
	}
	return out
}

// query is the period as from and to.
func (p period) query() string {
	return url.Values{"from": {p.FromText}, "to": {p.ToText}}.Encode()
}
