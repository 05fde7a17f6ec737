package agent

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// Limits of the handoff configuration, as the sandbox holds them. inferred: see shared spec EXTRA.md
const (
	maxHandoffText      = 1000
	maxCustomGuidelines = 20
	maxKeywordTriggers  = 20
	maxKeywordTrigger   = 100
	maxRoutingProfiles  = 20
	maxRoutingTopic     = 100
)

// handoffGuidelines are Quickchat's built-in signs, in people's words.
var handoffGuidelines = []views.Checkbox{
	{Value: "user_frustration", Label: "The visitor is frustrated", Help: "angry or repeating themselves"},
	{Value: "lack_of_knowledge", Label: "The agent does not know", Help: "nothing in the knowledge base answers"},
	{Value: "explicit_request", Label: "The visitor asks for a person", Help: "in any words"},
	{Value: "sensitive_topic", Label: "A sensitive topic", Help: "health, legal or safety matters"},
}

// weekDays are the API's day names with people's.
var weekDays = []views.Checkbox{
	{Value: "mon", Label: "Mon"}, {Value: "tue", Label: "Tue"}, {Value: "wed", Label: "Wed"}, {Value: "thu", Label: "Thu"},
	{Value: "fri", Label: "Fri"}, {Value: "sat", Label: "Sat"}, {Value: "sun", Label: "Sun"},
}

// timeZones are the zones offered; the saved one is added when it is not among them.
var timeZones = []string{
	"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Brussels",
	"Europe/Amsterdam", "Europe/Berlin", "Europe/Zurich", "Europe/Vienna", "Europe/Rome", "Europe/Copenhagen",
	"Europe/Oslo", "Europe/Stockholm", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague", "Europe/Budapest",
	"Europe/Bucharest", "Europe/Athens", "Europe/Kyiv", "Europe/Istanbul", "Africa/Lagos", "Africa/Cairo",
	"Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Singapore",
	"Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Sydney",
	"Pacific/Auckland", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Mexico_City",
	"America/New_York", "America/Toronto", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Vancouver", "America/Anchorage", "Pacific/Honolulu",
}

// profileInput is one routing profile as typed; operators stay one text until sent.
type profileInput struct {
	Topic, Description, Operators string
}

// handoffInput is the handoff form as posted, or the configuration as stored, kept verbatim.
type handoffInput struct {
	Active, AISummary, HoursActive                 bool
	Generic, Custom, Keywords, Days                []string
	Confirmation, TimeZone, Start, End, OutOfHours string
	Profiles                                       []profileInput
}

func handoffInputOf(h *apiclient.HandoffConfiguration) handoffInput {
	in := handoffInput{
		Active: h.Active, AISummary: h.AISummaryActive, HoursActive: h.WorkingHours.Active,
		Generic: slices.Clone(h.GenericGuidelines), Custom: slices.Clone(h.CustomGuidelines), Keywords: slices.Clone(h.KeywordTriggers),
		Days: slices.Clone(h.WorkingHours.Days), Confirmation: h.ConfirmationMessage, TimeZone: h.WorkingHours.TimeZone,
		Start: h.WorkingHours.Start, End: h.WorkingHours.End, OutOfHours: h.WorkingHours.OutOfHoursMessage,
	}
	for _, p := range h.RoutingProfiles {
		in.Profiles = append(in.Profiles, profileInput{Topic: p.Topic, Description: p.Description, Operators: strings.Join(p.Operators, ", ")})
	}
	return in
}

// readHandoffInput pairs the profiles' fields, which the browser sends in page order.
func readHandoffInput(form url.Values) handoffInput {
	in := handoffInput{
		Active: form.Get("active") == "true", AISummary: form.Get("ai_summary_active") == "true",
		HoursActive: form.Get("working_hours.active") == "true",
		Generic:     slices.Clone(form["generic_guidelines"]), Custom: slices.Clone(form["custom_guidelines"]),
		Keywords: slices.Clone(form["keyword_triggers"]), Days: slices.Clone(form["working_hours.days"]),
		Confirmation: web.UnixNewlines(form.Get("confirmation_message")), TimeZone: form.Get("working_hours.time_zone"),
		Start: form.Get("working_hours.start"), End: form.Get("working_hours.end"),
		OutOfHours: web.UnixNewlines(form.Get("working_hours.out_of_hours_message")),
	}
	topics, descriptions, operators := form["routing_profiles.topic"], form["routing_profiles.description"], form["routing_profiles.operators"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	for i := range max(len(topics), len(descriptions), len(operators)) {
		in.Profiles = append(in.Profiles, profileInput{Topic: at(topics, i), Description: web.UnixNewlines(at(descriptions, i)), Operators: at(operators, i)})
	}
	return in
}

// filled drops the rows never filled in: an empty row is a slot, not a value.
func filled(rows []string) []string {
	out := []string{}
	for _, r := range rows {
		if strings.TrimSpace(r) != "" {
			out = append(out, r)
		}
	}
	return out
}

// splitOperators reads "ana@example.com, jonas@example.com" (commas, semicolons or line breaks) as addresses.
func splitOperators(s string) []string {
	out := []string{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sentProfiles are the profiles the PUT carries, with where each came from on the form,
// so a refusal of routing_profiles[i] finds its row again.
func (in handoffInput) sentProfiles() ([]apiclient.RoutingProfile, []int) {
	var out []apiclient.RoutingProfile
	var rows []int
	for i, p := range in.Profiles {
		if strings.TrimSpace(p.Topic+p.Description+p.Operators) == "" {
			continue
		}
		out = append(out, apiclient.RoutingProfile{Topic: p.Topic, Description: p.Description, Operators: splitOperators(p.Operators)})
		rows = append(rows, i)
	}
	return out, rows
}

// config is the whole configuration the PUT sends: Quickchat replaces everything with it.
func (in handoffInput) config() apiclient.HandoffConfiguration {
	profiles, _ := in.sentProfiles()
	return apiclient.HandoffConfiguration{
		Active: in.Active, GenericGuidelines: in.Generic, CustomGuidelines: filled(in.Custom),
		ConfirmationMessage: in.Confirmation, AISummaryActive: in.AISummary,
		WorkingHours: apiclient.WorkingHours{Active: in.HoursActive, TimeZone: in.TimeZone, Days: in.Days,
			Start: in.Start, End: in.End, OutOfHoursMessage: in.OutOfHours},
		KeywordTriggers: filled(in.Keywords), RoutingProfiles: profiles,
	}
}

// pathID turns an API field path into an element id: routing_profiles[0].operators → routing_profiles-0-operators.
func pathID(path string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return r.Replace(path)
}

func profilePath(i int, field string) string {
	return "routing_profiles[" + strconv.Itoa(i) + "]." + field
}

// handoffView builds the form from what was typed, with messages keyed by the API's field paths.
func (h *Handlers) handoffView(canWrite bool, in handoffInput, errs map[string]string) views.HandoffForm {
	field := func(path, value string, limit int) views.TextField {
		f := countedField(pathID(path), value, limit, nil)
		f.Error = errs[path]
		return f
	}
	rows := func(s textRowsSpec, list []string) views.TextRows {
		s.action, s.formID = "/handoff", "handoff-form"
		return textRows(s, list, errs, canWrite)
	}
	m := views.HandoffForm{
		Active: in.Active, AISummary: in.AISummary, GuidelinesError: errs["generic_guidelines"],
		Guidelines: checkboxes(handoffGuidelines, in.Generic),
		CustomGuidelines: rows(textRowsSpec{id: "custom_guidelines", label: "Your own signs", itemLabel: "Sign", addLabel: "Add a sign",
			help: "In words, such as “a rider reports a crash or an injury”.", empty: "None: the signs above decide.",
			limit: maxHandoffText, maxRows: maxCustomGuidelines}, in.Custom),
		Keywords: rows(textRowsSpec{id: "keyword_triggers", label: "Keywords", itemLabel: "Keyword", addLabel: "Add a keyword",
			help: "A visitor who writes one of these is handed over at once.", empty: "No keywords.",
			limit: maxKeywordTrigger, maxRows: maxKeywordTriggers}, in.Keywords),
		Confirmation: field("confirmation_message", in.Confirmation, maxHandoffText),
		Hours: views.WorkingHoursFields{
			Active:     in.HoursActive,
			TimeZone:   timeZoneChoice(in.TimeZone, errs["working_hours.time_zone"]),
			Days:       checkboxes(weekDays, in.Days),
			DaysError:  errs["working_hours.days"],
			Start:      views.TextField{ID: pathID("working_hours.start"), Value: in.Start, Error: errs["working_hours.start"]},
			End:        views.TextField{ID: pathID("working_hours.end"), Value: in.End, Error: errs["working_hours.end"]},
			OutOfHours: field("working_hours.out_of_hours_message", in.OutOfHours, maxHandoffText),
		},
		ProfilesError: errs["routing_profiles"],
		MaxProfiles:   maxRoutingProfiles,
		Error:         errs[""],
		CanWrite:      canWrite,
	}
	for i, p := range in.Profiles {
		m.Profiles = append(m.Profiles, views.RoutingProfileRow{
			Index: i, ID: "routing_profiles-" + strconv.Itoa(i),
			Topic:       field(profilePath(i, "topic"), p.Topic, maxRoutingTopic),
			Description: field(profilePath(i, "description"), p.Description, maxHandoffText),
			Operators:   views.TextField{ID: pathID(profilePath(i, "operators")), Value: p.Operators, Error: errs[profilePath(i, "operators")]},
			Error:       errs["routing_profiles["+strconv.Itoa(i)+"]"],
		})
	}
	return m
}

// checkboxes ticks the values in checked; values the list lacks are kept, ticked, under their own name.
func checkboxes(all []views.Checkbox, checked []string) []views.Checkbox {
	out := make([]views.Checkbox, 0, len(all))
	for _, c := range all {
		c.Checked = slices.Contains(checked, c.Value)
		out = append(out, c)
	}
	for _, v := range checked {
		if !slices.ContainsFunc(out, func(c views.Checkbox) bool { return c.Value == v }) {
			out = append(out, views.Checkbox{Value: v, Label: v, Checked: true})
		}
	}
	return out
}

func timeZoneChoice(value, problem string) views.ChoiceField {
	f := views.ChoiceField{ID: pathID("working_hours.time_zone"), Value: value, Error: problem}
	for _, z := range timeZones {
		f.Options = append(f.Options, views.Option{Value: z, Label: strings.ReplaceAll(z, "_", " ")})
	}
	if !slices.Contains(timeZones, value) {
		f.Options = append([]views.Option{{Value: value, Label: strings.ReplaceAll(value, "_", " ")}}, f.Options...)
	}
	return f
}
