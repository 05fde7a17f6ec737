package articles

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// LangURLs loads every configured language's URL at once; a 404 means "none yet".
func (h *Handlers) LangURLs(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	panel, err := h.loadLangURLs(c, id)
	if err != nil {
		return h.Failure(c, err)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Language versions", Nav: "articles", Body: views.ArticlePanelPage("Language versions", id, views.LangURLs(panel)), Partial: views.LangURLs(panel), Styles: []string{"forms.css", "editor.css"}})
}

func (h *Handlers) loadLangURLs(c echo.Context, id int64) (views.LangURLPanel, error) {
	return h.readLangURLs(c, c.Request().Context(), id)
}

// readLangURLs reads every configured language's URL with ctx (apiclient.Fresh to skip the cache).
func (h *Handlers) readLangURLs(c echo.Context, ctx context.Context, id int64) (views.LangURLPanel, error) {
	api := h.API(c)
	panel := views.LangURLPanel{ArticleID: id, CanWrite: h.Account(c).CanWrite(), Rows: make([]views.LangURLRow, len(h.Languages)),
		Action: "/articles/" + strconv.FormatInt(id, 10) + "/lang-urls"}
	errs := make([]error, len(h.Languages))
	var wg sync.WaitGroup
	for i, code := range h.Languages {
		wg.Go(func() {
			row := views.LangURLRow{Code: code, Name: display.Language(code), Action: langURLAction(id, code)}
			u, err := api.GetLangURL(ctx, id, code)
			switch {
			case err == nil:
				row.URL, row.Typed = u, u
			case apiclient.IsStatus(err, http.StatusNotFound):
			default:
				errs[i] = err
				row.Error = web.Describe(err) // not Explain: rows are read concurrently, and a refused token is the whole page's
			}
			panel.Rows[i] = row
		})
	}
	wg.Wait()
	// A refused token or a missing article concerns the whole page, not one row.
	for _, err := range errs {
		if web.TokenRefused(err) {
			return panel, err
		}
	}
	return panel, nil
}

func langURLAction(id int64, code string) string {
	return "/articles/" + strconv.FormatInt(id, 10) + "/lang-urls/" + code
}

// SaveLangURL adds, changes or removes one language's URL, then shows the panel again.
func (h *Handlers) SaveLangURL(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	code := c.Param("lang")
	if !slices.Contains(h.Languages, code) {
		return echo.NewHTTPError(http.StatusNotFound, "This console does not offer the language “"+code+"”.")
	}
	ctx := c.Request().Context()
	api := h.API(c)
	typed := strings.TrimSpace(c.FormValue("url"))
	op := c.FormValue("op")

	var message string
	existing, err := api.GetLangURL(apiclient.Fresh(ctx), id, code)
	exists := err == nil
	if err != nil && !apiclient.IsStatus(err, http.StatusNotFound) {
		return h.langURLRefused(c, id, code, typed, err)
	}
	switch {
	case op == "delete" || (typed == "" && exists):
		if exists {
			err = api.DeleteLangURL(ctx, id, code)
		}
		message = display.Language(code) + " link removed."
	case typed == "":
		return h.langURLRefused(c, id, code, typed, errFieldEmpty)
	case exists && existing == typed:
		message = display.Language(code) + " link unchanged."
	case exists:
		_, err = api.UpdateLangURL(ctx, id, code, typed)
		message = display.Language(code) + " link saved."
	default:
		_, err = api.CreateLangURL(ctx, id, code, typed)
		message = display.Language(code) + " link added."
	}
	if err != nil {
		return h.langURLRefused(c, id, code, typed, err)
	}
	if !web.IsHTMX(c) {
		h.Flash(c, "success", message)
		return web.Redirect(c, "/articles/"+strconv.FormatInt(id, 10))
	}
	panel, err := h.loadLangURLs(c, id)
	if err != nil {
		return h.Failure(c, err)
	}
	panel.Message = message
	return h.Render(c, http.StatusOK, web.Page{Body: views.LangURLs(panel), Styles: []string{"forms.css", "editor.css"}})
}

// errFieldEmpty asks for a URL when Save was pressed on an empty row.
var errFieldEmpty = &apiclient.APIError{Status: http.StatusUnprocessableEntity, Code: "VALIDATION_ERROR", Message: "Enter the URL of this language's version, starting with https://."}

// langURLRefused shows the panel with the refusal on its row and the typed URL kept.
func (h *Handlers) langURLRefused(c echo.Context, id int64, code, typed string, err error) error {
	panel, lerr := h.loadLangURLs(c, id)
	if lerr != nil {
		return h.Failure(c, lerr)
	}
	for i := range panel.Rows {
		if panel.Rows[i].Code == code {
			panel.Rows[i].Typed = typed
			panel.Rows[i].Error = h.Explain(c, err)
		}
	}
	// htmx swaps the panel; without it the panel is the page, the typed URL still in it.
	return h.Render(c, http.StatusOK, web.Page{Title: "Language versions", Nav: "articles", Body: views.ArticlePanelPage("Language versions", id, views.LangURLs(panel)), Partial: views.LangURLs(panel), Styles: []string{"forms.css", "editor.css"}})
}

// SaveLangURLs saves the whole language panel at once: each language whose
// field changed is added, changed or removed (an emptied field, or its Remove
// button). A refusal stays on its row with what was typed; the other rows'
// changes are saved, and every typed field comes back as typed.
func (h *Handlers) SaveLangURLs(c echo.Context) error {
	id, err := articleID(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
	}
	ctx := c.Request().Context()
	api := h.API(c)
	panel, err := h.readLangURLs(c, apiclient.Fresh(ctx), id)
	if err != nil {
		return h.Failure(c, err)
	}
	remove := form["remove"]
	var done []string
	failed := false
	for i := range panel.Rows {
		r := &panel.Rows[i]
		field := "url_" + r.Code
		removing := slices.Contains(remove, r.Code)
		if _, sent := form[field]; !sent && !removing {
			continue
		}
		typed := strings.TrimSpace(form.Get(field))
		r.Typed = typed
		if removing {
			typed, r.Removing = "", true
		}
		if r.Error != "" { // its current link could not be read: nothing is changed blind
			failed = true
			continue
		}
		var what string
		switch {
		case typed == r.URL:
			continue
		case typed == "":
			err, what = api.DeleteLangURL(ctx, id, r.Code), "removed"
		case r.URL == "":
			_, err = api.CreateLangURL(ctx, id, r.Code, typed)
			what = "added"
		default:
			_, err = api.UpdateLangURL(ctx, id, r.Code, typed)
			what = "saved"
		}
		if err != nil {
			if web.TokenRefused(err) {
				return h.Failure(c, err)
			}
			r.Error, failed = h.Explain(c, err), true
			continue
		}
		r.URL, r.Typed, r.Removing = typed, typed, false
		done = append(done, r.Name+" link "+what+".")
	}
	switch {
	case len(done) > 0:
		panel.Message = strings.Join(done, " ")
	case !failed:
		panel.Message = "No changes."
	}
	if !failed && !web.IsHTMX(c) {
		h.Flash(c, "success", panel.Message)
		return web.Redirect(c, "/articles/"+strconv.FormatInt(id, 10))
	}
	// htmx swaps the panel; without it the panel is the page, every typed URL still in it.
	return h.Render(c, http.StatusOK, web.Page{Title: "Language versions", Nav: "articles", Body: views.ArticlePanelPage("Language versions", id, views.LangURLs(panel)), Partial: views.LangURLs(panel), Styles: []string{"forms.css", "editor.css"}})
}
