package agent

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"qcadmin/views"
	"qcadmin/web"
)

// agentInput is the agent's name, system prompt and AI commands as posted, kept
// verbatim so a refusal loses nothing. Quickchat keeps one copy of them that
// both the knowledge base settings and the chatbot settings read and write.
type agentInput struct {
	OneWordDescription string
	ShortDescription   string
	AICommands         []string
}

func agentInputOf(name, prompt string, commands []string) agentInput {
	return agentInput{OneWordDescription: name, ShortDescription: prompt, AICommands: append([]string{}, commands...)}
}

// readAgentInput takes the shared fields from a posted form.
func readAgentInput(form url.Values) agentInput {
	in := agentInput{
		OneWordDescription: form.Get("one_word_description"),
		ShortDescription:   web.UnixNewlines(form.Get("short_description")),
		AICommands:         []string{},
	}
	for _, cmd := range form["ai_commands"] {
		in.AICommands = append(in.AICommands, web.UnixNewlines(cmd))
	}
	return in
}

// commandKey names one instruction's message in an error map.
func commandKey(i int) string { return "ai_commands." + strconv.Itoa(i) }

// tooLong says how far a text is over its limit.
func tooLong(what string, n, limit int) string {
	return what + " has " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(limit) + "."
}

// lengthRule is a text field's limit, in characters (code points) as Quickchat counts them.
type lengthRule struct {
	field, what, value string
	limit              int
}

// checkLengths puts a message into errs, by field, for each text over its limit.
func checkLengths(errs map[string]string, rules ...lengthRule) {
	for _, r := range rules {
		if n := utf8.RuneCountInString(r.value); n > r.limit {
			errs[r.field] = tooLong(r.what, n, r.limit)
		}
	}
}

// check catches what Quickchat would refuse, before asking it; messages go into errs by field.
func (in agentInput) check(errs map[string]string) {
	checkLengths(errs,
		lengthRule{"one_word_description", "The name", in.OneWordDescription, maxAgentName},
		lengthRule{"short_description", "The system prompt", in.ShortDescription, maxSystemPrompt})
	total := 0
	for i, cmd := range in.AICommands {
		n := utf8.RuneCountInString(cmd)
		total += n
		if n > maxAICommand {
			errs[commandKey(i)] = tooLong("This instruction", n, maxAICommand)
		}
	}
	if total > maxAICommandsTotal {
		errs["ai_commands"] = tooLong("All instructions together", total, maxAICommandsTotal) + " Shorten or remove some."
	}
}

// commands is the list to send: an empty row is a slot never filled in, not an instruction.
func (in agentInput) commands() []string {
	out := []string{}
	for _, cmd := range in.AICommands {
		if strings.TrimSpace(cmd) != "" {
			out = append(out, cmd)
		}
	}
	return out
}

// applyListOp changes the instruction list as one of its buttons asks ("add",
// "remove:2", "up:1", "down:0") and returns the id of the control to focus next.
// An index out of range changes nothing: the page was older than the list.
func (in *agentInput) applyListOp(op string) string {
	verb, arg, _ := strings.Cut(op, ":")
	if verb == "add" {
		in.AICommands = append(in.AICommands, "")
		return "ai_commands-" + strconv.Itoa(len(in.AICommands)-1)
	}
	i, err := strconv.Atoi(arg)
	if err != nil || i < 0 || i >= len(in.AICommands) {
		return ""
	}
	row := func(i int) string { return "ai_commands-" + strconv.Itoa(i) }
	switch verb {
	case "remove":
		in.AICommands = slices.Delete(in.AICommands, i, i+1)
		if i < len(in.AICommands) {
			return row(i)
		}
		return "add-command"
	case "up":
		if i > 0 {
			in.AICommands[i-1], in.AICommands[i] = in.AICommands[i], in.AICommands[i-1]
			return row(i-1) + "-up"
		}
	case "down":
		if i < len(in.AICommands)-1 {
			in.AICommands[i], in.AICommands[i+1] = in.AICommands[i+1], in.AICommands[i]
			return row(i+1) + "-down"
		}
	}
	return ""
}

// agentFieldsView builds the shared editor for the form at action (its element id formID).
func agentFieldsView(in agentInput, errs map[string]string, canWrite bool, action, formID string) views.AgentFields {
	m := views.AgentFields{
		Action:        action,
		FormID:        formID,
		Name:          countedField("one_word_description", in.OneWordDescription, maxAgentName, errs),
		Prompt:        countedField("short_description", in.ShortDescription, maxSystemPrompt, errs),
		Commands:      make([]views.TextField, 0, len(in.AICommands)),
		CommandMax:    maxAICommand,
		CommandsTotal: views.CharCount{Max: maxAICommandsTotal},
		CommandsError: errs["ai_commands"],
		CanWrite:      canWrite,
	}
	for i, cmd := range in.AICommands {
		f := countedField("ai_commands-"+strconv.Itoa(i), cmd, maxAICommand, nil)
		f.Error = errs[commandKey(i)]
		m.CommandsTotal.N += f.Count.N
		m.Commands = append(m.Commands, f)
	}
	return m
}

// countedField is a text field with its length against limit and its message from errs, keyed by id.
func countedField(id, value string, limit int, errs map[string]string) views.TextField {
	return views.TextField{ID: id, Value: value, Count: views.CharCount{N: utf8.RuneCountInString(value), Max: limit}, Error: errs[id]}
}
