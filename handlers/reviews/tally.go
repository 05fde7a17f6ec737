package reviews

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/web"
)

// counts are the numbers of one row: a day, a channel, the whole period.
type counts struct {
	Conversations, Reviewed, Good, NeedsWork int
}

func (n *counts) add(verdict string) {
	n.Conversations++
	switch verdict {
	case store.VerdictGood:
		n.Reviewed++
		n.Good++
	case store.VerdictNeedsWork:
		n.Reviewed++
		n.NeedsWork++
	}
}

// reviewer is one person's row.
type reviewer struct {
	Name                      string
	Reviewed, Good, NeedsWork int // the latest verdicts on the period's conversations
	Given                     int // every review they gave in the period
}

const (
	// noName stands for reviews given when the console knew no name.
	noName = "(no name)"
	// noChannel stands for conversations Quickchat names no source for.
	noChannel = "(unknown)"
)

// overview is what the page and the CSV show.
type overview struct {
	Period    web.Period
	Days      []counts // one per day of the period, oldest first
	Total     counts
	Channels  []namedCounts
	Reviewers []reviewer
	// Matched is how many conversations Quickchat says started in the
	// period; Listed is how many it listed (at most maxConversations).
	Matched, Listed int
	// NoStore says the console keeps no reviews, so none are counted.
	NoStore bool
}

type namedCounts struct {
	Name string
	counts
}

// Partial says what the overview left out, or "" when it counted every conversation.
func (o overview) Partial() string {
	if o.Listed >= o.Matched {
		return ""
	}
	return fmt.Sprintf("This period has %s; the overview reads at most %s, the first Quickchat lists (those with the latest messages), so its numbers leave %s out. Choose a shorter period for complete numbers.",
		display.Count(o.Matched, "conversation", "conversations"), display.Count(maxConversations, "conversation", "conversations"), display.Count(o.Matched-o.Listed, "conversation", "conversations"))
}

// errEnough stops the walk once maxConversations are read.
var errEnough = errors.New("reviews: enough conversations read")

// read walks the period's conversations, at most maxConversations of them in
// pages of pageSize (one list call each), and counts each by the day it
// started, its channel and its latest review in the store (one query per page).
func (h *Handlers) read(ctx context.Context, api API, scenario string, p web.Period) (overview, error) {
	o := overview{Period: p, Days: make([]counts, p.Days()), NoStore: h.Reviews == nil}
	channels := map[string]*counts{}
	people := map[string]*reviewer{}
	person := func(name string) *reviewer {
		if name == "" {
			name = noName
		}
		if people[name] == nil {
			people[name] = &reviewer{Name: name}
		}
		return people[name]
	}
	params := apiclient.ListConversationsParams{CreatedStart: p.From, CreatedEnd: p.LastMoment()}
	err := api.AllConversations(ctx, params, pageSize, func(page *apiclient.Page[apiclient.Conversation]) error {
		o.Matched = page.Count
		items := page.Items[:min(len(page.Items), maxConversations-o.Listed)]
		o.Listed += len(items)
		ids := make([]string, len(items))
		for i, conv := range items {
			ids[i] = conv.ID
		}
		latest := map[string]store.Review{}
		if h.Reviews != nil && len(ids) > 0 {
			var err error
			if latest, err = h.Reviews.Latest(ctx, scenario, ids...); err != nil {
				return err
			}
		}
		for _, conv := range items {
			created := conv.CreatedAt.UTC()
			if created.Before(p.From) || !created.Before(p.End()) {
				continue // outside the period, whatever the API's idea of its ends
			}
			rv := latest[conv.ID]
			o.Days[int(created.Sub(p.From)/(24*time.Hour))].add(rv.Verdict)
			o.Total.add(rv.Verdict)
			channel := conv.Source
			if channel == "" {
				channel = noChannel
			}
			if channels[channel] == nil {
				channels[channel] = &counts{}
			}
			channels[channel].add(rv.Verdict)
			if rv.Verdict == store.VerdictGood || rv.Verdict == store.VerdictNeedsWork {
				r := person(rv.Reviewer)
				r.Reviewed++
				if rv.Verdict == store.VerdictGood {
					r.Good++
				} else {
					r.NeedsWork++
				}
			}
		}
		if o.Listed >= maxConversations {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return o, err
	}
	o.Matched = max(o.Matched, o.Listed)
	if h.Reviews != nil {
		given, err := h.Reviews.GivenBetween(ctx, scenario, p.From, p.End())
		if err != nil {
			return o, err
		}
		for _, g := range given {
			person(g.Reviewer).Given += g.Reviews
		}
	}
	for name, n := range channels {
		o.Channels = append(o.Channels, namedCounts{Name: name, counts: *n})
	}
	sort.Slice(o.Channels, func(i, j int) bool {
		a, b := o.Channels[i], o.Channels[j]
		if a.Conversations != b.Conversations {
			return a.Conversations > b.Conversations
		}
		return a.Name < b.Name
	})
	for _, r := range people {
		o.Reviewers = append(o.Reviewers, *r)
	}
	sort.Slice(o.Reviewers, func(i, j int) bool {
		a, b := o.Reviewers[i], o.Reviewers[j]
		if a.Reviewed != b.Reviewed {
			return a.Reviewed > b.Reviewed
		}
		if a.Given != b.Given {
			return a.Given > b.Given
		}
		return a.Name < b.Name
	})
	return o, nil
}

// percent is part of whole as a percentage, or false when whole is zero.
func percent(part, whole int) (float64, bool) {
	if whole == 0 {
		return 0, false
	}
	return 100 * float64(part) / float64(whole), true
}

// share is part of whole as the page shows it: "40%", or "–" when whole is zero.
func share(part, whole int) string {
	p, ok := percent(part, whole)
	if !ok {
		return "–"
	}
	return strconv.Itoa(int(math.Round(p))) + "%"
}

// csvShare is part of whole as the CSV has it: "40.0", or empty when whole is zero.
func csvShare(part, whole int) string {
	p, ok := percent(part, whole)
	if !ok {
		return ""
	}
	return strconv.FormatFloat(p, 'f', 1, 64)
}
