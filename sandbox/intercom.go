package sandbox

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// intercomSource is the source behind the dedicated Intercom endpoints.
const intercomSource = "intercom"

// maxRefreshIDs caps the article_ids of one refresh.
const maxRefreshIDs = 1000

// refreshRequest is the body of POST knowledge_base/intercom/refresh_articles.
type refreshRequest struct {
	ArticleIDs       *[]int64 `json:"article_ids"`
	FetchNewArticles *bool    `json:"fetch_new_articles"`
}

// importIntercom serves POST knowledge_base/intercom/import.
func (s *Sandbox) importIntercom(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := decodeEmptyBody(w, r); err != nil {
		return err
	}
	return s.writeSourceImport(w, r, p, intercomSource)
}

// deleteIntercom serves POST knowledge_base/intercom/delete.
func (s *Sandbox) deleteIntercom(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := decodeEmptyBody(w, r); err != nil {
		return err
	}
	return s.writeSourceDelete(w, r, p, intercomSource)
}

// diffIntercom serves GET knowledge_base/intercom/articles_diff; reading a diff needs read_all only.
func (s *Sandbox) diffIntercom(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.writeSourceDiff(w, r, p, intercomSource)
}

// refreshIntercom serves POST knowledge_base/intercom/refresh_articles: 204 once the listed knowledge base
// articles (all of Intercom's when none are listed) hold their external content again and, unless
// fetch_new_articles is false, new Intercom articles are imported.
func (s *Sandbox) refreshIntercom(w http.ResponseWriter, r *http.Request, p principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req refreshRequest
	if len(bytes.TrimSpace(body)) > 0 {
		if err := decodeJSON(body, &req); err != nil {
			return err
		}
	}
	var only []int64
	if req.ArticleIDs != nil && len(*req.ArticleIDs) > 0 {
		if len(*req.ArticleIDs) > maxRefreshIDs {
			return invalid("Field 'article_ids' has %d ids; the limit is %d.", len(*req.ArticleIDs), maxRefreshIDs)
		}
		for _, id := range *req.ArticleIDs {
			if id <= 0 {
				return invalid("Field 'article_ids' must hold positive article ids, got %d.", id)
			}
		}
		only = *req.ArticleIDs
	}
	fetchNew := req.FetchNewArticles == nil || *req.FetchNewArticles
	_, missing, err := s.store.syncSource(r.Context(), p.ScenarioID, intercomSource, only, fetchNew)
	if err != nil {
		return sourceError(err)
	}
	if len(missing) > 0 {
		ids := make([]string, len(missing))
		for i, id := range missing {
			ids[i] = strconv.FormatInt(id, 10)
		}
		noun := "Article " + ids[0] + " was"
		if len(ids) > 1 {
			noun = "Articles " + strings.Join(ids, ", ") + " were"
		}
		return invalid("Field 'article_ids': %s not imported from Intercom; nothing was refreshed.", noun)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
