// Package merge keeps two people editing one object from undoing each
// other's work. A form carries what it was based on; on save, the fresh
// object is compared with that base and with what the person sent: fields
// only one side changed are taken from that side, fields both changed to
// different values are conflicts, shown side by side for the person to choose.
package merge

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
)

// Fields are an object's writable fields by name, as JSON values (strings,
// numbers, booleans, nil, []any, map[string]any). A name absent from a map
// is a field that object does not have (a deleted metadata key).
type Fields map[string]any

// MaxBase bounds an encoded base, so a form cannot make the console decode
// more than a page's worth.
const MaxBase = 512 << 10

// Encode writes what a form is based on, for a hidden field.
func Encode(f Fields) string {
	b, err := json.Marshal(f)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ErrNoBase is a form that says nothing about what it was based on (sent
// from a page older than this version of the console, or tampered with).
var ErrNoBase = errors.New("the form does not say what it was based on")

// Decode reads a base written by Encode.
func Decode(s string) (Fields, error) {
	if s == "" || len(s) > MaxBase {
		return nil, ErrNoBase
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrNoBase
	}
	var f Fields
	if err := json.Unmarshal(b, &f); err != nil || f == nil {
		return nil, ErrNoBase
	}
	return f, nil
}

// Fingerprint names a version of an object's fields: equal fields, equal fingerprints.
func Fingerprint(f Fields) string {
	b, _ := json.Marshal(f) // map keys are sorted, so equal fields encode alike
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// Conflict is one field both sides changed, to different values.
type Conflict struct {
	Field  string
	Mine   any // what this person sent; nil with MineGone for a removal
	Theirs any // what is saved now; nil with TheirsGone for a removal
	// MineGone and TheirsGone say a side removed the field.
	MineGone, TheirsGone bool
}

// Outcome is what a save should write, and what the person should be told.
type Outcome struct {
	// Fields is what to write: mine where only I changed a field, theirs where
	// only they did, and mine for conflicts until the person chooses.
	Fields Fields
	// Kept are the fields someone else changed meanwhile that the merge kept.
	Kept []string
	// Conflicts are the fields both changed; a save with any must not write.
	Conflicts []Conflict
}

// Unchanged reports that nobody else changed anything since the base.
func (o Outcome) Unchanged() bool { return len(o.Kept) == 0 && len(o.Conflicts) == 0 }

// Three merges mine (what the person sent) and theirs (the object as saved
// now) against base (what the person's form was based on). Fields are
// compared as JSON values, so 1 and 1.0 are the same number.
func Three(base, mine, theirs Fields) Outcome {
	out := Outcome{Fields: Fields{}}
	names := slices.Sorted(maps.Keys(union(base, mine, theirs)))
	for _, name := range names {
		b, inBase := base[name]
		m, inMine := mine[name]
		t, inTheirs := theirs[name]
		mineChanged := inMine != inBase || !same(m, b)
		theirsChanged := inTheirs != inBase || !same(t, b)
		switch {
		case !theirsChanged || (inMine == inTheirs && same(m, t)):
			if inMine {
				out.Fields[name] = m
			}
		case !mineChanged:
			if inTheirs {
				out.Fields[name] = t
			}
			out.Kept = append(out.Kept, name)
		default:
			if inMine {
				out.Fields[name] = m
			}
			out.Conflicts = append(out.Conflicts, Conflict{Field: name, Mine: m, Theirs: t, MineGone: !inMine, TheirsGone: !inTheirs})
		}
	}
	return out
}

func union(fs ...Fields) map[string]bool {
	all := map[string]bool{}
	for _, f := range fs {
		for k := range f {
			all[k] = true
		}
	}
	return all
}

// same compares two JSON values by their JSON form.
func same(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, err1 := json.Marshal(normal(a))
	jb, err2 := json.Marshal(normal(b))
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// normal reads a value back as JSON does, so numbers compare alike whatever their Go type.
func normal(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

// Of turns a struct or map into Fields through its JSON form.
func Of(v any) Fields {
	b, err := json.Marshal(v)
	if err != nil {
		return Fields{}
	}
	var f Fields
	if json.Unmarshal(b, &f) != nil || f == nil {
		return Fields{}
	}
	return f
}
