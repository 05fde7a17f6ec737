package sandbox

import "net/http"

// listTags serves GET knowledge_base/tags/: a bare, sorted JSON array of the tags in use.
func (s *Sandbox) listTags(w http.ResponseWriter, r *http.Request, p principal) error {
	tags, err := s.store.tags(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tags)
	return nil
}
