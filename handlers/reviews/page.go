package reviews

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// Page shows the overview of the period in the URL: the chart, then the
// same numbers per day, per channel and per reviewer. A period that cannot
// be used says which date is wrong, and reads nothing.
func (h *Handlers) Page(c echo.Context) error {
	now := time.Now()
	p, errs := periods.Parse(c.QueryParams(), now)
	m := views.ReviewsOverview{
		From: p.FromText, To: p.ToText, Errors: errs, MaxDays: periods.Max,
		Presets: periods.PresetLinks(p, len(errs) == 0, now),
	}
	if len(errs) == 0 {
		o, err := h.read(c.Request().Context(), h.API(c), h.Account(c).ScenarioID, p)
		if err != nil {
			return h.Failure(c, err)
		}
		fill(&m, o)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Review overview", Nav: "reviews", Body: views.ReviewsPage(m), Styles: []string{"reviews.css"}})
}

func fill(m *views.ReviewsOverview, o overview) {
	m.Empty = o.Total.Conversations == 0
	m.ExportHref = "/reviews/export.csv?" + o.Period.Query()
	m.Summary = summary(o)
	m.Partial = o.Partial()
	if o.NoStore {
		m.Unavailable = "This console keeps no review history, so no conversation counts as reviewed."
	}
	m.Total = viewCounts("", "", o.Total)
	for i, d := range o.Days {
		day := o.Period.From.AddDate(0, 0, i)
		m.Days = append(m.Days, viewCounts(day.Format(time.DateOnly), dayLabel(day), d))
	}
	for _, ch := range o.Channels {
		m.Channels = append(m.Channels, viewCounts(ch.Name, ch.Name, ch.counts))
	}
	for _, r := range o.Reviewers {
		m.Reviewers = append(m.Reviewers, views.ReviewerCounts{
			Name: r.Name, Reviewed: r.Reviewed, Good: r.Good, NeedsWork: r.NeedsWork,
			NeedsWorkShare: share(r.NeedsWork, r.Reviewed), Given: r.Given,
		})
	}
	m.Chart = chart(o)
}

func viewCounts(key, label string, n counts) views.ReviewsCounts {
	return views.ReviewsCounts{
		Key: key, Label: label, Conversations: n.Conversations, Reviewed: n.Reviewed, Good: n.Good, NeedsWork: n.NeedsWork,
		ReviewedShare: share(n.Reviewed, n.Conversations), NeedsWorkShare: share(n.NeedsWork, n.Reviewed),
	}
}
