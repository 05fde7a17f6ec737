package sandbox

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	"qcadmin/internal/cut"
)

// fieldRule is the whole rule of one top-level field, said when a client sends it with the wrong JSON
// type: "must be an integer from 0 to 13", not only "must be an integer".
type fieldRule struct {
	field   string
	integer bool   // the value must be a JSON integer (else a string)
	rule    string // e.g. "an integer from 0 to 13 (a personality preset)"
}

// jsonInteger matches a JSON number without fraction or exponent.
var jsonInteger = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// checkFieldKinds looks at the JSON kinds of the fields that have rules before the body is decoded,
// so a wrong type is answered with the field's full rule. null counts as left out; a body that is not
// an object is left for the decoder to refuse.
func checkFieldKinds(body []byte, rules []fieldRule) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil
	}
	for _, r := range rules {
		raw, ok := fields[r.field]
		if !ok {
			continue
		}
		raw = bytes.TrimSpace(raw)
		if string(raw) == "null" {
			continue
		}
		if r.integer && jsonInteger.Match(raw) || !r.integer && len(raw) > 0 && raw[0] == '"' {
			continue
		}
		return invalid("Field '%s' must be %s, got %s.", r.field, r.rule, shortJSON(raw))
	}
	return nil
}

// shortJSON shows a sent value in a message, cut so a huge value does not flood it.
func shortJSON(raw []byte) string {
	return cut.Ellipsis(string(raw), 61)
}

// checkList enforces the limits of a list of texts: how many items, each item's length, and no blank items.
func checkList(field string, items []string, maxItems, maxItem int) error {
	if len(items) > maxItems {
		return invalid("Field '%s' has %d items; the limit is %d.", field, len(items), maxItems)
	}
	for i, item := range items {
		if strings.TrimSpace(item) == "" {
			return invalid("Field '%s' item %d is empty.", field, i)
		}
		if n := utf8.RuneCountInString(item); n > maxItem {
			return invalid("Field '%s' item %d is too long: %d characters, the limit is %d.", field, i, n, maxItem)
		}
	}
	return nil
}

// dedupe drops repeated items, keeping the first.
func dedupe(items []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, item := range items {
		if !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}
