package reviews

import (
	"qcadmin/web"
	"testing"
	"time"
)

// The parts of a bar add up to the day's total however they round, and the
// busiest day reaches the top of the plot.
func TestBarsStackToTheDaysTotal(t *testing.T) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	o := overview{Period: web.Period{From: from, To: from.AddDate(0, 0, 2)}, Days: []counts{
		{Conversations: 7, Reviewed: 4, Good: 1, NeedsWork: 3},
		{Conversations: 3, Reviewed: 3, Good: 2, NeedsWork: 1},
		{},
	}}
	ch := chart(o)
	if len(ch.Bars) != 3 || ch.MaxLabel != "7" {
		t.Fatalf("%d bars, max %s", len(ch.Bars), ch.MaxLabel)
	}
	for i, b := range ch.Bars {
		if b.NeedsWorkY+b.NeedsWorkH != chartBottom || b.GoodY+b.GoodH != b.NeedsWorkY || b.UnreviewedY+b.UnreviewedH != b.GoodY {
			t.Errorf("bar %d is not stacked: %+v", i, b)
		}
		if b.X+b.Width > ch.Width || b.NeedsWorkH < 0 || b.GoodH < 0 || b.UnreviewedH < 0 {
			t.Errorf("bar %d leaves the chart: %+v", i, b)
		}
	}
	if ch.Bars[0].UnreviewedY != chartTop {
		t.Errorf("the busiest day reaches %d, not the top %d", ch.Bars[0].UnreviewedY, chartTop)
	}
	if ch.Bars[1].UnreviewedH != 0 || ch.Bars[2].UnreviewedY != chartBottom {
		t.Errorf("a fully reviewed day or an empty one: %+v %+v", ch.Bars[1], ch.Bars[2])
	}
	if ch.Bars[0].Day != "2026-03-01" || ch.Bars[0].Tip != "Sun 1 Mar: 7 conversations, 4 reviewed (1 good, 3 need work), 3 not reviewed" {
		t.Errorf("first bar %q: %q", ch.Bars[0].Day, ch.Bars[0].Tip)
	}
}

// Ninety days still fit the plot, with about ten days named under the bars.
func TestNinetyDaysFitThePlot(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o := overview{Period: web.Period{From: from, To: from.AddDate(0, 0, 89)}, Days: make([]counts, 90)}
	o.Days[89] = counts{Conversations: 1}
	ch := chart(o)
	labels := 0
	for _, b := range ch.Bars {
		if b.Width < 1 || b.X+b.Width > ch.Width {
			t.Fatalf("bar %+v in a chart %d wide", b, ch.Width)
		}
		if b.Label != "" {
			labels++
		}
	}
	if len(ch.Bars) != 90 || labels < 8 || labels > 12 {
		t.Errorf("%d bars, %d labels", len(ch.Bars), labels)
	}
}
