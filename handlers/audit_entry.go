package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/audit"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

var errNoEntry = echo.NewHTTPError(http.StatusNotFound, "The audit log of this agent has no such entry.")

// agentEntry reads one entry of the signed-in agent's log; another agent's entries do not exist here.
func (h *Handlers) agentEntry(c echo.Context, raw string) (store.Entry, error) {
	if h.Audit == nil {
		return store.Entry{}, echo.NewHTTPError(http.StatusNotFound, noAuditLog)
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return store.Entry{}, errNoEntry
	}
	e, err := h.Audit.Get(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && e.ScenarioID != h.account(c).ScenarioID) {
		return store.Entry{}, errNoEntry
	}
	return e, err
}

func (h *Handlers) auditEntry(c echo.Context) error {
	e, err := h.agentEntry(c, c.Param("id"))
	if err != nil {
		return err
	}
	m := views.AuditEntry{
		ID: e.ID, At: display.UTC(e.At), AtISO: e.At.Format(time.RFC3339), Person: e.Identity, IP: e.ClientIP,
		Agent: e.Agent, ScenarioID: e.ScenarioID, RequestID: e.RequestID, Action: e.Action, Summary: e.Summary,
		Targets: auditTargets(e), Outcome: auditOutcome(e), BackHref: "/audit",
	}
	before, hasBefore := audit.ParseVersion(e.Before)
	after, hasAfter := audit.ParseVersion(e.After)
	switch {
	case strings.HasPrefix(e.Action, store.ArticleActionPrefix) && (hasBefore || hasAfter):
		change := web.ArticleChange(before, after, "before", "after")
		m.Article = &change
		id := before.ID
		if hasAfter {
			id = after.ID
		}
		m.HistoryHref = web.ArticleHref(id) + "#history"
	case e.Action == "articles.delete":
		m.Deleted = deletedCopies(e.Before)
	case e.Before != "" || e.After != "":
		d := web.LineDiff(web.PrettyJSON(e.Before), web.PrettyJSON(e.After), "before", "after")
		m.Changes = &d
	}
	return h.kit.Render(c, http.StatusOK, web.Page{Title: "Audit entry #" + strconv.FormatInt(e.ID, 10), Nav: "audit", Body: views.AuditEntryPage(m)})
}

func deletedCopies(body string) []views.ArticleCopy {
	var versions []audit.ArticleVersion
	if json.Unmarshal([]byte(body), &versions) != nil {
		return nil
	}
	out := make([]views.ArticleCopy, 0, len(versions))
	for _, v := range versions {
		out = append(out, views.ArticleCopy{ID: v.ID, Title: v.Title, Tags: strings.Join(v.Tags, ", "), Content: v.Content})
	}
	return out
}

// entryTargets reports whether an entry is about the article id.
func entryTargets(e store.Entry, id int64) bool {
	return slices.Contains(e.TargetIDs, strconv.FormatInt(id, 10))
}
