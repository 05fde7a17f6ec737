package articles

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

const (
	defaultSearchDisplay = 5
	defaultSearchData    = 15
	maxSearchQuery       = 500
)

func parseSearchForm(c echo.Context) views.SearchForm {
	f := views.SearchForm{
		Query:               strings.TrimSpace(c.QueryParam("query")),
		IsCaseInsensitive:   boolParam(c.QueryParam("is_case_insensitive"), "true"),
		WithTitleURLAndTags: boolParam(c.QueryParam("with_title_url_and_tags"), "true"),
		StrictSearch:        boolParam(c.QueryParam("strict_search"), "false"),
		NumOfDisplay:        intParam(c.QueryParam("num_of_display_articles"), defaultSearchDisplay, 1, 50),
		NumOfData:           intParam(c.QueryParam("num_of_data_articles"), defaultSearchData, 1, 100),
	}
	if r := []rune(f.Query); len(r) > maxSearchQuery {
		f.Query = string(r[:maxSearchQuery])
	}
	return f
}

// boolParam keeps "true" or "false", and anything else becomes the API's default.
func boolParam(v, def string) string {
	if v == "true" || v == "false" {
		return v
	}
	return def
}

// intParam keeps a number within the API's range, and anything else becomes the default.
func intParam(v string, def, lo, hi int) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return min(max(n, lo), hi)
}

func searchParams(f views.SearchForm) apiclient.SearchParams {
	b := func(s string) *bool { v := s == "true"; return &v }
	return apiclient.SearchParams{
		Query:                f.Query,
		IsCaseInsensitive:    b(f.IsCaseInsensitive),
		WithTitleURLAndTags:  b(f.WithTitleURLAndTags),
		StrictSearch:         b(f.StrictSearch),
		NumOfDisplayArticles: f.NumOfDisplay,
		NumOfDataArticles:    f.NumOfData,
	}
}

// Search runs a knowledge base search with the options in the URL.
func (h *Handlers) Search(c echo.Context) error {
	m := views.SearchPage{Form: parseSearchForm(c)}
	if m.Form.Query != "" {
		res, err := h.API(c).SearchArticles(c.Request().Context(), searchParams(m.Form))
		switch {
		case err == nil:
			m.Searched = true
			m.Snippets, m.Articles, m.Count = searchResults(res)
		case apiclient.IsStatus(err, http.StatusUnprocessableEntity) || apiclient.IsStatus(err, http.StatusBadRequest):
			m.Error = "Quickchat could not run this search: " + web.Describe(err)
		default:
			return h.Failure(c, err)
		}
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Search", Nav: "search", Body: views.SearchView(m), Partial: views.SearchResults(m), Styles: []string{"kb.css"}})
}

func searchResults(res *apiclient.SearchResult) ([]views.SearchSnippet, []views.SearchArticle, int) {
	titles := map[int64]string{}
	articles := make([]views.SearchArticle, 0, len(res.ArticleSnapshots.Items))
	for _, a := range res.ArticleSnapshots.Items {
		titles[a.ID] = display.Title(a.Title)
		articles = append(articles, views.SearchArticle{Href: web.ArticleHref(a.ID), Title: display.Title(a.Title), State: a.State, Tags: tagChips(a.Tags)})
	}
	snippets := make([]views.SearchSnippet, 0, len(res.ArticleSnippets))
	for _, s := range res.ArticleSnippets {
		title, ok := titles[s.ArticleID]
		if !ok {
			title = "Article #" + strconv.FormatInt(s.ArticleID, 10)
		}
		segs := s.Segments()
		vs := make([]views.Segment, len(segs))
		for i, seg := range segs {
			vs[i] = views.Segment{Text: seg.Text, Match: seg.Match}
		}
		snippets = append(snippets, views.SearchSnippet{Href: web.ArticleHref(s.ArticleID), Title: title, Segments: vs})
	}
	return snippets, articles, res.ArticleSnapshots.Count
}
