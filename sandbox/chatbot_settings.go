package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
)

// Limits of the chatbot settings (EXTRA.md, Chatbot Settings). The reference gives none for greeting2,
// header and header2; the sandbox holds greeting2 to the greeting's limit and headers to the profession's.
const (
	maxPersonality = 13
	maxCreativity  = 2
	maxReplyLength = 2
	maxProfession  = 200
	maxGreeting    = 1000
	maxHeader      = 200
)

// chatbotSettings is the chatbot settings object, exactly as the API shows it. The last three fields are
// the knowledge base settings' own: one stored value serves both endpoints.
type chatbotSettings struct {
	chatbotCore
	OneWordDescription string   `json:"one_word_description"`
	ShortDescription   string   `json:"short_description"`
	AICommands         []string `json:"ai_commands"`
}

// chatbotCore is the part of the chatbot settings stored in agent_settings.
type chatbotCore struct {
	Personality     int    `json:"personality"`      // a preset id, 0–13
	Profession      string `json:"profession"`       // e.g. helpful_assistant
	CreativityLevel int    `json:"creativity_level"` // 0 deterministic, 1 balanced, 2 creative
	Greeting        string `json:"greeting"`         // HTML
	Greeting2       string `json:"greeting2"`
	Header          string `json:"header"`
	Header2         string `json:"header2"`
	LanguageChosen  string `json:"language_chosen"` // ISO 639-1
	ReplyLength     int    `json:"reply_length"`    // 0 short, 1 medium, 2 long
}

// defaultChatbotCore is what an agent shows before anyone configures it.
func defaultChatbotCore() chatbotCore {
	return chatbotCore{
		Profession: "helpful_assistant", CreativityLevel: 1, ReplyLength: 1, LanguageChosen: "en",
		Greeting: "<p>Hi! How can I help you today?</p>", Header: "AI Assistant", Header2: "Ask me anything",
	}
}

// chatbotSettingsPatch holds the writable fields; nil means "leave as is".
// inferred: see shared spec EXTRA.md (PATCH chatbot_settings)
type chatbotSettingsPatch struct {
	Personality        *int      `json:"personality"`
	Profession         *string   `json:"profession"`
	CreativityLevel    *int      `json:"creativity_level"`
	Greeting           *string   `json:"greeting"`
	Greeting2          *string   `json:"greeting2"`
	Header             *string   `json:"header"`
	Header2            *string   `json:"header2"`
	LanguageChosen     *string   `json:"language_chosen"`
	ReplyLength        *int      `json:"reply_length"`
	OneWordDescription *string   `json:"one_word_description"`
	ShortDescription   *string   `json:"short_description"`
	AICommands         *[]string `json:"ai_commands"`
}

// chatbotRules say each field's rule in full when a client sends it with the wrong type.
var chatbotRules = []fieldRule{
	{"personality", true, "an integer from 0 to 13 (a personality preset)"},
	{"creativity_level", true, "an integer from 0 to 2 (0 deterministic, 1 balanced, 2 creative)"},
	{"reply_length", true, "an integer from 0 to 2 (0 short, 1 medium, 2 long)"},
	{"profession", false, "a string of at most 200 characters"},
	{"greeting", false, "a string of HTML of at most 1000 characters"},
	{"greeting2", false, "a string of HTML of at most 1000 characters"},
	{"header", false, "a string of at most 200 characters"},
	{"header2", false, "a string of at most 200 characters"},
	{"language_chosen", false, `an ISO 639-1 language code such as "en"`},
	{"one_word_description", false, "a string of at most 200 characters"},
	{"short_description", false, "a string of at most 2000 characters"},
}

// getChatbotSettings serves GET chatbot_settings.
func (s *Sandbox) getChatbotSettings(w http.ResponseWriter, r *http.Request, p principal) error {
	c, err := s.store.chatbotSettings(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// patchChatbotSettings serves PATCH chatbot_settings: any subset of the fields; ai_commands replaces the list.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) patchChatbotSettings(w http.ResponseWriter, r *http.Request, p principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if err := checkFieldKinds(body, chatbotRules); err != nil {
		return err
	}
	var patch chatbotSettingsPatch
	if err := decodeJSON(body, &patch); err != nil {
		return err
	}
	if err := patch.validate(); err != nil {
		return err
	}
	c, err := s.store.updateChatbotSettings(r.Context(), p.ScenarioID, patch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// validate checks every field sent; the language code is folded to lower case first.
func (p *chatbotSettingsPatch) validate() error {
	for _, c := range []struct {
		field  string
		value  *int
		hi     int
		labels string
	}{
		{"personality", p.Personality, maxPersonality, " (a personality preset)"},
		{"creativity_level", p.CreativityLevel, maxCreativity, " (0 deterministic, 1 balanced, 2 creative)"},
		{"reply_length", p.ReplyLength, maxReplyLength, " (0 short, 1 medium, 2 long)"},
	} {
		if c.value != nil && (*c.value < 0 || *c.value > c.hi) {
			return invalid("Field '%s' must be an integer from 0 to %d%s, got %d.", c.field, c.hi, c.labels, *c.value)
		}
	}
	for _, c := range []struct {
		field string
		value *string
		limit int
	}{
		{"profession", p.Profession, maxProfession},
		{"greeting", p.Greeting, maxGreeting},
		{"greeting2", p.Greeting2, maxGreeting},
		{"header", p.Header, maxHeader},
		{"header2", p.Header2, maxHeader},
	} {
		if c.value != nil {
			if err := checkLength(c.field, *c.value, c.limit); err != nil {
				return err
			}
		}
	}
	if p.LanguageChosen != nil {
		code := strings.ToLower(strings.TrimSpace(*p.LanguageChosen))
		if !isLanguageCode(code) {
			return invalid(`Field 'language_chosen' must be an ISO 639-1 language code such as "en" or "de", got %q.`, *p.LanguageChosen)
		}
		p.LanguageChosen = &code
	}
	return p.kbPart().validate()
}

// kbPart is the part of the patch the knowledge base settings own.
func (p chatbotSettingsPatch) kbPart() settingsPatch {
	return settingsPatch{OneWordDescription: p.OneWordDescription, ShortDescription: p.ShortDescription, AICommands: p.AICommands}
}

// apply changes c by the fields of p that are set.
func (p chatbotSettingsPatch) apply(c *chatbotCore) {
	setInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setString := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setInt(&c.Personality, p.Personality)
	setString(&c.Profession, p.Profession)
	setInt(&c.CreativityLevel, p.CreativityLevel)
	setString(&c.Greeting, p.Greeting)
	setString(&c.Greeting2, p.Greeting2)
	setString(&c.Header, p.Header)
	setString(&c.Header2, p.Header2)
	setString(&c.LanguageChosen, p.LanguageChosen)
	setInt(&c.ReplyLength, p.ReplyLength)
}

// chatbotSettings returns the scenario's chatbot settings with the knowledge base's three fields.
func (st *store) chatbotSettings(ctx context.Context, scenarioID string) (chatbotSettings, error) {
	var c chatbotSettings
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = loadChatbotSettings(ctx, tx, scenarioID, st)
		return err
	})
	return c, err
}

// updateChatbotSettings applies p to both stores in one transaction and returns the full settings.
func (st *store) updateChatbotSettings(ctx context.Context, scenarioID string, p chatbotSettingsPatch) (chatbotSettings, error) {
	var c chatbotSettings
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		core := defaultChatbotCore()
		if err := loadAgentSetting(ctx, tx, scenarioID, kindChatbot, &core); err != nil {
			return err
		}
		p.apply(&core)
		if err := saveAgentSetting(ctx, tx, scenarioID, kindChatbot, core); err != nil {
			return err
		}
		if err := applySettingsPatch(ctx, tx, scenarioID, p.kbPart()); err != nil {
			return err
		}
		var err error
		c, err = loadChatbotSettings(ctx, tx, scenarioID, st)
		return err
	})
	return c, err
}

func loadChatbotSettings(ctx context.Context, q querier, scenarioID string, st *store) (chatbotSettings, error) {
	c := chatbotSettings{chatbotCore: defaultChatbotCore()}
	if err := loadAgentSetting(ctx, q, scenarioID, kindChatbot, &c.chatbotCore); err != nil {
		return c, err
	}
	kb, err := loadSettings(ctx, q, scenarioID, st.now())
	if err != nil {
		return c, err
	}
	c.OneWordDescription, c.ShortDescription, c.AICommands = kb.OneWordDescription, kb.ShortDescription, nonNil(kb.AICommands)
	return c, nil
}
