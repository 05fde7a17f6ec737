package articles

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// New opens the editor on a blank article.
func (h *Handlers) New(c echo.Context) error {
	f := h.form(c, 0, prefill(c))
	return h.Render(c, http.StatusOK, web.Page{Title: "New article", Nav: "articles", Body: views.ArticleFormPage(f), Styles: []string{"forms.css", "editor.css"}, Scripts: []string{static.URL("tags.js")}})
}

// Create posts a new article, then sets its tags and publishes it when asked:
// the create call takes only content, type and title.
func (h *Handlers) Create(c echo.Context) error {
	ctx := c.Request().Context()
	in := readArticleInput(c)
	f := h.form(c, 0, in)
	if f.Errors = in.check(); len(f.Errors) > 0 {
		return h.renderForm(c, f)
	}
	api := h.API(c)
	a, err := api.CreateArticle(ctx, apiclient.ArticleCreate{Content: in.Content, Type: in.Type, Title: in.Title})
	if err != nil {
		return h.formRefused(c, f, err)
	}
	tags := web.Tags(in.Tags)
	if len(tags) > 0 || in.SaveMode == apiclient.SavePublish {
		updated, err := api.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{Tags: &tags, SaveMode: in.SaveMode})
		if err != nil {
			// The article exists now: keep editing it, with everything typed still in the form.
			f = withArticle(h.form(c, a.ID, in), a)
			return h.formRefused(c, f, err)
		}
		a = updated
	}
	h.Flash(c, "success", savedMessage(in.SaveMode)+h.recordFix(c, in.Fix, a))
	return web.Redirect(c, "/articles/"+strconv.FormatInt(a.ID, 10))
}

func (h *Handlers) renderForm(c echo.Context, f views.ArticleForm) error {
	title := "New article"
	if f.ID != 0 {
		title = display.Title(f.Title)
	}
	p := web.Page{Title: title, Nav: "articles", Body: views.ArticleFormPage(f), Styles: []string{"forms.css", "editor.css"}, Scripts: []string{static.URL("tags.js")}}
	if f.ID != 0 {
		p.Live = &layout.Live{Watch: "article:" + strconv.FormatInt(f.ID, 10), Editing: true}
	}
	return h.Render(c, http.StatusOK, p)
}

// formRefused shows the editor again with the API's reason, next to its field when it names one.
func (h *Handlers) formRefused(c echo.Context, f views.ArticleForm, err error) error {
	if field := web.FieldOf(err, "content", "title", "tags", "type"); field != "" {
		f.Errors[field] = h.Explain(c, err)
	} else {
		f.Error = h.Explain(c, err)
	}
	return h.renderForm(c, f)
}
