package auditlog

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 50

// auditQuery is the audit log's state as it appears in the URL.
type auditQuery struct {
	views.AuditFilters
	Offset int
}

func parseAuditQuery(q url.Values) auditQuery {
	aq := auditQuery{AuditFilters: views.AuditFilters{
		Person: strings.TrimSpace(q.Get("person")),
		Action: strings.TrimSpace(q.Get("action")),
		Target: strings.TrimSpace(q.Get("target")),
		From:   strings.TrimSpace(q.Get("from")),
		To:     strings.TrimSpace(q.Get("to")),
	}}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		aq.Offset = n
	}
	return aq
}

func (aq auditQuery) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"person": aq.Person, "action": aq.Action, "target": aq.Target, "from": aq.From, "to": aq.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// href is the shareable URL of this view of the log at another offset.
func (aq auditQuery) href(offset int) string {
	v := aq.values()
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	if len(v) == 0 {
		return "/audit"
	}
	return "/audit?" + v.Encode()
}

func (aq auditQuery) exportHref() string {
	if v := aq.values(); len(v) > 0 {
		return "/audit/export.csv?" + v.Encode()
	}
	return "/audit/export.csv"
}

func (aq auditQuery) active() bool {
	return aq.Person != "" || aq.Action != "" || aq.Target != "" || aq.From != "" || aq.To != ""
}

// filter is the store's filter for this agent; a date that cannot be read is
// left out and explained next to its field.
func (aq auditQuery) filter(scenarioID string) (store.Filter, map[string]string) {
	f := store.Filter{ScenarioID: scenarioID, Identity: aq.Person, Action: aq.Action, Target: aq.Target, Offset: aq.Offset, Limit: auditPageSize}
	errs := map[string]string{}
	day := func(field, s string) (time.Time, bool) {
		if s == "" {
			return time.Time{}, false
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			errs[field] = "Use a date like 2026-03-10."
			return time.Time{}, false
		}
		return t, true
	}
	if t, ok := day("from", aq.From); ok {
		f.From = t
	}
	if t, ok := day("to", aq.To); ok {
		f.To = t.AddDate(0, 0, 1) // the whole last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs["to"] = "The end date is before the start date."
		f.To = time.Time{}
	}
	return f, errs
}

func (h *Handlers) List(c echo.Context) error {
	aq := parseAuditQuery(c.QueryParams())
	m := views.AuditList{Filters: aq.AuditFilters, FiltersActive: aq.active(), ClearHref: "/audit", ExportHref: aq.exportHref()}
	if h.Audit == nil {
		m.Unavailable = web.NoAuditLog
		return h.Render(c, http.StatusOK, web.Page{Title: "Audit log", Nav: "audit", Body: views.AuditPage(m), Styles: []string{"audit.css"}})
	}
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	f, errs := aq.filter(scenario)
	m.Errors = errs
	entries, total, err := h.Audit.List(ctx, f)
	if err != nil {
		return err
	}
	m.Rows = auditRows(entries)
	m.Pager = web.Pager(aq.Offset, len(entries), total, auditPageSize, aq.href, "#audit-results")
	if !web.WantsFragment(c) {
		// The filter menus sit outside the swapped region, so only whole pages need them.
		people, actions, err := h.Audit.Facets(ctx, scenario)
		if err != nil {
			return err
		}
		m.People, m.Actions = people, actionOptions(actions)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Audit log", Nav: "audit", Body: views.AuditPage(m), Partial: views.AuditResults(m), Styles: []string{"audit.css"}})
}

// actionOptions offers every action the log holds, and each group of two or more (every article action) first.
func actionOptions(actions []string) []views.AuditActionOption {
	counts := map[string]int{}
	var groups []string
	for _, a := range actions {
		g, _, ok := strings.Cut(a, ".")
		if ok {
			if counts[g]++; counts[g] == 2 {
				groups = append(groups, g)
			}
		}
	}
	var out []views.AuditActionOption
	for _, g := range groups {
		out = append(out, views.AuditActionOption{Value: g, Label: g + ".* (all)"})
	}
	for _, a := range actions {
		out = append(out, views.AuditActionOption{Value: a, Label: a})
	}
	return out
}

func auditRows(entries []store.Entry) []views.AuditRow {
	rows := make([]views.AuditRow, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, views.AuditRow{
			ID: e.ID, Href: web.AuditHref(e.ID), At: display.UTC(e.At), AtISO: e.At.Format(time.RFC3339),
			Person: e.Identity, IP: e.ClientIP, Agent: e.Agent, Action: e.Action, Summary: e.Summary,
			Targets: auditTargets(e), Outcome: auditOutcome(e),
		})
	}
	return rows
}

// auditTargets links what a write touched to its page in the console, when there is one.
func auditTargets(e store.Entry) []views.AuditTarget {
	out := make([]views.AuditTarget, 0, len(e.TargetIDs))
	for _, t := range e.TargetIDs {
		vt := views.AuditTarget{Label: t}
		switch {
		case isArticleAction(e.Action) && isID(t):
			vt.Href = "/articles/" + t
		case e.Action == "metadata.set" || e.Action == "review.set":
			vt.Href = "/conversations/" + url.PathEscape(t)
		}
		out = append(out, vt)
	}
	return out
}

func isArticleAction(action string) bool {
	return strings.HasPrefix(action, "article.") || strings.HasPrefix(action, "articles.") || strings.HasPrefix(action, "lang_url.") ||
		action == "import.upload" || action == "intercom.refresh"
}

func isID(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && n > 0
}

func auditOutcome(e store.Entry) views.AuditOutcome {
	switch {
	case e.Status == 0:
		return views.AuditOutcome{Label: "no answer: " + e.ErrorCode, Kind: "warning"}
	case e.OK():
		return views.AuditOutcome{Label: strconv.Itoa(e.Status), Kind: "success"}
	default:
		return views.AuditOutcome{Label: strings.TrimSpace(strconv.Itoa(e.Status) + " " + e.ErrorCode), Kind: "danger"}
	}
}
