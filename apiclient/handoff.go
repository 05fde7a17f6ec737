package apiclient

import (
	"context"
	"net/http"
)

// HandoffConfiguration says when the agent hands a conversation over to a
// human operator: on which signs (the generic guidelines, the team's own,
// keywords the visitor types), how it asks the visitor first, whether the
// operator gets a summary, during which hours, and which operators take
// which topics.
//
// inferred: see shared spec EXTRA.md (the JSON shape; the calls are
// documented)
type HandoffConfiguration struct {
	Active bool `json:"active"`
	// GenericGuidelines name built-in signs such as "user_frustration" or
	// "lack_of_knowledge".
	GenericGuidelines []string `json:"generic_guidelines"`
	CustomGuidelines  []string `json:"custom_guidelines"` // the team's own, in words
	// ConfirmationMessage asks the visitor whether they want a human.
	ConfirmationMessage string           `json:"confirmation_message"`
	AISummaryActive     bool             `json:"ai_summary_active"` // the operator gets a summary of the conversation
	WorkingHours        WorkingHours     `json:"working_hours"`
	KeywordTriggers     []string         `json:"keyword_triggers"` // such as "speak to human"
	RoutingProfiles     []RoutingProfile `json:"routing_profiles"`
}

// WorkingHours are when operators can take conversations over, and what
// visitors are told outside them.
//
// inferred: see shared spec EXTRA.md
type WorkingHours struct {
	Active            bool     `json:"active"`
	TimeZone          string   `json:"time_zone"` // an IANA zone such as "Europe/Warsaw"
	Days              []string `json:"days"`      // "mon" … "sun"
	Start             string   `json:"start"`     // "09:00"
	End               string   `json:"end"`       // "17:00"
	OutOfHoursMessage string   `json:"out_of_hours_message"`
}

// RoutingProfile sends conversations about one topic to its operators.
//
// inferred: see shared spec EXTRA.md
type RoutingProfile struct {
	Topic       string   `json:"topic"`
	Description string   `json:"description"` // when the topic applies
	Operators   []string `json:"operators"`   // the operators' email addresses
}

const handoffConfigurationRoute = "human_handoff/configuration"

// GetHandoffConfiguration returns when and how the agent hands
// conversations over to operators. Lists the API leaves out or sends as
// null come back empty, never nil.
func (c *Client) GetHandoffConfiguration(ctx context.Context) (*HandoffConfiguration, error) {
	out, err := call[HandoffConfiguration](ctx, c, request{method: http.MethodGet, route: handoffConfigurationRoute})
	if err != nil {
		return nil, err
	}
	*out = out.withLists()
	return out, nil
}

// PutHandoffConfiguration replaces the whole handoff configuration with h
// and returns it as the API now has it. Nil lists are sent as empty ones
// (never null), which clears them; h itself is left unchanged. A value the
// API refuses (an unknown time zone, for one) gives a 422 *APIError
// carrying the API's reason.
func (c *Client) PutHandoffConfiguration(ctx context.Context, h HandoffConfiguration) (*HandoffConfiguration, error) {
	out, err := call[HandoffConfiguration](ctx, c, request{method: http.MethodPut, route: handoffConfigurationRoute, body: h.withLists()})
	if err != nil {
		return nil, err
	}
	*out = out.withLists()
	return out, nil
}

// withLists returns h with every nil list, nested ones included, made
// empty. The lists that change are new, so the caller's are never written.
func (h HandoffConfiguration) withLists() HandoffConfiguration {
	h.GenericGuidelines = nonNilList(h.GenericGuidelines)
	h.CustomGuidelines = nonNilList(h.CustomGuidelines)
	h.KeywordTriggers = nonNilList(h.KeywordTriggers)
	h.WorkingHours.Days = nonNilList(h.WorkingHours.Days)
	profiles := make([]RoutingProfile, len(h.RoutingProfiles))
	for i, p := range h.RoutingProfiles {
		p.Operators = nonNilList(p.Operators)
		profiles[i] = p
	}
	h.RoutingProfiles = profiles
	return h
}

// nonNilList gives an empty list for nil, so it is sent as [] rather than null.
func nonNilList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
