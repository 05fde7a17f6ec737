package articles

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// historyVersion reads one version of the article from the agent's audit log.
func (h *Handlers) historyVersion(c echo.Context, articleID int64, entry, side string) (historyItem, error) {
	e, err := h.AuditEntry(c, h.Audit, entry)
	if err != nil {
		return historyItem{}, err
	}
	body := e.After
	switch side {
	case "before":
		body = e.Before
	case "after", "":
		side = "after"
	default:
		return historyItem{}, web.ErrNoAuditEntry
	}
	v, ok := audit.ParseVersion(body)
	if !ok || v.ID != articleID || !web.AuditEntryAbout(e, articleID) || !strings.HasPrefix(e.Action, store.ArticleActionPrefix) {
		return historyItem{}, echo.NewHTTPError(http.StatusNotFound, "The audit log holds no such version of this article.")
	}
	return historyItem{entry: e, side: side, version: v}, nil
}

// Compare shows an earlier version against the article as it is now.
func (h *Handlers) Compare(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	it, err := h.historyVersion(c, id, c.Param("entry"), c.QueryParam("side"))
	if err != nil {
		return err
	}
	current, err := h.API(c).GetArticle(c.Request().Context(), id)
	if err != nil {
		return h.Failure(c, err)
	}
	return h.renderCompare(c, http.StatusOK, h.compareView(c, it, current))
}

func (h *Handlers) compareView(c echo.Context, it historyItem, current *apiclient.Article) views.HistoryCompare {
	now := audit.VersionOf(current)
	v := it.version
	return views.HistoryCompare{
		ArticleID: current.ID, ArticleHref: web.ArticleHref(current.ID), Title: current.Title,
		Version:     historyVersionView(current.ID, it, &now),
		Change:      web.ArticleChange(v, now, "this version", "now"),
		CanWrite:    h.Account(c).CanWrite(),
		BaseVersion: current.Revision(),
		Masked:      strings.Contains(v.Title+v.Content+strings.Join(v.Tags, ","), store.Redacted),
	}
}

func (h *Handlers) renderCompare(c echo.Context, status int, m views.HistoryCompare) error {
	title := "Compare versions"
	if m.Confirm {
		title = "Restore a version"
	}
	return h.Render(c, status, web.Page{Title: title, Nav: "articles", Body: views.HistoryComparePage(m), Styles: []string{"forms.css", "editor.css", "diff.css"}})
}
