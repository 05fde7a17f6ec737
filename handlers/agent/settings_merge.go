package agent

import (
	"encoding/json"
	"maps"
	"strconv"
	"strings"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views/components"
)

// The knowledge base and chatbot settings are whole objects two people may
// edit at once. Each form carries its base, the fields as loaded; a save reads
// them fresh and merges per field (the instruction list as one field), so a
// field only someone else changed is kept, and a field both changed is shown
// with both values, nothing written, everything typed kept.

// settingsField is how a conflict names one field, and which control takes the saved value.
type settingsField struct {
	label string
	id    string // the form control the saved value can be put into as text; "" for none
	// text words a value of this field; nil shows it as it is.
	text func(v any) string
}

// kbFields are the knowledge base settings' writable fields.
func kbFields(name, prompt string, commands []string) merge.Fields {
	if commands == nil {
		commands = []string{}
	}
	return merge.Of(apiclient.KnowledgeBaseSettingsUpdate{OneWordDescription: &name, ShortDescription: &prompt, AICommands: &commands})
}

// chatbotFields are the chatbot form's writable fields: the chatbot settings
// without the persona (name, prompt, guidelines), which the persona tab edits.
func chatbotFields(s apiclient.ChatbotSettings) merge.Fields {
	return merge.Of(apiclient.ChatbotSettingsUpdate{
		Personality: &s.Personality, Profession: &s.Profession, CreativityLevel: &s.CreativityLevel,
		Greeting: &s.Greeting, Greeting2: &s.Greeting2, Header: &s.Header, Header2: &s.Header2,
		LanguageChosen: &s.LanguageChosen, ReplyLength: &s.ReplyLength,
	})
}

// settingsMerge is a save's three-way merge: the base the form sent (what is
// saved now when it sent none, as a form from an older page: it then replaces
// what is saved, as it always did), what was typed, what is saved now.
type settingsMerge struct {
	base merge.Fields
	out  merge.Outcome
}

func mergeSettings(base string, mine, theirs merge.Fields) settingsMerge {
	based, err := merge.Decode(base)
	if err != nil {
		based = theirs
	}
	return settingsMerge{base: based, out: merge.Three(based, mine, theirs)}
}

// into fills an update (a pointer to a PATCH body) with the merged fields.
func (m settingsMerge) into(update any) error {
	b, err := json.Marshal(m.out.Fields)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, update)
}

// nextBase is the base of the form shown with a conflict: the saved values
// where both changed, so saving again takes this person's; the old base
// elsewhere, so a field only someone else changed is still theirs.
func (m settingsMerge) nextBase() string {
	next := maps.Clone(m.base)
	for _, cf := range m.out.Conflicts {
		if cf.TheirsGone {
			delete(next, cf.Field)
		} else {
			next[cf.Field] = cf.Theirs
		}
	}
	return merge.Encode(next)
}

// conflict shows both values of each field both people changed.
func (m settingsMerge) conflict(what string, fields map[string]settingsField) *components.SaveConflict {
	sc := &components.SaveConflict{What: what}
	for _, cf := range m.out.Conflicts {
		f, ok := fields[cf.Field]
		if !ok {
			f = settingsField{label: cf.Field}
		}
		sc.Rows = append(sc.Rows, components.ConflictRow{Label: f.label, FieldID: f.id, Mine: f.show(cf.Mine), Theirs: f.show(cf.Theirs)})
	}
	return sc
}

func (f settingsField) show(v any) string {
	if f.text != nil {
		return f.text(v)
	}
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// kept says which fields someone else changed that the save kept, or "".
func (m settingsMerge) kept(fields map[string]settingsField) string {
	if len(m.out.Kept) == 0 {
		return ""
	}
	names := make([]string, len(m.out.Kept))
	for i, k := range m.out.Kept {
		names[i] = strings.ToLower(fields[k].label)
		if names[i] == "" {
			names[i] = k
		}
	}
	list := names[0]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return "Someone else changed the " + list + " meanwhile; what they saved there was kept."
}

// commandsText shows an instruction list one numbered line each.
func commandsText(v any) string {
	list, _ := v.([]any)
	if len(list) == 0 {
		return "(no instructions)"
	}
	lines := make([]string, len(list))
	for i, c := range list {
		s, _ := c.(string)
		lines[i] = strconv.Itoa(i+1) + ". " + s
	}
	return strings.Join(lines, "\n")
}

// presetText names a numbered preset.
func presetText(names []string) func(any) string {
	return func(v any) string {
		b, _ := json.Marshal(v)
		if i, err := strconv.Atoi(string(b)); err == nil && i >= 0 && i < len(names) {
			return names[i]
		}
		return string(b)
	}
}

// agentSettingsFields name the fields both settings forms share.
var agentSettingsFields = map[string]settingsField{
	"one_word_description": {label: "Agent name", id: "one_word_description"},
	"short_description":    {label: "System prompt", id: "short_description"},
	"ai_commands":          {label: "AI commands", text: commandsText},
}

// chatbotSettingsFields name the chatbot form's fields.
var chatbotSettingsFields = func() map[string]settingsField {
	f := map[string]settingsField{
		"personality":      {label: "Personality", text: presetText(personalities)},
		"creativity_level": {label: "Creativity", text: presetText(creativityLevels)},
		"reply_length":     {label: "Reply length", text: presetText(replyLengths)},
		"language_chosen":  {label: "Language", id: "language_chosen"},
		"profession":       {label: "Profession", id: "profession"},
		"greeting":         {label: "Greeting", id: "greeting"},
		"greeting2":        {label: "Second greeting", id: "greeting2"},
		"header":           {label: "Header", id: "header"},
		"header2":          {label: "Subtitle", id: "header2"},
	}
	return f
}()
