package sandbox

import "net/http"

// paragraphJSON is one paragraph as the API shows it. article_id is the sandbox's documented
// addition to the reference's {id, content}, so clients can link a paragraph to its article.
type paragraphJSON struct {
	ID        int64  `json:"id"`
	Content   string `json:"content"`
	ArticleID int64  `json:"article_id"`
}

// paragraphPage is the pagination envelope of the paragraph list.
type paragraphPage struct {
	Items  []paragraphJSON `json:"items"`
	Offset int             `json:"offset"`
	Limit  int             `json:"limit"`
	Count  int             `json:"count"`
}

// listParagraphs serves GET knowledge_base/articles/paragraphs: the chunks of the published articles
// the agent answers from, by article and position; query keeps those containing every word.
func (s *Sandbox) listParagraphs(w http.ResponseWriter, r *http.Request, p principal) error {
	q := r.URL.Query()
	var f paragraphFilter
	var err error
	if f.Limit, f.Offset, err = pageParams(q); err != nil {
		return err
	}
	if f.QueryTerms, err = queryTerms(q, "query"); err != nil {
		return err
	}
	records, count, err := s.store.listParagraphs(r.Context(), p.ScenarioID, f)
	if err != nil {
		return err
	}
	page := paragraphPage{Items: make([]paragraphJSON, len(records)), Offset: f.Offset, Limit: f.Limit, Count: count}
	for i, pr := range records {
		page.Items[i] = paragraphJSON{ID: pr.ID, Content: pr.Content, ArticleID: pr.ArticleID}
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
