package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
)

func articleID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound, "There is no article with this address.")
	}
	return id, nil
}

func (h *Handlers) articleEdit(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	a, err := h.api(c).GetArticle(c.Request().Context(), id)
	if err != nil {
		return h.apiFailure(c, err)
	}
	return h.renderForm(c, withArticle(h.form(c, id, articleInputOf(a)), a))
}

func (h *Handlers) articleSave(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := readArticleInput(c)
	api := h.api(c)
	f := h.form(c, id, in)
	if f.Errors = in.check(); len(f.Errors) > 0 {
		if a, err := api.GetArticle(ctx, id); err == nil {
			f = withArticle(f, a)
		}
		return h.renderForm(c, f)
	}
	tags := in.tagList()
	a, err := api.UpdateArticle(ctx, id, apiclient.ArticleUpdate{
		Title: &in.Title, Content: &in.Content, Tags: &tags, SaveMode: in.SaveMode,
	})
	if err != nil {
		if current, gerr := api.GetArticle(ctx, id); gerr == nil {
			f = withArticle(f, current)
		}
		return h.formRefused(c, f, err)
	}
	h.Sessions.Flash(ctx, "success", savedMessage(in.SaveMode))
	return redirect(c, "/articles/"+strconv.FormatInt(a.ID, 10))
}

func (h *Handlers) articlePreview(c echo.Context) error {
	return h.render(c, http.StatusOK, page{body: views.MarkdownPreview(h.Markdown.Render(c.FormValue("content")))})
}
