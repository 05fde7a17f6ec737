package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"qcadmin/static"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/sandbox"
)

func storedSettings(c *consoletest.Console) *apiclient.KnowledgeBaseSettings {
	c.T.Helper()
	kb, err := c.SandboxClient().GetKnowledgeBase(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return kb
}

// shownSettings is the settings form as the page shows it.
type shownSettings struct {
	name, prompt string
	commands     []string
}

func readSettingsForm(t *testing.T, doc *goquery.Document) shownSettings {
	t.Helper()
	form := doc.Find(consoletest.TestID("settings-form"))
	if form.Length() != 1 {
		t.Fatalf("no settings form on the page")
	}
	s := shownSettings{prompt: form.Find("textarea#short_description").Text(), commands: []string{}}
	s.name, _ = form.Find("input#one_word_description").Attr("value")
	form.Find(consoletest.TestID("ai-command") + ` textarea[name="ai_commands"]`).Each(func(_ int, ta *goquery.Selection) {
		s.commands = append(s.commands, ta.Text())
	})
	return s
}

func settingsForm(name, prompt string, commands []string, op string) url.Values {
	v := url.Values{"one_word_description": {name}, "short_description": {prompt}, "ai_commands": commands}
	if op != "" {
		v.Set("op", op)
	}
	return v
}

func TestSettingsShowTheAgentWithCounters(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	stored := storedSettings(c)
	res, body := c.Get("/settings")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /settings = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	shown := readSettingsForm(t, doc)
	if shown.name != "Vela" || shown.name != stored.OneWordDescription {
		t.Errorf("name = %q, stored %q", shown.name, stored.OneWordDescription)
	}
	if shown.prompt != stored.ShortDescription || !strings.HasPrefix(shown.prompt, "Vela is the customer support assistant") {
		t.Errorf("prompt = %q", shown.prompt)
	}
	if !slices.Equal(shown.commands, stored.AICommands) || len(shown.commands) != 4 {
		t.Errorf("commands = %q, stored %q", shown.commands, stored.AICommands)
	}
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Settings" {
		t.Errorf("active navigation = %q", got)
	}

	counters := map[string]string{
		"count-one_word_description": "4 / 200",
		"count-short_description":    strconv.Itoa(utf8.RuneCountInString(stored.ShortDescription)) + " / 2000",
		"count-ai_commands-0":        strconv.Itoa(utf8.RuneCountInString(stored.AICommands[0])) + " / 500",
	}
	total := 0
	for _, cmd := range stored.AICommands {
		total += utf8.RuneCountInString(cmd)
	}
	counters["count-ai_commands-total"] = strconv.Itoa(total) + " / 5000 in total"
	for id, want := range counters {
		if got := strings.TrimSpace(doc.Find(consoletest.TestID(id)).Text()); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	// app.js keeps each field's counter current as the person types, counters.js the total.
	if doc.Find(`script[src="`+static.URL("counters.js")+`"]`).Length() != 1 {
		t.Error("the settings page does not load counters.js")
	}
	for sel, want := range map[string]string{"#one_word_description": "200", "#short_description": "2000", "#ai_commands-3": "500"} {
		if got, _ := doc.Find(sel).Attr("data-maxlength"); got != want {
			t.Errorf("%s data-maxlength = %q, want %q", sel, got, want)
		}
	}
	if got, _ := doc.Find(consoletest.TestID("count-ai_commands-total")).Attr("data-total-for"); got != "ai_commands" {
		t.Errorf("the total counter counts %q", got)
	}

	badge := doc.Find(consoletest.TestID("retrain-state"))
	if badge.Text() != "up to date" {
		t.Errorf("retrain badge = %q", badge.Text())
	}
	if _, polls := badge.Attr("hx-trigger"); polls {
		t.Error("an up-to-date badge keeps polling")
	}
	if doc.Find(consoletest.TestID("retrain-button")).Length() != 1 || doc.Find(consoletest.TestID("save")).Length() != 1 {
		t.Error("a write token sees no save or retrain button")
	}
}

func TestSettingsListButtonsKeepWhatWasTyped(t *testing.T) {
	typed := []string{"one ✓", "two", "three"}
	cases := []struct {
		op    string
		want  []string
		focus string
	}{
		{"add", []string{"one ✓", "two", "three", ""}, "#ai_commands-3"},
		{"remove:1", []string{"one ✓", "three"}, "#ai_commands-1"},
		{"remove:2", []string{"one ✓", "two"}, "#add-command"},
		{"up:2", []string{"one ✓", "three", "two"}, "#ai_commands-1-up"},
		{"down:0", []string{"two", "one ✓", "three"}, "#ai_commands-1-down"},
		{"up:0", typed, ""},
		{"down:2", typed, ""},
		{"remove:9", typed, ""},
		{"bogus", typed, ""},
	}
	c := consoletest.New(t)
	c.SignIn()
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			res, body := c.Post("/settings", settingsForm("Typed name", "Typed\r\nprompt", typed, tc.op))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("op %s = %d, want the form again", tc.op, res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			shown := readSettingsForm(t, doc)
			if shown.name != "Typed name" || shown.prompt != "Typed\nprompt" {
				t.Errorf("name %q, prompt %q: typed text lost", shown.name, shown.prompt)
			}
			if !slices.Equal(shown.commands, tc.want) {
				t.Errorf("commands = %q, want %q", shown.commands, tc.want)
			}
			if !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "Not saved yet") {
				t.Error("the page does not say the change is not saved yet")
			}
			if tc.focus != "" {
				if _, ok := doc.Find(tc.focus).Attr("autofocus"); !ok {
					t.Errorf("%s is not focused after %s", tc.focus, tc.op)
				}
			}
			if got := doc.Find(consoletest.TestID("retrain-state")).Text(); got != "up to date" {
				t.Errorf("the whole page lost the retrain badge: %q", got)
			}
		})
	}
	if kb := storedSettings(c); kb.OneWordDescription != "Vela" || len(kb.AICommands) != 4 {
		t.Fatalf("a list button saved something: %+v", kb)
	}

	// With htmx, only the form comes back, to be swapped in place.
	_, body := c.Post("/settings", settingsForm("Typed name", "p", typed, "add"), "HX-Request", "true")
	if strings.Contains(body, "<html") || strings.Contains(body, `data-testid="retrain"`) {
		t.Fatal("an htmx list change got more than the form")
	}
	doc := consoletest.Parse(t, body)
	if len(readSettingsForm(t, doc).commands) != 4 {
		t.Error("the htmx fragment does not show the added row")
	}
	if got, _ := doc.Find(consoletest.TestID("op-add")).Attr("hx-target"); got != "#settings-form" {
		t.Errorf("the add button swaps %q", got)
	}
}

func TestSettingsSavePersists(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	name := strings.Repeat("🚲", 200) // 200 characters, 800 bytes: the limit counts characters
	res, body := c.Post("/settings", settingsForm(name, "Helps riders.\r\nAlways polite.", []string{"Say hello", "  ", "Mention the warranty ✓"}, "save"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/settings" {
		t.Fatalf("save = %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	want := []string{"Say hello", "Mention the warranty ✓"} // the blank row is not an instruction
	kb := storedSettings(c)
	if kb.OneWordDescription != name || kb.ShortDescription != "Helps riders.\nAlways polite." || !slices.Equal(kb.AICommands, want) {
		t.Fatalf("the sandbox holds %+v", kb)
	}
	_, body = c.Get("/settings")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Settings saved.") {
		t.Errorf("flash = %q", got)
	}
	shown := readSettingsForm(t, doc)
	if shown.name != name || !slices.Equal(shown.commands, want) {
		t.Errorf("reload shows %q %q", shown.name, shown.commands)
	}

	// Sending the list replaces it: an emptied list stays empty.
	res, _ = c.Post("/settings", url.Values{"one_word_description": {"Vela"}, "short_description": {"x"}, "op": {"save"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without instructions = %d", res.StatusCode)
	}
	if kb := storedSettings(c); len(kb.AICommands) != 0 {
		t.Fatalf("instructions after emptying the list: %q", kb.AICommands)
	}
	_, body = c.Get("/settings")
	if consoletest.Parse(t, body).Find(consoletest.TestID("no-commands")).Length() != 1 {
		t.Error("an empty list does not say so")
	}
}

func TestSettingsOverTheLimitsAreRefusedBeforeSaving(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ß", n) }
	fits := []string{"Be kind"}
	tooMany := slices.Repeat([]string{long(480)}, 11) // each fits, 5280 together
	cases := []struct {
		name     string
		form     url.Values
		errorSel string
		want     string
	}{
		{"name", settingsForm(long(201), "p", fits, "save"), "#one_word_description-error", "201 characters; the limit is 200"},
		{"prompt", settingsForm("Vela", long(2001), fits, "save"), "#short_description-error", "2001 characters; the limit is 2000"},
		{"one instruction", settingsForm("Vela", "p", []string{"ok", long(501)}, "save"), "#ai_commands-1-error", "501 characters; the limit is 500"},
		{"all instructions", settingsForm("Vela", "p", tooMany, "save"), "#ai_commands-error", "5280 characters; the limit is 5000"},
	}
	c := consoletest.New(t)
	c.SignIn()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.Post("/settings", tc.form)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("over-limit save = %d, want the form again", res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			if got := doc.Find(tc.errorSel).Text(); !strings.Contains(got, tc.want) {
				t.Errorf("%s = %q, want %q", tc.errorSel, got, tc.want)
			}
			if doc.Find(".has-error").Length() == 0 {
				t.Error("no field is marked as wrong")
			}
			shown := readSettingsForm(t, doc)
			if shown.name != tc.form.Get("one_word_description") || shown.prompt != tc.form.Get("short_description") || !slices.Equal(shown.commands, tc.form["ai_commands"]) {
				t.Error("the form lost what was typed")
			}
		})
	}
	if kb := storedSettings(c); kb.OneWordDescription != "Vela" || len(kb.AICommands) != 4 {
		t.Fatalf("an over-limit form was saved: %+v", kb)
	}
}

// settingsFake is a Quickchat API for the settings page, made of function fields.
type settingsFake struct {
	handlers.API
	mu      sync.Mutex
	kb      apiclient.KnowledgeBaseSettings
	update  func(apiclient.KnowledgeBaseSettingsUpdate) error
	retrain func() error
}

func (f *settingsFake) GetKnowledgeBase(context.Context) (*apiclient.KnowledgeBaseSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	kb := f.kb
	return &kb, nil
}

func (f *settingsFake) UpdateKnowledgeBase(_ context.Context, u apiclient.KnowledgeBaseSettingsUpdate) (*apiclient.KnowledgeBaseSettings, error) {
	if err := f.update(u); err != nil {
		return nil, err
	}
	return f.GetKnowledgeBase(context.Background())
}

func (f *settingsFake) RetrainKnowledgeBase(context.Context) error {
	if err := f.retrain(); err != nil {
		return err
	}
	f.setState("in_progress")
	return nil
}

func (f *settingsFake) setState(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kb.RetrainState = &s
}

func TestSettingsShowQuickchatsRefusals(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		where    string
		want     string
		loggedIn bool
	}{
		{"names a field", &apiclient.APIError{Status: 422, Code: "VALIDATION_ERROR", Message: "Field 'short_description' may not contain links."}, "#short_description-error", "may not contain links", true},
		{"names the list", &apiclient.APIError{Status: 400, Code: "VALIDATION_ERROR", Message: "Field 'ai_commands' item 0 is empty."}, "#ai_commands-error", "item 0 is empty", true},
		{"names nothing", &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}, consoletest.TestID("notice"), "not answering properly", true},
		{"unreachable", consoletest.ErrFake, consoletest.TestID("notice"), "could not be reached", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &settingsFake{kb: apiclient.KnowledgeBaseSettings{OneWordDescription: "Old"}, update: func(apiclient.KnowledgeBaseSettingsUpdate) error { return tc.err }}
			c := consoletest.New(t, consoletest.WithAPI(fake))
			c.SignIn()
			res, body := c.Post("/settings", settingsForm("New name", "Typed prompt", []string{"Typed rule"}, "save"))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("refused save = %d, want the form again", res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			if got := doc.Find(tc.where).Text(); !strings.Contains(got, tc.want) {
				t.Errorf("%s = %q, want %q", tc.where, got, tc.want)
			}
			if shown := readSettingsForm(t, doc); shown.name != "New name" || shown.prompt != "Typed prompt" || !slices.Equal(shown.commands, []string{"Typed rule"}) {
				t.Errorf("typed text lost: %+v", shown)
			}
		})
	}

	// A token Quickchat no longer accepts sends the person back to sign in, and then back to this page,
	// where what they typed is offered back.
	fake := &settingsFake{update: func(apiclient.KnowledgeBaseSettingsUpdate) error {
		return &apiclient.APIError{Status: 401, Code: "UNAUTHORIZED", Message: "Token expired"}
	}}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()
	res, _ := c.Post("/settings", settingsForm("x", "y", nil, "save"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fsettings" {
		t.Fatalf("401 on save = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSettingsForAReadOnlyToken(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := c.Get("/settings")
	doc := consoletest.Parse(t, body)
	shown := readSettingsForm(t, doc)
	if shown.name != "Vela" || len(shown.commands) != 4 {
		t.Fatalf("a read-only token does not see the settings: %+v", shown)
	}
	main := doc.Find("main")
	if n := main.Find("input:not([disabled]), textarea:not([disabled]), select:not([disabled])").Length(); n != 0 {
		t.Errorf("%d enabled fields for a read-only token", n)
	}
	if n := main.Find("button").Length(); n != 0 {
		t.Errorf("%d buttons for a read-only token", n)
	}
	if !strings.Contains(main.Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Error("the page does not say the token is read-only")
	}

	// A forced post reaches Quickchat, which refuses it; what was typed stays.
	res, body := c.Post("/settings", settingsForm("Forced", "Forced prompt", []string{"Forced rule"}, "save"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("forced save = %d", res.StatusCode)
	}
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("notice")).Text(); !strings.Contains(got, "Insufficient token scope. Required: write_all") {
		t.Errorf("notice = %q", got)
	}
	if shown := readSettingsForm(t, doc); shown.name != "Forced" || shown.prompt != "Forced prompt" || !slices.Equal(shown.commands, []string{"Forced rule"}) {
		t.Errorf("typed text lost: %+v", shown)
	}
	if kb := storedSettings(c); kb.OneWordDescription != "Vela" {
		t.Fatal("a read-only token changed the settings")
	}
}

func TestRetrainStartsAndTheBadgeFollows(t *testing.T) {
	upToDate := "up_to_date"
	fake := &settingsFake{kb: apiclient.KnowledgeBaseSettings{OneWordDescription: "Vela", RetrainState: &upToDate}, retrain: func() error { return nil }}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()
	res, _ := c.Post("/settings/retrain", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/settings" {
		t.Fatalf("retrain = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/settings")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Retraining started.") {
		t.Errorf("flash = %q", got)
	}
	badge := doc.Find(consoletest.TestID("retrain-state"))
	if badge.Text() != "retraining…" {
		t.Errorf("badge = %q", badge.Text())
	}
	if get, _ := badge.Attr("hx-get"); get != "/settings/retrain" || badge.AttrOr("hx-trigger", "") != "every 5s" {
		t.Errorf("a running retrain's badge does not refresh itself: hx-get %q", get)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("retrain")).Text(), "after a retrain") {
		t.Error("the page does not explain what a retrain is for")
	}

	// The badge refreshes alone, and stops asking once the retrain is over.
	res, body = c.Get("/settings/retrain", "HX-Request", "true")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") || !strings.Contains(body, "retraining…") {
		t.Fatalf("badge fragment = %d %s", res.StatusCode, body)
	}
	fake.setState("up_to_date")
	_, body = c.Get("/settings/retrain", "HX-Request", "true")
	badge = consoletest.Parse(t, body).Find(consoletest.TestID("retrain-state"))
	if _, polls := badge.Attr("hx-trigger"); polls || badge.Text() != "up to date" {
		t.Errorf("finished badge = %q, polling %v", badge.Text(), polls)
	}
	if res, _ := c.Get("/settings/retrain"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/settings" {
		t.Errorf("a plain GET of the badge = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}

	for state, want := range map[string]string{"to_be_retrained": "changes waiting", "failed": "failed"} {
		fake.setState(state)
		_, body = c.Get("/settings")
		if got := consoletest.Parse(t, body).Find(consoletest.TestID("retrain-state")).Text(); got != want {
			t.Errorf("%s shows %q, want %q", state, got, want)
		}
	}
	fake.mu.Lock()
	fake.kb.RetrainState = nil
	fake.mu.Unlock()
	_, body = c.Get("/settings")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("retrain-state")).Text(); got != "never trained" {
		t.Errorf("null state shows %q", got)
	}
}

func TestRetrainRefusals(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"already running", &apiclient.APIError{Status: 409, Code: "CONFLICT", Message: "Retrain in progress"}, "A retrain is already running"},
		{"read-only", &apiclient.APIError{Status: 403, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}, "Insufficient token scope"},
		{"down", &apiclient.APIError{Status: 502, Code: "BAD_GATEWAY", Message: "x"}, "not answering properly"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &settingsFake{retrain: func() error { return tc.err }}
			c := consoletest.New(t, consoletest.WithAPI(fake))
			c.SignIn()
			if res, _ := c.Post("/settings/retrain", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("refused retrain = %d", res.StatusCode)
			}
			_, body := c.Get("/settings")
			if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, tc.want) {
				t.Errorf("flash = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRetrainAgainstTheSandbox(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/settings")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("retrain-state")).Text(); got != "up to date" {
		t.Fatalf("seeded badge = %q", got)
	}
	res, _ := c.Post("/settings/retrain", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/settings" {
		t.Fatalf("retrain = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Get("/settings")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Retraining started.") {
		t.Errorf("flash = %q", got)
	}
	// The sandbox queues a retrain for a moment before it runs.
	badge := doc.Find(consoletest.TestID("retrain-state"))
	if badge.Text() != "changes waiting" && badge.Text() != "retraining…" {
		t.Errorf("badge after a retrain request = %q", badge.Text())
	}
	if badge.AttrOr("hx-trigger", "") != "every 5s" {
		t.Error("the badge of a pending retrain does not refresh itself")
	}
	if kb := storedSettings(c); kb.RetrainState == nil || *kb.RetrainState == "up_to_date" {
		t.Errorf("the sandbox says %v", kb.RetrainState)
	}
}

// FuzzSettingsListButtons posts whatever a crafted form may hold as the list button's op:
// the form always comes back (never a server error), with no instruction lost except the one removed.
func FuzzSettingsListButtons(f *testing.F) {
	for _, op := range []string{"add", "remove:0", "remove:", "up:-1", "down:99999999999999999999", "up:1:2", "remove:+1", "down: 0", "delete:0"} {
		f.Add(op, "first", "second")
	}
	c := consoletest.New(f)
	c.SignIn()
	f.Fuzz(func(t *testing.T, op, first, second string) {
		if op == "" || op == "save" {
			t.Skip("saving is not a list button")
		}
		form := settingsForm("Vela", "p", []string{first, second}, op)
		req, _ := http.NewRequest(http.MethodPost, c.Server.URL+"/settings", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := c.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		doc, err := goquery.NewDocumentFromReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("op %q = %d", op, res.StatusCode)
		}
		rows := doc.Find(consoletest.TestID("ai-command")).Length()
		want := 2
		verb, arg, _ := strings.Cut(op, ":")
		if i, err := strconv.Atoi(arg); verb == "remove" && err == nil && (i == 0 || i == 1) {
			want = 1
		} else if op == "add" {
			want = 3
		}
		if rows != want {
			t.Fatalf("op %q leaves %d rows, want %d", op, rows, want)
		}
	})
}

// The agent's persona (Settings) sits in the navigation's Agent section, not the knowledge base's.
func TestSettingsSitInTheAgentSection(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/settings")
	section := ""
	consoletest.Parse(t, body).Find("nav.nav").Children().EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if s.HasClass("nav-section") {
			section = s.Text()
		}
		if s.AttrOr("href", "") == "/settings" {
			if section != "Agent" {
				t.Errorf("Settings is in the %q section", section)
			}
			return false
		}
		return true
	})
	if section == "" {
		t.Error("no navigation sections")
	}
}
