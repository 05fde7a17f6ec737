package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

// maxDeleteIDs caps one bulk delete, keeping its SQL within SQLite's parameter limit.
const maxDeleteIDs = 1000

// deleteArticles serves DELETE knowledge_base/articles/: all the listed articles go, or none do.
func (s *Sandbox) deleteArticles(w http.ResponseWriter, r *http.Request, p principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	ids, err := parseArticleIDs(body)
	if err != nil {
		return err
	}
	missing, err := s.store.deleteArticles(r.Context(), p.ScenarioID, ids)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return articlesNotFound(missing)
	}
	writeJSON(w, http.StatusOK, struct{}{})
	return nil
}

// parseArticleIDs reads a JSON array of ids, or the official MCP client's {"ids": [...]}, without repeats.
func parseArticleIDs(body []byte) ([]int64, error) {
	var ids []int64
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		var req struct {
			IDs []int64 `json:"ids"`
		}
		if err := decodeJSON(body, &req); err != nil {
			return nil, err
		}
		ids = req.IDs
	} else if err := decodeJSON(body, &ids); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, invalid("Request body must be a non-empty JSON array of article ids.")
	}
	if len(ids) > maxDeleteIDs {
		return nil, invalid("At most %d articles can be deleted at once, got %d.", maxDeleteIDs, len(ids))
	}
	seen := map[int64]bool{}
	unique := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	return unique, nil
}

func articlesNotFound(ids []int64) error {
	if len(ids) == 1 {
		return notFound("Article %d not found; nothing was deleted.", ids[0])
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = fmt.Sprint(id)
	}
	return notFound("Articles not found: %s; nothing was deleted.", strings.Join(names, ", "))
}
