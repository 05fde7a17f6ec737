package apiclient

import (
	"errors"
	"reflect"
	"testing"
)

// handoffJSON is EXTRA.md's example of the handoff configuration.
const handoffJSON = `{"active":true,"generic_guidelines":["user_frustration","lack_of_knowledge"],"custom_guidelines":["The visitor asks for a refund over 500 EUR"],
	"confirmation_message":"Would you like to talk to a person?","ai_summary_active":true,
	"working_hours":{"active":true,"time_zone":"Europe/Warsaw","days":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00","out_of_hours_message":"We are back at 9."},
	"keyword_triggers":["speak to human"],"routing_profiles":[{"topic":"Billing","description":"Invoices and refunds","operators":["ana@example.com"]}]}`

func handoffExample() HandoffConfiguration {
	return HandoffConfiguration{
		Active: true, GenericGuidelines: []string{"user_frustration", "lack_of_knowledge"},
		CustomGuidelines:    []string{"The visitor asks for a refund over 500 EUR"},
		ConfirmationMessage: "Would you like to talk to a person?", AISummaryActive: true,
		WorkingHours: WorkingHours{Active: true, TimeZone: "Europe/Warsaw", Days: []string{"mon", "tue", "wed", "thu", "fri"},
			Start: "09:00", End: "17:00", OutOfHoursMessage: "We are back at 9."},
		KeywordTriggers: []string{"speak to human"},
		RoutingProfiles: []RoutingProfile{{Topic: "Billing", Description: "Invoices and refunds", Operators: []string{"ana@example.com"}}},
	}
}

func TestGetHandoffConfigurationDecodesEveryField(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/human_handoff/configuration"}, 200, handoffJSON)
	got, err := c.GetHandoffConfiguration(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := handoffExample(); !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestGetHandoffConfigurationGivesEmptyLists(t *testing.T) {
	for _, answer := range []string{
		`{"active":false}`,
		`{"active":false,"generic_guidelines":null,"custom_guidelines":null,"keyword_triggers":null,"routing_profiles":null,"working_hours":{"days":null}}`,
		`{"active":false,"generic_guidelines":[],"custom_guidelines":[],"keyword_triggers":[],"routing_profiles":[],"working_hours":{"days":[]}}`,
	} {
		c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/human_handoff/configuration"}, 200, answer)
		got, err := c.GetHandoffConfiguration(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := HandoffConfiguration{GenericGuidelines: []string{}, CustomGuidelines: []string{}, KeywordTriggers: []string{},
			RoutingProfiles: []RoutingProfile{}, WorkingHours: WorkingHours{Days: []string{}}}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("answer %s: got %+v", answer, *got)
		}
	}
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/human_handoff/configuration"}, 200,
		`{"routing_profiles":[{"topic":"Billing","operators":null}]}`)
	got, err := c.GetHandoffConfiguration(t.Context())
	if err != nil || got.RoutingProfiles[0].Operators == nil {
		t.Errorf("a profile's operators: %+v, %v", got, err)
	}
}

func TestPutHandoffConfigurationSendsTheWholeObject(t *testing.T) {
	c := expectOne(t, wantRequest{method: "PUT", path: "/v1/api/human_handoff/configuration", body: handoffJSON}, 200, handoffJSON)
	got, err := c.PutHandoffConfiguration(t.Context(), handoffExample())
	if err != nil {
		t.Fatal(err)
	}
	if want := handoffExample(); !reflect.DeepEqual(*got, want) {
		t.Errorf("got %+v", *got)
	}
}

func TestPutHandoffConfigurationSendsEmptyListsNotNull(t *testing.T) {
	zero := `{"active":false,"generic_guidelines":[],"custom_guidelines":[],"confirmation_message":"","ai_summary_active":false,
		"working_hours":{"active":false,"time_zone":"","days":[],"start":"","end":"","out_of_hours_message":""},
		"keyword_triggers":[],"routing_profiles":[]}`
	c := expectOne(t, wantRequest{method: "PUT", path: "/v1/api/human_handoff/configuration", body: zero}, 200, zero)
	if _, err := c.PutHandoffConfiguration(t.Context(), HandoffConfiguration{}); err != nil {
		t.Fatal(err)
	}

	// Nested lists too, and the caller's configuration is left as it was.
	in := HandoffConfiguration{RoutingProfiles: []RoutingProfile{{Topic: "Billing"}, {Topic: "Sales", Operators: []string{"bo@example.com"}}}}
	body := `{"active":false,"generic_guidelines":[],"custom_guidelines":[],"confirmation_message":"","ai_summary_active":false,
		"working_hours":{"active":false,"time_zone":"","days":[],"start":"","end":"","out_of_hours_message":""},"keyword_triggers":[],
		"routing_profiles":[{"topic":"Billing","description":"","operators":[]},{"topic":"Sales","description":"","operators":["bo@example.com"]}]}`
	c = expectOne(t, wantRequest{method: "PUT", path: "/v1/api/human_handoff/configuration", body: body}, 200, body)
	if _, err := c.PutHandoffConfiguration(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	if in.RoutingProfiles[0].Operators != nil || in.GenericGuidelines != nil || in.WorkingHours.Days != nil {
		t.Errorf("PutHandoffConfiguration changed the caller's configuration: %+v", in)
	}
}

func TestPutHandoffConfigurationRefusal(t *testing.T) {
	h := handoffExample()
	h.WorkingHours.TimeZone = "Mars/Olympus_Mons"
	body := `{"active":true,"generic_guidelines":["user_frustration","lack_of_knowledge"],"custom_guidelines":["The visitor asks for a refund over 500 EUR"],
	"confirmation_message":"Would you like to talk to a person?","ai_summary_active":true,
	"working_hours":{"active":true,"time_zone":"Mars/Olympus_Mons","days":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00","out_of_hours_message":"We are back at 9."},
	"keyword_triggers":["speak to human"],"routing_profiles":[{"topic":"Billing","description":"Invoices and refunds","operators":["ana@example.com"]}]}`
	c := expectOne(t, wantRequest{method: "PUT", path: "/v1/api/human_handoff/configuration", body: body}, 422,
		`{"errors":{"root":[{"message":"Unknown time zone \"Mars/Olympus_Mons\".","code":"VALIDATION_ERROR"}]}}`)
	got, err := c.PutHandoffConfiguration(t.Context(), h)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Message != `Unknown time zone "Mars/Olympus_Mons".` || got != nil {
		t.Errorf("%+v, %v; want the API's refusal", got, err)
	}
}
