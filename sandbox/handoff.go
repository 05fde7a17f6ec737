package sandbox

import (
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones resolve in a minimal container without /usr/share/zoneinfo
)

// Limits of the handoff configuration. inferred: see shared spec EXTRA.md
const (
	maxHandoffText      = 1000
	maxCustomGuidelines = 20
	maxKeywordTriggers  = 20
	maxKeywordTrigger   = 100
	maxRoutingProfiles  = 20
	maxRoutingTopic     = 100
	maxOperators        = 50
	maxTimeZone         = 100
)

// Vocabularies of the handoff configuration, as the API spells them.
var (
	handoffGuidelines = []string{"user_frustration", "lack_of_knowledge", "explicit_request", "sensitive_topic"}
	weekDays          = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// handoffConfig is when and how the agent hands a conversation to the human team.
// inferred: see shared spec EXTRA.md
type handoffConfig struct {
	Active              bool             `json:"active"`
	GenericGuidelines   []string         `json:"generic_guidelines"`
	CustomGuidelines    []string         `json:"custom_guidelines"`
	ConfirmationMessage string           `json:"confirmation_message"`
	AISummaryActive     bool             `json:"ai_summary_active"`
	WorkingHours        workingHours     `json:"working_hours"`
	KeywordTriggers     []string         `json:"keyword_triggers"`
	RoutingProfiles     []routingProfile `json:"routing_profiles"`
}

// workingHours is when the team answers; outside them the visitor gets the out-of-hours message.
type workingHours struct {
	Active            bool     `json:"active"`
	TimeZone          string   `json:"time_zone"` // IANA, e.g. Europe/Warsaw
	Days              []string `json:"days"`      // mon … sun
	Start             string   `json:"start"`     // HH:MM
	End               string   `json:"end"`
	OutOfHoursMessage string   `json:"out_of_hours_message"`
}

// routingProfile sends conversations about one topic to the operators who handle it.
type routingProfile struct {
	Topic       string   `json:"topic"`
	Description string   `json:"description"` // when the profile applies
	Operators   []string `json:"operators"`   // e-mail addresses
}

// emptyHandoffConfig is what a PUT body's left-out fields become: off, empty, and working hours
// 09:00–17:00 UTC on no day. PUT replaces the whole object, so nothing is kept from before.
func emptyHandoffConfig() handoffConfig {
	return handoffConfig{
		GenericGuidelines: []string{}, CustomGuidelines: []string{}, KeywordTriggers: []string{}, RoutingProfiles: []routingProfile{},
		WorkingHours: workingHours{TimeZone: "UTC", Days: []string{}, Start: "09:00", End: "17:00"},
	}
}

// defaultHandoffConfig is what an agent shows before anyone configures handoff: off, with the usual reasons ready.
func defaultHandoffConfig() handoffConfig {
	c := emptyHandoffConfig()
	c.GenericGuidelines = []string{"user_frustration", "explicit_request"}
	c.ConfirmationMessage = "Would you like to talk to a member of our team?"
	c.AISummaryActive = true
	c.WorkingHours.Days = []string{"mon", "tue", "wed", "thu", "fri"}
	return c
}

// getHandoffConfig serves GET human_handoff/configuration.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) getHandoffConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	c, err := agentSetting(r.Context(), s.store, p.ScenarioID, kindHandoff, defaultHandoffConfig())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// putHandoffConfig serves PUT human_handoff/configuration: the body replaces the whole configuration.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) putHandoffConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	c := emptyHandoffConfig()
	if err := decodeBody(w, r, &c); err != nil {
		return err
	}
	if err := c.normalize(); err != nil {
		return err
	}
	if err := saveAgentSetting(r.Context(), s.store.db, p.ScenarioID, kindHandoff, c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// clockTime matches HH:MM on a 24-hour clock.
var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// normalize validates the configuration and puts it in its stored form: null lists empty, repeats
// dropped, days in week order and lower case.
func (c *handoffConfig) normalize() error {
	c.GenericGuidelines = nonNil(c.GenericGuidelines)
	for _, g := range c.GenericGuidelines {
		if !slices.Contains(handoffGuidelines, g) {
			return invalid("Field 'generic_guidelines' accepts %s; got %q.", strings.Join(handoffGuidelines, ", "), shortText(g))
		}
	}
	c.GenericGuidelines = dedupe(c.GenericGuidelines)
	c.CustomGuidelines = nonNil(c.CustomGuidelines)
	if err := checkList("custom_guidelines", c.CustomGuidelines, maxCustomGuidelines, maxHandoffText); err != nil {
		return err
	}
	if err := checkLength("confirmation_message", c.ConfirmationMessage, maxHandoffText); err != nil {
		return err
	}
	if err := c.WorkingHours.normalize(); err != nil {
		return err
	}
	c.KeywordTriggers = nonNil(c.KeywordTriggers)
	if err := checkList("keyword_triggers", c.KeywordTriggers, maxKeywordTriggers, maxKeywordTrigger); err != nil {
		return err
	}
	c.KeywordTriggers = dedupe(c.KeywordTriggers)
	if c.RoutingProfiles == nil {
		c.RoutingProfiles = []routingProfile{}
	}
	if len(c.RoutingProfiles) > maxRoutingProfiles {
		return invalid("Field 'routing_profiles' has %d items; the limit is %d.", len(c.RoutingProfiles), maxRoutingProfiles)
	}
	for i := range c.RoutingProfiles {
		if err := c.RoutingProfiles[i].normalize(fmt.Sprintf("routing_profiles[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func (h *workingHours) normalize() error {
	for _, t := range []struct{ field, value string }{{"start", h.Start}, {"end", h.End}} {
		if !clockTime.MatchString(t.value) {
			return invalid("Field 'working_hours.%s' must be a time written HH:MM on a 24-hour clock (00:00 to 23:59), got %q.", t.field, shortText(t.value))
		}
	}
	// HH:MM with leading zeros sorts as text in time order.
	if h.Start >= h.End {
		return invalid("Field 'working_hours.end' (%s) must be later than 'working_hours.start' (%s); working hours end on the day they start.", h.End, h.Start)
	}
	if err := checkTimeZone(h.TimeZone); err != nil {
		return err
	}
	days := map[string]bool{}
	for _, d := range nonNil(h.Days) {
		day := strings.ToLower(strings.TrimSpace(d))
		if !slices.Contains(weekDays, day) {
			return invalid("Field 'working_hours.days' accepts %s; got %q.", strings.Join(weekDays, ", "), shortText(d))
		}
		days[day] = true
	}
	h.Days = []string{}
	for _, d := range weekDays {
		if days[d] {
			h.Days = append(h.Days, d)
		}
	}
	if h.Active && len(h.Days) == 0 {
		return invalid("Field 'working_hours.days' must name at least one day while working hours are active.")
	}
	return checkLength("working_hours.out_of_hours_message", h.OutOfHoursMessage, maxHandoffText)
}

// checkTimeZone accepts IANA zone names (and UTC); "Local" would mean the sandbox's own zone, which no team works in.
func checkTimeZone(name string) error {
	if name != "" && name != "Local" && len(name) <= maxTimeZone {
		if _, err := time.LoadLocation(name); err == nil {
			return nil
		}
	}
	return invalid(`Field 'working_hours.time_zone' must be an IANA time zone such as "Europe/Warsaw" or "UTC", got %q.`, shortText(name))
}

func (p *routingProfile) normalize(path string) error {
	switch n := len([]rune(p.Topic)); {
	case strings.TrimSpace(p.Topic) == "":
		return invalid("Field '%s.topic' is required.", path)
	case n > maxRoutingTopic:
		return invalid("Field '%s.topic' is too long: %d characters, the limit is %d.", path, n, maxRoutingTopic)
	}
	if err := checkLength(path+".description", p.Description, maxHandoffText); err != nil {
		return err
	}
	p.Operators = nonNil(p.Operators)
	if len(p.Operators) > maxOperators {
		return invalid("Field '%s.operators' has %d items; the limit is %d.", path, len(p.Operators), maxOperators)
	}
	for i, op := range p.Operators {
		if !isEmailAddress(op) {
			return invalid("Field '%s.operators' item %d must be an e-mail address such as \"ana@example.com\", got %q.", path, i, shortText(op))
		}
	}
	p.Operators = dedupe(p.Operators)
	return nil
}

// isEmailAddress accepts a bare address (no display name, no angle brackets) with a dotted domain.
func isEmailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
