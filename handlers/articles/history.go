package articles

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/audit"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// historyItem is one version of an article the audit log holds: one side of one entry.
type historyItem struct {
	entry   store.Entry
	side    string // "after": what a write made; "before": what a write found
	version audit.ArticleVersion
}

// articleHistory turns an article's entries (newest first) into its versions,
// newest first: what each accepted write made, and what a write found when it
// differs from the last version the log knows, because someone changed the
// article elsewhere (or before the log began).
func articleHistory(entries []store.Entry) []historyItem {
	var items []historyItem
	var last *audit.ArticleVersion
	for _, e := range slices.Backward(entries) {
		if b, ok := audit.ParseVersion(e.Before); ok && (last == nil || !last.SameText(b)) {
			items = append(items, historyItem{e, "before", b})
			last = &b
		}
		if a, ok := audit.ParseVersion(e.After); ok && e.OK() {
			items = append(items, historyItem{e, "after", a})
			last = &a
		}
	}
	slices.Reverse(items)
	return items
}

// historyAction says what made a version, in the panel's words.
func historyAction(it historyItem) string {
	if it.side == "before" {
		return "Found in Quickchat before a change"
	}
	switch it.entry.Action {
	case "article.create":
		return "Created"
	case "article.publish":
		return "Published"
	case "article.restore":
		return "Restored an earlier version"
	}
	return "Saved a draft"
}

func historyVersionView(articleID int64, it historyItem, now *audit.ArticleVersion) views.HistoryVersion {
	v := views.HistoryVersion{
		EntryID: it.entry.ID, Side: it.side, At: display.UTC(it.entry.At), AtISO: it.entry.At.Format(time.RFC3339),
		Action: historyAction(it), Title: it.version.Title, Version: it.version.Version, Current: now != nil && now.SameText(it.version),
		CompareHref: web.ArticleHref(articleID) + "/history/" + strconv.FormatInt(it.entry.ID, 10) + "?side=" + it.side,
		RestoreHref: web.ArticleHref(articleID) + "/restore",
		EntryHref:   web.AuditHref(it.entry.ID),
	}
	if it.side == "after" {
		v.Person = it.entry.Identity // who made a version found before a change is not known
	}
	return v
}

// History lists the article's versions beside the editor.
func (h *Handlers) History(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	panel := views.HistoryPanel{ArticleID: id, Href: web.ArticleHref(id) + "/history", CanWrite: h.Account(c).CanWrite(), Answers: h.historyAnswers(c, id)}
	show := func() error {
		return h.Render(c, http.StatusOK, web.Page{Title: "History", Nav: "articles", Body: views.ArticlePanelPage("History", id, views.History(panel)), Partial: views.History(panel), Styles: []string{"forms.css", "editor.css"}})
	}
	if h.Audit == nil {
		panel.Error = web.NoAuditLog
		return show()
	}
	ctx := c.Request().Context()
	entries, err := h.Audit.ArticleVersions(ctx, h.Account(c).ScenarioID, id)
	if err != nil {
		return err
	}
	var now *audit.ArticleVersion
	switch a, err := h.API(c).GetArticle(ctx, id); {
	case err == nil:
		v := audit.VersionOf(a)
		now = &v
	case web.TokenRefused(err):
		return h.Failure(c, err)
	default:
		panel.Error = "The versions cannot be compared with the article now: " + h.Explain(c, err)
	}
	for _, it := range articleHistory(entries) {
		panel.Versions = append(panel.Versions, historyVersionView(id, it, now))
	}
	return show()
}
