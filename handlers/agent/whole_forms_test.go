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
	"qcadmin/merge"
)

// Two people edit one whole-object form: these load the form, change the object
// behind the console's back (straight at the sandbox, which the console's read
// cache does not see), post the form and check what was written and said.

// loadForm reads the form sel of page as a browser would send it, and checks it carries its base.
func loadForm(c *consoletest.Console, page, sel string) url.Values {
	c.T.Helper()
	_, body := c.Get(page)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		c.T.Fatal(err)
	}
	form := formOf(c.T, doc, sel)
	if _, err := merge.Decode(form.Get("base")); err != nil {
		c.T.Fatalf("%s: the form carries no base: %v", page, err)
	}
	return form
}

// savedAndSays posts form and checks the save went through: a redirect to back, whose page says saved (and kept, when told).
func savedAndSays(c *consoletest.Console, path string, form url.Values, back string, words ...string) {
	c.T.Helper()
	res, body := c.Post(path, form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != back {
		c.T.Fatalf("POST %s = %d → %q, want a redirect to %s:\n%s", path, res.StatusCode, res.Header.Get("Location"), back, pageText(c.T, body))
	}
	_, body = c.Get(back)
	doc := consoletest.Parse(c.T.(*testing.T), body)
	if doc.Find(consoletest.TestID("save-conflict")).Length() != 0 {
		c.T.Error("a save that went through shows a conflict")
	}
	flash := strings.Join(strings.Fields(doc.Find(".flash, [role=status], .toast").Text()), " ")
	text := pageText(c.T, body)
	for _, w := range words {
		if !strings.Contains(text, w) {
			c.T.Errorf("the page after saving does not say %q (flash %q)", w, flash)
		}
	}
}

// conflicted posts form and checks the save met a conflict: nothing written, the
// page showing both values of field, and the form still holding what was typed.
func conflicted(c *consoletest.Console, path string, form url.Values, formSel, field, mine, theirs string) *goquery.Document {
	c.T.Helper()
	res, body := c.Post(path, form)
	if res.StatusCode != http.StatusOK {
		c.T.Fatalf("POST %s = %d → %q, want the form again with the conflict", path, res.StatusCode, res.Header.Get("Location"))
	}
	doc := consoletest.Parse(c.T.(*testing.T), body)
	notice := doc.Find(consoletest.TestID("save-conflict"))
	if notice.Length() != 1 {
		c.T.Fatalf("no conflict shown:\n%s", pageText(c.T, body))
	}
	row := notice.Find(consoletest.TestID("conflict-row"))
	if row.Length() != 1 {
		c.T.Errorf("%d conflict rows, want 1 (%s)", row.Length(), strings.Join(strings.Fields(notice.Text()), " "))
	}
	if got := row.Find(".conflict-mine").Text(); !strings.Contains(got, mine) {
		c.T.Errorf("yours = %q, want %q", got, mine)
	}
	if got := row.Find(".conflict-theirs").Text(); !strings.Contains(got, theirs) {
		c.T.Errorf("saved now = %q, want %q", got, theirs)
	}
	if doc.Find(`script[src^="/static/merge."]`).Length() != 1 {
		c.T.Error("the page with a conflict does not load merge.js")
	}
	again := formOf(c.T, doc, formSel)
	if got, want := again[field], form[field]; strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		c.T.Errorf("the form lost what was typed in %s: %q, sent %q", field, got, want)
	}
	if again.Get("base") == form.Get("base") {
		c.T.Error("the form's base did not move on to the configuration saved now")
	}
	return doc
}

func pageText(t testing.TB, body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(doc.Find("body").Text()), " ")
}

// ---------- the widget ----------

func TestWidgetSaveWithNobodyElseWrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/widget", "form#widget-form")
	form.Set("header", "Velora help desk")
	form.Set("op", "save")
	savedAndSays(c, "/widget", form, "/widget", "Widget saved.")
	if got := storedWidget(c).Header; got != "Velora help desk" {
		t.Errorf("header = %q", got)
	}
}

func TestWidgetSaveKeepsAnotherPersonsChangeToAnotherField(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/widget", "form#widget-form")
	other := "Answers within a minute"
	if _, err := c.Quickchat().UpdateWidgetConfiguration(context.Background(), apiclient.WidgetConfigurationUpdate{Subtitle: &other}); err != nil {
		t.Fatal(err)
	}
	form.Set("header", "Velora help desk")
	form.Set("op", "save")
	savedAndSays(c, "/widget", form, "/widget", "Widget saved.", "Someone else changed “Subtitle” meanwhile; their change was kept.")
	w := storedWidget(c)
	if w.Header != "Velora help desk" || w.Subtitle != other {
		t.Errorf("saved header %q, subtitle %q: want both changes", w.Header, w.Subtitle)
	}
}

func TestWidgetSaveOfAFieldSomeoneElseChangedShowsBoth(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/widget", "form#widget-form")
	other, otherSubtitle := "Their header", "Their subtitle"
	if _, err := c.Quickchat().UpdateWidgetConfiguration(context.Background(),
		apiclient.WidgetConfigurationUpdate{Header: &other, Subtitle: &otherSubtitle}); err != nil {
		t.Fatal(err)
	}
	form.Set("header", "My header")
	form.Set("welcome_message", "My own welcome.")
	form.Set("op", "save")
	doc := conflicted(c, "/widget", form, "form#widget-form", "header", "My header", "Their header")
	w := storedWidget(c)
	if w.Header != other || w.WelcomeMessage == "My own welcome." {
		t.Errorf("something was written: header %q, welcome %q", w.Header, w.WelcomeMessage)
	}
	again := formOf(t, doc, "form#widget-form")
	if again.Get("header") != "My header" || again.Get("welcome_message") != "My own welcome." {
		t.Errorf("the form lost what was typed: %q, %q", again.Get("header"), again.Get("welcome_message"))
	}
	if again.Get("subtitle") != otherSubtitle {
		t.Errorf("the form shows subtitle %q, not the one saved meanwhile", again.Get("subtitle"))
	}
	if btn := doc.Find(`[data-use-saved="header"]`); btn.AttrOr("data-value", "") != other {
		t.Errorf("“Use the saved one” would fill in %q", btn.AttrOr("data-value", ""))
	}
	// Choosing one's own value and saving again writes it, with the subtitle kept.
	again.Set("op", "save")
	savedAndSays(c, "/widget", again, "/widget", "Widget saved.")
	if w := storedWidget(c); w.Header != "My header" || w.Subtitle != otherSubtitle || w.WelcomeMessage != "My own welcome." {
		t.Errorf("after choosing: header %q, subtitle %q, welcome %q", w.Header, w.Subtitle, w.WelcomeMessage)
	}
}

// ---------- handoff ----------

// changeHandoff saves the handoff configuration behind the console's back, changed by change.
func changeHandoff(c *consoletest.Console, change func(*apiclient.HandoffConfiguration)) {
	c.T.Helper()
	cfg := *storedHandoff(c)
	change(&cfg)
	if _, err := c.Quickchat().PutHandoffConfiguration(context.Background(), cfg); err != nil {
		c.T.Fatal(err)
	}
}

func TestHandoffSaveWithNobodyElseWrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/handoff", "form#handoff-form")
	form.Set("confirmation_message", "Shall I bring in a colleague?")
	form.Set("op", "save")
	savedAndSays(c, "/handoff", form, "/handoff", "Handoff saved.")
	if got := storedHandoff(c).ConfirmationMessage; got != "Shall I bring in a colleague?" {
		t.Errorf("confirmation = %q", got)
	}
}

func TestHandoffSaveKeepsAnotherPersonsListChange(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/handoff", "form#handoff-form")
	changeHandoff(c, func(h *apiclient.HandoffConfiguration) {
		h.KeywordTriggers = append(h.KeywordTriggers, "their keyword")
	})
	form.Set("confirmation_message", "Shall I bring in a colleague?")
	form.Set("op", "save")
	savedAndSays(c, "/handoff", form, "/handoff", "Handoff saved.", "Someone else changed “Keywords” meanwhile; their change was kept.")
	h := storedHandoff(c)
	if h.ConfirmationMessage != "Shall I bring in a colleague?" || !slices.Contains(h.KeywordTriggers, "their keyword") {
		t.Errorf("saved confirmation %q, keywords %q: want both changes", h.ConfirmationMessage, h.KeywordTriggers)
	}
}

func TestHandoffSaveOfAListSomeoneElseChangedShowsBoth(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := loadForm(c, "/handoff", "form#handoff-form")
	changeHandoff(c, func(h *apiclient.HandoffConfiguration) {
		h.CustomGuidelines = append(h.CustomGuidelines, "Their sign")
		h.KeywordTriggers = append(h.KeywordTriggers, "their keyword")
	})
	form.Add("custom_guidelines", "My sign")
	form.Set("confirmation_message", "My confirmation?")
	form.Set("op", "save")
	doc := conflicted(c, "/handoff", form, "form#handoff-form", "custom_guidelines", "My sign", "Their sign")
	h := storedHandoff(c)
	if slices.Contains(h.CustomGuidelines, "My sign") || h.ConfirmationMessage == "My confirmation?" {
		t.Errorf("something was written: %q, %q", h.CustomGuidelines, h.ConfirmationMessage)
	}
	again := formOf(t, doc, "form#handoff-form")
	if again.Get("confirmation_message") != "My confirmation?" {
		t.Errorf("the form lost the typed confirmation: %q", again.Get("confirmation_message"))
	}
	if !slices.Contains(again["keyword_triggers"], "their keyword") {
		t.Errorf("the form's keywords %q lack the one saved meanwhile", again["keyword_triggers"])
	}
	again.Set("op", "save")
	savedAndSays(c, "/handoff", again, "/handoff", "Handoff saved.")
	if h := storedHandoff(c); !slices.Contains(h.CustomGuidelines, "My sign") || !slices.Contains(h.KeywordTriggers, "their keyword") {
		t.Errorf("after choosing: signs %q, keywords %q", h.CustomGuidelines, h.KeywordTriggers)
	}
}

// ---------- ratings ----------

// changeRatings saves the rating configuration behind the console's back.
func changeRatings(c *consoletest.Console, active bool, codes ...string) {
	c.T.Helper()
	if codes == nil {
		codes = []string{}
	}
	if _, err := c.Quickchat().UpdateRatingConfiguration(context.Background(), apiclient.RatingConfigurationUpdate{
		ConvRatingActive: &active, ConvRatingPopupActive: &active, ConvRatingQuestionCodes: &codes}); err != nil {
		c.T.Fatal(err)
	}
}

// ratingsStart sets a known configuration (off, thumbs only) and loads the form on it.
func ratingsStart(c *consoletest.Console) url.Values {
	c.T.Helper()
	changeRatings(c, false, "HELPFUL_THUMBS")
	return loadForm(c, "/ratings", `form[action="/ratings"]`)
}

func storedRatings(c *consoletest.Console) *apiclient.RatingConfiguration {
	c.T.Helper()
	cfg, err := c.SandboxClient().GetRatingConfiguration(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return cfg
}

func TestRatingsSaveWithNobodyElseWrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := ratingsStart(c)
	form.Set("conv_rating_active", "true")
	savedAndSays(c, "/ratings", form, "/ratings", "Saved. Visitors are asked to rate")
	if cfg := storedRatings(c); !cfg.ConvRatingActive || !slices.Equal(cfg.ConvRatingQuestionCodes, []string{"HELPFUL_THUMBS"}) {
		t.Errorf("saved %+v", cfg)
	}
}

func TestRatingsSaveKeepsAnotherPersonsQuestions(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := ratingsStart(c)
	changeRatings(c, false, "HELPFUL_THUMBS", "NPS")
	form.Set("conv_rating_active", "true")
	savedAndSays(c, "/ratings", form, "/ratings", "Saved. Visitors are asked to rate", "Someone else changed “Questions” meanwhile; their change was kept.")
	if cfg := storedRatings(c); !cfg.ConvRatingActive || !cfg.ConvRatingPopupActive || !slices.Equal(sortedCodes(cfg), []string{"HELPFUL_THUMBS", "NPS"}) {
		t.Errorf("saved %+v: want rating on and both questions", cfg)
	}
}

func TestRatingsSaveOfQuestionsSomeoneElseChangedShowsBoth(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := ratingsStart(c)
	changeRatings(c, false, "EXPERIENCE_STARS")
	form["conv_rating_question_codes"] = []string{"HELPFUL_THUMBS", "NPS"}
	doc := conflicted(c, "/ratings", form, `form[action="/ratings"]`, "conv_rating_question_codes", "HELPFUL_THUMBS\nNPS", "EXPERIENCE_STARS")
	if cfg := storedRatings(c); !slices.Equal(cfg.ConvRatingQuestionCodes, []string{"EXPERIENCE_STARS"}) {
		t.Errorf("something was written: %+v", cfg)
	}
	if got := ticked(doc.Selection); !slices.Equal(got, []string{"HELPFUL_THUMBS", "NPS"}) {
		t.Errorf("the form ticks %q, not what was ticked", got)
	}
}

func sortedCodes(cfg *apiclient.RatingConfiguration) []string {
	return slices.Sorted(slices.Values(cfg.ConvRatingQuestionCodes))
}

// ---------- the AI action editor ----------

// changeKBAction saves the Knowledge Base action behind the console's back, changed by change.
func changeKBAction(c *consoletest.Console, id int64, change func(*apiclient.KBActionInput)) {
	c.T.Helper()
	a, err := c.SandboxClient().GetKBAction(context.Background(), id)
	if err != nil {
		c.T.Fatal(err)
	}
	in := apiclient.KBActionInput{Name: a.Name, Description: a.Description, ParameterDescription: a.ParameterDescription}
	if a.Tag != nil {
		in.Tag = *a.Tag
	}
	change(&in)
	if _, err := c.Quickchat().UpdateKBAction(context.Background(), id, in); err != nil {
		c.T.Fatal(err)
	}
}

func storedKBAction(c *consoletest.Console, id int64) *apiclient.KBAction {
	c.T.Helper()
	a, err := c.SandboxClient().GetKBAction(context.Background(), id)
	if err != nil {
		c.T.Fatal(err)
	}
	return a
}

func TestAIActionSaveWithNobodyElseWrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := storedActions(c)["Battery help"].ID
	path := "/ai-actions/" + idText(id)
	form := loadForm(c, path, "form#ai-action-form")
	form.Set("description", "When the rider asks about range.")
	savedAndSays(c, path, form, path, "Action saved.")
	if got := storedKBAction(c, id).Description; got != "When the rider asks about range." {
		t.Errorf("description = %q", got)
	}
}

func TestAIActionSaveKeepsAnotherPersonsChangeToAnotherField(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := storedActions(c)["Battery help"].ID
	path := "/ai-actions/" + idText(id)
	form := loadForm(c, path, "form#ai-action-form")
	changeKBAction(c, id, func(in *apiclient.KBActionInput) { in.ParameterDescription = "Their parameter words" })
	form.Set("description", "When the rider asks about range.")
	savedAndSays(c, path, form, path, "Action saved.", "Someone else changed “What to search for” meanwhile; their change was kept.")
	if a := storedKBAction(c, id); a.Description != "When the rider asks about range." || a.ParameterDescription != "Their parameter words" {
		t.Errorf("saved description %q, parameter %q: want both changes", a.Description, a.ParameterDescription)
	}
}

func TestAIActionSaveOfAFieldSomeoneElseChangedShowsBoth(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := storedActions(c)["Battery help"].ID
	path := "/ai-actions/" + idText(id)
	form := loadForm(c, path, "form#ai-action-form")
	changeKBAction(c, id, func(in *apiclient.KBActionInput) { in.Description = "Their description" })
	form.Set("description", "My description")
	form.Set("name", "Battery and range")
	doc := conflicted(c, path, form, "form#ai-action-form", "description", "My description", "Their description")
	if a := storedKBAction(c, id); a.Description != "Their description" || a.Name != "Battery help" {
		t.Errorf("something was written: %q, %q", a.Name, a.Description)
	}
	if got := doc.Find("#name").AttrOr("value", ""); got != "Battery and range" {
		t.Errorf("the form lost the typed name: %q", got)
	}
}

// ---------- the AI action switch ----------

// switchForm is the values the list's switch of the named action sends.
func switchForm(c *consoletest.Console, name string) (string, url.Values) {
	c.T.Helper()
	_, body := c.Get("/ai-actions")
	row := actionRowNamed(c.T.(*testing.T), consoletest.Parse(c.T.(*testing.T), body), name)
	form := row.Find("form.switch-form")
	v := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) { v.Add(s.AttrOr("name", ""), s.AttrOr("value", "")) })
	return form.AttrOr("action", ""), v
}

func TestAIActionSwitchSaysWhenSomeoneElseSwitchedItMeanwhile(t *testing.T) {
	for _, hx := range []bool{true, false} {
		c := consoletest.New(t)
		c.SignIn()
		battery := storedActions(c)["Battery help"]
		path, form := switchForm(c, "Battery help") // shows on; pressing it switches off
		if form.Get("was_active") != "true" || form.Get("is_active") != "false" {
			t.Fatalf("the switch sends %v", form)
		}
		if _, err := c.Quickchat().SetAIActionActive(context.Background(), battery.ID, false); err != nil {
			t.Fatal(err)
		}
		var header []string
		if hx {
			header = []string{"HX-Request", "true"}
		}
		res, body := c.Post(path, form, header...)
		var said string
		if hx {
			if res.StatusCode != http.StatusOK {
				t.Fatalf("htmx switch: %d", res.StatusCode)
			}
			row := parseRow(t, body)
			said = row.Find(".field-error").Text()
			if got := row.Find(consoletest.TestID("ai-action-switch")).AttrOr("aria-checked", ""); got != "false" {
				t.Errorf("the row shows aria-checked=%q, not the state now", got)
			}
		} else {
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ai-actions" {
				t.Fatalf("plain switch: %d → %q", res.StatusCode, res.Header.Get("Location"))
			}
			_, body = c.Get("/ai-actions")
			said = consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text()
		}
		if !strings.Contains(said, "Someone else switched “Battery help” off meanwhile") {
			t.Errorf("htmx %v: says %q", hx, said)
		}
		if storedActions(c)["Battery help"].IsActive {
			t.Errorf("htmx %v: the action is on again", hx)
		}
	}
}

func TestAIActionSwitchWithNobodyElseSwitches(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	path, form := switchForm(c, "Battery help")
	if res, _ := c.Post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	if storedActions(c)["Battery help"].IsActive {
		t.Error("the switch did not switch it off")
	}
}
