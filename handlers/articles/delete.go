package articles

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/views"
	"qcadmin/web"
)

// maxDeleteTitles bounds the lookups a confirmation makes to name what it deletes.
const maxDeleteTitles = 10

// maxDeleteIDs bounds one bulk delete to a few pages of the list.
const maxDeleteIDs = 500

// Delete asks for confirmation, naming the articles, then deletes them in one API call.
func (h *Handlers) Delete(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
	}
	ids, err := parseIDs(form["ids"])
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	api := h.API(c)
	m := views.DeleteConfirm{Back: "/articles"}
	if len(ids) == 1 {
		m.Back = "/articles/" + strconv.FormatInt(ids[0], 10)
	}
	for i, id := range ids {
		item := views.DeleteItem{ID: id}
		if i < maxDeleteTitles {
			a, err := api.GetArticle(ctx, id)
			if err != nil {
				return h.Failure(c, err)
			}
			item.Title = a.Title
		}
		m.Items = append(m.Items, item)
	}
	if form.Get("confirm") != "yes" {
		return h.Render(c, http.StatusOK, web.Page{Title: "Delete articles", Nav: "articles", Body: views.DeleteConfirmPage(m), Styles: []string{"forms.css"}})
	}
	if err := api.DeleteArticles(ctx, ids); err != nil {
		m.Error = h.Explain(c, err)
		return h.Render(c, http.StatusOK, web.Page{Title: "Delete articles", Nav: "articles", Body: views.DeleteConfirmPage(m), Styles: []string{"forms.css"}})
	}
	msg := "Deleted 1 article."
	if len(ids) != 1 {
		msg = "Deleted " + strconv.Itoa(len(ids)) + " articles."
	}
	h.Flash(c, "success", msg)
	return web.Redirect(c, "/articles")
}

func parseIDs(raw []string) ([]int64, error) {
	return web.ArticleIDs(raw, maxDeleteIDs, "Select at least one article to delete.",
		"Delete at most "+strconv.Itoa(maxDeleteIDs)+" articles at a time.")
}
