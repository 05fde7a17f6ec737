package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// loadedForm is a form of a page as a browser would send it untouched: its action and fields.
func loadedForm(t *testing.T, c *consoletest.Console, page, sel string) (string, url.Values) {
	t.Helper()
	_, body := c.Get(page)
	action, v := formIn(t, body, sel)
	if v.Get("base") == "" {
		t.Fatalf("the form %s carries no base", sel)
	}
	return action, v
}

// savedFlash follows a save's redirect and reads the flash.
func savedFlash(t *testing.T, c *consoletest.Console, res *http.Response, body string) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save answered %d, not a redirect:\n%s", res.StatusCode, strings.Join(strings.Fields(consoletest.Parse(t, body).Find("main").Text()), " "))
	}
	_, page := c.Get(res.Header.Get("Location"))
	return consoletest.Parse(t, page).Find(consoletest.TestID("flash")).Text()
}

// elsewhere saves knowledge base settings behind the console's back (its own client, not the console's cache).
func elsewhere(t *testing.T, c *consoletest.Console, u apiclient.KnowledgeBaseSettingsUpdate) {
	t.Helper()
	if _, err := c.Quickchat().UpdateKnowledgeBase(context.Background(), u); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestSettingsSaveWithNoOtherChange(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	action, f := loadedForm(t, c, "/settings", consoletest.TestID("settings-form"))
	f.Set("one_word_description", "Ada")
	res, body := c.Post(action, f)
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "Settings saved.") || strings.Contains(got, "meanwhile") {
		t.Errorf("flash = %q", got)
	}
	if got := storedSettings(c).OneWordDescription; got != "Ada" {
		t.Errorf("name = %q", got)
	}
}

func TestSettingsSaveKeepsAnotherPersonsOtherFields(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	action, f := loadedForm(t, c, "/settings", consoletest.TestID("settings-form"))
	elsewhere(t, c, apiclient.KnowledgeBaseSettingsUpdate{AICommands: ptr([]string{"Their rule."})})
	f.Set("one_word_description", "Ada")
	res, body := c.Post(action, f)
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "Settings saved.") || !strings.Contains(got, "ai commands") || !strings.Contains(got, "kept") {
		t.Errorf("flash = %q", got)
	}
	kb := storedSettings(c)
	if kb.OneWordDescription != "Ada" || !slices.Equal(kb.AICommands, []string{"Their rule."}) {
		t.Errorf("stored %q %q, want both changes", kb.OneWordDescription, kb.AICommands)
	}
}

// The instruction list is one field: two different lists are a conflict, not a blend.
func TestSettingsSameFieldChangedByBothIsAConflict(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	action, f := loadedForm(t, c, "/settings", consoletest.TestID("settings-form"))
	elsewhere(t, c, apiclient.KnowledgeBaseSettingsUpdate{ShortDescription: ptr("Their prompt."), AICommands: ptr([]string{"Their rule."})})
	f.Set("short_description", "My careful prompt.")
	f["ai_commands"] = []string{"My rule.", "My second rule."}
	res, body := c.Post(action, f)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conflict answered %d", res.StatusCode)
	}
	kb := storedSettings(c)
	if kb.ShortDescription != "Their prompt." || !slices.Equal(kb.AICommands, []string{"Their rule."}) {
		t.Errorf("a conflicted save wrote %q %q", kb.ShortDescription, kb.AICommands)
	}
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("save-conflict") + " " + consoletest.TestID("conflict-row"))
	if rows.Length() != 2 {
		t.Fatalf("%d conflict rows", rows.Length())
	}
	prompt := rows.Filter(`[data-field="short_description"]`)
	if prompt.Find(".conflict-mine").Text() != "My careful prompt." || prompt.Find(".conflict-theirs").Text() != "Their prompt." {
		t.Errorf("prompt row: %q", prompt.Text())
	}
	if got := rows.Text(); !strings.Contains(got, "2. My second rule.") || !strings.Contains(got, "1. Their rule.") {
		t.Errorf("list row: %q", got)
	}
	shown := readSettingsForm(t, doc)
	if shown.prompt != "My careful prompt." || !slices.Equal(shown.commands, []string{"My rule.", "My second rule."}) {
		t.Errorf("the form came back as %+v", shown)
	}
	if !strings.Contains(body, "/static/merge.") {
		t.Error("the page does not load the script that takes the saved value")
	}

	// Saving again as it came back: this person chose their own.
	_, again := formIn(t, body, consoletest.TestID("settings-form"))
	res, body = c.Post(action, again)
	savedFlash(t, c, res, body)
	if kb := storedSettings(c); kb.ShortDescription != "My careful prompt." || !slices.Equal(kb.AICommands, []string{"My rule.", "My second rule."}) {
		t.Errorf("after choosing: %q %q", kb.ShortDescription, kb.AICommands)
	}
}

func TestChatbotSettingsMergePerField(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	const page, sel = "/settings?tab=chatbot", `[data-testid="chatbot-form"]`
	ctx := context.Background()

	// Nothing changed meanwhile: saved.
	action, f := loadedForm(t, c, page, sel)
	f.Set("header", "My header")
	res, body := c.Post(action, f)
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "Chatbot settings saved.") || strings.Contains(got, "meanwhile") {
		t.Errorf("flash = %q", got)
	}

	// Someone else changed other fields: both kept.
	action, f = loadedForm(t, c, page, sel)
	if _, err := c.Quickchat().UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{Greeting: ptr("<p>Their greeting</p>"), Personality: ptr(5)}); err != nil {
		t.Fatal(err)
	}
	f.Set("header2", "My subtitle")
	res, body = c.Post(action, f)
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "greeting") || !strings.Contains(got, "personality") {
		t.Errorf("flash = %q", got)
	}
	s := storedChatbot(c)
	if s.Header != "My header" || s.Header2 != "My subtitle" || s.Greeting != "<p>Their greeting</p>" || s.Personality != 5 {
		t.Errorf("stored %+v", s)
	}

	// Both changed the greeting: nothing written, both shown, the typing kept.
	action, f = loadedForm(t, c, page, sel)
	if _, err := c.Quickchat().UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{Greeting: ptr("<p>Theirs again</p>"), Header: ptr("Their header")}); err != nil {
		t.Fatal(err)
	}
	f.Set("greeting", "<p>Mine, typed with care</p>")
	f.Set("profession", "librarian")
	res, body = c.Post(action, f)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conflict answered %d", res.StatusCode)
	}
	if s := storedChatbot(c); s.Greeting != "<p>Theirs again</p>" || s.Profession == "librarian" {
		t.Errorf("a conflicted save wrote %+v", s)
	}
	doc := consoletest.Parse(t, body)
	row := doc.Find(consoletest.TestID("save-conflict") + ` [data-field="greeting"]`)
	if row.Find(".conflict-mine").Text() != "<p>Mine, typed with care</p>" || row.Find(".conflict-theirs").Text() != "<p>Theirs again</p>" {
		t.Errorf("greeting row: %q", row.Text())
	}
	if got := doc.Find("textarea#greeting").Text(); got != "<p>Mine, typed with care</p>" {
		t.Errorf("the greeting came back as %q", got)
	}
	if v, _ := doc.Find("input#profession").Attr("value"); v != "librarian" {
		t.Errorf("the profession came back as %q", v)
	}
	if !strings.Contains(doc.Find(sel).Text(), "header") {
		t.Error("the form does not say the header was changed by someone else")
	}
	_, again := formIn(t, body, sel)
	res, body = c.Post(action, again)
	savedFlash(t, c, res, body)
	if s := storedChatbot(c); s.Greeting != "<p>Mine, typed with care</p>" || s.Profession != "librarian" || s.Header != "Their header" {
		t.Errorf("after choosing: %+v", s)
	}
}

// formIn reads a form from a page already fetched, as a browser sends it with Save.
func formIn(t *testing.T, body, sel string) (string, url.Values) {
	t.Helper()
	form := consoletest.Parse(t, body).Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("no form %s", sel)
	}
	action, _ := form.Attr("action")
	v := url.Values{}
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, f *goquery.Selection) {
		name, _ := f.Attr("name")
		switch goquery.NodeName(f) {
		case "textarea":
			v.Add(name, f.Text())
		case "select":
			val, _ := f.Find("option[selected]").Attr("value")
			v.Add(name, val)
		default:
			typ, _ := f.Attr("type")
			_, checked := f.Attr("checked")
			if (typ == "checkbox" || typ == "radio") && !checked || typ == "submit" {
				return
			}
			val, _ := f.Attr("value")
			v.Add(name, val)
		}
	})
	v.Set("op", "save")
	return action, v
}
