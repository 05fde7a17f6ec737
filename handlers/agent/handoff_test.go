package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func storedHandoff(c *consoletest.Console) *apiclient.HandoffConfiguration {
	c.T.Helper()
	h, err := c.SandboxClient().GetHandoffConfiguration(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return h
}

func handoffForm(c *consoletest.Console) url.Values {
	c.T.Helper()
	_, body := c.Get("/handoff")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		c.T.Fatal(err)
	}
	return formOf(c.T, doc, "form#handoff-form")
}

func tickedBoxes(doc *goquery.Document, name string) []string {
	var out []string
	doc.Find(`input[type=checkbox][name="` + name + `"][checked]`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		out = append(out, v)
	})
	return out
}

func TestHandoffPageShowsTheConfiguration(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	stored := storedHandoff(c)
	res, body := c.Get("/handoff")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /handoff = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Handoff" {
		t.Errorf("nav %q", got)
	}
	if got := tickedBoxes(doc, "generic_guidelines"); !slices.Equal(got, stored.GenericGuidelines) {
		t.Errorf("guidelines %q, stored %q", got, stored.GenericGuidelines)
	}
	if got := doc.Find(consoletest.TestID("custom_guidelines-row")).Length(); got != len(stored.CustomGuidelines) {
		t.Errorf("%d custom rows", got)
	}
	if got := doc.Find(consoletest.TestID("keyword_triggers-row")).Length(); got != len(stored.KeywordTriggers) {
		t.Errorf("%d keyword rows", got)
	}
	if got, _ := doc.Find(`select[name="working_hours.time_zone"] option[selected]`).Attr("value"); got != stored.WorkingHours.TimeZone {
		t.Errorf("time zone %q", got)
	}
	if got := tickedBoxes(doc, "working_hours.days"); !slices.Equal(got, stored.WorkingHours.Days) {
		t.Errorf("days %q", got)
	}
	start := doc.Find("#working_hours-start")
	if typ, _ := start.Attr("type"); typ != "time" {
		t.Errorf("start is type=%q", typ)
	}
	if v, _ := start.Attr("value"); v != stored.WorkingHours.Start {
		t.Errorf("start %q", v)
	}
	profiles := doc.Find(consoletest.TestID("routing-profile"))
	if profiles.Length() != len(stored.RoutingProfiles) {
		t.Fatalf("%d profiles", profiles.Length())
	}
	if v, _ := doc.Find("#routing_profiles-1-operators").Attr("value"); v != strings.Join(stored.RoutingProfiles[1].Operators, ", ") {
		t.Errorf("operators %q", v)
	}
}

func TestHandoffSaveReplacesTheWholeConfiguration(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := handoffForm(c)
	form["generic_guidelines"] = []string{"explicit_request", "sensitive_topic"}
	form["keyword_triggers"] = append(form["keyword_triggers"][1:], "", "need a human")
	form.Set("working_hours.time_zone", "Europe/Warsaw")
	form["working_hours.days"] = []string{"mon", "wed", "sat"}
	form.Set("working_hours.start", "09:30")
	form.Set("confirmation_message", "Shall I bring in a colleague?")
	// The first profile goes; the second gets new operators.
	form["routing_profiles.topic"] = form["routing_profiles.topic"][1:]
	form["routing_profiles.description"] = form["routing_profiles.description"][1:]
	form["routing_profiles.operators"] = form["routing_profiles.operators"][1:]
	form["routing_profiles.operators"][0] = "ana@velora-bikes.example; new@velora-bikes.example"
	res, _ := c.Post("/handoff", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/handoff" {
		t.Fatalf("save: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	h := storedHandoff(c)
	if !slices.Equal(h.GenericGuidelines, []string{"explicit_request", "sensitive_topic"}) || h.ConfirmationMessage != "Shall I bring in a colleague?" {
		t.Errorf("stored %+v", h)
	}
	if h.KeywordTriggers[len(h.KeywordTriggers)-1] != "need a human" || slices.Contains(h.KeywordTriggers, "") || slices.Contains(h.KeywordTriggers, "speak to human") {
		t.Errorf("keywords %q", h.KeywordTriggers)
	}
	wh := h.WorkingHours
	if wh.TimeZone != "Europe/Warsaw" || wh.Start != "09:30" || !slices.Equal(wh.Days, []string{"mon", "wed", "sat"}) {
		t.Errorf("working hours %+v", wh)
	}
	if len(h.RoutingProfiles) != 2 || !slices.Equal(h.RoutingProfiles[0].Operators, []string{"ana@velora-bikes.example", "new@velora-bikes.example"}) {
		t.Errorf("profiles %+v", h.RoutingProfiles)
	}
	_, body := c.Get("/handoff")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Handoff saved.") {
		t.Errorf("flash %q", got)
	}
}

func TestHandoffRefusalsSitOnTheFieldTheirPathNames(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := storedHandoff(c)
	cases := []struct {
		name     string
		change   func(url.Values)
		errorSel string
		want     string
		keptSel  string
		kept     string
	}{
		{"time zone", func(f url.Values) { f.Set("working_hours.time_zone", "Mars/Olympus_Mons") },
			"#working_hours-time_zone-error", "IANA time zone", `select[name="working_hours.time_zone"] option[selected]`, "Mars/Olympus_Mons"},
		{"start", func(f url.Values) { f.Set("working_hours.start", "25:00") },
			"#working_hours-start-error", "HH:MM", "#working_hours-start", "25:00"},
		{"end before start", func(f url.Values) { f.Set("working_hours.end", "07:00") },
			"#working_hours-end-error", "later than", "#working_hours-end", "07:00"},
		{"operators of the third row, after an empty one", func(f url.Values) {
			f["routing_profiles.topic"] = []string{f["routing_profiles.topic"][0], "", "Dealers"}
			f["routing_profiles.description"] = []string{f["routing_profiles.description"][0], "", "Shops"}
			f["routing_profiles.operators"] = []string{f["routing_profiles.operators"][0], "", "jonas@velora-bikes.example, not-an-address"}
		}, "#routing_profiles-2-operators-error", "must be an e-mail address", "#routing_profiles-2-operators", "jonas@velora-bikes.example, not-an-address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := handoffForm(c)
			form.Set("confirmation_message", "typed ✓")
			tc.change(form)
			res, body := c.Post("/handoff", form)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("refused save: %d", res.StatusCode)
			}
			doc := consoletest.Parse(t, body)
			if got := doc.Find(tc.errorSel).Text(); !strings.Contains(got, tc.want) {
				t.Errorf("%s = %q, want %q", tc.errorSel, got, tc.want)
			}
			if got, _ := doc.Find(tc.keptSel).Attr("value"); got != tc.kept {
				t.Errorf("%s kept %q", tc.keptSel, got)
			}
			if got := doc.Find("#confirmation_message").Text(); got != "typed ✓" {
				t.Errorf("the rest of the form was lost: %q", got)
			}
			if after := storedHandoff(c); after.ConfirmationMessage != before.ConfirmationMessage {
				t.Error("something was saved")
			}
		})
	}
}

func TestHandoffRows(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	form := handoffForm(c)
	n := len(form["routing_profiles.topic"])
	form.Set("op", "add:routing_profiles")
	_, body := c.Post("/handoff", form, "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	if doc.Find("form#handoff-form").Length() != 1 || strings.Contains(body, "<html") {
		t.Fatal("the answer is not the form alone")
	}
	if got := doc.Find(consoletest.TestID("routing-profile")).Length(); got != n+1 {
		t.Fatalf("%d profiles after add", got)
	}
	if _, ok := doc.Find("#routing_profiles-" + itoa(n) + "-topic").Attr("autofocus"); !ok {
		t.Error("the new profile's topic is not focused")
	}
	form = formOf(t, doc, "form#handoff-form")
	form.Set("op", "remove:keyword_triggers:0")
	_, body = c.Post("/handoff", form)
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("keyword_triggers-row")).Length(); got != len(form["keyword_triggers"])-1 {
		t.Errorf("%d keyword rows after remove", got)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "Not saved yet") {
		t.Error("no unsaved warning")
	}
	// The empty new profile is a slot, not a profile: saving leaves it out.
	form = formOf(t, doc, "form#handoff-form")
	form.Set("op", "save")
	if res, body := c.Post("/handoff", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text())
	}
	if got := len(storedHandoff(c).RoutingProfiles); got != n {
		t.Errorf("%d profiles stored, want %d", got, n)
	}
}

func TestHandoffReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	_, body := c.Get("/handoff")
	if n := consoletest.Parse(t, body).Find("main").Find("input:not([disabled]):not([type=hidden]), textarea:not([disabled]), select:not([disabled]), button").Length(); n != 0 {
		t.Errorf("%d live controls for a read-only token", n)
	}
	res, body := c.Post("/handoff", url.Values{"working_hours.time_zone": {"UTC"}, "working_hours.start": {"09:00"}, "working_hours.end": {"17:00"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Errorf("forced save: %d", res.StatusCode)
	}
}

// Saving the form untouched says so, and writes nothing to Quickchat.
func TestHandoffSaveWithoutChangesSaysNoChanges(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := len(c.Entries())
	res, body := c.Post("/handoff", handoffForm(c))
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "No changes") || strings.Contains(got, "saved") {
		t.Errorf("untouched save: flash %q", got)
	}
	if after := len(c.Entries()); after != before {
		t.Errorf("an untouched save wrote %d audit entries", after-before)
	}

	form := handoffForm(c)
	form.Set("confirmation_message", "Shall I bring in a colleague?")
	res, body = c.Post("/handoff", form)
	if got := savedFlash(t, c, res, body); !strings.Contains(got, "Handoff saved.") {
		t.Errorf("changed save: flash %q", got)
	}
}
