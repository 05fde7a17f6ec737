package sandbox

import (
	"net/http"
	"unicode/utf8"
)

// Limits of the knowledge base settings (EXTRA.md, Chatbot Settings).
const (
	maxOneWordDescription = 200
	maxShortDescription   = 2000
	maxAICommand          = 500
	maxAICommandsTotal    = 5000
)

// getSettings serves GET knowledge_base/.
func (s *Sandbox) getSettings(w http.ResponseWriter, r *http.Request, p principal) error {
	settings, err := s.store.settings(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settings)
	return nil
}

// patchSettings serves PATCH knowledge_base/: any subset of the writable fields; ai_commands replaces the list.
func (s *Sandbox) patchSettings(w http.ResponseWriter, r *http.Request, p principal) error {
	var patch settingsPatch
	if err := decodeBody(w, r, &patch); err != nil {
		return err
	}
	if err := patch.validate(); err != nil {
		return err
	}
	settings, err := s.store.updateSettings(r.Context(), p.ScenarioID, patch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settings)
	return nil
}

func (p settingsPatch) validate() error {
	if p.OneWordDescription != nil {
		if err := checkLength("one_word_description", *p.OneWordDescription, maxOneWordDescription); err != nil {
			return err
		}
	}
	if p.ShortDescription != nil {
		if err := checkLength("short_description", *p.ShortDescription, maxShortDescription); err != nil {
			return err
		}
	}
	if p.AICommands != nil {
		total := 0
		for i, command := range *p.AICommands {
			n := utf8.RuneCountInString(command)
			if n > maxAICommand {
				return invalid("Field 'ai_commands' item %d is too long: %d characters, the limit is %d.", i, n, maxAICommand)
			}
			total += n
		}
		if total > maxAICommandsTotal {
			return invalid("Field 'ai_commands' is too long: %d characters in total, the limit is %d.", total, maxAICommandsTotal)
		}
	}
	return nil
}

// checkLength enforces a limit counted in characters (code points), as the API counts them.
func checkLength(field, value string, limit int) error {
	if n := utf8.RuneCountInString(value); n > limit {
		return invalid("Field '%s' is too long: %d characters, the limit is %d.", field, n, limit)
	}
	return nil
}
