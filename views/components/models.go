// Package components holds the console's shared templ building blocks.
package components

import "github.com/a-h/templ"

// Chip is a tag pill linking to the list filtered by that tag.
type Chip struct {
	Label string
	Href  string
}

// Pager is the "1–25 of 43" line with previous/next links.
type Pager struct {
	From, To, Count int
	PrevHref        string
	NextHref        string
	Target          string // the element htmx swaps on navigation, empty for plain links
}

// Flash is a one-shot message shown at the top of a page.
type Flash struct {
	Kind    string // success, error, info
	Message string
}

// FieldProps describes one form field for Field: the words around a control
// (its label, hint, character count and error) and the wrapper's classes and
// attributes. The control itself is Field's children and keeps its own
// attributes (id, name, aria-describedby…), so an input, a textarea, a select
// or a group of checkboxes all sit in the same markup.
type FieldProps struct {
	// ID is the control's id: the label points at it, and the hint and the
	// error take ID-help and ID-error. A Group's fieldset takes it as its own
	// id. Empty when no label points into the field (a row of buttons).
	ID string
	// Label names the control. Leave it empty when the children carry their
	// own label, as a checkbox wrapped in one does. Without an ID it is a
	// caption (span.label) for what the field shows, not a <label>.
	Label string
	// LabelNote is muted words after the label, such as "(optional)".
	LabelNote string
	// Shortcut is the key that jumps to the control, shown after the label.
	Shortcut string
	// HideLabel keeps the label for screen readers only.
	HideLabel bool
	// Group makes the field a fieldset whose legend is the label: radios,
	// checkboxes, several inputs, or a list of rows.
	Group bool
	// Hint is the help under the control. HintBody takes its place when the
	// help needs markup.
	Hint     string
	HintBody templ.Component
	// Count is the value's character count. It sits at the field's foot
	// beside the hint, or beside the error when the field has no hint.
	Count templ.Component
	// After follows the hint and the count, above the error: live feedback on
	// the value, or the buttons that act on it.
	After templ.Component
	// Error is what is wrong with the value. It marks the field has-error and
	// is announced (role=alert) with the id ErrorID, by default ID-error.
	Error   string
	ErrorID string
	// Invalid marks the field has-error when its message is shown elsewhere.
	Invalid bool
	// Lead puts the hint and the error between the label and the children,
	// where a long list of rows keeps them in sight.
	Lead bool
	// Class adds classes to the wrapper; Attributes adds any other attribute
	// to it (data-testid, data-*, hx-*, aria-describedby).
	Class      string
	Attributes templ.Attributes
}

// classes is the wrapper's class list: field, the extra classes, has-error.
func (p FieldProps) classes() string {
	c := "field"
	if p.Class != "" {
		c += " " + p.Class
	}
	if p.hasError() {
		c += " has-error"
	}
	return c
}

// labelClass is the class of a legend or caption: shown, or for screen readers only.
func (p FieldProps) labelClass(shown string) string {
	if p.HideLabel {
		return "visually-hidden"
	}
	return shown
}

func (p FieldProps) hasHint() bool { return p.Hint != "" || p.HintBody != nil }

func (p FieldProps) hasError() bool { return p.Error != "" || p.Invalid }

func (p FieldProps) errorID() string {
	if p.ErrorID != "" {
		return p.ErrorID
	}
	return p.ID + "-error"
}

// SaveConflict is what a save found when someone else had saved the same
// object since the form was loaded: the fields both changed, each with both
// values, for the person to choose; everything they typed stays in the form.
type SaveConflict struct {
	What string // the object in words, e.g. "these settings"
	Rows []ConflictRow
}

// ConflictRow is one field both people changed.
type ConflictRow struct {
	Label   string // the field as the form names it
	FieldID string // the form control holding this person's value; empty when there is none to fill
	Mine    string // this person's value, as text
	Theirs  string // the value saved now, as text
}
