package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func storedChatbot(c *consoletest.Console) *apiclient.ChatbotSettings {
	c.T.Helper()
	s, err := c.SandboxClient().GetChatbotSettings(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return s
}

// chatbotForm is the form as the page would post it, from stored settings.
func chatbotForm(s *apiclient.ChatbotSettings) url.Values {
	v := url.Values{
		"personality": {itoa(s.Personality)}, "creativity_level": {itoa(s.CreativityLevel)}, "reply_length": {itoa(s.ReplyLength)},
		"language_chosen": {s.LanguageChosen}, "profession": {s.Profession}, "greeting": {s.Greeting}, "greeting2": {s.Greeting2},
		"header": {s.Header}, "header2": {s.Header2}, "one_word_description": {s.OneWordDescription},
		"short_description": {s.ShortDescription}, "ai_commands": s.AICommands, "op": {"save"},
	}
	return v
}

func itoa(n int) string { return idText(int64(n)) }

func selected(doc *goquery.Document, name string) string {
	if v, ok := doc.Find(`select[name="` + name + `"] option[selected]`).Attr("value"); ok {
		return v
	}
	v, _ := doc.Find(`input[type=radio][name="` + name + `"][checked]`).Attr("value")
	return v
}

func TestChatbotSettingsTabShowsTheStoredSettings(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	stored := storedChatbot(c)
	res, body := c.Get("/settings?tab=chatbot")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("settings-tabs") + ` a[aria-current="page"]`).Text(); got != "Chatbot" {
		t.Errorf("current tab %q", got)
	}
	for name, want := range map[string]string{"personality": itoa(stored.Personality), "creativity_level": itoa(stored.CreativityLevel),
		"reply_length": itoa(stored.ReplyLength), "language_chosen": stored.LanguageChosen} {
		if got := selected(doc, name); got != want {
			t.Errorf("%s shows %q, stored %q", name, got, want)
		}
	}
	if got := doc.Find(`select[name="personality"] option[value="13"]`).Text(); got == "" || got == "13" {
		t.Errorf("personality 13 has no name: %q", got)
	}
	if doc.Find(`select[name="language_chosen"] option[value="pl"]`).Length() != 1 {
		t.Error("a configured language is not offered")
	}
	for sel, want := range map[string]string{"#profession": "200", "#greeting": "1000", "#header": "200"} {
		if got, _ := doc.Find(sel).Attr("data-maxlength"); got != want {
			t.Errorf("%s data-maxlength %q", sel, got)
		}
	}
	// The persona is shown, and edited on the persona tab only.
	if got := doc.Find(consoletest.TestID("persona-name")).Text(); got != stored.OneWordDescription {
		t.Errorf("persona name %q", got)
	}
	if doc.Find("#one_word_description, #short_description, "+consoletest.TestID("op-add")).Length() != 0 {
		t.Error("the chatbot tab offers a second editor of the persona")
	}
	if href := doc.Find(consoletest.TestID("edit-persona")).AttrOr("href", ""); href != "/settings#persona" {
		t.Errorf("the persona links to %q", href)
	}
	if got := doc.Find(consoletest.TestID("preview-header")).Text(); got != stored.Header {
		t.Errorf("preview header %q", got)
	}
	if doc.Find(consoletest.TestID("preview-greeting")+" p").Length() == 0 {
		t.Error("the greeting preview does not render the greeting's HTML")
	}
}

func TestChatbotSettingsSaveLeavesThePersonaAlone(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := storedChatbot(c)
	form := chatbotForm(before)
	form.Set("personality", "5")
	form.Set("reply_length", "2")
	form.Set("language_chosen", "de")
	form.Set("header", "Velora Hilfe")
	// A form from an older page that still carries the persona's fields changes none of them.
	form.Set("one_word_description", "Not from here")
	form["ai_commands"] = []string{"Not from here either"}
	res, _ := c.Post("/settings/chatbot", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/settings?tab=chatbot" {
		t.Fatalf("save: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	s := storedChatbot(c)
	if s.Personality != 5 || s.ReplyLength != 2 || s.LanguageChosen != "de" || s.Header != "Velora Hilfe" {
		t.Errorf("stored %+v", s)
	}
	if s.OneWordDescription != before.OneWordDescription || strings.Join(s.AICommands, "|") != strings.Join(before.AICommands, "|") {
		t.Errorf("the chatbot tab changed the persona: %q, %q", s.OneWordDescription, s.AICommands)
	}
	_, body := c.Get("/settings?tab=chatbot")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Chatbot settings saved.") {
		t.Errorf("flash %q", got)
	}
}

// The persona is edited on one page, and the chatbot tab shows what it saved.
func TestThePersonaIsEditedInOnePlace(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/settings")
	doc := consoletest.Parse(t, body)
	persona := doc.Find(consoletest.TestID("persona"))
	if persona.AttrOr("id", "") != "persona" || persona.Find("#one_word_description").Length() != 1 || persona.Find("#short_description").Length() != 1 || persona.Find(consoletest.TestID("ai-commands")).Length() != 1 {
		t.Fatal("the persona tab does not edit name, prompt and AI commands together")
	}
	if got := doc.Find(consoletest.TestID("tab-knowledge-base")).Text(); got != "Persona and training" {
		t.Errorf("the tab reads %q", got)
	}
	form := url.Values{"one_word_description": {"Vela ✓"}, "short_description": {"A short prompt."}, "ai_commands": {"Be brief"}, "op": {"save"}}
	if res, _ := c.Post("/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save persona: %d", res.StatusCode)
	}
	_, body = c.Get("/settings?tab=chatbot")
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("persona-name")).Text(); got != "Vela ✓" {
		t.Errorf("the chatbot tab shows the name %q", got)
	}
	if got := doc.Find(consoletest.TestID("persona-prompt")).Text(); got != "A short prompt." {
		t.Errorf("the chatbot tab shows the prompt %q", got)
	}
	// Every editor of the persona's fields in the console: the persona tab's, and no other.
	for _, page := range []string{"/settings?tab=chatbot", "/widget", "/chat", "/ai-actions", "/handoff"} {
		_, body := c.Get(page)
		if n := consoletest.Parse(t, body).Find(`[name="one_word_description"], [name="short_description"], [name="ai_commands"]`).Length(); n != 0 {
			t.Errorf("%s has %d persona fields", page, n)
		}
	}
}

func TestChatbotSettingsRefuseOutOfRangeAndKeepIt(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := storedChatbot(c)
	form := chatbotForm(before)
	form.Set("personality", "14")
	form.Set("creativity_level", "3")
	form.Set("greeting", strings.Repeat("é", 1001))
	form.Set("header", "Kept ✓")
	res, body := c.Post("/settings/chatbot", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused save: %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	for id, want := range map[string]string{"#personality-error": "0 to 13", "#creativity_level-error": "0 to 2", "#greeting-error": "1001 characters; the limit is 1000"} {
		if got := doc.Find(id).Text(); !strings.Contains(got, want) {
			t.Errorf("%s: %q", id, got)
		}
	}
	if got := selected(doc, "personality"); got != "14" {
		t.Errorf("the refused personality is not kept: %q", got)
	}
	if got := selected(doc, "creativity_level"); got != "3" {
		t.Errorf("the refused creativity is not kept: %q", got)
	}
	if v, _ := doc.Find("#header").Attr("value"); v != "Kept ✓" {
		t.Errorf("header %q", v)
	}
	if after := storedChatbot(c); after.Personality != before.Personality || after.Header != before.Header {
		t.Error("something was saved")
	}
}

func TestChatbotGreetingPreviewIsSanitized(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	evil := `<p>Hello <b>there</b></p><script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a>`
	_, body := c.Post("/settings/chatbot/preview", url.Values{"greeting": {evil}, "header": {"<i>Head</i>"}}, "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	g := doc.Find(consoletest.TestID("preview-greeting"))
	if g.Find("b").Text() != "there" {
		t.Errorf("allowed HTML was dropped: %s", body)
	}
	if doc.Find("script").Length() != 0 || strings.Contains(body, "onerror") || strings.Contains(body, "javascript:") {
		t.Errorf("the preview is not inert: %s", body)
	}
	if got := doc.Find(consoletest.TestID("preview-header")).Text(); got != "<i>Head</i>" {
		t.Errorf("the header is text, escaped: %q", got)
	}
	// Saved as is (it is Quickchat's to store), shown sanitized.
	form := chatbotForm(storedChatbot(c))
	form.Set("greeting", evil)
	if res, _ := c.Post("/settings/chatbot", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	_, body = c.Get("/settings?tab=chatbot")
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("greeting-preview")+" script").Length() != 0 || doc.Find(consoletest.TestID("greeting-preview")+" [onerror]").Length() != 0 {
		t.Error("the saved greeting's preview is not sanitized")
	}
	if got := doc.Find("#greeting").Text(); got != evil {
		t.Errorf("the field does not show the greeting as stored: %q", got)
	}
}

func TestChatbotSettingsReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := c.Get("/settings?tab=chatbot")
	main := consoletest.Parse(t, body).Find("main")
	if n := main.Find("input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button").Length(); n != 0 {
		t.Errorf("%d live controls for a read-only token", n)
	}
	res, body := c.Post("/settings/chatbot", chatbotForm(storedChatbot(c)))
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Errorf("forced save: %d", res.StatusCode)
	}
}

// The profession reads as words, and saving the form untouched keeps Quickchat's name for it.
func TestChatbotProfessionReadsAsWords(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	p := "customer_support_agent"
	if _, err := c.Quickchat().UpdateChatbotSettings(context.Background(), apiclient.ChatbotSettingsUpdate{Profession: &p}); err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/settings?tab=chatbot")
	doc := consoletest.Parse(t, body)
	if v, _ := doc.Find("#profession").Attr("value"); v != "Customer support agent" {
		t.Errorf("profession shows %q", v)
	}
	if strings.Contains(doc.Find("form").Text(), "_agent") || strings.Contains(doc.Find("form").Text(), "helpful_") {
		t.Error("the form still names a profession by its machine name")
	}
	hidden, _ := doc.Find(`input[type=hidden][name=profession_identifier]`).Attr("value")
	if hidden != p {
		t.Fatalf("profession_identifier %q", hidden)
	}

	for _, tc := range []struct{ typed, stored string }{
		{"Customer support agent", "customer_support_agent"}, // untouched
		{"Bike mechanic", "Bike mechanic"},                   // changed: sent as typed
	} {
		form := chatbotForm(storedChatbot(c))
		form.Set("profession", tc.typed)
		form.Set("profession_identifier", p)
		if res, _ := c.Post("/settings/chatbot", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %q: %d", tc.typed, res.StatusCode)
		}
		if got := storedChatbot(c).Profession; got != tc.stored {
			t.Errorf("typed %q, stored %q, want %q", tc.typed, got, tc.stored)
		}
	}
}
