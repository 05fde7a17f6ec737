package inbox_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/handlers/consoletest"
)

// pageForm is one form of a page as a browser would send it untouched: its action and fields.
func pageForm(t *testing.T, c *consoletest.Console, page, sel string) (string, url.Values) {
	t.Helper()
	_, body := c.Get(page)
	return formOf(t, body, sel)
}

// formOf reads a form from a page already fetched.
func formOf(t *testing.T, body, sel string) (string, url.Values) {
	t.Helper()
	form := consoletest.Parse(t, body).Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("no form %s", sel)
	}
	action, _ := form.Attr("action")
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
			val, _ := f.Find("option[selected]").Attr("value")
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
	return action, v
}

// setRow changes (or adds) the value of the row whose key is key, in a posted rows form.
func setRow(f url.Values, key, typ, value string) {
	for i, k := range f["key"] {
		if k == key {
			f["type"][i], f["value"][i] = typ, value
			return
		}
	}
	f.Add("key", key)
	f.Add("type", typ)
	f.Add("value", value)
}

// sandboxSet changes a conversation's metadata behind the console's back (its own
// client, so the console's cache does not see it): another person's save.
func sandboxSet(c *consoletest.Console, id string, change func(m map[string]any)) {
	c.T.Helper()
	ctx := context.Background()
	m, err := c.SandboxClient().GetConversationMetadata(ctx, id)
	if err != nil {
		c.T.Fatal(err)
	}
	change(m)
	if _, err := c.Quickchat().SetConversationMetadata(ctx, id, m); err != nil {
		c.T.Fatal(err)
	}
}

func upstreamMetadata(c *consoletest.Console, id string) map[string]any {
	c.T.Helper()
	m, err := c.SandboxClient().GetConversationMetadata(context.Background(), id)
	if err != nil {
		c.T.Fatal(err)
	}
	return m
}

// metadataConsole signs in and gives a conversation whose metadata is start.
func metadataConsole(t *testing.T, start map[string]any) (*consoletest.Console, string) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	if _, err := c.Quickchat().SetConversationMetadata(context.Background(), id, start); err != nil {
		t.Fatal(err)
	}
	return c, id
}

func flashAfter(t *testing.T, c *consoletest.Console, res *http.Response, body string) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save answered %d, not a redirect:\n%s", res.StatusCode, strings.Join(strings.Fields(consoletest.Parse(t, body).Find("main").Text()), " "))
	}
	_, page := c.Get(res.Header.Get("Location"))
	return consoletest.Parse(t, page).Find(consoletest.TestID("flash")).Text()
}

const rowsSel = `[data-testid="metadata-form"]`
const jsonSel = `form:has(textarea[name="metadata"])`

func TestMetadataSaveWithNoOtherChange(t *testing.T) {
	c, id := metadataConsole(t, map[string]any{"customer": "Ana", "tier": "gold"})
	action, f := pageForm(t, c, "/conversations/"+id, rowsSel)
	if f.Get("base") == "" {
		t.Fatal("the rows form carries no base")
	}
	setRow(f, "tier", "string", "platinum")
	f.Set("op", "save")
	res, body := c.Post(action, f)
	if got := flashAfter(t, c, res, body); !strings.Contains(got, "Metadata saved.") || strings.Contains(got, "meanwhile") {
		t.Errorf("flash = %q", got)
	}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, map[string]any{"customer": "Ana", "tier": "platinum"}) {
		t.Errorf("stored %v", got)
	}
}

// A saves editor_a, B saves editor_b from the form B loaded before: both are kept.
func TestMetadataSaveMergesAnotherPersonsOtherKeys(t *testing.T) {
	c, id := metadataConsole(t, map[string]any{"customer": "Ana"})
	action, f := pageForm(t, c, "/conversations/"+id, rowsSel)
	sandboxSet(c, id, func(m map[string]any) { m["editor_a"] = "A"; delete(m, "customer") })
	setRow(f, "editor_b", "string", "B")
	f.Set("op", "save")
	res, body := c.Post(action, f)
	got := flashAfter(t, c, res, body)
	if !strings.Contains(got, "Metadata saved.") || !strings.Contains(got, `"customer" and "editor_a"`) || !strings.Contains(got, "kept") {
		t.Errorf("flash = %q", got)
	}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, map[string]any{"editor_a": "A", "editor_b": "B"}) {
		t.Errorf("stored %v, want both people's keys (and the removal of customer kept)", got)
	}

	// The JSON form merges alike.
	action, f = pageForm(t, c, "/conversations/"+id, jsonSel)
	sandboxSet(c, id, func(m map[string]any) { m["editor_c"] = "C" })
	f.Set("metadata", `{"editor_a": "A2", "editor_b": "B"}`)
	res, body = c.Post(action, f)
	if got := flashAfter(t, c, res, body); !strings.Contains(got, `"editor_c"`) {
		t.Errorf("JSON flash = %q", got)
	}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, map[string]any{"editor_a": "A2", "editor_b": "B", "editor_c": "C"}) {
		t.Errorf("JSON stored %v", got)
	}
}

func TestMetadataSameKeyChangedByBothIsAConflict(t *testing.T) {
	c, id := metadataConsole(t, map[string]any{"customer": "Ana", "note": "first"})
	action, f := pageForm(t, c, "/conversations/"+id, rowsSel)
	sandboxSet(c, id, func(m map[string]any) { m["note"] = "theirs"; m["other"] = "kept" })
	setRow(f, "note", "string", "mine, typed with care")
	setRow(f, "added", "number", "42")
	f.Set("op", "save")
	res, body := c.Post(action, f)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conflict answered %d", res.StatusCode)
	}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, map[string]any{"customer": "Ana", "note": "theirs", "other": "kept"}) {
		t.Errorf("a conflicted save wrote: %v", got)
	}
	doc := consoletest.Parse(t, body)
	conflict := doc.Find(consoletest.TestID("save-conflict"))
	if conflict.Length() != 1 {
		t.Fatal("no conflict shown")
	}
	row := conflict.Find(consoletest.TestID("conflict-row"))
	if row.Length() != 1 || row.Find(".conflict-mine").Text() != "mine, typed with care" || row.Find(".conflict-theirs").Text() != "theirs" {
		t.Errorf("conflict rows: %q", row.Text())
	}
	if field, _ := row.Find("[data-use-saved]").Attr("data-use-saved"); field == "" || doc.Find("#"+field).Length() != 1 {
		t.Errorf("the saved value has no field to go into (%q)", field)
	}
	if v, _ := doc.Find(`[data-key="note"] input[name=value]`).Attr("value"); v != "mine, typed with care" {
		t.Errorf("the typed value came back as %q", v)
	}
	if v, _ := doc.Find(`[data-key="added"] input[name=value]`).Attr("value"); v != "42" {
		t.Errorf("the added row came back as %q", v)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("metadata-editor")).Text(), `"other"`) {
		t.Error("the page does not say which other key someone changed")
	}
	if !strings.Contains(body, "/static/merge.") {
		t.Error("the page does not load the script that takes the saved value")
	}

	// Saving the form as it came back keeps this person's choice, and the other key.
	_, again := formOf(t, body, rowsSel)
	again.Set("op", "save")
	res, body = c.Post(action, again)
	flashAfter(t, c, res, body)
	want := map[string]any{"customer": "Ana", "note": "mine, typed with care", "other": "kept", "added": float64(42)}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(normalize(got), want) {
		t.Errorf("after choosing: %v", got)
	}

	// The JSON form: the conflict is shown, the JSON kept as typed.
	action, f = pageForm(t, c, "/conversations/"+id, jsonSel)
	sandboxSet(c, id, func(m map[string]any) { m["note"] = "theirs again" })
	typed := `{"customer": "Ana", "note": "my JSON note", "other": "kept", "added": 42}`
	f.Set("metadata", typed)
	res, body = c.Post(action, f)
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("save-conflict")).Length() != 1 {
		t.Fatalf("JSON conflict: %d", res.StatusCode)
	}
	if got := doc.Find(`#metadata-json`).Text(); got != typed {
		t.Errorf("JSON came back as %q", got)
	}
	if got := upstreamMetadata(c, id)["note"]; got != "theirs again" {
		t.Errorf("the JSON conflict wrote note=%v", got)
	}
}

// A stale metadata form does not wipe the review a colleague just saved, and
// the review's keys are shown read-only, with the way to the review panel.
func TestMetadataEditorLeavesTheReviewAlone(t *testing.T) {
	c, id := metadataConsole(t, map[string]any{"customer": "Ana", "review_status": "good", "review_by": "Bo"})
	_, body := c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if doc.Find(rowsSel+` [data-key^="review_"]`).Length() != 0 || strings.Contains(doc.Find("#metadata-json").Text(), "review_") {
		t.Error("the editor offers the review's keys")
	}
	keys := doc.Find(consoletest.TestID("metadata-review-keys"))
	if !strings.Contains(keys.Text(), "review_status") || !strings.Contains(keys.Text(), "good") {
		t.Errorf("review keys shown: %q", keys.Text())
	}
	if href, _ := keys.Find(consoletest.TestID("metadata-review-link")).Attr("href"); href != "#review" || doc.Find("#review").Length() != 1 {
		t.Errorf("the link to the review panel goes to %q", href)
	}

	action, f := pageForm(t, c, "/conversations/"+id, rowsSel)
	// A colleague reviews meanwhile.
	sandboxSet(c, id, func(m map[string]any) { m["review_status"] = "needs_work"; m["review_note"] = "Say sorry first" })
	setRow(f, "customer", "string", "Ana María")
	f.Set("op", "save")
	res, body := c.Post(action, f)
	flashAfter(t, c, res, body)
	want := map[string]any{"customer": "Ana María", "review_status": "needs_work", "review_by": "Bo", "review_note": "Say sorry first"}
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v", got)
	}

	// The JSON form, from a page loaded before the review, does not remove it either.
	action, f = pageForm(t, c, "/conversations/"+id, jsonSel)
	sandboxSet(c, id, func(m map[string]any) { m["review_status"] = "good" })
	f.Set("metadata", `{}`)
	res, body = c.Post(action, f)
	flashAfter(t, c, res, body)
	if got := upstreamMetadata(c, id); !reflect.DeepEqual(got, map[string]any{"review_status": "good", "review_by": "Bo", "review_note": "Say sorry first"}) {
		t.Errorf("after emptying the editor: %v", got)
	}

	// A review key typed into the editor is refused, and the typing kept.
	action, f = pageForm(t, c, "/conversations/"+id, rowsSel)
	setRow(f, "review_status", "string", "great")
	f.Set("op", "save")
	res, body = c.Post(action, f)
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(`#md-0-error`).Text(), "review panel") {
		t.Errorf("typed review key: %d %q", res.StatusCode, doc.Find(`#md-0-error`).Text())
	}
	if v, _ := doc.Find(`#md-0-value`).Attr("value"); v != "great" {
		t.Errorf("the typed value came back as %q", v)
	}
	action, f = pageForm(t, c, "/conversations/"+id, jsonSel)
	f.Set("metadata", `{"review_note": "mine"}`)
	_, body = c.Post(action, f)
	doc = consoletest.Parse(t, body)
	if !strings.Contains(doc.Find(`#metadata-json-error`).Text(), `"review_note"`) || doc.Find(`#metadata-json`).Text() != `{"review_note": "mine"}` {
		t.Errorf("typed review key in JSON: %q", doc.Find(`#metadata-json-error`).Text())
	}
	if got := upstreamMetadata(c, id)["review_note"]; got != "Say sorry first" {
		t.Errorf("review note now %v", got)
	}
}

// normalize reads numbers as float64, as a JSON round trip does.
func normalize(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if n, ok := v.(interface{ Float64() (float64, error) }); ok {
			v, _ = n.Float64()
		}
		out[k] = v
	}
	return out
}
