package inbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"qcadmin/display"
	"qcadmin/internal/cut"
	"qcadmin/merge"
	"qcadmin/views"
)

// Metadata value types a row keeps, so a number stays a number and a nested object stays an object.
const (
	typeString  = "string"
	typeNumber  = "number"
	typeBoolean = "boolean"
	typeNull    = "null"
	typeJSON    = "json"
)

var metadataTypes = []views.Option{
	{Value: typeString, Label: "Text"},
	{Value: typeNumber, Label: "Number"},
	{Value: typeBoolean, Label: "True/false"},
	{Value: typeNull, Label: "Null"},
	{Value: typeJSON, Label: "JSON"},
}

// metadataRow is one key of the editor, as typed.
type metadataRow struct {
	Key, Type, Value string
}

// rowsOf lists a stored object as rows, keys in order.
func rowsOf(metadata map[string]any) []metadataRow {
	rows := make([]metadataRow, 0, len(metadata))
	for _, k := range slices.Sorted(maps.Keys(metadata)) {
		rows = append(rows, rowOf(k, metadata[k]))
	}
	return rows
}

func rowOf(key string, v any) metadataRow {
	switch v := v.(type) {
	case nil:
		return metadataRow{Key: key, Type: typeNull}
	case string:
		return metadataRow{Key: key, Type: typeString, Value: v}
	case bool:
		return metadataRow{Key: key, Type: typeBoolean, Value: strconv.FormatBool(v)}
	case json.Number:
		return metadataRow{Key: key, Type: typeNumber, Value: v.String()}
	case float64, int, int64:
		return metadataRow{Key: key, Type: typeNumber, Value: fmt.Sprint(v)}
	}
	return metadataRow{Key: key, Type: typeJSON, Value: indentJSON(v)}
}

// What the conversation page shows of metadata is bounded, whatever the API
// accepted: indenting JSON nested n levels deep writes n² spaces (9,000 levels
// made 324 MB of HTML), and a large object is a large page.
const (
	// metadataMaxDepth is how deeply nested JSON is still indented; deeper, it is one line.
	metadataMaxDepth = 10
	// metadataMaxEdit is the most JSON the editor takes (compact, in bytes). Past
	// it the page shows the metadata folded and read-only, since a save from a
	// shortened view would replace the whole object with less.
	metadataMaxEdit = 32 << 10
	// metadataMaxKeys is the most keys the editor lays out as rows (each row is about 1 KB of
	// HTML) and a summary lists; more, and the metadata is shown as a summary.
	metadataMaxKeys = 100
	// foldedMax is the most characters one folded value shows.
	foldedMax = 2 << 10
	// summaryMax is the most characters all the values of a summary show together.
	summaryMax = 32 << 10
)

// compactJSON writes v on one line, with <, > and & as they are: templ escapes them.
func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// indentJSON writes v readably, with <, > and & as they are: the editor shows text, templ escapes it.
// JSON nested deeper than metadataMaxDepth, or larger than the editor takes, stays on one line,
// so what it writes is never much larger than v.
func indentJSON(v any) string {
	compact := compactJSON(v)
	if len(compact) > metadataMaxEdit || jsonDepth(v, metadataMaxDepth) > metadataMaxDepth {
		return compact
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(compact), "", "  "); err != nil || buf.Len() > 2*metadataMaxEdit {
		return compact
	}
	return buf.String()
}

// jsonDepth is how deeply v nests objects and arrays (a scalar is 0), counted up to limit+1.
func jsonDepth(v any, limit int) int {
	if limit < 0 {
		return 0
	}
	deepest := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if deepest = max(deepest, jsonDepth(e, limit-1)); deepest >= limit {
				break
			}
		}
	case []any:
		for _, e := range v {
			if deepest = max(deepest, jsonDepth(e, limit-1)); deepest >= limit {
				break
			}
		}
	default:
		return 0
	}
	return deepest + 1
}

// shorten keeps the first n characters of s and says how many it left out.
func shorten(s string, n int) (string, int) {
	kept := cut.Runes(s, n)
	return kept, utf8.RuneCountInString(s[len(kept):])
}

// conversationMetadataEditor is the metadata panel of the conversation page:
// the editor when the metadata is small enough to hold whole, else a folded,
// read-only summary that says why.
func conversationMetadataEditor(action string, metadata map[string]any, canWrite bool) views.MetadataEditor {
	size := len(compactJSON(metadata))
	if size <= metadataMaxEdit && len(metadata) <= metadataMaxKeys {
		ed := metadataEditor(action, rowsOf(metadata), indentJSON(metadata), nil, canWrite)
		for i, r := range ed.Rows {
			if r.Type == typeJSON && jsonDepth(metadata[r.Key], metadataMaxDepth) > metadataMaxDepth {
				ed.Rows[i].Folded = true
			}
		}
		return ed
	}
	return metadataSummary(metadata, size)
}

// isReviewKey reports a key of the team review: the review panel changes it,
// the metadata editor only shows it.
func (h *Handlers) isReviewKey(k string) bool {
	return h.ReviewPrefix != "" && strings.HasPrefix(k, h.ReviewPrefix)
}

// splitReview separates the keys the metadata editor edits from the review's.
func (h *Handlers) splitReview(metadata map[string]any) (editable, review map[string]any) {
	editable, review = map[string]any{}, map[string]any{}
	for k, v := range metadata {
		if h.isReviewKey(k) {
			review[k] = v
		} else {
			editable[k] = v
		}
	}
	return editable, review
}

// metadataPanel is the editor on the stored metadata: the review's keys
// apart and read-only, both forms based on the editable keys as loaded.
func (h *Handlers) metadataPanel(action string, metadata map[string]any, canWrite bool) views.MetadataEditor {
	editable, review := h.splitReview(metadata)
	ed := conversationMetadataEditor(action, editable, canWrite)
	ed.Base = merge.Encode(merge.Fields(editable))
	h.showReviewKeys(&ed, review)
	return ed
}

// showReviewKeys lists the review's keys read-only, with the way to the review panel.
func (h *Handlers) showReviewKeys(ed *views.MetadataEditor, review map[string]any) {
	ed.ReviewHref, ed.ReviewPrefix, ed.Review = "#review", h.ReviewPrefix, nil
	for i, k := range slices.Sorted(maps.Keys(review)) {
		if i == metadataMaxKeys {
			break
		}
		row := rowOf(k, review[k])
		key, _ := shorten(k, 200)
		value, omitted := shorten(row.Value, foldedMax)
		ed.Review = append(ed.Review, views.MetadataRow{ID: "md-review-" + strconv.Itoa(i), Index: i, Key: key, Type: row.Type, Value: value, Omitted: omitted})
	}
}

// metadataSummary shows metadata too large for the editor: each key's value, objects and arrays
// folded as one line of JSON, every value and all of them together shortened.
func metadataSummary(metadata map[string]any, size int) views.MetadataEditor {
	m := views.MetadataEditor{
		TooLarge: fmt.Sprintf("This metadata is %s of JSON in %s; the editor here takes up to %s and %d keys, so it is shown folded and shortened, "+
			"and it cannot be changed on this page: a save replaces the whole object, and this page does not hold all of it. "+
			"Change it through the Quickchat API.", display.Bytes(int64(size)), display.Count(len(metadata), "key", "keys"), display.Bytes(metadataMaxEdit), metadataMaxKeys),
	}
	budget := summaryMax
	keys := slices.Sorted(maps.Keys(metadata))
	for i, k := range keys {
		if budget <= 0 || i == metadataMaxKeys {
			m.RowsOmitted = len(keys) - i
			break
		}
		key, _ := shorten(k, 200)
		r := views.MetadataRow{ID: metadataRowID(i), Index: i, Key: key}
		switch v := metadata[k].(type) {
		case map[string]any, []any:
			r.Type, r.Folded = typeJSON, true
			r.Value = compactJSON(v)
		default:
			row := rowOf(k, v)
			r.Type, r.Value = row.Type, row.Value
		}
		r.Value, r.Omitted = shorten(r.Value, min(foldedMax, budget))
		budget -= len(r.Value) + len(key)
		m.Rows = append(m.Rows, r)
	}
	return m
}

// objectOf reads the rows into one object; rowErrs holds a message per row index that cannot be read.
// A row with neither key nor value is a slot never filled in and is left out.
func objectOf(rows []metadataRow) (map[string]any, map[int]string) {
	out := map[string]any{}
	errs := map[int]string{}
	seen := map[string]int{}
	for i, r := range rows {
		// JSON holds only UTF-8: what the row shows must be what is sent.
		key := strings.ToValidUTF8(strings.TrimSpace(r.Key), "\uFFFD")
		if key == "" {
			if strings.TrimSpace(r.Value) != "" {
				errs[i] = "Give this value a key, or remove the row."
			}
			continue
		}
		if first, dup := seen[key]; dup {
			errs[i] = fmt.Sprintf("The key %q is already used in row %d. Each key holds one value.", key, first+1)
			continue
		}
		seen[key] = i
		v, err := rowValue(r)
		if err != nil {
			errs[i] = err.Error()
			continue
		}
		out[key] = v
	}
	return out, errs
}

// problem is what is wrong with a typed value, in sentences shown beside the row.
type problem string

func (p problem) Error() string { return string(p) }

func rowProblem(format string, args ...any) error { return problem(fmt.Sprintf(format, args...)) }

func rowValue(r metadataRow) (any, error) {
	text := strings.TrimSpace(r.Value)
	switch r.Type {
	case typeString, "":
		return strings.ToValidUTF8(r.Value, "\uFFFD"), nil
	case typeNull:
		return nil, nil
	case typeBoolean:
		switch strings.ToLower(text) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, rowProblem("%q is not true or false. Write true or false, or pick another type.", r.Value)
	case typeNumber:
		v, err := decodeJSONValue(text)
		if n, ok := v.(json.Number); err == nil && ok {
			return n, nil
		}
		return nil, rowProblem("%q is not a number. Write digits, with a dot for decimals (like 349.50), or pick Text.", r.Value)
	case typeJSON:
		v, err := decodeJSONValue(text)
		if err != nil {
			return nil, rowProblem("This is not valid JSON: %s.", jsonProblem(text, err))
		}
		return v, nil
	}
	return nil, rowProblem("Unknown type %q: pick one from the list.", r.Type)
}

// decodeJSONValue reads exactly one JSON value, numbers exact.
func decodeJSONValue(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailing{offset: dec.InputOffset()}
	}
	return v, nil
}

// errTrailing is text after a complete JSON value.
type errTrailing struct{ offset int64 }

func (e errTrailing) Error() string { return "more text after the end of the JSON value" }

// jsonProblem words a JSON error with where it is, as line and column.
func jsonProblem(text string, err error) string {
	var syntax *json.SyntaxError
	var trailing errTrailing
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		if strings.TrimSpace(text) == "" {
			return "it is empty"
		}
		return "it ends too early (a bracket, brace or quote is not closed)"
	case errors.As(err, &syntax):
		return syntax.Error() + " " + lineColumn(text, syntax.Offset-1) // Offset is just past the bad byte
	case errors.As(err, &trailing):
		return trailing.Error() + " " + lineColumn(text, trailing.offset)
	}
	return err.Error()
}

func lineColumn(text string, offset int64) string {
	before := text[:min(int(max(offset, 0)), len(text))]
	line := strings.Count(before, "\n") + 1
	col := len([]rune(before[strings.LastIndex(before, "\n")+1:])) + 1
	return fmt.Sprintf("at line %d, column %d", line, col)
}

// parseRawMetadata reads the JSON mode's textarea: one JSON object, or a message saying what is wrong.
func parseRawMetadata(raw string) (map[string]any, string) {
	text := strings.TrimSpace(raw)
	if text == "" {
		return nil, "Write a JSON object, such as {} for no metadata."
	}
	v, err := decodeJSONValue(text)
	if err != nil {
		return nil, "This is not valid JSON: " + jsonProblem(text, err) + ". Nothing was saved."
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, "The metadata must be one JSON object ({ \"key\": value, … }), not " + jsonKind(v) + ". Nothing was saved."
	}
	return obj, ""
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "this value"
}

// applyRowOp adds a row or removes one ("add", "remove:2") and returns the id of the control to focus next.
// An index out of range changes nothing: the page was older than the rows.
func applyRowOp(rows []metadataRow, op string) ([]metadataRow, string) {
	verb, arg, _ := strings.Cut(op, ":")
	if verb == "add" {
		rows = append(rows, metadataRow{Type: typeString})
		return rows, metadataRowID(len(rows)-1) + "-key"
	}
	i, err := strconv.Atoi(arg)
	if verb != "remove" || err != nil || i < 0 || i >= len(rows) {
		return rows, ""
	}
	rows = slices.Delete(rows, i, i+1)
	if i < len(rows) {
		return rows, metadataRowID(i) + "-key"
	}
	return rows, "metadata-add"
}

func metadataRowID(i int) string { return "md-" + strconv.Itoa(i) }

// metadataEditor builds the editor from rows and the JSON text, with messages per row index.
func metadataEditor(action string, rows []metadataRow, raw string, rowErrs map[int]string, canWrite bool) views.MetadataEditor {
	m := views.MetadataEditor{Action: action, Types: metadataTypes, Raw: raw, CanWrite: canWrite, Rows: make([]views.MetadataRow, 0, len(rows))}
	for i, r := range rows {
		typ := r.Type
		if typ == "" {
			typ = typeString
		}
		m.Rows = append(m.Rows, views.MetadataRow{ID: metadataRowID(i), Index: i, Key: r.Key, Type: typ, Value: r.Value, Error: rowErrs[i]})
	}
	return m
}

// schemaRefusal places a schema refusal ("…: metadata/priority: value must be …; metadata/ticket_id: …")
// next to the rows whose keys its paths name; what names no row comes back as rest.
func schemaRefusal(msg string, rows []metadataRow) (rowErrs map[int]string, rest []string) {
	rowErrs = map[int]string{}
	for _, piece := range strings.Split(msg, "; ") {
		at := strings.Index(piece, "metadata/")
		if at < 0 {
			rest = append(rest, strings.TrimSuffix(strings.TrimSpace(piece), "."))
			continue
		}
		violation := strings.TrimSuffix(piece[at+len("metadata/"):], ".")
		placed := false
		for i, r := range rows {
			ptr := jsonPointerToken(strings.TrimSpace(r.Key))
			if ptr == "" {
				continue
			}
			switch {
			case strings.HasPrefix(violation, ptr+": "):
				rowErrs[i] = joinMessages(rowErrs[i], "Quickchat refused this value: "+strings.TrimPrefix(violation, ptr+": ")+".")
				placed = true
			case strings.HasPrefix(violation, ptr+"/"):
				rowErrs[i] = joinMessages(rowErrs[i], "Quickchat refused "+strings.ReplaceAll(violation, "~1", "/")+".")
				placed = true
			}
			if placed {
				break
			}
		}
		if !placed {
			rest = append(rest, violation)
		}
	}
	return rowErrs, rest
}

// jsonPointerToken escapes a key as one step of a JSON pointer (RFC 6901).
func jsonPointerToken(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func joinMessages(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
