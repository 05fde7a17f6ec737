package inbox

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"qcadmin/views"
)

// metadataShape is stored metadata a person can make expensive to show, about n bytes of JSON.
type metadataShape struct {
	name string
	make func(n int) map[string]any
}

// deepObject nests {"a": …} about n/6 levels under one key.
func deepObject(n int) map[string]any {
	var v any = json.Number("1")
	for range max(1, n/6) {
		v = map[string]any{"a": v}
	}
	return map[string]any{"deep": v}
}

// deepArray nests [ … ] about n/2 levels under one key.
func deepArray(n int) map[string]any {
	var v any = json.Number("1")
	for range max(1, n/2) {
		v = []any{v}
	}
	return map[string]any{"deep": v}
}

// wideObject has many short keys: large but flat.
func wideObject(n int) map[string]any {
	m := map[string]any{}
	for i := range max(1, n/24) {
		m["key_"+strconv.Itoa(i)] = "value " + strconv.Itoa(i)
	}
	return m
}

// longArray is one key holding a long array of small nested arrays, within the depth bound.
func longArray(n int) map[string]any {
	items := make([]any, 0, n/12)
	for i := range max(1, n/12) {
		items = append(items, []any{[]any{json.Number(strconv.Itoa(i))}})
	}
	return map[string]any{"items": items}
}

var metadataShapes = []metadataShape{
	{"deep-object", deepObject},
	{"deep-array", deepArray},
	{"wide-object", wideObject},
	{"long-array", longArray},
}

var metadataSizes = []int{1 << 10, 16 << 10, 64 << 10, 200 << 10}

// renderMetadata renders the metadata panel of the conversation page as a person who may write sees it.
func renderMetadata(tb testing.TB, metadata map[string]any, canWrite bool) []byte {
	tb.Helper()
	ed := conversationMetadataEditor("/conversations/c1/metadata", metadata, canWrite)
	var buf bytes.Buffer
	if err := views.MetadataEditorView(ed).Render(context.Background(), &buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRenderMetadata renders stored metadata of each shape and size; out-B is the HTML it makes.
func BenchmarkRenderMetadata(b *testing.B) {
	for _, s := range metadataShapes {
		for _, n := range metadataSizes {
			meta := s.make(n)
			raw, _ := json.Marshal(meta)
			b.Run(s.name+"/"+strconv.Itoa(n>>10)+"KB", func(b *testing.B) {
				var out []byte
				for b.Loop() {
					out = renderMetadata(b, meta, true)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(float64(len(raw))/1024), "ns/KB")
				b.ReportMetric(float64(len(out)), "out-B")
			})
		}
	}
}

// maxMetadataHTML bounds the HTML of the metadata panel, whatever is stored.
const maxMetadataHTML = 400 << 10

// The case: 9,000 levels (54 KB) made 324 MB of HTML. Now the panel is
// a folded summary of bounded size, with no form that could save it shortened.
func TestDeepMetadataIsFoldedAndReadOnly(t *testing.T) {
	for _, canWrite := range []bool{true, false} {
		out := string(renderMetadata(t, deepObject(54_000), canWrite))
		if len(out) > maxMetadataHTML {
			t.Fatalf("%d bytes of HTML", len(out))
		}
		for _, want := range []string{`data-testid="metadata-too-large"`, `data-testid="metadata-folded"`, "more characters", "Change it through the Quickchat API"} {
			if !strings.Contains(out, want) {
				t.Errorf("missing %q", want)
			}
		}
		if strings.Contains(out, "<form") || strings.Contains(out, "<textarea") || strings.Contains(out, "Save metadata") {
			t.Fatal("the shortened metadata can be saved")
		}
		if strings.Count(out, "<details") != 1 || strings.Contains(out, "<table class=\"data kv\"><tbody><tr><th scope=\"row\" class=\"mono\">a") {
			t.Fatal("nesting laid out as HTML")
		}
	}
}

// Every shape, at every size, renders a bounded panel; what the editor offers holds the whole object.
func TestMetadataPanelIsBounded(t *testing.T) {
	for _, s := range metadataShapes {
		for _, n := range metadataSizes {
			meta := s.make(n)
			ed := conversationMetadataEditor("/conversations/c1/metadata", meta, true)
			out := renderMetadata(t, meta, true)
			if len(out) > maxMetadataHTML {
				t.Errorf("%s/%d: %d bytes of HTML", s.name, n, len(out))
			}
			if ed.TooLarge != "" {
				continue
			}
			back, problem := parseRawMetadata(ed.Raw)
			if problem != "" || compactJSON(back) != compactJSON(meta) {
				t.Errorf("%s/%d: the JSON editor does not hold the whole object (%s)", s.name, n, problem)
			}
			rows := make([]metadataRow, len(ed.Rows))
			for i, r := range ed.Rows {
				rows[i] = metadataRow{Key: r.Key, Type: r.Type, Value: r.Value}
			}
			if obj, errs := objectOf(rows); len(errs) != 0 || compactJSON(obj) != compactJSON(meta) {
				t.Errorf("%s/%d: the rows do not hold the whole object", s.name, n)
			}
		}
	}
}

// Small metadata nested past the depth bound is still editable: its JSON is one line, not n² spaces.
func TestDeepButSmallMetadataStaysEditable(t *testing.T) {
	meta := deepObject(6 * 40) // 40 levels
	ed := conversationMetadataEditor("/m", meta, false)
	if ed.TooLarge != "" || len(ed.Rows) != 1 || !ed.Rows[0].Folded || strings.Contains(ed.Raw, "\n") {
		t.Fatalf("%+v", ed)
	}
	if got := indentJSON(map[string]any{"a": []any{json.Number("1")}}); got != "{\n  \"a\": [\n    1\n  ]\n}" {
		t.Fatalf("shallow JSON is no longer indented: %q", got)
	}
}

func TestShortenCountsCharacters(t *testing.T) {
	if s, more := shorten("héllo wörld", 5); s != "héllo" || more != 6 {
		t.Fatalf("%q %d", s, more)
	}
	if s, more := shorten("short", 10); s != "short" || more != 0 {
		t.Fatalf("%q %d", s, more)
	}
	if got := shortened(strings.Repeat("x", 10), 4); got != "xxxx … 6 more characters" {
		t.Fatalf("%q", got)
	}
}
