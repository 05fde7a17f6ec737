package articles

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strconv"

	"github.com/dustin/go-humanize"
	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/markdown"
	"qcadmin/views"
	"qcadmin/web"
)

func articleID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound, "There is no article with this address.")
	}
	return id, nil
}

// Edit opens the editor on a saved article.
func (h *Handlers) Edit(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	a, err := h.API(c).GetArticle(c.Request().Context(), id)
	if err != nil {
		return h.Failure(c, err)
	}
	in := articleInputOf(a)
	in.Fix = web.ReadFixOf(c.QueryParams()) // opened from a conversation's fix: the save links them
	return h.renderForm(c, withArticle(h.form(c, id, in), a))
}

// Save updates an article. It first checks that nobody saved a newer
// version since the edit began; if so it shows a conflict and keeps the text.
func (h *Handlers) Save(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := readArticleInput(c)
	api := h.API(c)
	// The conflict check and the audit log's "before" need the article as
	// it is now: one fresh read serves both.
	current, err := api.GetArticle(apiclient.Fresh(ctx), id)
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.renderForm(c, h.deletedWhileEditing(c, in))
		}
		return h.formRefused(c, h.form(c, id, in), err)
	}
	f := withArticle(h.form(c, id, in), current)
	if f.Errors = in.check(); len(f.Errors) > 0 {
		return h.renderForm(c, f)
	}
	// A draft never published has no version number in the newer edition:
	// its revision is then a digest of the saved article, which every save
	// changes, so two saves from the same stale form still conflict.
	if !unchecked(in.BaseVersion) && current.Revision() != in.BaseVersion {
		return h.renderForm(c, h.conflict(ctx, f, in, current))
	}
	tags := web.Tags(in.Tags)
	a, err := api.UpdateArticle(audit.WithBefore(ctx, current), id, apiclient.ArticleUpdate{
		Title: &in.Title, Content: &in.Content, Tags: &tags, SaveMode: in.SaveMode,
	})
	if apiclient.IsStatus(err, http.StatusConflict) {
		if latest, gerr := api.GetArticle(apiclient.Fresh(ctx), id); gerr == nil {
			return h.renderForm(c, h.conflict(ctx, withArticle(f, latest), in, latest))
		}
	}
	if err != nil {
		return h.formRefused(c, f, err)
	}
	h.Flash(c, "success", savedMessage(in.SaveMode)+h.recordFix(c, in.Fix, a))
	return web.Redirect(c, "/articles/"+strconv.FormatInt(a.ID, 10))
}

// conflict shows the saved version beside the kept edit; saving again overwrites it.
func (h *Handlers) conflict(ctx context.Context, f views.ArticleForm, in articleInput, saved *apiclient.Article) views.ArticleForm {
	f.BaseVersion = saved.Revision()
	f.Conflict = &views.ArticleConflict{
		Message:     conflictMessage(in.BaseVersion, saved),
		Title:       saved.Title,
		PreviewHTML: h.preview(ctx, saved.Content),
		ReloadHref:  "/articles/" + strconv.FormatInt(saved.ID, 10),
	}
	return f
}

// conflictMessage says what changed: the version numbers when both are
// numbers, otherwise when the article was last modified.
func conflictMessage(base string, saved *apiclient.Article) string {
	if _, err := strconv.Atoi(base); err == nil && saved.MaxAvailableVersion != nil {
		return fmt.Sprintf("Someone saved this article while you were editing (version %s, now %d, modified %s).",
			base, *saved.MaxAvailableVersion, saved.LastModifiedTimestamp)
	}
	return fmt.Sprintf("Someone saved this article while you were editing (modified %s).", saved.LastModifiedTimestamp)
}

// deletedWhileEditing offers to save the kept text as a new article.
func (h *Handlers) deletedWhileEditing(c echo.Context, in articleInput) views.ArticleForm {
	in.BaseVersion = ""
	f := h.form(c, 0, in)
	f.Error = "This article was deleted while you were editing it. Your text is still here: save it to create a new article."
	return f
}

// Preview renders the editor's Markdown content as HTML, beside the form.
func (h *Handlers) Preview(c echo.Context) error {
	p, err := h.Markdown.Preview(c.Request().Context(), c.FormValue("content"))
	if err != nil {
		return err // the request ended: nobody waits for the preview
	}
	return h.Render(c, http.StatusOK, web.Page{Body: views.MarkdownPreview(previewHTML(p)), Styles: []string{"forms.css", "editor.css"}})
}

// preview is the HTML of content's preview, empty when the request ended first.
func (h *Handlers) preview(ctx context.Context, content string) string {
	p, err := h.Markdown.Preview(ctx, content)
	if err != nil {
		return ""
	}
	return previewHTML(p)
}

// previewHTML is a preview's sanitized HTML, after a note saying how much it
// shows when the content is longer than a preview renders.
func previewHTML(p markdown.Preview) string {
	if !p.Truncated() {
		return p.HTML
	}
	note := "The preview shows the first " + humanize.Comma(int64(p.Shown)) + " characters of " + humanize.Comma(int64(p.Total)) +
		". The whole article is saved and used by the agent."
	return `<p class="notice notice-warning preview-limit" data-testid="preview-limit">` + html.EscapeString(note) + "</p>\n" + p.HTML
}
