package articles

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// articleInput is the editor form as posted, kept verbatim so a refusal loses nothing.
type articleInput struct {
	Title    string
	Type     string
	Tags     string
	Content  string
	SaveMode apiclient.SaveMode
	// BaseVersion is the revision the edit started from: max_available_version
	// when the API gives one, otherwise a digest of the saved article (see
	// apiclient.Article.Revision). Empty for a new article.
	BaseVersion string
	// Fix is the conversation the edit fixes, linked on save; nil for most edits.
	Fix *web.FixOf
}

func readArticleInput(c echo.Context) articleInput {
	in := articleInput{
		Title:    c.FormValue("title"),
		Type:     c.FormValue("type"),
		Tags:     c.FormValue("tags"),
		Content:  c.FormValue("content"),
		SaveMode: apiclient.SaveDraft,
	}
	in.BaseVersion = strings.TrimSpace(c.FormValue("base_version"))
	if form, err := c.FormParams(); err == nil {
		in.Fix = web.ReadFixOf(form)
	}
	if c.FormValue("save_mode") == string(apiclient.SavePublish) {
		in.SaveMode = apiclient.SavePublish
	}
	return in
}

// check catches what needs no round trip to Quickchat.
func (in articleInput) check() map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(in.Content) == "" {
		errs["content"] = "Write some content: Quickchat needs it to answer from this article."
	}
	return errs
}

// form builds the editor view from what was typed.
func (h *Handlers) form(c echo.Context, id int64, in articleInput) views.ArticleForm {
	action := "/articles/new"
	if id != 0 {
		action = "/articles/" + strconv.FormatInt(id, 10)
	}
	typ := in.Type
	if typ == "" {
		typ = "Article"
	}
	f := views.ArticleForm{
		ID:          id,
		Action:      action,
		Title:       in.Title,
		Type:        typ,
		Tags:        in.Tags,
		Content:     in.Content,
		Errors:      map[string]string{},
		CanWrite:    h.Account(c).CanWrite(),
		PreviewHTML: h.preview(c.Request().Context(), in.Content),
		TypeOptions: []string{"Article", "Paragraph"},
		BaseVersion: in.BaseVersion,
		Fix:         fixView(in.Fix),
	}
	if id != 0 {
		f.LangURLsHref = action + "/lang-urls"
	}
	return f
}

// withArticle adds what the API knows of a saved article: state and metadata.
func withArticle(f views.ArticleForm, a *apiclient.Article) views.ArticleForm {
	f.State = a.State
	f.Meta = articleMeta(a)
	return f
}

func articleInputOf(a *apiclient.Article) articleInput {
	return articleInput{Title: a.Title, Type: a.Type, Tags: strings.Join(a.Tags, ", "), Content: a.Content, BaseVersion: a.Revision()}
}

func articleMeta(a *apiclient.Article) []views.MetaItem {
	meta := []views.MetaItem{
		{Label: "ID", Value: strconv.FormatInt(a.ID, 10)},
		{Label: "Type", Value: a.Type},
		{Label: "State", Value: a.State},
		{Label: "In answers", Value: display.DeployState(a.DeployState)},
		{Label: "Version", Value: versionText(a)},
		timeMeta("Created", a.CreatedTimestamp),
		timeMeta("Modified", a.LastModifiedTimestamp),
	}
	if a.LastUpdatedTimestamp != nil {
		meta = append(meta, timeMeta("Last updated", *a.LastUpdatedTimestamp))
	}
	if a.URL != nil && *a.URL != "" {
		meta = append(meta, views.MetaItem{Label: "URL", Value: *a.URL, Href: *a.URL})
	}
	if a.ParentType != nil {
		parent := *a.ParentType
		if a.ParentID != nil {
			parent += " #" + strconv.FormatInt(*a.ParentID, 10)
		}
		meta = append(meta, views.MetaItem{Label: "Parent", Value: parent})
	}
	// Only the id every path uses is shown; the legacy article_id would be a second, different "ID".
	return meta
}

// timeMeta is a metadata row for one of Quickchat's timestamps.
func timeMeta(label, stamp string) views.MetaItem {
	ts := display.APITimestamp(stamp)
	return views.MetaItem{Label: label, Value: ts.Text, Time: &ts}
}

// savedMessage is the flash after a successful save.
func savedMessage(mode apiclient.SaveMode) string {
	if mode == apiclient.SavePublish {
		return "Published. The agent answers from this version after a retrain: Retrain now is beside the editor."
	}
	return "Draft saved."
}

// versionText shows the article's version: "3 of 4", or that it has none
// yet (the newer edition shows versions null until the first publish).
func versionText(a *apiclient.Article) string {
	switch {
	case a.Version != nil && a.MaxAvailableVersion != nil:
		return strconv.Itoa(*a.Version) + " of " + strconv.Itoa(*a.MaxAvailableVersion)
	case a.MaxAvailableVersion != nil:
		return "latest " + strconv.Itoa(*a.MaxAvailableVersion)
	case a.Version != nil:
		return strconv.Itoa(*a.Version)
	}
	if a.State == "published" {
		return display.OrDash("") // an API that does not number versions
	}
	return "None yet: not published"
}

// unchecked says a form carries no base revision to check a save against:
// a new article, or a form from before revisions (0 was "no version").
func unchecked(base string) bool {
	return base == "" || base == "0"
}
