package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// List limits: the page size range of the spec, and caps that keep one query's SQL small.
const (
	defaultLimit  = 10
	maxLimit      = 100
	maxPage       = 1_000_000_000
	maxFilterTags = 100
	maxQueryTerms = 50
)

// articlePage is the pagination envelope of the article list.
type articlePage struct {
	Items  []articleJSON `json:"items"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
	Count  int           `json:"count"`
}

// listArticles serves GET knowledge_base/articles/.
func (s *Sandbox) listArticles(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := parseArticleFilter(r.URL.Query())
	if err != nil {
		return err
	}
	records, count, err := s.store.listArticles(r.Context(), p.ScenarioID, f)
	if err != nil {
		return err
	}
	page := articlePage{Items: make([]articleJSON, len(records)), Offset: f.Offset, Limit: f.Limit, Count: count}
	for i, a := range records {
		page.Items[i] = articleView(a, false)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// parseArticleFilter reads the list's query string. Besides the reference's names it accepts the
// official MCP client's page/page_size, type and search (EXTRA.md, "Known disagreements").
func parseArticleFilter(q url.Values) (articleFilter, error) {
	var f articleFilter
	var err error
	if f.Limit, f.Offset, err = pageParams(q); err != nil {
		return f, err
	}

	typesName := firstPresent(q, "types", "type")
	for _, t := range listParam(q, typesName) {
		canonical, ok := articleType(t)
		if !ok {
			return f, invalid("Query parameter '%s' accepts Article, Paragraph or URL, got %q.", typesName, t)
		}
		if !slices.Contains(f.Types, canonical) {
			f.Types = append(f.Types, canonical)
		}
	}
	if f.Tags = listParam(q, "tags"); len(f.Tags) > maxFilterTags {
		return f, invalid("Query parameter 'tags' has too many values (at most %d).", maxFilterTags)
	}
	f.URL = strings.TrimSpace(q.Get("url"))
	f.TitleFold = fold(strings.TrimSpace(q.Get("title")))
	f.QueryTerms, err = queryTerms(q, firstPresent(q, "query", "search"))
	return f, err
}

// pageParams reads limit and offset, or the official MCP client's page_size and page.
func pageParams(q url.Values) (limit, offset int, err error) {
	limit = defaultLimit
	if name := firstPresent(q, "limit", "page_size"); name != "" {
		if limit, err = intParam(q, name, 1, maxLimit); err != nil {
			return 0, 0, err
		}
	}
	switch {
	case q.Has("offset"):
		if offset, err = intParam(q, "offset", 0, maxPage*maxLimit); err != nil {
			return 0, 0, err
		}
	case q.Has("page"):
		page, err := intParam(q, "page", 1, maxPage)
		if err != nil {
			return 0, 0, err
		}
		offset = (page - 1) * limit
	}
	return limit, offset, nil
}

// queryTerms reads a free-text filter as lower-cased words, each of which must occur.
func queryTerms(q url.Values, name string) ([]string, error) {
	terms := strings.Fields(fold(q.Get(name)))
	if len(terms) > maxQueryTerms {
		return nil, invalid("Query parameter '%s' has too many words (at most %d).", name, maxQueryTerms)
	}
	return terms, nil
}

// firstPresent returns the first of names present in q, or "" when none is.
func firstPresent(q url.Values, names ...string) string {
	for _, name := range names {
		if q.Has(name) {
			return name
		}
	}
	return ""
}

func intParam(q url.Values, name string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(q.Get(name)))
	if err != nil {
		return 0, invalid("Query parameter '%s' must be an integer.", name)
	}
	if n < lo || n > hi {
		return 0, invalid("Query parameter '%s' must be between %d and %d, got %d.", name, lo, hi, n)
	}
	return n, nil
}

// listParam reads a parameter given comma-separated, repeated, or both; blank values are dropped.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// articleType returns the API's spelling of an article type, accepting any letter case.
func articleType(s string) (string, bool) {
	for _, t := range []string{typeArticle, typeParagraph, typeURL} {
		if strings.EqualFold(s, t) {
			return t, true
		}
	}
	return "", false
}
