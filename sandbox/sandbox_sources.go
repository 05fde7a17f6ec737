package sandbox

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"qcadmin/internal/cut"
)

// externalArticleJSON is an article on the external side of a simulated source, as the sandbox-only
// /sandbox/sources/{source}/articles paths show it.
type externalArticleJSON struct {
	ID                   int64  `json:"id"`
	Source               string `json:"source"`
	Title                string `json:"title"`
	Content              string `json:"content"`
	URL                  string `json:"url"`
	Revision             int    `json:"revision"`
	CreatedTimestamp     string `json:"created_timestamp"`
	LastUpdatedTimestamp string `json:"last_updated_timestamp"`
	ImportedArticleID    *int64 `json:"imported_article_id"` // the knowledge base copy, null before an import
}

// externalArticleRequest is the body of POST and PATCH on the external side.
type externalArticleRequest struct {
	Title   *string `json:"title"`
	Content *string `json:"content"`
}

func externalView(x externalArticle) externalArticleJSON {
	return externalArticleJSON{
		ID: x.ID, Source: x.Source, Title: x.Title, Content: x.Content, URL: x.URL, Revision: x.Revision,
		CreatedTimestamp:     x.Created.UTC().Format(time.RFC3339Nano),
		LastUpdatedTimestamp: x.Updated.UTC().Format(time.RFC3339Nano),
		ImportedArticleID:    x.Imported,
	}
}

// listExternal serves GET /sandbox/sources/{source}/articles: the external side, oldest first.
func (s *Sandbox) listExternal(w http.ResponseWriter, r *http.Request, p principal) error {
	source, err := pathSource(r)
	if err != nil {
		return err
	}
	list, err := s.store.externalList(r.Context(), p.ScenarioID, source)
	if err != nil {
		return sourceError(err)
	}
	out := make([]externalArticleJSON, len(list))
	for i, x := range list {
		out[i] = externalView(x)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// addExternal serves POST /sandbox/sources/{source}/articles: a new external article, 201.
func (s *Sandbox) addExternal(w http.ResponseWriter, r *http.Request, p principal) error {
	source, err := pathSource(r)
	if err != nil {
		return err
	}
	var req externalArticleRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.Title == nil || req.Content == nil {
		return invalid("Fields 'title' and 'content' are required.")
	}
	if err := req.validate(); err != nil {
		return err
	}
	x, err := s.store.addExternal(r.Context(), p.ScenarioID, source, strings.TrimSpace(*req.Title), *req.Content)
	if err != nil {
		return sourceError(err)
	}
	writeJSON(w, http.StatusCreated, externalView(x))
	return nil
}

// editExternal serves PATCH /sandbox/sources/{source}/articles/{external_id}: a changed title or content
// is a new revision, which the diff then reports as an external change.
func (s *Sandbox) editExternal(w http.ResponseWriter, r *http.Request, p principal) error {
	source, id, err := externalPath(r)
	if err != nil {
		return err
	}
	var req externalArticleRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.Title == nil && req.Content == nil {
		return invalid("Send 'title', 'content' or both.")
	}
	if err := req.validate(); err != nil {
		return err
	}
	var edit externalEdit
	if req.Title != nil {
		title := strings.TrimSpace(*req.Title)
		edit.Title = &title
	}
	edit.Content = req.Content
	x, err := s.store.editExternal(r.Context(), p.ScenarioID, source, id, edit)
	if errors.Is(err, errNotFound) {
		return externalNotFound(source, r.PathValue("external_id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, externalView(x))
	return nil
}

// removeExternal serves DELETE /sandbox/sources/{source}/articles/{external_id}: 204; the knowledge base
// copy stays, and the diff reports it REMOVED.
func (s *Sandbox) removeExternal(w http.ResponseWriter, r *http.Request, p principal) error {
	source, id, err := externalPath(r)
	if err != nil {
		return err
	}
	if err := s.store.removeExternal(r.Context(), p.ScenarioID, source, id); errors.Is(err, errNotFound) {
		return externalNotFound(source, r.PathValue("external_id"))
	} else if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (req externalArticleRequest) validate() error {
	if req.Title != nil {
		if strings.TrimSpace(*req.Title) == "" {
			return invalid("Field 'title' must not be empty.")
		}
		if err := checkLength("title", *req.Title, maxTitle); err != nil {
			return err
		}
	}
	if req.Content != nil {
		return checkContent(*req.Content)
	}
	return nil
}

// externalPath reads {source} and {external_id}.
func externalPath(r *http.Request) (string, int64, error) {
	source, err := pathSource(r)
	if err != nil {
		return "", 0, err
	}
	raw := r.PathValue("external_id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return "", 0, externalNotFound(source, raw)
	}
	return source, id, nil
}

func externalNotFound(source, id string) error {
	return notFound("External article %s not found in source %s.", cut.Runes(id, 40), source)
}
