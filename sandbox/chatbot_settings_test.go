package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const chatbotPath = "/v1/api/chatbot_settings"

func (e *testEnv) chatbot(token string) chatbotSettings {
	e.t.Helper()
	var c chatbotSettings
	e.do("GET", chatbotPath, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

func TestChatbotSettingsShape(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", chatbotPath+"/", e.read, nil).wantStatus(t, http.StatusOK)
	var raw map[string]json.RawMessage
	r.decode(t, &raw)
	want := []string{"personality", "profession", "creativity_level", "greeting", "greeting2", "header", "header2",
		"language_chosen", "reply_length", "one_word_description", "short_description", "ai_commands"}
	if len(raw) != len(want) {
		t.Errorf("keys %v, want exactly %v", mapKeys(raw), want)
	}
	for i, key := range want {
		if _, ok := raw[key]; !ok {
			t.Errorf("missing key %q", key)
		}
		// The reference's order, so a reader of the raw JSON sees the documented object.
		if i > 0 && strings.Index(string(r.Body), `"`+key+`"`) < strings.Index(string(r.Body), `"`+want[i-1]+`"`) {
			t.Errorf("key %q comes before %q", key, want[i-1])
		}
	}
	c := e.chatbot(e.read)
	if !strings.HasPrefix(c.Greeting, "<p>Hi! I'm Vela") || c.OneWordDescription != "Vela" || c.LanguageChosen != "en" || len(c.AICommands) != 4 {
		t.Errorf("demo settings: %+v", c)
	}
	// An agent nobody configured has the plain defaults.
	other := e.chatbot(e.token("fresh-agent", ScopeRead))
	if other.Profession != "helpful_assistant" || other.CreativityLevel != 1 || other.ReplyLength != 1 || other.AICommands == nil {
		t.Errorf("defaults: %+v", other)
	}
	e.do("PUT", chatbotPath, e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "GET, PATCH")
}

func TestChatbotSettingsPatch(t *testing.T) {
	e := newEnv(t)
	var c chatbotSettings
	e.do("PATCH", chatbotPath, e.write, `{"personality":13,"creativity_level":0,"reply_length":2,"profession":"bike_mechanic",`+
		`"greeting":"<p>Servus!</p>","greeting2":"","header":"Velora","header2":"Online","language_chosen":"DE"}`).
		wantStatus(t, http.StatusOK).decode(t, &c)
	if c.Personality != 13 || c.CreativityLevel != 0 || c.ReplyLength != 2 || c.Profession != "bike_mechanic" ||
		c.Greeting != "<p>Servus!</p>" || c.Header != "Velora" || c.LanguageChosen != "de" || c.OneWordDescription != "Vela" {
		t.Errorf("after patch: %+v", c)
	}
	// A subset leaves the rest alone; ai_commands replaces the whole list.
	e.do("PATCH", chatbotPath, e.write, `{"ai_commands":["Be brief"],"personality":0}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.Personality != 0 || c.CreativityLevel != 0 || !slices.Equal(c.AICommands, []string{"Be brief"}) {
		t.Errorf("after second patch: %+v", c)
	}
	if got := e.chatbot(e.read); got.Personality != 0 || got.Greeting != "<p>Servus!</p>" {
		t.Errorf("GET after patches: %+v", got)
	}
	e.do("PATCH", chatbotPath, e.write, `{"personality":null}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", chatbotPath, e.read, `{"personality":1}`).wantError(t, http.StatusForbidden, codePermissionDenied, "Required: write_all")
}

func TestChatbotSettingsLimits(t *testing.T) {
	e := newEnv(t)
	before := e.chatbot(e.read)
	for _, tc := range []struct{ body, msg string }{
		{`{"personality":14}`, "Field 'personality' must be an integer from 0 to 13 (a personality preset), got 14."},
		{`{"personality":-1}`, "Field 'personality' must be an integer from 0 to 13"},
		{`{"personality":"friendly"}`, `Field 'personality' must be an integer from 0 to 13 (a personality preset), got "friendly".`},
		{`{"personality":1.5}`, "Field 'personality' must be an integer from 0 to 13 (a personality preset), got 1.5."},
		{`{"creativity_level":3}`, "Field 'creativity_level' must be an integer from 0 to 2 (0 deterministic, 1 balanced, 2 creative), got 3."},
		{`{"creativity_level":true}`, "Field 'creativity_level' must be an integer from 0 to 2"},
		{`{"reply_length":-1}`, "Field 'reply_length' must be an integer from 0 to 2 (0 short, 1 medium, 2 long), got -1."},
		{`{"reply_length":"long"}`, "Field 'reply_length' must be an integer from 0 to 2"},
		{`{"profession":"` + strings.Repeat("p", 201) + `"}`, "Field 'profession' is too long: 201 characters, the limit is 200."},
		{`{"profession":7}`, "Field 'profession' must be a string of at most 200 characters, got 7."},
		{`{"greeting":"<p>` + strings.Repeat("é", 994) + `</p>"}`, "Field 'greeting' is too long: 1001 characters, the limit is 1000."},
		{`{"greeting2":"` + strings.Repeat("g", 1001) + `"}`, "Field 'greeting2' is too long"},
		{`{"header":"` + strings.Repeat("h", 201) + `"}`, "Field 'header' is too long: 201 characters, the limit is 200."},
		{`{"header2":"` + strings.Repeat("h", 201) + `"}`, "Field 'header2' is too long"},
		{`{"language_chosen":"english"}`, `Field 'language_chosen' must be an ISO 639-1 language code such as "en" or "de", got "english".`},
		{`{"language_chosen":"xx"}`, "Field 'language_chosen' must be an ISO 639-1 language code"},
		{`{"one_word_description":"` + strings.Repeat("n", 201) + `"}`, "Field 'one_word_description' is too long: 201 characters, the limit is 200."},
		{`{"short_description":"` + strings.Repeat("s", 2001) + `"}`, "Field 'short_description' is too long: 2001 characters, the limit is 2000."},
		{`{"ai_commands":["` + strings.Repeat("c", 501) + `"]}`, "Field 'ai_commands' item 0 is too long: 501 characters, the limit is 500."},
		{`{"ai_commands":[` + strings.Repeat(`"`+strings.Repeat("c", 500)+`",`, 10) + `"c"]}`, "Field 'ai_commands' is too long: 5001 characters in total, the limit is 5000."},
		{`{"ai_commands":"Be polite"}`, "Field 'ai_commands' must be an array of strings."},
		{`{"persona":1,"profession":7}`, "Field 'profession' must be a string"}, // persona is ignored, the wrong type is not
	} {
		e.do("PATCH", chatbotPath, e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
	// Exactly at the limits is fine.
	e.do("PATCH", chatbotPath, e.write, `{"profession":"`+strings.Repeat("p", 200)+`","greeting":"`+strings.Repeat("g", 1000)+
		`","ai_commands":[`+strings.Repeat(`"`+strings.Repeat("c", 500)+`",`, 9)+`"`+strings.Repeat("c", 500)+`"]}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", chatbotPath, e.write, `{"personality":1`).wantError(t, http.StatusBadRequest, codeBadRequest, "Malformed JSON")
	if after := e.chatbot(e.read); after.Personality != before.Personality {
		t.Errorf("a refused change was stored: %+v", after)
	}
}

// TestChatbotAndKBSettingsShareFields: the agent's name, system prompt and commands are one stored value,
// whichever endpoint writes them.
func TestChatbotAndKBSettingsShareFields(t *testing.T) {
	e := newEnv(t)
	e.do("PATCH", chatbotPath, e.write, `{"one_word_description":"Velo","short_description":"Prompt A","ai_commands":["One"]}`).wantStatus(t, http.StatusOK)
	var kb kbSettings
	e.do("GET", settingsPath, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &kb)
	if kb.OneWordDescription != "Velo" || kb.ShortDescription != "Prompt A" || !slices.Equal(kb.AICommands, []string{"One"}) {
		t.Errorf("knowledge base settings after a chatbot patch: %+v", kb)
	}
	e.do("PATCH", settingsPath, e.write, `{"one_word_description":"Vela 2","ai_commands":[]}`).wantStatus(t, http.StatusOK)
	if c := e.chatbot(e.read); c.OneWordDescription != "Vela 2" || c.ShortDescription != "Prompt A" || c.AICommands == nil || len(c.AICommands) != 0 {
		t.Errorf("chatbot settings after a knowledge base patch: %+v", c)
	}
	// A refused chatbot patch changes neither.
	e.do("PATCH", chatbotPath, e.write, `{"one_word_description":"X","personality":99}`).wantStatus(t, http.StatusUnprocessableEntity)
	e.do("GET", settingsPath, e.read, nil).decode(t, &kb)
	if kb.OneWordDescription != "Vela 2" {
		t.Errorf("refused patch changed the name: %+v", kb)
	}
}

func mapKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
