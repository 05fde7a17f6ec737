package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const handoffPath = "/v1/api/human_handoff/configuration"

func (e *testEnv) handoff(token string) handoffConfig {
	e.t.Helper()
	var c handoffConfig
	e.do("GET", handoffPath, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

// validHandoff is a complete configuration that tests change one field of.
func validHandoff() map[string]any {
	return map[string]any{
		"active": true, "generic_guidelines": []string{"user_frustration", "lack_of_knowledge"},
		"custom_guidelines": []string{"Hand over refunds above €500."}, "confirmation_message": "Talk to a person?",
		"ai_summary_active": true,
		"working_hours": map[string]any{"active": true, "time_zone": "Europe/Warsaw", "days": []string{"fri", "mon", "Tue", "mon"},
			"start": "09:00", "end": "17:30", "out_of_hours_message": "We are closed."},
		"keyword_triggers": []string{"speak to human"},
		"routing_profiles": []map[string]any{{"topic": "Billing", "description": "Invoices", "operators": []string{"ana@example.com"}}},
	}
}

func TestHandoffSeedAndDefaults(t *testing.T) {
	e := newEnv(t)
	demo := e.handoff(e.read)
	if !demo.Active || demo.WorkingHours.TimeZone != "Europe/Berlin" || len(demo.RoutingProfiles) != 3 || len(demo.KeywordTriggers) == 0 {
		t.Errorf("demo handoff: %+v", demo)
	}
	r := e.do("GET", handoffPath+"/", e.token("fresh-agent", ScopeRead), nil).wantStatus(t, http.StatusOK)
	if !strings.HasPrefix(string(r.Body), `{"active":false,"generic_guidelines":["user_frustration","explicit_request"],"custom_guidelines":[],`) ||
		!strings.Contains(string(r.Body), `"working_hours":{"active":false,"time_zone":"UTC","days":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00","out_of_hours_message":""}`) ||
		!strings.HasSuffix(string(r.Body), `"keyword_triggers":[],"routing_profiles":[]}`+"\n") {
		t.Errorf("defaults: %s", r.Body)
	}
	e.do("PATCH", handoffPath, e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "GET, PUT")
}

func TestHandoffPutReplaces(t *testing.T) {
	e := newEnv(t)
	var c handoffConfig
	e.do("PUT", handoffPath, e.write, validHandoff()).wantStatus(t, http.StatusOK).decode(t, &c)
	// Days in week order, lower case, once each.
	if !slices.Equal(c.WorkingHours.Days, []string{"mon", "tue", "fri"}) || c.WorkingHours.End != "17:30" || c.RoutingProfiles[0].Topic != "Billing" {
		t.Errorf("after PUT: %+v", c)
	}
	if got := e.handoff(e.read); !slices.Equal(got.WorkingHours.Days, []string{"mon", "tue", "fri"}) || got.ConfirmationMessage != "Talk to a person?" {
		t.Errorf("GET after PUT: %+v", got)
	}
	// A PUT replaces the whole object: what it leaves out is gone, not kept.
	e.do("PUT", handoffPath, e.write, `{"active":true,"keyword_triggers":["agent"]}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if !c.Active || !slices.Equal(c.KeywordTriggers, []string{"agent"}) || len(c.GenericGuidelines) != 0 || len(c.CustomGuidelines) != 0 ||
		c.ConfirmationMessage != "" || c.AISummaryActive || len(c.RoutingProfiles) != 0 || c.RoutingProfiles == nil ||
		c.WorkingHours.Active || c.WorkingHours.TimeZone != "UTC" || len(c.WorkingHours.Days) != 0 || c.WorkingHours.Start != "09:00" {
		t.Errorf("after a partial PUT: %+v", c)
	}
	if got := e.handoff(e.read); len(got.CustomGuidelines) != 0 || got.WorkingHours.TimeZone != "UTC" {
		t.Errorf("GET after a partial PUT: %+v", got)
	}
	e.do("PUT", handoffPath, e.read, validHandoff()).wantError(t, http.StatusForbidden, codePermissionDenied, "Insufficient token scope. Required: write_all")
	e.do("PUT", handoffPath, e.write, `[]`).wantError(t, http.StatusUnprocessableEntity, codeValidation, "Request body must be a JSON object.")
}

func TestHandoffValidation(t *testing.T) {
	e := newEnv(t)
	with := func(change func(m map[string]any)) map[string]any {
		m := validHandoff()
		change(m)
		return m
	}
	hours := func(key string, value any) map[string]any {
		return with(func(m map[string]any) { m["working_hours"].(map[string]any)[key] = value })
	}
	profile := func(key string, value any) map[string]any {
		return with(func(m map[string]any) { m["routing_profiles"].([]map[string]any)[0][key] = value })
	}
	many := func(n, length int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%0*d", length, i)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		body any
		msg  string
	}{
		{"unknown guideline", with(func(m map[string]any) { m["generic_guidelines"] = []string{"angry_user"} }),
			`Field 'generic_guidelines' accepts user_frustration, lack_of_knowledge, explicit_request, sensitive_topic; got "angry_user".`},
		{"bad start", hours("start", "9am"), `Field 'working_hours.start' must be a time written HH:MM on a 24-hour clock (00:00 to 23:59), got "9am".`},
		{"hour 24", hours("end", "24:00"), `Field 'working_hours.end' must be a time written HH:MM`},
		{"minute 60", hours("start", "08:60"), `Field 'working_hours.start' must be a time written HH:MM`},
		{"one digit hour", hours("start", "9:00"), `Field 'working_hours.start' must be a time written HH:MM`},
		{"start after end", hours("start", "18:00"), "Field 'working_hours.end' (17:30) must be later than 'working_hours.start' (18:00)"},
		{"start equals end", hours("start", "17:30"), "must be later than 'working_hours.start' (17:30)"},
		{"unknown day", hours("days", []string{"mon", "monday"}), `Field 'working_hours.days' accepts mon, tue, wed, thu, fri, sat, sun; got "monday".`},
		{"no days while active", hours("days", []string{}), "Field 'working_hours.days' must name at least one day while working hours are active."},
		{"unknown zone", hours("time_zone", "Mars/Olympus_Mons"), `Field 'working_hours.time_zone' must be an IANA time zone such as "Europe/Warsaw" or "UTC", got "Mars/Olympus_Mons".`},
		{"local zone", hours("time_zone", "Local"), "Field 'working_hours.time_zone' must be an IANA time zone"},
		{"empty zone", hours("time_zone", ""), "Field 'working_hours.time_zone' must be an IANA time zone"},
		{"path zone", hours("time_zone", "../../etc/passwd"), "Field 'working_hours.time_zone' must be an IANA time zone"},
		{"long out of hours", hours("out_of_hours_message", strings.Repeat("x", 1001)), "Field 'working_hours.out_of_hours_message' is too long: 1001 characters, the limit is 1000."},
		{"hours type", hours("start", 9), "Field 'working_hours.start' must be a string."},
		{"long confirmation", with(func(m map[string]any) { m["confirmation_message"] = strings.Repeat("x", 1001) }), "Field 'confirmation_message' is too long"},
		{"long custom guideline", with(func(m map[string]any) { m["custom_guidelines"] = many(1, 1001) }), "Field 'custom_guidelines' item 0 is too long"},
		{"too many custom guidelines", with(func(m map[string]any) { m["custom_guidelines"] = many(21, 3) }), "Field 'custom_guidelines' has 21 items; the limit is 20."},
		{"too many triggers", with(func(m map[string]any) { m["keyword_triggers"] = many(21, 3) }), "Field 'keyword_triggers' has 21 items; the limit is 20."},
		{"long trigger", with(func(m map[string]any) { m["keyword_triggers"] = many(1, 101) }), "Field 'keyword_triggers' item 0 is too long: 101 characters, the limit is 100."},
		{"blank trigger", with(func(m map[string]any) { m["keyword_triggers"] = []string{" "} }), "Field 'keyword_triggers' item 0 is empty."},
		{"too many profiles", with(func(m map[string]any) {
			ps := make([]map[string]any, 21)
			for i := range ps {
				ps[i] = map[string]any{"topic": "T"}
			}
			m["routing_profiles"] = ps
		}), "Field 'routing_profiles' has 21 items; the limit is 20."},
		{"profile without topic", profile("topic", " "), "Field 'routing_profiles[0].topic' is required."},
		{"long topic", profile("topic", strings.Repeat("t", 101)), "Field 'routing_profiles[0].topic' is too long: 101 characters, the limit is 100."},
		{"long description", profile("description", strings.Repeat("d", 1001)), "Field 'routing_profiles[0].description' is too long"},
		{"bad operator", profile("operators", []string{"ana@example.com", "ana"}), `Field 'routing_profiles[0].operators' item 1 must be an e-mail address such as "ana@example.com", got "ana".`},
		{"operator with name", profile("operators", []string{"Ana <ana@example.com>"}), "must be an e-mail address"},
		{"operator without dot", profile("operators", []string{"ana@localhost"}), "must be an e-mail address"},
		{"unknown field beside a long one", with(func(m map[string]any) { m["escalate"] = true; m["confirmation_message"] = strings.Repeat("x", 1001) }),
			"Field 'confirmation_message' is too long"},
		{"unknown nested field beside a wrong type", with(func(m map[string]any) {
			h := m["working_hours"].(map[string]any)
			h["timezone"], h["start"] = "UTC", 9
		}), "Field 'working_hours.start' must be a string."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("PUT", handoffPath, e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
		})
	}
	if c := e.handoff(e.read); c.WorkingHours.TimeZone != "Europe/Berlin" {
		t.Errorf("a refused configuration was stored: %+v", c)
	}
	// At the limits, and every guideline, day and a zone far from Europe.
	ok := with(func(m map[string]any) {
		m["generic_guidelines"] = handoffGuidelines
		m["custom_guidelines"] = many(20, 1000)
		m["keyword_triggers"] = many(20, 100)
		m["working_hours"] = map[string]any{"active": true, "time_zone": "America/Argentina/Buenos_Aires", "days": weekDays, "start": "00:00", "end": "23:59"}
	})
	var c handoffConfig
	e.do("PUT", handoffPath, e.write, ok).wantStatus(t, http.StatusOK).decode(t, &c)
	if len(c.GenericGuidelines) != 4 || len(c.WorkingHours.Days) != 7 || len(c.CustomGuidelines) != 20 {
		t.Errorf("at the limits: %+v", c)
	}
}
