package agent

import (
	"slices"

	"qcadmin/merge"
)

// handoffObject is the handoff configuration's fields as the form shows them.
// Lists (the signs, keywords, routing profiles) are compared whole.
var handoffObject = objectFields{
	{"active", "Hand conversations over to the team", ""},
	{"generic_guidelines", "Signs the agent watches for", ""},
	{"custom_guidelines", "Your own signs", ""},
	{"keyword_triggers", "Keywords", ""},
	{"confirmation_message", "Confirmation question", pathID("confirmation_message")},
	{"ai_summary_active", "AI summary for the operator", ""},
	{"working_hours.active", "Hand over only during working hours", ""},
	{"working_hours.time_zone", "Time zone", pathID("working_hours.time_zone")},
	{"working_hours.start", "From", pathID("working_hours.start")},
	{"working_hours.end", "Until", pathID("working_hours.end")},
	{"working_hours.days", "Days", ""},
	{"working_hours.out_of_hours_message", "Out-of-hours message", pathID("working_hours.out_of_hours_message")},
	{"routing_profiles", "Routing profiles", ""},
}

// fields are the handoff configuration as the merge compares it: what the PUT
// would send, ticked boxes in one order whatever order they were stored in.
func (in handoffInput) fields() merge.Fields {
	cfg := in.config()
	profiles := make([]map[string]any, 0, len(cfg.RoutingProfiles))
	for _, p := range cfg.RoutingProfiles {
		profiles = append(profiles, map[string]any{"topic": p.Topic, "description": p.Description, "operators": p.Operators})
	}
	return merge.Fields{
		"active": cfg.Active, "generic_guidelines": sortedSet(cfg.GenericGuidelines), "custom_guidelines": cfg.CustomGuidelines,
		"keyword_triggers": cfg.KeywordTriggers, "confirmation_message": cfg.ConfirmationMessage, "ai_summary_active": cfg.AISummaryActive,
		"working_hours.active": cfg.WorkingHours.Active, "working_hours.time_zone": cfg.WorkingHours.TimeZone,
		"working_hours.days": sortedSet(cfg.WorkingHours.Days), "working_hours.start": cfg.WorkingHours.Start,
		"working_hours.end": cfg.WorkingHours.End, "working_hours.out_of_hours_message": cfg.WorkingHours.OutOfHoursMessage,
		"routing_profiles": profiles,
	}
}

// take puts field name of from, as saved by someone else, into the form.
func (in *handoffInput) take(name string, from handoffInput) {
	switch name {
	case "active":
		in.Active = from.Active
	case "generic_guidelines":
		in.Generic = slices.Clone(from.Generic)
	case "custom_guidelines":
		in.Custom = slices.Clone(from.Custom)
	case "keyword_triggers":
		in.Keywords = slices.Clone(from.Keywords)
	case "confirmation_message":
		in.Confirmation = from.Confirmation
	case "ai_summary_active":
		in.AISummary = from.AISummary
	case "working_hours.active":
		in.HoursActive = from.HoursActive
	case "working_hours.time_zone":
		in.TimeZone = from.TimeZone
	case "working_hours.days":
		in.Days = slices.Clone(from.Days)
	case "working_hours.start":
		in.Start = from.Start
	case "working_hours.end":
		in.End = from.End
	case "working_hours.out_of_hours_message":
		in.OutOfHours = from.OutOfHours
	case "routing_profiles":
		in.Profiles = slices.Clone(from.Profiles)
	}
}
