package inbox

import (
	"net/url"
	"qcadmin/web"
	"reflect"
	"strings"
	"testing"
)

// The inbox's query string comes from anyone's URL: parsing it never fails,
// and the URL it builds back parses to the same inbox.
func FuzzInboxQuery(f *testing.F) {
	for _, s := range []string{"", "resolution_status=open&assignee_type=unassigned", "limit=-1&offset=abc",
		"created_timestamp_start_date=2026-03-10&created_timestamp_end_date=2026-03-01", "query=%C3%BC%00&source=x%26y",
		"last_message_at_start_date=2026-01-15T10:30:00Z&limit=100&offset=200"} {
		f.Add(s, "")
		f.Add(s, "bd531db8-5e49-4896-92e8-8f912d9294e1")
	}
	f.Fuzz(func(t *testing.T, raw, selected string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		iq := parseInboxQuery(q)
		iq.Selected = selected
		if iq.Offset < 0 || iq.Limit <= 0 || iq.Limit > 100 {
			t.Fatalf("out-of-range page: %+v", iq)
		}
		p, errs := iq.params()
		if len(errs) == 0 && (p.CreatedStart.After(p.CreatedEnd) && !p.CreatedEnd.IsZero() || p.LastMessageStart.After(p.LastMessageEnd) && !p.LastMessageEnd.IsZero()) {
			t.Fatalf("a reversed range passed: %+v", p)
		}
		back, err := url.Parse(iq.href(iq.Offset))
		if err != nil {
			t.Fatalf("href %q does not parse: %v", iq.href(iq.Offset), err)
		}
		again := parseInboxQuery(back.Query())
		again.Selected = iq.Selected
		if again != iq {
			t.Fatalf("round trip changed the inbox: %+v → %+v", iq, again)
		}
	})
}

// Whatever the editor's rows hold, what they save reads back as the same rows would save it:
// a number stays a number, a boolean a boolean, a nested object an object.
func FuzzMetadataRows(f *testing.F) {
	f.Add("refund_eur", "number", "349.50", "order", "json", `{"items":[1,2],"paid":true}`)
	f.Add("follow_up", "boolean", "TRUE", "note", "string", "  spaced  ")
	f.Add("a", "null", "ignored", "a", "string", "twice")
	f.Add("", "string", "orphan", "x", "json", `"just a string"`)
	f.Add("big", "number", "12345678901234567890e-3", "weird", "json", "[1, {\"\\u003c\": null}]")
	f.Add("0", "0", "0", "\xb9", "", "0") // a key that is not UTF-8
	f.Fuzz(func(t *testing.T, k1, t1, v1, k2, t2, v2 string) {
		rows := []metadataRow{{k1, t1, v1}, {k2, t2, v2}}
		obj, errs := objectOf(rows)
		for i := range errs {
			if i < 0 || i >= len(rows) {
				t.Fatalf("a message for row %d of %d", i, len(rows))
			}
		}
		again, errs := objectOf(rowsOf(obj))
		if len(errs) > 0 {
			t.Fatalf("stored rows do not read back: %v (%#v)", errs, obj)
		}
		if !reflect.DeepEqual(again, obj) {
			t.Fatalf("types changed on the way back: %#v → %#v", obj, again)
		}
		raw, problem := parseRawMetadata(indentJSON(obj))
		if problem != "" || !reflect.DeepEqual(raw, obj) {
			t.Fatalf("JSON mode does not hold the same object: %q (%#v vs %#v)", problem, raw, obj)
		}
	})
}

// The JSON mode takes one object or says why not; it never panics and never half-accepts.
func FuzzRawMetadata(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1.50,"b":[true,null]}`, `[1]`, `"x"`, `{"a":1} {"b":2}`, "{\n \"a\": tru\n}", ``, `{"a":`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		obj, problem := parseRawMetadata(raw)
		if (obj == nil) == (problem == "") {
			t.Fatalf("parseRawMetadata(%q) = %v, %q", raw, obj, problem)
		}
	})
}

// Schema messages place their paths on rows that exist, whatever the message says.
func FuzzSchemaRefusal(f *testing.F) {
	f.Add("Field 'metadata' does not match the conversation metadata schema: metadata/priority: value must be one of \"low\"; metadata/a~1b: must be string.", "priority", "a/b")
	f.Add("metadata/: x; metadata/x/y: z", "", "x")
	f.Fuzz(func(t *testing.T, msg, k1, k2 string) {
		rows := []metadataRow{{Key: k1}, {Key: k2}}
		errs, _ := schemaRefusal(msg, rows)
		for i := range errs {
			if i < 0 || i >= len(rows) {
				t.Fatalf("a message for row %d of %d", i, len(rows))
			}
		}
	})
}

// No exported cell starts a formula, and a harmless cell is left as it was.
func FuzzCSVSafe(f *testing.F) {
	for _, s := range []string{"=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx", "plain", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		got := web.CSVSafe(cell)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("web.CSVSafe(%q) = %q", cell, got)
		}
		if got != cell && got != "'"+cell {
			t.Fatalf("web.CSVSafe(%q) = %q changes more than a prefix", cell, got)
		}
	})
}
