package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/sandbox"
)

// wrapAPI puts a partial fake in front of the real session client: what it does not override reaches the sandbox.
func wrapAPI(wrap func(handlers.API) handlers.API) consoletest.Option {
	return func(d *handlers.Deps) {
		inner := d.Connect
		d.Connect = func(token string) handlers.API { return wrap(inner(token)) }
	}
}

// storedActions reads the actions from the sandbox directly.
func storedActions(c *consoletest.Console) map[string]apiclient.AIAction {
	c.T.Helper()
	list, err := c.SandboxClient().ListAIActions(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	out := map[string]apiclient.AIAction{}
	for _, a := range list {
		out[a.Name] = a
	}
	return out
}

// parseRow reads a table row htmx swaps in: alone, an HTML parser drops it, so it goes into a table first.
func parseRow(t *testing.T, body string) *goquery.Selection {
	t.Helper()
	if strings.Contains(body, "<html") {
		return consoletest.Parse(t, body).Selection
	}
	return consoletest.Parse(t, "<table><tbody>"+body+"</tbody></table>").Selection
}

func actionRowNamed(t *testing.T, doc *goquery.Document, name string) *goquery.Selection {
	t.Helper()
	row := doc.Find(consoletest.TestID("ai-action")).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Find(consoletest.TestID("ai-action-name")).Text()) == name
	})
	if row.Length() != 1 {
		t.Fatalf("no row for the action %q", name)
	}
	return row
}

func TestAIActionListShowsTypesReadinessAndWhy(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/ai-actions")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /ai-actions = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "AI actions" {
		t.Errorf("current nav item %q", got)
	}
	if n := doc.Find(consoletest.TestID("ai-action")).Length(); n != 5 {
		t.Fatalf("%d rows, want the 5 seeded actions", n)
	}
	for name, typ := range map[string]string{"Track my order": "HTTP request", "Velora parts catalogue": "Remote MCP server", "Shopify orders": "Shopify", "Battery help": "Knowledge Base"} {
		if got := actionRowNamed(t, doc, name).Find(consoletest.TestID("ai-action-type")).Text(); got != typ {
			t.Errorf("%s: type %q, want %q", name, got, typ)
		}
	}
	battery := actionRowNamed(t, doc, "Battery help")
	if got := battery.Find(consoletest.TestID("validity")).Text(); got != "ready" {
		t.Errorf("Battery help: %q", got)
	}
	if got, _ := battery.Find(consoletest.TestID("ai-action-switch")).Attr("aria-checked"); got != "true" {
		t.Errorf("Battery help's switch aria-checked=%q", got)
	}
	if href, _ := battery.Find(consoletest.TestID("ai-action-name")).Attr("href"); !strings.HasPrefix(href, "/ai-actions/") {
		t.Errorf("a Knowledge Base action links to its page: %q", href)
	}
	if _, ok := actionRowNamed(t, doc, "Track my order").Find(consoletest.TestID("ai-action-name")).Attr("href"); ok {
		t.Error("an HTTP request action links to an edit page the API does not have")
	}
	returns := actionRowNamed(t, doc, "Returns assistant")
	if got := returns.Find(consoletest.TestID("validity")).Text(); got != "not ready yet" {
		t.Errorf("Returns assistant: %q", got)
	}
	why, ok := returns.Find(consoletest.TestID("why-not-ready")).Attr("hx-get")
	if !ok {
		t.Fatal("Returns assistant offers no way to learn why it is not ready")
	}
	if returns.Find(consoletest.TestID("problems")).Length() != 0 {
		t.Error("the list explains a Knowledge Base action before anyone asked, at a call per action")
	}
	res, body = c.Get(why, "HX-Request", "true")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", why, res.StatusCode)
	}
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("problems")).Text(); !strings.Contains(got, "It needs a parameter description and a tag.") {
		t.Errorf("Returns assistant's reason: %q", got)
	}
	if _, ok := battery.Find(consoletest.TestID("why-not-ready")).Attr("hx-get"); ok {
		t.Error("a ready action asks why it is not ready")
	}
}

func TestAIActionSwitchSwapsTheRowAndExplainsARefusal(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	ids := storedActions(c)
	battery, returns := ids["Battery help"], ids["Returns assistant"]

	// Off, through htmx: the answer is the row alone, switched off.
	res, body := c.Post("/ai-actions/"+idText(battery.ID)+"/active", url.Values{"is_active": {"false"}}, "HX-Request", "true")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") {
		t.Fatalf("htmx switch: %d, a whole page: %v", res.StatusCode, strings.Contains(body, "<html"))
	}
	row := parseRow(t, body)
	if got, _ := row.Find(consoletest.TestID("ai-action-switch")).Attr("aria-checked"); got != "false" {
		t.Errorf("after switching off, aria-checked=%q", got)
	}
	if storedActions(c)["Battery help"].IsActive {
		t.Fatal("Battery help is still on at Quickchat")
	}
	// On again, as a plain form: back to the list with a flash.
	res, _ = c.Post("/ai-actions/"+idText(battery.ID)+"/active", url.Values{"is_active": {"true"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ai-actions" {
		t.Fatalf("plain switch: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !storedActions(c)["Battery help"].IsActive {
		t.Fatal("Battery help did not come back on")
	}
	_, body = c.Get("/ai-actions")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Switched on “Battery help”") {
		t.Errorf("flash %q", got)
	}

	// An action that is not ready cannot be switched on: Quickchat's 422 is told in the row.
	for _, hx := range []bool{true, false} {
		var header []string
		if hx {
			header = []string{"HX-Request", "true"}
		}
		res, body = c.Post("/ai-actions/"+idText(returns.ID)+"/active", url.Values{"is_active": {"true"}}, header...)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("refused switch (htmx %v): %d", hx, res.StatusCode)
		}
		row = parseRow(t, body).Find(consoletest.TestID("ai-action") + `[data-id="` + idText(returns.ID) + `"]`)
		if got := row.Find(".field-error").Text(); !strings.Contains(got, "Not switched on.") || !strings.Contains(got, "cannot be activated") {
			t.Errorf("htmx %v: the row says %q", hx, got)
		}
		if got, _ := row.Find(consoletest.TestID("ai-action-switch")).Attr("aria-checked"); got != "false" {
			t.Errorf("htmx %v: a refused switch shows aria-checked=%q", hx, got)
		}
	}
}

func TestAIActionCreateFillUntilReady(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := len(storedActions(c))
	_, body := c.Get("/ai-actions/new")
	doc := consoletest.Parse(t, body)
	if n := len(storedActions(c)); n != before {
		t.Fatalf("opening the new action's form made %d actions at Quickchat", n-before)
	}
	if got, _ := doc.Find(consoletest.TestID("ai-action-form")).Attr("action"); got != "/ai-actions/new" {
		t.Errorf("the new form posts to %q", got)
	}
	for sel, want := range map[string]string{"#name": "100", "#description": "1000", "#parameter_description": "500", "#tag": "255"} {
		if got, _ := doc.Find(sel).Attr("data-maxlength"); got != want {
			t.Errorf("%s data-maxlength=%q, want %s", sel, got, want)
		}
		id := strings.TrimPrefix(sel, "#")
		if got := strings.TrimSpace(doc.Find(consoletest.TestID("count-" + id)).Text()); got != "0 / "+want {
			t.Errorf("counter of %s: %q", id, got)
		}
	}
	if doc.Find(consoletest.TestID("kb-tags")+` option[value="returns"]`).Length() != 1 {
		t.Error("the tag picker does not offer the knowledge base's tags")
	}
	if got := doc.Find(consoletest.TestID("ai-action-status") + " " + consoletest.TestID("problems")).Text(); !strings.Contains(got, "It needs a name, a description, a parameter description and a tag.") {
		t.Errorf("a new action's reason: %q", got)
	}

	// Half filled: created on this first save, still not ready, and it says what is left.
	res, _ := c.Post("/ai-actions/new", url.Values{"name": {"Returns helper"}, "description": {"When the customer wants to send something back."}, "parameter_description": {""}, "tag": {"no-such-tag"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/ai-actions/") || loc == "/ai-actions/new" {
		t.Fatalf("half save: %d → %q", res.StatusCode, loc)
	}
	if n := len(storedActions(c)); n != before+1 {
		t.Errorf("saving the new action made %d actions", n-before)
	}
	_, body = c.Get(loc)
	doc = consoletest.Parse(t, body)
	problems := doc.Find(consoletest.TestID("ai-action-status") + " " + consoletest.TestID("problems")).Text()
	if !strings.Contains(problems, "It needs a parameter description.") || !strings.Contains(problems, "No article carries the tag “no-such-tag”") {
		t.Errorf("half-filled reasons: %q", problems)
	}
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "not ready yet") {
		t.Errorf("flash %q", got)
	}

	// Complete with a seeded tag: ready, with the articles it covers counted.
	c.Post(loc, url.Values{"name": {"Returns helper"}, "description": {"When the customer wants to send something back."},
		"parameter_description": {"The customer's return question."}, "tag": {"returns"}})
	_, body = c.Get(loc)
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("ai-action-status") + " " + consoletest.TestID("validity")).Text(); got != "ready" {
		t.Fatalf("after filling every field: %q", got)
	}
	if got := doc.Find(consoletest.TestID("tag-count")).Text(); !strings.HasSuffix(got, "articles") || got == "0 articles" {
		t.Errorf("tag coverage %q", got)
	}
	if got := strings.TrimSpace(doc.Find(consoletest.TestID("count-name")).Text()); got != "14 / 100" {
		t.Errorf("name counter %q", got)
	}
	if !storedActions(c)["Returns helper"].IsValid {
		t.Error("Quickchat does not have it valid")
	}
}

func TestAIActionTagCoverageFollowsTheField(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/ai-actions/tag-coverage?tag=batteries", "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("tag-count")).Text(); got == "" || strings.HasPrefix(got, "0 ") {
		t.Errorf("batteries coverage %q", got)
	}
	if href, _ := doc.Find(consoletest.TestID("tag-count")).Attr("href"); href != "/articles?tags=batteries" {
		t.Errorf("coverage link %q", href)
	}
	_, body = c.Get("/ai-actions/tag-coverage?tag=nothing-here", "HX-Request", "true")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("tag-coverage")).Text(); !strings.Contains(got, "No article carries “nothing-here”") {
		t.Errorf("unused tag: %q", got)
	}
}

func TestAIActionSaveKeepsWhatWasTyped(t *testing.T) {
	long := strings.Repeat("n", 101)
	c := consoletest.New(t, wrapAPI(func(api handlers.API) handlers.API {
		return refusingKBAction{API: api, err: &apiclient.APIError{Status: 422, Code: "VALIDATION_ERROR", Message: "Field 'parameter_description' may not contain links."}}
	}))
	c.SignIn()
	id := storedActions(c)["Returns assistant"].ID
	path := "/ai-actions/" + idText(id)

	// Too long: caught before Quickchat, next to the field, everything kept.
	_, body := c.Post(path, url.Values{"name": {long}, "description": {"d ✓"}, "parameter_description": {"p"}, "tag": {"returns"}})
	doc := consoletest.Parse(t, body)
	if got := doc.Find("#name-error").Text(); !strings.Contains(got, "101 characters; the limit is 100") {
		t.Errorf("name error %q", got)
	}
	if v, _ := doc.Find("#name").Attr("value"); v != long || doc.Find("#description").Text() != "d ✓" {
		t.Error("the typed values were not kept")
	}
	// Quickchat's 422 names a field: the message sits there, not on “description”.
	_, body = c.Post(path, url.Values{"name": {"Returns"}, "description": {"d"}, "parameter_description": {"see https://x"}, "tag": {"returns"}})
	doc = consoletest.Parse(t, body)
	if got := doc.Find("#parameter_description-error").Text(); !strings.Contains(got, "may not contain links") {
		t.Errorf("refusal next to the field: %q", got)
	}
	if doc.Find("#description-error").Length() != 0 {
		t.Error("the refusal was put on description too")
	}
	if doc.Find("#parameter_description").Text() != "see https://x" {
		t.Error("the refused value was lost")
	}
}

type refusingKBAction struct {
	handlers.API
	err error
}

func (f refusingKBAction) UpdateKBAction(context.Context, int64, apiclient.KBActionInput) (*apiclient.KBAction, error) {
	return nil, f.err
}

func TestAIActionDeleteAsksFirst(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := storedActions(c)["Track my order"].ID
	path := "/ai-actions/" + idText(id) + "/delete"
	res, body := c.Post(path, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("first post: %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("confirm-delete") + " h1").Text(); !strings.Contains(got, "“Track my order”") {
		t.Errorf("confirmation heading %q", got)
	}
	if _, ok := storedActions(c)["Track my order"]; !ok {
		t.Fatal("deleted before it was confirmed")
	}
	res, _ = c.Post(path, url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ai-actions" {
		t.Fatalf("confirmed delete: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, ok := storedActions(c)["Track my order"]; ok {
		t.Fatal("still at Quickchat after the delete")
	}
	_, body = c.Get("/ai-actions")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Deleted “Track my order”") {
		t.Errorf("flash %q", got)
	}
}

func TestAIActionsReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	ids := storedActions(c)
	_, body := c.Get("/ai-actions")
	doc := consoletest.Parse(t, body)
	main := doc.Find("main")
	if n := main.Find("form, button").Length(); n != 0 {
		t.Errorf("a read-only token sees %d write controls", n)
	}
	if main.Find(consoletest.TestID("ai-action-state")).Length() != 5 {
		t.Error("the states are not shown as text")
	}
	_, body = c.Get("/ai-actions/" + idText(ids["Battery help"].ID))
	doc = consoletest.Parse(t, body)
	if n := doc.Find("main").Find("input:not([disabled]), textarea:not([disabled]), button").Length(); n != 0 {
		t.Errorf("the read-only edit page has %d live controls", n)
	}
	// A forced write shows Quickchat's 403 in the row.
	_, body = c.Post("/ai-actions/"+idText(ids["Battery help"].ID)+"/active", url.Values{"is_active": {"false"}}, "HX-Request", "true")
	if got := parseRow(t, body).Find(".field-error").Text(); !strings.Contains(got, "read-only") {
		t.Errorf("forced switch: %q", got)
	}
	res, body := c.Post("/ai-actions/new", url.Values{"name": {"Forced"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Errorf("forced create: %d", res.StatusCode)
	}
}

// idText writes an id as paths do.
func idText(id int64) string { return strconv.FormatInt(id, 10) }

// A new action's form refused before it reaches Quickchat comes back as typed, and creates nothing.
func TestAIActionNewRefusedCreatesNothing(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	before := len(storedActions(c))
	long := strings.Repeat("n", 101)
	res, body := c.Post("/ai-actions/new", url.Values{"name": {long}, "description": {"Kept"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused create answered %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if v, _ := doc.Find("#name").Attr("value"); v != long || doc.Find("#description").Text() != "Kept" {
		t.Errorf("the typing was not kept: name %d chars, description %q", len(v), doc.Find("#description").Text())
	}
	if n := len(storedActions(c)); n != before {
		t.Errorf("a refused create made %d actions", n-before)
	}
}
