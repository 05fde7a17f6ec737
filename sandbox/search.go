package sandbox

import (
	"net/http"
	"net/url"
	"strings"
)

// Search limits: the reference's defaults, and caps that keep one answer small.
const (
	defaultDisplayArticles = 5
	maxDisplayArticles     = 50
	defaultDataArticles    = 15
	maxDataArticles        = 100
)

// searchRequest is a validated search: what to match and how many articles to show.
type searchRequest struct {
	Query   searchQuery
	Display int // num_of_display_articles: how many articles get a snippet
	Data    int // num_of_data_articles: how many articles article_snapshots lists
}

// searchResponse is the body of GET knowledge_base/articles/search.
type searchResponse struct {
	ArticleSnippets  []articleSnippet `json:"article_snippets"`
	ArticleSnapshots articlePage      `json:"article_snapshots"`
}

// searchArticles serves GET knowledge_base/articles/search: the published articles that answer the
// query, best first, with the sentence of each that shows why.
func (s *Sandbox) searchArticles(w http.ResponseWriter, r *http.Request, p principal) error {
	req, err := parseSearch(r.URL.Query())
	if err != nil {
		return err
	}
	resp := searchResponse{
		ArticleSnippets:  []articleSnippet{},
		ArticleSnapshots: articlePage{Items: []articleJSON{}, Limit: req.Data},
	}
	// A query of punctuation alone has no words to look for, so nothing matches.
	if len(req.Query.Words) > 0 {
		records, count, err := s.store.searchArticles(r.Context(), p.ScenarioID, req.Query, max(req.Display, req.Data), req.Display)
		if err != nil {
			return err
		}
		resp.ArticleSnapshots.Count = count
		for i, a := range records {
			if i < req.Display {
				resp.ArticleSnippets = append(resp.ArticleSnippets, req.Query.snippet(a))
			}
			if i < req.Data {
				resp.ArticleSnapshots.Items = append(resp.ArticleSnapshots.Items, articleView(a, false))
			}
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// parseSearch reads the search's query string.
func parseSearch(q url.Values) (searchRequest, error) {
	req := searchRequest{Display: defaultDisplayArticles, Data: defaultDataArticles}
	raw := q.Get("query")
	if strings.TrimSpace(raw) == "" {
		return req, invalid("Query parameter 'query' is required and must not be blank.")
	}
	insensitive, err := boolParam(q, "is_case_insensitive", true)
	if err != nil {
		return req, err
	}
	if req.Query.WithMeta, err = boolParam(q, "with_title_url_and_tags", true); err != nil {
		return req, err
	}
	if req.Query.Strict, err = boolParam(q, "strict_search", false); err != nil {
		return req, err
	}
	if q.Has("num_of_display_articles") {
		if req.Display, err = intParam(q, "num_of_display_articles", 1, maxDisplayArticles); err != nil {
			return req, err
		}
	}
	if q.Has("num_of_data_articles") {
		if req.Data, err = intParam(q, "num_of_data_articles", 1, maxDataArticles); err != nil {
			return req, err
		}
	}
	req.Query.CaseSensitive = !insensitive
	req.Query.Words = queryWords(raw, req.Query.Strict, req.Query.CaseSensitive)
	if len(req.Query.Words) > maxQueryTerms {
		return req, invalid("Query parameter 'query' has too many words (at most %d).", maxQueryTerms)
	}
	return req, nil
}

// boolParam reads a boolean parameter the way Python clients send one: true/false, 1/0, yes/no or on/off.
func boolParam(q url.Values, name string, def bool) (bool, error) {
	if !q.Has(name) {
		return def, nil
	}
	switch strings.ToLower(strings.TrimSpace(q.Get(name))) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, invalid("Query parameter '%s' must be a boolean (true or false).", name)
}
