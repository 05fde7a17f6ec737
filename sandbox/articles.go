package sandbox

import (
	"errors"
	"net/http"
	"strconv"
)

// createArticle serves POST knowledge_base/articles/: a new draft, 201 with the whole article.
func (s *Sandbox) createArticle(w http.ResponseWriter, r *http.Request, p principal) error {
	var req articleCreateRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	c, err := req.validate()
	if err != nil {
		return err
	}
	a, err := s.store.createArticle(r.Context(), p.ScenarioID, c.Type, c.Title, c.Content)
	return writeArticle(w, r, http.StatusCreated, a, err)
}

// getArticle serves GET knowledge_base/articles/{id}.
func (s *Sandbox) getArticle(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := articlePathID(r)
	if err != nil {
		return err
	}
	a, err := s.store.article(r.Context(), p.ScenarioID, id)
	return writeArticle(w, r, http.StatusOK, a, err)
}

// patchArticle serves PATCH knowledge_base/articles/{id}: every call saves a new version, as a draft or published.
func (s *Sandbox) patchArticle(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := articlePathID(r)
	if err != nil {
		return err
	}
	var req articleUpdateRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	patch, err := req.validate()
	if err != nil {
		return err
	}
	a, err := s.store.updateArticle(r.Context(), p.ScenarioID, id, patch)
	return writeArticle(w, r, http.StatusOK, a, err)
}

// writeArticle answers with the whole article, or passes on the store's error (a missing article as 404).
func writeArticle(w http.ResponseWriter, r *http.Request, status int, a articleRecord, err error) error {
	if errors.Is(err, errNotFound) {
		return articleNotFound(r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, status, articleView(a, true))
	return nil
}

// articlePathID reads the {id} segment; anything but a canonical positive integer names no article.
func articlePathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return 0, articleNotFound(raw)
	}
	return id, nil
}

func articleNotFound(id string) error {
	if len(id) > 40 {
		id = id[:40] + "…"
	}
	return notFound("Article %s not found.", id)
}
