package auditlog

import (
	"encoding/json"
	"net/http"
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

func (h *Handlers) Entry(c echo.Context) error {
	e, err := h.AuditEntry(c, h.Audit, c.Param("id"))
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
	return h.Render(c, http.StatusOK, web.Page{Title: "Audit entry #" + strconv.FormatInt(e.ID, 10), Nav: "audit", Body: views.AuditEntryPage(m), Styles: []string{"forms.css", "audit.css", "diff.css"}})
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
