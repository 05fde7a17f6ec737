package sandbox

import (
	"net/http"
	"slices"
	"testing"
)

const ratingPath = "/v1/api/conversation_ratings/configuration"

func (e *testEnv) ratingConfig(token string) ratingConfig {
	e.t.Helper()
	var c ratingConfig
	e.do("GET", ratingPath, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

func TestRatingConfigDefaults(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", ratingPath, e.read, nil).wantStatus(t, http.StatusOK)
	if string(r.Body) != `{"conv_rating_active":true,"conv_rating_popup_active":true,"conv_rating_question_codes":["HELPFUL_THUMBS","EXPERIENCE_THUMBS"]}`+"\n" {
		t.Errorf("default configuration %s", r.Body)
	}
	e.do("GET", ratingPath+"/", e.read, nil).wantStatus(t, http.StatusOK)
	e.do("PUT", ratingPath, e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "GET, PATCH")
}

func TestRatingConfigPatch(t *testing.T) {
	e := newEnv(t)
	// The popup follows rating: changing one alone is refused, and nothing is stored.
	for _, body := range []string{`{"conv_rating_active":false}`, `{"conv_rating_popup_active":false}`,
		`{"conv_rating_active":true,"conv_rating_popup_active":false,"conv_rating_question_codes":["NPS"]}`} {
		e.do("PATCH", ratingPath, e.write, body).wantError(t, http.StatusUnprocessableEntity, codeValidation,
			"'conv_rating_popup_active' must equal 'conv_rating_active': the rating popup is shown exactly when conversation rating is active")
	}
	if c := e.ratingConfig(e.read); !c.Active || !c.PopupActive || len(c.QuestionCodes) != 2 {
		t.Errorf("a refused change was stored: %+v", c)
	}

	var c ratingConfig
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_active":false,"conv_rating_popup_active":false}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.Active || c.PopupActive || !slices.Equal(c.QuestionCodes, []string{"HELPFUL_THUMBS", "EXPERIENCE_THUMBS"}) {
		t.Errorf("after turning rating off: %+v", c)
	}
	// Codes alone, repeats dropped; the booleans stay consistent.
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_question_codes":["NPS","EXPERIENCE_STARS","NPS"]}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.Active || !slices.Equal(c.QuestionCodes, []string{"NPS", "EXPERIENCE_STARS"}) {
		t.Errorf("after changing codes: %+v", c)
	}
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_question_codes":[]}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.QuestionCodes == nil || len(c.QuestionCodes) != 0 {
		t.Errorf("empty codes: %+v", c)
	}
	e.do("PATCH", ratingPath, e.write, `{}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_active":null}`).wantStatus(t, http.StatusOK)
	if got := e.ratingConfig(e.read); got.Active || len(got.QuestionCodes) != 0 {
		t.Errorf("GET after patches: %+v", got)
	}

	for _, tc := range []struct{ body, msg string }{
		{`{"conv_rating_question_codes":["STARS"]}`, `accepts HELPFUL_THUMBS, EXPERIENCE_THUMBS, EXPERIENCE_STARS, NPS; got "STARS"`},
		{`{"conv_rating_question_codes":"NPS"}`, "'conv_rating_question_codes' must be an array of strings"},
		{`{"conv_rating_active":"yes"}`, "'conv_rating_active' must be a boolean"},
		{`{"conv_rating_enabled":true,"conv_rating_active":"yes"}`, "'conv_rating_active' must be a boolean"}, // the unknown field is ignored
	} {
		e.do("PATCH", ratingPath, e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
	e.do("PATCH", ratingPath, e.read, `{"conv_rating_active":true,"conv_rating_popup_active":true}`).
		wantError(t, http.StatusForbidden, codePermissionDenied, "Insufficient token scope. Required: write_all")

	// Each agent has its own configuration.
	if other := e.ratingConfig(e.token("another-agent", ScopeRead)); !other.Active || len(other.QuestionCodes) != 2 {
		t.Errorf("another agent's configuration changed: %+v", other)
	}
}
