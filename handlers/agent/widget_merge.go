package agent

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"qcadmin/display"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/views/components"
)

// objectField is one field of a form that saves a whole object, as the merge
// sees it: its name among the object's fields, its label on the form, and the
// control holding its value (empty for switches and lists, which the
// conflict notice cannot fill in).
type objectField struct {
	name, label, control string
}

// objectFields are a whole-object form's fields, in the form's order.
type objectFields []objectField

func (fs objectFields) label(name string) string {
	for _, f := range fs {
		if f.name == name {
			return f.label
		}
	}
	return name
}

func (fs objectFields) control(name string) string {
	for _, f := range fs {
		if f.name == name {
			return f.control
		}
	}
	return ""
}

// conflict words the fields both people changed for the conflict notice, in the form's order.
func (fs objectFields) conflict(what string, cs []merge.Conflict) *components.SaveConflict {
	if len(cs) == 0 {
		return nil
	}
	order := func(name string) int {
		if i := slices.IndexFunc(fs, func(f objectField) bool { return f.name == name }); i >= 0 {
			return i
		}
		return len(fs)
	}
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b merge.Conflict) int { return order(a.Field) - order(b.Field) })
	sc := &components.SaveConflict{What: what}
	for _, c := range cs {
		row := components.ConflictRow{Label: fs.label(c.Field), Mine: fieldText(c.Mine, c.MineGone), Theirs: fieldText(c.Theirs, c.TheirsGone)}
		if !c.TheirsGone {
			row.FieldID = fs.control(c.Field)
		}
		sc.Rows = append(sc.Rows, row)
	}
	return sc
}

// keptNote says which fields someone else changed meanwhile, kept by the save; empty for none.
func (fs objectFields) keptNote(kept []string) string {
	if len(kept) == 0 {
		return ""
	}
	labels := make([]string, 0, len(kept))
	for _, f := range fs {
		if slices.Contains(kept, f.name) {
			labels = append(labels, "“"+f.label+"”")
		}
	}
	for _, name := range kept {
		if !slices.ContainsFunc(fs, func(f objectField) bool { return f.name == name }) {
			labels = append(labels, "“"+name+"”")
		}
	}
	if len(labels) == 1 {
		return "Someone else changed " + labels[0] + " meanwhile; their change was kept."
	}
	return "Someone else changed " + joinAnd(labels) + " meanwhile; their changes were kept."
}

// basis is what a form carries about its base, with the merge's words for the page.
func (fs objectFields) basis(base merge.Fields, what string, out merge.Outcome) views.FormBasis {
	return views.FormBasis{Base: merge.Encode(base), Conflict: fs.conflict(what, out.Conflicts), Kept: fs.keptNote(out.Kept)}
}

// fieldText shows a field's value as text: lists one item a line, switches on or off.
func fieldText(v any, gone bool) string {
	if gone {
		return "(none)"
	}
	switch v := jsonValue(v).(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return display.OnOff(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		if len(v) == 0 {
			return "(none)"
		}
		lines := make([]string, len(v))
		for i, item := range v {
			lines[i] = fieldText(item, false)
		}
		return strings.Join(lines, "\n")
	case map[string]any:
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range v {
				if !yield(k) {
					return
				}
			}
		})
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + strings.ReplaceAll(fieldText(v[k], false), "\n", ", ")
		}
		return strings.Join(parts, "; ")
	default:
		return fmt.Sprint(v)
	}
}

// jsonValue reads v back as JSON does, so a []string and a decoded base's []any print alike.
func jsonValue(v any) any {
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

// sortedSet is a list whose order means nothing (ticked boxes), in one order, never nil.
func sortedSet(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return append([]string{}, slices.Compact(out)...)
}

// ---------- the widget ----------

// widgetObject is the widget configuration's fields as the form shows them.
var widgetObject = func() objectFields {
	fs := objectFields{
		{"header", "Title", "header"},
		{"subtitle", "Subtitle", "subtitle"},
		{"welcome_message", "Welcome message", "welcome_message"},
		{"welcome_message2", "Second welcome message", "welcome_message2"},
		{"input_placeholder", "Input placeholder", "input_placeholder"},
		{"background_disclaimer_text", "Disclaimer", "background_disclaimer_text"},
		{"conversation_starters", "Conversation starters", ""},
	}
	for _, t := range widgetToggles {
		fs = append(fs, objectField{t.name, t.label, ""})
	}
	return append(fs, objectFields{
		{"primary_color", "Main colour", "primary_color-text"},
		{"header_color", "Header colour", "header_color-text"},
		{"prechat_active", "Pre-chat form", ""},
		{"prechat_header_text", "Form title", "prechat_header_text"},
		{"prechat_message_text", "Form message", "prechat_message_text"},
		{"prechat_button_text", "Button", "prechat_button_text"},
		{"size", "Size", "size"},
		{"location", "Position", "location"},
		{"window_width", "Window width (px)", "window_width"},
		{"window_height", "Window height (px)", "window_height"},
		{"avatar_image", "Avatar image address", "avatar_image"},
	}...)
}()

// fields are the widget as the merge compares it, by the API's names: colours
// and sizes as they would be sent, starters without empty rows.
func (in widgetInput) fields() merge.Fields {
	colour := func(c colourInput) string {
		if s, err := c.resolve(); err == nil {
			return s
		}
		return c.typed()
	}
	size := func(s string) any {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return s
	}
	f := merge.Fields{
		"header": in.Header, "subtitle": in.Subtitle, "welcome_message": in.WelcomeMessage, "welcome_message2": in.WelcomeMessage2,
		"input_placeholder": in.InputPlaceholder, "background_disclaimer_text": in.Disclaimer, "avatar_image": in.AvatarImage,
		"conversation_starters": in.starters(), "primary_color": colour(in.Primary), "header_color": colour(in.HeaderColour),
		"prechat_active": in.PrechatActive, "prechat_header_text": in.PrechatHeader, "prechat_button_text": in.PrechatButton,
		"prechat_message_text": in.PrechatMessage, "window_width": size(in.WindowWidth), "window_height": size(in.WindowHeight),
		"size": in.Size, "location": in.Location,
	}
	for _, t := range widgetToggles {
		f[t.name] = in.Toggles[t.name]
	}
	return f
}

// take puts field name of from, as saved by someone else, into the form.
func (in *widgetInput) take(name string, from widgetInput) {
	switch name {
	case "header":
		in.Header = from.Header
	case "subtitle":
		in.Subtitle = from.Subtitle
	case "welcome_message":
		in.WelcomeMessage = from.WelcomeMessage
	case "welcome_message2":
		in.WelcomeMessage2 = from.WelcomeMessage2
	case "input_placeholder":
		in.InputPlaceholder = from.InputPlaceholder
	case "background_disclaimer_text":
		in.Disclaimer = from.Disclaimer
	case "avatar_image":
		in.AvatarImage = from.AvatarImage
	case "conversation_starters":
		in.Starters = slices.Clone(from.Starters)
	case "primary_color":
		in.Primary = from.Primary
	case "header_color":
		in.HeaderColour = from.HeaderColour
	case "prechat_active":
		in.PrechatActive = from.PrechatActive
	case "prechat_header_text":
		in.PrechatHeader = from.PrechatHeader
	case "prechat_button_text":
		in.PrechatButton = from.PrechatButton
	case "prechat_message_text":
		in.PrechatMessage = from.PrechatMessage
	case "window_width":
		in.WindowWidth = from.WindowWidth
	case "window_height":
		in.WindowHeight = from.WindowHeight
	case "size":
		in.Size = from.Size
	case "location":
		in.Location = from.Location
	default:
		if on, ok := from.Toggles[name]; ok {
			in.Toggles[name] = on
		}
	}
}
