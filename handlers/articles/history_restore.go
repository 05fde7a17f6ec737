package articles

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/display"
	"qcadmin/web"
)

// Restore writes an earlier version back as a new draft, after the
// person has seen what it changes: the published version stays live until
// someone publishes. The write goes through the audited client as article.restore.
func (h *Handlers) Restore(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	it, err := h.historyVersion(c, id, c.FormValue("entry"), c.FormValue("side"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
	current, err := api.GetArticle(apiclient.Fresh(ctx), id)
	if err != nil {
		return h.Failure(c, err)
	}
	m := h.compareView(c, it, current)
	if c.FormValue("confirm") != "yes" {
		m.Confirm = true
		return h.renderCompare(c, http.StatusOK, m)
	}
	if base := strings.TrimSpace(c.FormValue("base_version")); !unchecked(base) && base != current.Revision() {
		m.Confirm = true
		m.Error = "Someone saved this article since you compared"
		if _, err := strconv.Atoi(base); err == nil && current.MaxAvailableVersion != nil {
			m.Error += " (version " + base + ", now " + strconv.Itoa(*current.MaxAvailableVersion) + ")"
		}
		m.Error += ". Look at the differences again before restoring."
		return h.renderCompare(c, http.StatusOK, m)
	}
	v := it.version
	tags := append([]string{}, v.Tags...)
	note := "Restored the version of " + display.UTC(it.entry.At) + " (audit entry #" + strconv.FormatInt(it.entry.ID, 10) + ")."
	_, err = api.UpdateArticle(audit.WithBefore(audit.As(ctx, "article.restore", note), current), id, apiclient.ArticleUpdate{
		Title: &v.Title, Content: &v.Content, Tags: &tags, SaveMode: apiclient.SaveDraft,
	})
	if err != nil {
		status := http.StatusOK
		if apiclient.IsStatus(err, http.StatusForbidden) {
			status = http.StatusForbidden // nothing typed to keep: the refusal is the answer
		}
		m.Confirm, m.Error = true, h.Explain(c, err)
		return h.renderCompare(c, status, m)
	}
	msg := "Restored the version of " + display.UTC(it.entry.At)
	if it.side == "after" && it.entry.Identity != "" {
		msg += " by " + it.entry.Identity
	}
	h.Flash(c, "success", msg+" as a draft. Publish it when it reads right.")
	return web.Redirect(c, web.ArticleHref(id))
}
