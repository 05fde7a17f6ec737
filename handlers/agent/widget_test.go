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

// formOf reads a form the way a browser submits it: enabled fields with names,
// ticked boxes only, the selected option, no buttons.
func formOf(t testing.TB, doc *goquery.Document, sel string) url.Values {
	t.Helper()
	form := doc.Find(sel)
	if form.Length() != 1 {
		t.Fatalf("no form %s", sel)
	}
	v := url.Values{}
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, f *goquery.Selection) {
		name, _ := f.Attr("name")
		if _, off := f.Attr("disabled"); off {
			return
		}
		switch goquery.NodeName(f) {
		case "textarea":
			v.Add(name, f.Text())
		case "select":
			o := f.Find("option[selected]")
			if o.Length() == 0 {
				o = f.Find("option").First()
			}
			val, _ := o.Attr("value")
			v.Add(name, val)
		default:
			typ, _ := f.Attr("type")
			_, checked := f.Attr("checked")
			if (typ == "checkbox" || typ == "radio") && !checked {
				return
			}
			val, _ := f.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

func storedWidget(c *consoletest.Console) *apiclient.WidgetConfiguration {
	c.T.Helper()
	w, err := c.SandboxClient().GetWidgetConfiguration(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return w
}

func widgetForm(c *consoletest.Console) url.Values {
	c.T.Helper()
	_, body := c.Get("/widget")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		c.T.Fatal(err)
	}
	return formOf(c.T, doc, "form#widget-form")
}

func TestWidgetPageShowsEveryGroupAndThePreview(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	stored := storedWidget(c)
	res, body := c.Get("/widget")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /widget = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Widget" {
		t.Errorf("nav %q", got)
	}
	if doc.Find(`script[src*="/static/widget."]`).Length() != 1 {
		t.Error("the page does not load widget.js")
	}
	// Colours: the picker in hex, the text as Quickchat writes it.
	for id, want := range map[string][2]string{"primary_color": {"#167a5c", "rgb(22, 122, 92)"}, "header_color": {"#112638", "rgb(17, 38, 56)"}} {
		if got, _ := doc.Find("#" + id + "-picker").Attr("value"); got != want[0] {
			t.Errorf("%s picker %q, want %q", id, got, want[0])
		}
		if got, _ := doc.Find("#" + id + "-text").Attr("value"); got != want[1] {
			t.Errorf("%s text %q", id, got)
		}
	}
	if typ, _ := doc.Find("#primary_color-picker").Attr("type"); typ != "color" {
		t.Errorf("the picker is type=%q", typ)
	}
	// Every switch, ticked as stored.
	for name, on := range map[string]bool{"popup_active": stored.PopupActive, "typing": stored.Typing, "white_label": stored.WhiteLabel,
		"voice_active": stored.VoiceActive, "header_text_color": stored.HeaderTextColor, "prechat_active": stored.PrechatActive} {
		if _, checked := doc.Find(`input[type=checkbox][name="` + name + `"]`).Attr("checked"); checked != on {
			t.Errorf("%s ticked %v, stored %v", name, checked, on)
		}
	}
	if got := doc.Find(consoletest.TestID("conversation_starters-row")).Length(); got != len(stored.ConversationStarters) {
		t.Errorf("%d starter rows, %d stored", got, len(stored.ConversationStarters))
	}
	if got, _ := doc.Find("#conversation_starters-0").Attr("data-maxlength"); got != "200" {
		t.Errorf("a starter's limit %q", got)
	}
	for sel, want := range map[string]string{`select[name=size] option[selected]`: stored.Size, `select[name=location] option[selected]`: stored.Location} {
		if got, _ := doc.Find(sel).Attr("value"); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}

	// The preview: saved colours as data attributes, texts, starters as chips.
	p := doc.Find(consoletest.TestID("widget-preview"))
	for attr, want := range map[string]string{"data-primary-color": stored.PrimaryColor, "data-header-color": stored.HeaderColor,
		"data-width": itoa(stored.WindowWidth), "data-height": itoa(stored.WindowHeight), "data-location": stored.Location} {
		if got, _ := p.Attr(attr); got != want {
			t.Errorf("preview %s = %q, want %q", attr, got, want)
		}
	}
	if got := p.Find(consoletest.TestID("wp-title")).Text(); got != stored.Header {
		t.Errorf("preview title %q", got)
	}
	if got := p.Find(consoletest.TestID("wp-placeholder")).Text(); got != stored.InputPlaceholder {
		t.Errorf("preview placeholder %q", got)
	}
	// The demo widget asks for the pre-chat form first.
	if p.Find(consoletest.TestID("wp-prechat")).Length() != 1 {
		t.Error("the pre-chat form is not previewed")
	}
}

func TestWidgetColourRoundTrip(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := widgetForm(c)
	form.Set("primary_color", "#ff8800")     // the picker changed; its text still says what the page showed
	form.Set("header_color_text", "#00AA33") // typed, in hex
	form.Set("prechat_active", "")
	res, _ := c.Post("/widget", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/widget" {
		t.Fatalf("save: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	w := storedWidget(c)
	if w.PrimaryColor != "rgb(255, 136, 0)" || w.HeaderColor != "rgb(0, 170, 51)" {
		t.Fatalf("stored %q and %q", w.PrimaryColor, w.HeaderColor)
	}
	_, body := c.Get("/widget")
	doc := consoletest.Parse(t, body)
	if got, _ := doc.Find("#primary_color-picker").Attr("value"); got != "#ff8800" {
		t.Errorf("picker after save %q", got)
	}
	if got, _ := doc.Find("#header_color-text").Attr("value"); got != "rgb(0, 170, 51)" {
		t.Errorf("text after save %q", got)
	}
	if got, _ := doc.Find(consoletest.TestID("widget-preview")).Attr("data-header-color"); got != "rgb(0, 170, 51)" {
		t.Errorf("preview header colour %q", got)
	}
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Widget saved.") {
		t.Errorf("flash %q", got)
	}
	// Typed the API's way, it goes through unchanged.
	form = widgetForm(c)
	form.Set("primary_color_text", "rgb(1, 2, 3)")
	c.Post("/widget", form)
	if got := storedWidget(c).PrimaryColor; got != "rgb(1, 2, 3)" {
		t.Errorf("rgb typed: stored %q", got)
	}
}

func TestWidgetKeepsAMalformedColourWithAMessage(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := storedWidget(c)
	form := widgetForm(c)
	form.Set("header_color_text", "rgb(300, 0, 0)")
	form.Set("header", "Kept ✓")
	form.Set("window_width", "5000")
	res, body := c.Post("/widget", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused save: %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find("#header_color-error").Text(); !strings.Contains(got, "300 is above 255") {
		t.Errorf("colour message %q", got)
	}
	if got, _ := doc.Find("#header_color-text").Attr("value"); got != "rgb(300, 0, 0)" {
		t.Errorf("the malformed colour was not kept: %q", got)
	}
	if got := doc.Find("#window_width-error").Text(); !strings.Contains(got, "250 to 800") {
		t.Errorf("width message %q", got)
	}
	if v, _ := doc.Find("#window_width").Attr("value"); v != "5000" {
		t.Errorf("width kept %q", v)
	}
	if v, _ := doc.Find("#header").Attr("value"); v != "Kept ✓" {
		t.Errorf("title kept %q", v)
	}
	if got, _ := doc.Find(consoletest.TestID("widget-preview")).Attr("data-header-color"); got != "" {
		t.Errorf("the preview claims a colour for an unreadable one: %q", got)
	}
	if after := storedWidget(c); after.HeaderColor != before.HeaderColor || after.Header != before.Header {
		t.Error("something was saved")
	}
}

func TestWidgetStarterRows(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := widgetForm(c)
	n := len(form["conversation_starters"])
	form.Set("op", "add:conversation_starters")
	_, body := c.Post("/widget", form, "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	if doc.Find("form#widget-form").Length() != 1 || strings.Contains(body, "<html") {
		t.Fatal("the answer is not the form alone")
	}
	if got := doc.Find(consoletest.TestID("conversation_starters-row")).Length(); got != n+1 {
		t.Fatalf("%d rows after add, want %d", got, n+1)
	}
	if _, ok := doc.Find("#conversation_starters-" + itoa(n)).Attr("autofocus"); !ok {
		t.Error("the new row is not focused")
	}
	if !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "Not saved yet") {
		t.Error("no unsaved warning")
	}
	// Remove the first, fill the new one, and save: the empty slot is not sent.
	form = formOf(t, doc, "form#widget-form")
	form.Set("op", "remove:conversation_starters:0")
	_, body = c.Post("/widget", form)
	form = formOf(t, consoletest.Parse(t, body), "form#widget-form")
	starters := form["conversation_starters"]
	starters[len(starters)-1] = "Can I test-ride a bike?"
	form["conversation_starters"] = append(starters, "")
	form.Set("op", "save")
	if res, body := c.Post("/widget", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text())
	}
	got := storedWidget(c).ConversationStarters
	if len(got) != n || got[n-1] != "Can I test-ride a bike?" || got[0] != "How far can I ride on one charge?" {
		t.Errorf("stored starters %q", got)
	}
	// Too long: next to its row.
	form = widgetForm(c)
	form["conversation_starters"][1] = strings.Repeat("x", 201)
	_, body = c.Post("/widget", form)
	if got := consoletest.Parse(t, body).Find("#conversation_starters-1-error").Text(); !strings.Contains(got, "201 characters; the limit is 200") {
		t.Errorf("row message %q", got)
	}
}

func TestWidgetPreviewFollowsTheFormAndIsSanitized(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := widgetForm(c)
	form.Set("welcome_message", `<p>Hi <b>there</b></p><script>alert(1)</script><img src=x onerror="alert(2)">`)
	form.Set("primary_color", "#0000ff")
	form.Set("location", "bottom-left")
	form.Set("white_label", "true")
	form.Del("prechat_active")
	_, body := c.Post("/widget/preview", form, "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	p := doc.Find(consoletest.TestID("widget-preview"))
	if got, _ := p.Attr("data-primary-color"); got != "rgb(0, 0, 255)" {
		t.Errorf("typed colour %q", got)
	}
	if !p.HasClass("wp-bottom-left") {
		t.Error("the position is not reflected")
	}
	if p.Find(consoletest.TestID("wp-brand")).Length() != 0 {
		t.Error("white label still shows the Quickchat line")
	}
	if p.Find(consoletest.TestID("wp-welcome")+" b").Text() != "there" {
		t.Errorf("welcome message not rendered: %s", body)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "onerror") {
		t.Errorf("the preview is not inert: %s", body)
	}
	if got := p.Find(consoletest.TestID("wp-starters") + " .wp-starter").Length(); got != len(form["conversation_starters"]) {
		t.Errorf("%d starter chips", got)
	}
}

func TestWidgetReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := c.Get("/widget")
	doc := consoletest.Parse(t, body)
	if n := doc.Find("main").Find("input:not([disabled]):not([type=hidden]), textarea:not([disabled]), select:not([disabled]), button").Length(); n != 0 {
		t.Errorf("%d live controls for a read-only token", n)
	}
	if _, ok := doc.Find("form#widget-form").Attr("hx-post"); ok {
		t.Error("a read-only page still posts previews")
	}
	form := url.Values{"header": {"x"}, "primary_color": {"#000000"}, "header_color": {"#000000"}, "window_width": {"400"}, "window_height": {"600"},
		"size": {"medium"}, "location": {"bottom-right"}}
	res, body := c.Post("/widget", form)
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Errorf("forced save: %d", res.StatusCode)
	}
}

// The CSP forbids inline scripts and styles; HTML from Quickchat loses them in the sanitizer.
func TestAgentPagesHaveNoInlineScriptsOrStyles(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := widgetForm(c)
	form.Set("welcome_message", `<p style="color:red" onclick="x()">Hi</p><style>p{}</style><script>alert(1)</script>`)
	if res, _ := c.Post("/widget", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	id := storedActions(c)["Battery help"].ID
	for _, path := range []string{"/ai-actions", "/ai-actions/" + idText(id), "/settings?tab=chatbot", "/widget", "/handoff", "/chat"} {
		res, body := c.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", path, res.StatusCode)
			continue
		}
		doc := consoletest.Parse(t, body)
		if n := doc.Find("script:not([src])").Length(); n != 0 {
			t.Errorf("%d inline scripts on %s", n, path)
		}
		if n := doc.Find("style, [style], [onclick]").Length(); n != 0 {
			t.Errorf("%d inline styles or handlers on %s", n, path)
		}
	}
}

// The welcome message and the greeting each say what they are and link to the other.
func TestWelcomeMessageAndGreetingPointAtEachOther(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/widget")
	doc := consoletest.Parse(t, body)
	if href, _ := doc.Find("#welcome_message-help " + consoletest.TestID("to-greeting")).Attr("href"); href != "/settings?tab=chatbot#greeting" {
		t.Errorf("the welcome message's help links to %q", href)
	}
	_, body = c.Get("/settings?tab=chatbot")
	doc = consoletest.Parse(t, body)
	help := doc.Find("#greeting-help")
	if href, _ := help.Find(consoletest.TestID("to-welcome-message")).Attr("href"); href != "/widget#welcome_message" {
		t.Errorf("the greeting's help links to %q", href)
	}
	if strings.Contains(help.Text(), "The first message a visitor sees") {
		t.Errorf("the greeting still claims to be the first message: %q", help.Text())
	}
}
