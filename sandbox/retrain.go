package sandbox

import (
	"errors"
	"net/http"
)

// retrainJSON is the answer to a retrain request.
type retrainJSON struct {
	RetrainState string `json:"retrain_state"`
}

// retrain serves POST knowledge_base/retrain: 202 once the retrain is queued; GET knowledge_base/
// then shows retrain_state moving from to_be_retrained to in_progress to up_to_date.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) retrain(w http.ResponseWriter, r *http.Request, p principal) error {
	state, err := s.store.startRetrain(r.Context(), p.ScenarioID)
	if errors.Is(err, errRetrainInProgress) {
		return conflict("A retrain is already in progress.")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, retrainJSON{RetrainState: state})
	return nil
}
