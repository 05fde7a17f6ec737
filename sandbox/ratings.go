package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// ratingQuestionCodes are the questions a visitor can be asked when rating a conversation.
var ratingQuestionCodes = []string{"HELPFUL_THUMBS", "EXPERIENCE_THUMBS", "EXPERIENCE_STARS", "NPS"}

// ratingConfigPatch holds the writable rating fields; nil means "leave as is".
type ratingConfigPatch struct {
	Active        *bool     `json:"conv_rating_active"`
	PopupActive   *bool     `json:"conv_rating_popup_active"`
	QuestionCodes *[]string `json:"conv_rating_question_codes"`
}

// getRatingConfig serves GET conversation_ratings/configuration.
func (s *Sandbox) getRatingConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	c, err := s.store.ratingConfig(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// patchRatingConfig serves PATCH conversation_ratings/configuration: any subset of the fields, checked as a whole afterwards.
func (s *Sandbox) patchRatingConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	var patch ratingConfigPatch
	if err := decodeBody(w, r, &patch); err != nil {
		return err
	}
	codes, err := patch.questionCodes()
	if err != nil {
		return err
	}
	c, err := s.store.updateRatingConfig(r.Context(), p.ScenarioID, func(c *ratingConfig) error {
		if patch.Active != nil {
			c.Active = *patch.Active
		}
		if patch.PopupActive != nil {
			c.PopupActive = *patch.PopupActive
		}
		if codes != nil {
			c.QuestionCodes = codes
		}
		// Quickchat shows the rating popup exactly when rating is on; a change that splits them is refused whole.
		if c.PopupActive != c.Active {
			return invalid("'conv_rating_popup_active' must equal 'conv_rating_active': the rating popup is shown exactly when "+
				"conversation rating is active. This change would make conv_rating_active %t and conv_rating_popup_active %t; send both together.",
				c.Active, c.PopupActive)
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// questionCodes validates the new question list (nil: unchanged); repeats are dropped, keeping the first.
func (p ratingConfigPatch) questionCodes() ([]string, error) {
	if p.QuestionCodes == nil {
		return nil, nil
	}
	codes := []string{}
	for _, code := range *p.QuestionCodes {
		if !slices.Contains(ratingQuestionCodes, code) {
			return nil, invalid("Field 'conv_rating_question_codes' accepts %s; got %q.", strings.Join(ratingQuestionCodes, ", "), code)
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes, nil
}
