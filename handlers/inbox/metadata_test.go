package inbox_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

func metadata(c *consoletest.Console, id string) map[string]any {
	c.T.Helper()
	m, err := c.Quickchat().GetConversationMetadata(context.Background(), id)
	if err != nil {
		c.T.Fatal(err)
	}
	return m
}

// rowsForm posts the editor's rows: key, type and value per row, in page order.
func rowsForm(op string, rows ...[3]string) url.Values {
	f := url.Values{"op": {op}}
	for _, r := range rows {
		f.Add("key", r[0])
		f.Add("type", r[1])
		f.Add("value", r[2])
	}
	return f
}

func firstConversation(c *consoletest.Console) string {
	return conversations(c, apiclient.ListConversationsParams{Limit: 1}).Items[0].ID
}

func TestMetadataRowsKeepTheirTypes(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	form := rowsForm("save",
		[3]string{"ticket_id", "string", "T-1234"},
		[3]string{"refund_eur", "number", "349.50"},
		[3]string{"big_id", "number", "12345678901234567890"},
		[3]string{"follow_up", "boolean", "true"},
		[3]string{"cleared", "null", ""},
		[3]string{"order", "json", "{\"items\": [1, 2], \"paid_with\": \"card\"}"},
		[3]string{"", "string", ""}, // an empty slot is not a key
	)
	res, body := c.Post("/conversations/"+id+"/metadata?resolution_status=open", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/conversations/"+id+"?resolution_status=open" {
		t.Fatalf("save: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	got := metadata(c, id)
	want := map[string]any{
		"ticket_id":  "T-1234",
		"refund_eur": json.Number("349.50"),
		"big_id":     json.Number("12345678901234567890"),
		"follow_up":  true,
		"cleared":    nil,
		"order":      map[string]any{"items": []any{json.Number("1"), json.Number("2")}, "paid_with": "card"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %#v\nwant %#v", got, want)
	}

	_, body = c.Get("/conversations/" + id)
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Metadata saved") {
		t.Errorf("flash = %q", got)
	}
	types := map[string]string{}
	doc.Find(consoletest.TestID("metadata-row")).Each(func(_ int, r *goquery.Selection) {
		key, _ := r.Attr("data-key")
		typ, _ := r.Find(`select[name=type] option[selected]`).Attr("value")
		types[key] = typ
	})
	wantTypes := map[string]string{"ticket_id": "string", "refund_eur": "number", "big_id": "number", "follow_up": "boolean", "cleared": "null", "order": "json"}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("row types %v, want %v", types, wantTypes)
	}
	if v, _ := doc.Find(`[data-key=refund_eur] input[name=value]`).Attr("value"); v != "349.50" {
		t.Errorf("the number reads %q", v)
	}
	if v := doc.Find(`[data-key=order] textarea[name=value]`).Text(); !strings.Contains(v, `"paid_with": "card"`) {
		t.Errorf("the nested object reads %q", v)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(doc.Find(`textarea[name=metadata]`).Text()), &raw); err != nil || raw["refund_eur"] != 349.5 {
		t.Errorf("JSON mode holds %v (%v)", raw, err)
	}

	// Removing a row and saving removes the key: the whole object is sent.
	form = rowsForm("save", [3]string{"ticket_id", "string", "T-1234"})
	if res, _ := c.Post("/conversations/"+id+"/metadata", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.StatusCode)
	}
	if got := metadata(c, id); !reflect.DeepEqual(got, map[string]any{"ticket_id": "T-1234"}) {
		t.Errorf("after removing rows: %v", got)
	}
}

func TestMetadataJSONMode(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	raw := "{\n  \"priority\": \"high\",\n  \"score\": 7.10,\n  \"tags\": [\"a\", \"b\"]\n}"
	if res, _ := c.Post("/conversations/"+id+"/metadata", url.Values{"metadata": {raw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	want := map[string]any{"priority": "high", "score": json.Number("7.10"), "tags": []any{"a", "b"}}
	if got := metadata(c, id); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %#v", got)
	}

	before := metadata(c, id)
	cases := []struct{ name, raw, want string }{
		{"malformed", "{\n  \"priority\": \"high\",\n  \"score\": \n}", "not valid JSON"},
		{"trailing", `{"a": 1} {"b": 2}`, "more text after the end"},
		{"array", `["high"]`, "must be one JSON object"},
		{"string", `"high"`, "not a string"},
		{"empty", "  ", "Write a JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.Post("/conversations/"+id+"/metadata", url.Values{"metadata": {tc.raw}})
			doc := consoletest.Parse(t, body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := doc.Find(`#metadata-json-error`).Text(); !strings.Contains(got, tc.want) {
				t.Errorf("message next to the JSON = %q, want %q", got, tc.want)
			}
			if got := doc.Find(`textarea#metadata-json`).Text(); got != strings.TrimSpace(tc.raw) && got != tc.raw {
				t.Errorf("the JSON came back as %q", got)
			}
			if _, open := doc.Find(consoletest.TestID("metadata-raw")).Attr("open"); !open {
				t.Error("the JSON editor is closed over its message")
			}
			if doc.Find(consoletest.TestID("metadata-row")).Length() != len(before) {
				t.Error("the rows do not show what is stored")
			}
		})
	}
	_, body := c.Post("/conversations/"+id+"/metadata", url.Values{"metadata": {"{\n  \"a\": 1,\n  \"b\": tru\n}"}})
	if got := consoletest.Parse(t, body).Find(`#metadata-json-error`).Text(); !strings.Contains(got, "line 3") {
		t.Errorf("the message does not say where: %q", got)
	}
	if got := metadata(c, id); !reflect.DeepEqual(got, before) {
		t.Errorf("a refused edit changed the metadata: %v", got)
	}
}

func TestMetadataRowProblemsStayNextToTheirRow(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	before := metadata(c, id)
	form := rowsForm("save",
		[3]string{"refund_eur", "number", "12,50"},
		[3]string{"follow_up", "boolean", "yes"},
		[3]string{"order", "json", "{\"items\": }"},
		[3]string{"note", "string", "kept as typed"},
		[3]string{"note", "string", "twice"},
		[3]string{"", "string", "orphan"},
	)
	res, body := c.Post("/conversations/"+id+"/metadata", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	for i, want := range []string{"is not a number", "is not true or false", "not valid JSON", "", "already used in row 4", "Give this value a key"} {
		got := doc.Find(`#md-` + digit(i) + `-error`).Text()
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("row %d message = %q, want %q", i, got, want)
		}
	}
	if v, _ := doc.Find(`#md-0-value`).Attr("value"); v != "12,50" {
		t.Errorf("the bad number came back as %q", v)
	}
	if v := doc.Find(`#md-2-value`).Text(); v != "{\"items\": }" {
		t.Errorf("the bad JSON came back as %q", v)
	}
	if v, _ := doc.Find(`#md-3-value`).Attr("value"); v != "kept as typed" {
		t.Errorf("a good row came back as %q", v)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("metadata-editor")+" "+consoletest.TestID("notice")).Text(), "Nothing was saved") {
		t.Error("no summary above the editor")
	}
	if got := metadata(c, id); !reflect.DeepEqual(got, before) {
		t.Errorf("a refused edit changed the metadata: %v", got)
	}
}

func digit(i int) string { return string(rune('0' + i)) }

func TestMetadataSchemaRefusalNamesTheRow(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	before := metadata(c, id)
	form := rowsForm("save",
		[3]string{"priority", "string", "asap"},
		[3]string{"ticket_id", "string", "1234"},
		[3]string{"customer", "string", "Ana"},
	)
	res, body := c.Post("/conversations/"+id+"/metadata", form)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := doc.Find(`#md-0-error`).Text(); !strings.Contains(got, `one of "low", "normal", "high", "urgent"`) {
		t.Errorf("priority row = %q", got)
	}
	if got := doc.Find(`#md-1-error`).Text(); !strings.Contains(got, "pattern") {
		t.Errorf("ticket row = %q", got)
	}
	if got := doc.Find(`#md-2-error`).Text(); got != "" {
		t.Errorf("the good row has a message: %q", got)
	}
	for i, want := range []string{"asap", "1234", "Ana"} {
		if v, _ := doc.Find(`#md-` + digit(i) + `-value`).Attr("value"); v != want {
			t.Errorf("row %d came back as %q", i, v)
		}
	}
	if got := metadata(c, id); !reflect.DeepEqual(got, before) {
		t.Errorf("a refused edit changed the metadata: %v", got)
	}

	// In JSON mode the schema's message sits next to the JSON, which is kept.
	raw := `{"priority": "asap"}`
	_, body = c.Post("/conversations/"+id+"/metadata", url.Values{"metadata": {raw}})
	doc = consoletest.Parse(t, body)
	if got := doc.Find(`#metadata-json-error`).Text(); !strings.Contains(got, "metadata/priority") {
		t.Errorf("JSON mode message = %q", got)
	}
	if got := doc.Find(`#metadata-json`).Text(); got != raw {
		t.Errorf("JSON came back as %q", got)
	}

	// A refusal that names no row goes above the editor.
	f := throughSandbox(c, consoletest.FakeConversations{SetMetadata: func(string, map[string]any) (map[string]any, error) {
		return nil, &apiclient.APIError{Status: 422, Code: "VALIDATION_ERROR", Message: "Field 'metadata' does not match the conversation metadata schema: metadata: missing property \"priority\"."}
	}})
	c2 := consoletest.New(t, consoletest.WithAPI(f))
	c2.SignIn()
	_, body = c2.Post("/conversations/"+id+"/metadata", rowsForm("save", [3]string{"customer", "string", "Ana"}))
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("metadata-editor") + " " + consoletest.TestID("notice")).Text(); !strings.Contains(got, `missing property "priority"`) {
		t.Errorf("message above the editor = %q", got)
	}
}

func TestMetadataAddAndRemoveRowsSaveNothing(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	before := metadata(c, id)
	rows := [][3]string{{"a", "string", "first"}, {"b", "number", "2"}}
	res, body := c.Post("/conversations/"+id+"/metadata", rowsForm("add", rows...))
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("metadata-row")).Length() != 3 {
		t.Fatalf("add: %d, %d rows", res.StatusCode, doc.Find(consoletest.TestID("metadata-row")).Length())
	}
	if _, ok := doc.Find(`#md-2-key`).Attr("autofocus"); !ok {
		t.Error("the new row's key is not focused")
	}
	if !strings.Contains(doc.Find(consoletest.TestID("metadata-editor")).Text(), "Not saved yet") {
		t.Error("no word that nothing is saved")
	}
	_, body = c.Post("/conversations/"+id+"/metadata", rowsForm("remove:0", rows...))
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("metadata-row")); got.Length() != 1 || got.AttrOr("data-key", "") != "b" {
		t.Fatalf("after removing row 1: %d rows", got.Length())
	}
	if v, _ := doc.Find(`#md-0-value`).Attr("value"); v != "2" {
		t.Errorf("the kept row reads %q", v)
	}
	if got := metadata(c, id); !reflect.DeepEqual(got, before) {
		t.Errorf("changing rows saved: %v", got)
	}

	// With htmx, the editor alone comes back.
	res, body = c.Post("/conversations/"+id+"/metadata", rowsForm("add", rows...), "HX-Request", "true", "HX-Target", "metadata-editor")
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(`#metadata-editor`).Length() != 1 || doc.Find(consoletest.TestID("conversation")).Length() != 0 {
		t.Errorf("htmx add: %d, editor %d, conversation %d", res.StatusCode, doc.Find(`#metadata-editor`).Length(), doc.Find(consoletest.TestID("conversation")).Length())
	}
}

// When a save fails and neither the conversation nor its metadata can be
// read back, the editor comes back with what was typed and says so; typed
// JSON that cannot be laid out as rows is kept to copy, with no rows form
// that could save an empty object over what is stored.
func TestMetadataEditorComesBackWhenNothingCanBeReadBack(t *testing.T) {
	c := consoletest.New(t)
	down := &apiclient.APIError{Status: http.StatusServiceUnavailable, Code: "SERVICE_UNAVAILABLE", Message: "down"}
	f := throughSandbox(c, consoletest.FakeConversations{
		Get:         func(string) (*apiclient.ConversationDetails, error) { return nil, down },
		GetMetadata: func(string) (map[string]any, error) { return nil, down },
		SetMetadata: func(string, map[string]any) (map[string]any, error) { return nil, down },
	})
	fc := consoletest.New(t, consoletest.WithAPI(f))
	fc.SignIn()
	if res, _ := fc.Get("/conversations/conv-1"); res.StatusCode != http.StatusBadGateway {
		t.Errorf("opening a conversation Quickchat cannot give = %d, want the 502 page", res.StatusCode)
	}

	res, body := fc.Post("/conversations/conv-1/metadata", url.Values{"metadata": {`{"plan": "pro", "seats": 12}`}})
	doc := consoletest.Parse(t, body)
	editor := doc.Find(consoletest.TestID("metadata-editor"))
	if res.StatusCode != http.StatusOK || !strings.Contains(editor.Text(), "could not be read") || !strings.Contains(editor.Text(), "503") {
		t.Fatalf("a failed save with nothing readable = %d %q", res.StatusCode, editor.Text())
	}
	if got := editor.Find(`textarea[name="metadata"]`).Text(); got != `{"plan": "pro", "seats": 12}` {
		t.Errorf("the JSON came back as %q", got)
	}
	keys := editor.Find(`[data-testid="metadata-form"] input[name="key"]`).Map(func(_ int, s *goquery.Selection) string { v, _ := s.Attr("value"); return v })
	if !reflect.DeepEqual(keys, []string{"plan", "seats"}) {
		t.Errorf("the rows form holds keys %q, want those typed", keys)
	}

	res, body = fc.Post("/conversations/conv-1/metadata", url.Values{"metadata": {`[1, 2]`}})
	editor = consoletest.Parse(t, body).Find(consoletest.TestID("metadata-editor"))
	if res.StatusCode != http.StatusOK || editor.Find(`form`).Length() != 0 || editor.Find(consoletest.TestID("kept-metadata")).Text() != `[1, 2]` {
		t.Errorf("JSON that is not an object, nothing readable: %d, %d forms, kept %q",
			res.StatusCode, editor.Find(`form`).Length(), editor.Find(consoletest.TestID("kept-metadata")).Text())
	}
}
