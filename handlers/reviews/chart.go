package reviews

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// The chart's layout in SVG user units; the stylesheet scales it to the page.
const (
	chartPlotWidth = 720
	chartLeft      = 32 // room for the axis numbers
	chartTop       = 8
	chartBottom    = 180 // the axis
	chartHeight    = 200 // the day labels below the axis
	chartLabels    = 10  // about how many days are named under the bars
)

// dayLabel names a day in the tables and the tips: "Tue 10 Mar".
func dayLabel(d time.Time) string { return d.Format("Mon 2 Jan") }

// chart lays out one bar per day, stacked from the bottom: needs work, good,
// then the conversations nobody reviewed, to the day's total.
func chart(o overview) views.ReviewsChart {
	n := len(o.Days)
	step := max(1, chartPlotWidth/max(1, n))
	width := max(1, step*3/4)
	tallest := 0
	for _, d := range o.Days {
		tallest = max(tallest, d.Conversations)
	}
	scale := func(v int) int {
		if tallest == 0 {
			return 0
		}
		return int(math.Round(float64(v) * float64(chartBottom-chartTop) / float64(tallest)))
	}
	every := (n + chartLabels - 1) / chartLabels
	ch := views.ReviewsChart{
		Width: chartLeft + step*n, Height: chartHeight, PlotTop: chartTop, PlotBottom: chartBottom, Left: chartLeft,
		MaxLabel: strconv.Itoa(tallest),
		Title:    "Conversations per day, " + spanText(o.Period),
		Desc:     summary(o) + " The table below has each day's numbers.",
	}
	for i, d := range o.Days {
		day := o.Period.From.AddDate(0, 0, i)
		// Cumulative heights, so the parts add up to the bar however they round.
		nw, nwGood, all := scale(d.NeedsWork), scale(d.NeedsWork+d.Good), scale(d.Conversations)
		x := chartLeft + i*step + (step-width)/2
		b := views.ReviewsBar{
			Day: day.Format(time.DateOnly), Tip: dayTip(day, d), X: x, Width: width,
			NeedsWorkY: chartBottom - nw, NeedsWorkH: nw,
			GoodY: chartBottom - nwGood, GoodH: nwGood - nw,
			UnreviewedY: chartBottom - all, UnreviewedH: all - nwGood,
		}
		if i%every == 0 {
			b.Label, b.LabelX = day.Format("2 Jan"), x+width/2
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

func dayTip(day time.Time, d counts) string {
	return fmt.Sprintf("%s: %s, %d reviewed (%d good, %d need work), %d not reviewed",
		dayLabel(day), display.Count(d.Conversations, "conversation", "conversations"), d.Reviewed, d.Good, d.NeedsWork, d.Conversations-d.Reviewed)
}

// spanText says the period in words: "10 Feb – 10 Mar 2026 (29 days)".
func spanText(p web.Period) string {
	from := p.From.Format("2 Jan 2006")
	if p.From.Year() == p.To.Year() {
		from = p.From.Format("2 Jan")
	}
	return from + " – " + p.To.Format("2 Jan 2006") + " (" + display.Count(p.Days(), "day", "days") + ")"
}

// summary says the period's totals in a sentence.
func summary(o overview) string {
	t := o.Total
	started := display.Count(t.Conversations, "conversation", "conversations") + " started " + spanText(o.Period)
	if t.Reviewed == 0 {
		return started + "; none reviewed yet."
	}
	return fmt.Sprintf("%s: %d reviewed (%s); %d of the reviewed need work (%s).",
		started, t.Reviewed, share(t.Reviewed, t.Conversations), t.NeedsWork, share(t.NeedsWork, t.Reviewed))
}
