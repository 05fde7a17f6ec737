package imports

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// intercom has endpoints of its own, and a refresh the other sources lack.
const intercom = "intercom"

// sourceName is what Quickchat accepts as a source in a path.
var sourceName = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// knownSources are the sources Quickchat's reference names; the list always offers them.
var knownSources = []string{intercom, "shopify"}

// maxListed bounds the sources the list compares, one API read each; the
// others are listed with a link that compares them on their own page.
const maxListed = 8

// sourceNames is every source the agent is known to have. Quickchat has no
// call that lists them, so these are the sources its reference names, then
// every source imported from through this console, as the audit log says.
func (h *Handlers) sourceNames(c echo.Context) []string {
	names := slices.Clone(knownSources)
	if h.Audit == nil {
		return names
	}
	entries, _, err := h.Audit.List(c.Request().Context(), store.Filter{ScenarioID: h.Account(c).ScenarioID, Action: "source.import", Limit: store.MaxLimit})
	if err != nil {
		h.Log.WarnContext(c.Request().Context(), "sources: cannot read the audit log", "err", err)
		return names
	}
	for _, e := range entries {
		for _, t := range e.TargetIDs {
			if e.OK() && sourceError(t) == "" && !slices.Contains(names, t) {
				names = append(names, t)
			}
		}
	}
	return names
}

// sourceLabel is a source as people call it.
func sourceLabel(source string) string {
	switch source {
	case intercom:
		return "Intercom"
	case "shopify":
		return "Shopify"
	}
	return source
}

// sourceError says what is wrong with a typed source name, or "" when Quickchat would take it.
func sourceError(name string) string {
	if sourceName.MatchString(name) {
		return ""
	}
	return "“" + name + "” is not a source name: use 1 to 40 lowercase letters, digits, - or _."
}

// sourcesView is the page for a typed source name, checked; no API call,
// and no read of the audit log for the sources to offer: the page drawn
// reads them (choices), a POST that redirects never needs them.
func (h *Handlers) sourcesView(c echo.Context, typed string) views.Sources {
	m := views.Sources{Typed: typed, CanWrite: h.Account(c).CanWrite(), FetchNew: true}
	if typed != "" {
		if m.PickerError = sourceError(typed); m.PickerError == "" {
			m.Source = typed
		}
	}
	if m.Source != "" {
		m.Label = sourceLabel(m.Source)
		m.Intercom = m.Source == intercom
		base := "/sources/" + m.Source
		m.ImportHref, m.DeleteHref, m.RefreshHref = base+"/import", base+"/delete", base+"/refresh"
	}
	return m
}

// Sources lists the agent's sources, each with its comparison summed up, or
// shows the source asked for compared with the knowledge base.
func (h *Handlers) Sources(c echo.Context) error {
	m := h.sourcesView(c, strings.TrimSpace(c.QueryParam("source")))
	m.Choices = h.choices(c, m.Source)
	if m.Source == "" && m.PickerError == "" {
		m.List = h.summaries(c, m.Choices)
	}
	var before *pending
	if o, ok := h.popOutcome(c, m.Source); ok && m.Source != "" {
		m.Changes, m.MoreChanged, before = o.Changes, o.More, o.pendingOf()
	}
	return h.showSource(c, m, nil, before)
}

// choices are the sources the page offers, current the one it shows.
func (h *Handlers) choices(c echo.Context, current string) []views.SourceChoice {
	var out []views.SourceChoice
	for _, s := range h.sourceNames(c) {
		out = append(out, views.SourceChoice{Name: s, Label: sourceLabel(s), Href: web.SourceHref(s), Current: s == current})
	}
	return out
}

// summaries lists every source, the first maxListed compared with the
// knowledge base side by side; the rest link to their own comparison.
func (h *Handlers) summaries(c echo.Context, choices []views.SourceChoice) []views.SourceSummary {
	ctx, api := c.Request().Context(), h.API(c)
	out := make([]views.SourceSummary, len(choices))
	errs := make([]error, len(choices))
	var wg sync.WaitGroup
	for i, ch := range choices {
		out[i] = views.SourceSummary{Name: ch.Name, Label: ch.Label, Href: ch.Href}
		if i >= maxListed {
			out[i].Note = "Not compared here, to spare Quickchat's rate limit: open it to compare."
			continue
		}
		wg.Go(func() {
			diffs, err := diffOf(ctx, api, ch.Name)
			if err != nil {
				errs[i] = err
				return
			}
			out[i].Read = true
			_, out[i].Counts = diffRows(diffs, nil, nil)
		})
	}
	wg.Wait()
	// Worded here, one at a time: a refused token signs the person out once.
	for i, err := range errs {
		if err != nil {
			out[i].Note = h.diffError(c, out[i].Label, err)
		}
	}
	return out
}

// diffError says why a source's comparison is missing.
func (h *Handlers) diffError(c echo.Context, label string, err error) string {
	var apiErr *apiclient.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusForbidden {
		// Only Intercom's comparison is a GET: the other sources' is a POST, which read-only tokens may not make.
		return "Quickchat compares " + label + " only for tokens that can write (" + apiErr.Message + "). Sign in with a write token to see this comparison."
	}
	return "The comparison with " + label + " could not be read. " + h.Explain(c, err)
}

// showSource reads the diff of the chosen source and shows the page, with
// the articles ticked for a refresh still ticked and, after an import, the
// articles it brought that were not there before marked new.
func (h *Handlers) showSource(c echo.Context, m views.Sources, ticked map[int64]bool, before *pending) error {
	if m.Choices == nil {
		m.Choices = h.choices(c, m.Source)
	}
	if m.Source != "" {
		diffs, err := diffOf(c.Request().Context(), h.API(c), m.Source)
		if err != nil {
			m.DiffError = h.diffError(c, m.Label, err)
		}
		m.Rows, m.Counts = diffRows(diffs, ticked, before.fresh(diffs))
	}
	title := "Sources"
	if m.Source != "" {
		title = m.Label + " · Sources"
	}
	styles := []string{"forms.css", "imports.css"}
	if len(m.Changes) > 0 {
		styles = append(styles, "diff.css")
	}
	return h.Render(c, http.StatusOK, web.Page{Title: title, Nav: "sources", Body: views.SourcesPage(m), Styles: styles})
}

// diffOf compares a source's imported articles with the source; Intercom's comparison is a GET of its own.
func diffOf(ctx context.Context, api API, source string) ([]apiclient.ArticleDiff, error) {
	if source == intercom {
		return api.DiffIntercom(ctx)
	}
	return api.DiffSource(ctx, source)
}

func diffRows(diffs []apiclient.ArticleDiff, ticked, fresh map[int64]bool) ([]views.DiffRow, views.DiffCounts) {
	rows := make([]views.DiffRow, 0, len(diffs))
	var n views.DiffCounts
	for _, d := range diffs {
		a := d.ArticleSnapshot
		r := views.DiffRow{
			ID:       a.ID,
			Title:    display.Title(a.Title),
			Internal: diffBadge(d.InternalArticleDiff),
			External: diffBadge(d.ExternalArticleDiff),
			Checked:  ticked[a.ID],
			New:      fresh[a.ID],
		}
		if a.ID != 0 {
			r.Href = "/articles/" + strconv.FormatInt(a.ID, 10)
			if d.InternalArticleDiff == apiclient.DiffChanged {
				r.HistoryHref = r.Href + "/history"
			}
		}
		if a.LastUpdatedFromExternalSourceTimestamp != nil {
			r.Updated = minuteUTC(*a.LastUpdatedFromExternalSourceTimestamp)
		}
		n.Total++
		if r.New {
			n.New++
		}
		if d.InternalArticleDiff == apiclient.DiffChanged {
			n.ChangedHere++
		}
		switch d.ExternalArticleDiff {
		case apiclient.DiffChanged:
			n.ChangedThere++
		case apiclient.DiffRemoved:
			n.Removed++
		}
		rows = append(rows, r)
	}
	return rows, n
}

// diffBadge shows the API's own word, coloured by what it asks of the person.
func diffBadge(state string) views.DiffBadge {
	switch state {
	case apiclient.DiffChanged:
		return views.DiffBadge{Label: state, Kind: "warning"}
	case apiclient.DiffRemoved:
		return views.DiffBadge{Label: state, Kind: "danger"}
	case apiclient.DiffUnchanged:
		return views.DiffBadge{Label: state, Kind: "neutral"}
	case "":
		return views.DiffBadge{Label: "unknown", Kind: "neutral"}
	}
	return views.DiffBadge{Label: state, Kind: "neutral"}
}

// sourceAction reads the source of a POST from its path and checks it.
func (h *Handlers) sourceAction(c echo.Context) (views.Sources, error) {
	name := c.Param("source")
	if msg := sourceError(name); msg != "" {
		return views.Sources{}, echo.NewHTTPError(http.StatusBadRequest, msg)
	}
	return h.sourcesView(c, name), nil
}

// minuteUTC shortens an API timestamp to the minute, which is all a person comparing sources needs.
func minuteUTC(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ts
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
