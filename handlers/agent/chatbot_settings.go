package agent

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/web"
)

// Limits of the chatbot settings. Quickchat documents the greeting's and the
// profession's; the headers are held to the profession's, the second greeting
// to the first's.
const (
	maxProfession = 200
	maxGreeting   = 1000
	maxHeader     = 200
)

// personalities name Quickchat's persona presets, 0 to 13; the API gives only the numbers.
var personalities = []string{
	"Neutral", "Friendly", "Professional", "Enthusiastic", "Empathetic", "Witty", "Concise",
	"Formal", "Casual", "Patient teacher", "Persuasive seller", "Calm and reassuring", "Playful", "Technical expert",
}

var (
	creativityLevels = []string{"Deterministic", "Balanced", "Creative"}
	replyLengths     = []string{"Short", "Medium", "Long"}
)

// chatbotInput is the chatbot settings form as posted, kept verbatim: numbers
// stay text, so a value out of range comes back as it was sent.
// The agent's name, prompt and guidelines, which Quickchat also returns here,
// are edited on the persona tab only: this form neither shows nor sends them.
type chatbotInput struct {
	Personality, CreativityLevel, ReplyLength, Language string
	Profession, Greeting, Greeting2, Header, Header2    string
}

func chatbotInputOf(s *apiclient.ChatbotSettings) chatbotInput {
	return chatbotInput{
		Personality: strconv.Itoa(s.Personality), CreativityLevel: strconv.Itoa(s.CreativityLevel), ReplyLength: strconv.Itoa(s.ReplyLength),
		Language: s.LanguageChosen, Profession: s.Profession,
		Greeting: s.Greeting, Greeting2: s.Greeting2, Header: s.Header, Header2: s.Header2,
	}
}

func readChatbotInput(form url.Values) chatbotInput {
	return chatbotInput{
		Personality: form.Get("personality"), CreativityLevel: form.Get("creativity_level"), ReplyLength: form.Get("reply_length"),
		Language: form.Get("language_chosen"), Profession: professionOf(form),
		Greeting: web.UnixNewlines(form.Get("greeting")), Greeting2: web.UnixNewlines(form.Get("greeting2")),
		Header: form.Get("header"), Header2: form.Get("header2"),
	}
}

// professionOf is the profession as typed, or Quickchat's machine name for it
// when the field still shows that name as the words the form put there.
func professionOf(form url.Values) string {
	typed := form.Get("profession")
	if id := form.Get("profession_identifier"); id != "" && display.Identifier(id) == typed {
		return id
	}
	return typed
}

// presetNumber reads a pick among n presets; ok is false for anything but 0 … n-1.
func presetNumber(s string, n int) (int, bool) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	return v, err == nil && v >= 0 && v < n
}

// check catches what Quickchat would refuse, before asking it.
func (in chatbotInput) check() map[string]string {
	errs := map[string]string{}
	for _, f := range []struct {
		field, value, what string
		names              []string
	}{
		{"personality", in.Personality, "a personality", personalities},
		{"creativity_level", in.CreativityLevel, "a creativity level", creativityLevels},
		{"reply_length", in.ReplyLength, "a reply length", replyLengths},
	} {
		if _, ok := presetNumber(f.value, len(f.names)); !ok {
			errs[f.field] = "Pick " + f.what + " from the list: Quickchat takes 0 to " + strconv.Itoa(len(f.names)-1) + ", and “" + f.value + "” is not one of them."
		}
	}
	if strings.TrimSpace(in.Language) == "" {
		errs["language_chosen"] = "Pick a language."
	}
	checkLengths(errs,
		lengthRule{"profession", "The profession", in.Profession, maxProfession},
		lengthRule{"greeting", "The greeting", in.Greeting, maxGreeting},
		lengthRule{"greeting2", "The second greeting", in.Greeting2, maxGreeting},
		lengthRule{"header", "The header", in.Header, maxHeader},
		lengthRule{"header2", "The subtitle", in.Header2, maxHeader})
	return errs
}

// update is the PATCH body: every field of this form, and none of the persona's. Call it after check.
func (in chatbotInput) update() apiclient.ChatbotSettingsUpdate {
	personality, _ := presetNumber(in.Personality, len(personalities))
	creativity, _ := presetNumber(in.CreativityLevel, len(creativityLevels))
	length, _ := presetNumber(in.ReplyLength, len(replyLengths))
	language := strings.ToLower(strings.TrimSpace(in.Language))
	return apiclient.ChatbotSettingsUpdate{
		Personality: &personality, CreativityLevel: &creativity, ReplyLength: &length, LanguageChosen: &language,
		Profession: &in.Profession, Greeting: &in.Greeting, Greeting2: &in.Greeting2, Header: &in.Header, Header2: &in.Header2,
	}
}

// presetChoice offers numbered presets by name, keeping a value outside them as typed.
func presetChoice(id, value string, names []string, errs map[string]string) views.ChoiceField {
	f := views.ChoiceField{ID: id, Value: value, Error: errs[id]}
	for i, n := range names {
		f.Options = append(f.Options, views.Option{Value: strconv.Itoa(i), Label: n})
	}
	return keepChoice(f)
}

// keepChoice adds the field's value as an option when none carries it, so nothing sent is lost on the way back.
func keepChoice(f views.ChoiceField) views.ChoiceField {
	if !slices.ContainsFunc(f.Options, func(o views.Option) bool { return o.Value == f.Value }) {
		f.Options = append(f.Options, views.Option{Value: f.Value, Label: cmp.Or(f.Value, "(none)") + " (not one of Quickchat's)"})
	}
	return f
}

// languageChoice offers the console's languages and the common ones by name, plus the saved one.
func (h *Handlers) languageChoice(value string, errs map[string]string) views.ChoiceField {
	codes := slices.Concat(h.Languages, display.Languages())
	slices.SortFunc(codes, func(a, b string) int { return cmp.Compare(display.Language(a), display.Language(b)) })
	codes = slices.Compact(codes)
	f := views.ChoiceField{ID: "language_chosen", Value: value, Error: errs["language_chosen"]}
	for _, code := range codes {
		f.Options = append(f.Options, views.Option{Value: code, Label: display.Language(code) + " (" + code + ")"})
	}
	if value != "" && !slices.Contains(codes, value) {
		f.Options = append(f.Options, views.Option{Value: value, Label: display.Language(value) + " (" + value + ")"})
	}
	return f
}

// chatbotView builds the form from what was typed, with messages keyed by field name.
func (h *Handlers) chatbotView(c echo.Context, in chatbotInput, errs map[string]string) views.ChatbotForm {
	canWrite := h.Account(c).CanWrite()
	profession := countedField("profession", in.Profession, maxProfession, errs)
	var professionID string
	// Only a machine name with an underscore reads as words; a word someone typed stays as typed.
	if words := display.Identifier(in.Profession); words != in.Profession && strings.Contains(in.Profession, "_") {
		profession.Value, professionID = words, in.Profession
	}
	return views.ChatbotForm{
		Personality:          presetChoice("personality", in.Personality, personalities, errs),
		Creativity:           presetChoice("creativity_level", in.CreativityLevel, creativityLevels, errs),
		ReplyLength:          presetChoice("reply_length", in.ReplyLength, replyLengths, errs),
		Language:             h.languageChoice(in.Language, errs),
		Profession:           profession,
		ProfessionIdentifier: professionID,
		Greeting:             countedField("greeting", in.Greeting, maxGreeting, errs),
		Greeting2:            countedField("greeting2", in.Greeting2, maxGreeting, errs),
		Header:               countedField("header", in.Header, maxHeader, errs),
		Header2:              countedField("header2", in.Header2, maxHeader, errs),
		Preview:              h.greetingPreview(in),
		CanWrite:             canWrite,
	}
}

// chatbotSettingsPage is the settings page's Chatbot tab.
func (h *Handlers) chatbotSettingsPage(c echo.Context) error {
	s, err := h.API(c).GetChatbotSettings(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	m := h.chatbotView(c, chatbotInputOf(s), nil)
	m.Base = merge.Encode(chatbotFields(*s))
	m.Persona = personaOf(s)
	return h.renderChatbotSettings(c, m)
}

func (h *Handlers) renderChatbotSettings(c echo.Context, m views.ChatbotForm) error {
	m.Colours = h.widgetColours(c)
	if !m.Persona.Known {
		if s, err := h.API(c).GetChatbotSettings(c.Request().Context()); err == nil {
			m.Persona = personaOf(s)
		}
	}
	return h.Render(c, http.StatusOK, web.Page{
		Title:   "Chatbot settings",
		Nav:     "settings",
		Body:    views.ChatbotSettingsPage(m),
		Partial: views.ChatbotSettingsForm(m),
		Styles:  []string{"forms.css", "agent.css"},
		Scripts: append([]string{h.Assets.Widget}, mergeScripts(m.SettingsMerge)...),
	})
}

// widgetColours reads the widget's colours, so the greeting's preview and the
// widget's agree; when they cannot be read the preview keeps the console's own.
func (h *Handlers) widgetColours(c echo.Context) views.WidgetColours {
	w, err := h.API(c).GetWidgetConfiguration(c.Request().Context())
	if err != nil {
		return views.WidgetColours{Unknown: true}
	}
	out := views.WidgetColours{LightHeader: w.HeaderTextColor}
	out.Primary, _ = storedColour(w.PrimaryColor).resolve()
	out.Header, _ = storedColour(w.HeaderColor).resolve()
	return out
}

// personaOf sums up the persona for the chatbot tab, which links to where it is edited.
func personaOf(s *apiclient.ChatbotSettings) views.PersonaSummary {
	n := 0
	for _, c := range s.AICommands {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return views.PersonaSummary{Known: true, Name: s.OneWordDescription, Prompt: s.ShortDescription, Guidelines: n}
}
