package sandbox

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSettingsPatchSubsets(t *testing.T) {
	e := newEnv(t)
	var before, after kbSettings
	e.do("GET", settingsPath, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &before)
	if before.OneWordDescription == "" || before.ShortDescription == "" || len(before.AICommands) < 2 {
		t.Fatalf("seeded settings = %+v", before)
	}

	e.do("PATCH", settingsPath, e.write, `{"one_word_description":"Sales Bot"}`).wantStatus(t, http.StatusOK).decode(t, &after)
	if after.OneWordDescription != "Sales Bot" || after.ShortDescription != before.ShortDescription || !slices.Equal(after.AICommands, before.AICommands) {
		t.Errorf("after name change = %+v", after)
	}
	if after.RetrainState == nil || *after.RetrainState != *before.RetrainState {
		t.Errorf("retrain_state changed: %v", after.RetrainState)
	}

	e.do("PATCH", settingsPath[:len(settingsPath)-1], e.write, `{"ai_commands":["Be polite"],"short_description":"Helps."}`).wantStatus(t, http.StatusOK).decode(t, &after)
	if !slices.Equal(after.AICommands, []string{"Be polite"}) || after.ShortDescription != "Helps." || after.OneWordDescription != "Sales Bot" {
		t.Errorf("after replace = %+v", after)
	}
	e.do("GET", settingsPath, e.read, nil).decode(t, &after)
	if !slices.Equal(after.AICommands, []string{"Be polite"}) {
		t.Errorf("GET after PATCH = %+v", after)
	}
	r := e.do("PATCH", settingsPath, e.write, `{"ai_commands":[]}`).wantStatus(t, http.StatusOK)
	if !strings.Contains(string(r.Body), `"ai_commands":[]`) {
		t.Errorf("emptied ai_commands: %s", r.Body)
	}
	if !strings.Contains(string(r.Body), "retrain_state") {
		t.Error("settings lack retrain_state")
	}
}

func TestSettingsLimits(t *testing.T) {
	e := newEnv(t)
	ok := []string{
		`{"one_word_description":"` + strings.Repeat("ż", 200) + `"}`,
		`{"short_description":"` + strings.Repeat("a", 2000) + `"}`,
		`{"ai_commands":["` + strings.Repeat("a", 500) + `"]}`,
		`{"ai_commands":[` + strings.TrimSuffix(strings.Repeat(`"`+strings.Repeat("a", 500)+`",`, 10), ",") + `]}`,
	}
	for _, body := range ok {
		e.do("PATCH", settingsPath, e.write, body).wantStatus(t, http.StatusOK)
	}
	bad := map[string]string{
		`{"one_word_description":"` + strings.Repeat("ż", 201) + `"}`:                        "'one_word_description' is too long",
		`{"short_description":"` + strings.Repeat("a", 2001) + `"}`:                          "'short_description' is too long",
		`{"ai_commands":["ok","` + strings.Repeat("a", 501) + `"]}`:                          "item 1 is too long",
		`{"ai_commands":[` + strings.Repeat(`"`+strings.Repeat("a", 500)+`",`, 10) + `"a"]}`: "in total",
		`{"one_word_description":7}`:                                                         "must be a string",
	}
	for body, msg := range bad {
		e.do("PATCH", settingsPath, e.write, body).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", msg)
	}
	var s kbSettings
	e.do("GET", settingsPath, e.read, nil).decode(t, &s)
	if len([]rune(s.OneWordDescription)) != 200 {
		t.Error("a rejected PATCH changed the settings")
	}
	// retrain_state is read-only: like a field the API does not know, it is ignored.
	var patched kbSettings
	e.do("PATCH", settingsPath, e.write, `{"retrain_state":"in_progress"}`).wantStatus(t, http.StatusOK).decode(t, &patched)
	if patched.OneWordDescription != s.OneWordDescription || !reflect.DeepEqual(patched.RetrainState, s.RetrainState) {
		t.Errorf("PATCH with retrain_state: %+v, retrain_state before %v", patched, s.RetrainState)
	}
}

func TestSettingsCreatedLazily(t *testing.T) {
	e := newEnv(t)
	tok := e.token("fresh-agent", ScopeWrite)
	var s kbSettings
	e.do("PATCH", settingsPath, tok, `{"short_description":"New."}`).wantStatus(t, http.StatusOK).decode(t, &s)
	if s.ShortDescription != "New." || s.OneWordDescription != "" || s.AICommands == nil || s.RetrainState != nil {
		t.Errorf("fresh settings = %+v", s)
	}
}
