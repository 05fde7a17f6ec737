package apiclient

import (
	"errors"
	"reflect"
	"testing"
)

// chatbotSettingsJSON is the reference's example of the settings.
const chatbotSettingsJSON = `{"personality":0,"profession":"helpful_assistant","creativity_level":1,"greeting":"<p>Hi! How can I help?</p>",
	"greeting2":"","header":"Support","header2":"We answer in minutes","language_chosen":"en","reply_length":1,
	"one_word_description":"Sales Bot","short_description":"Answers questions about orders.","ai_commands":["Be polite","Stay on topic"]}`

func TestGetChatbotSettingsDecodesEveryField(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/chatbot_settings"}, 200, chatbotSettingsJSON)
	got, err := c.GetChatbotSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := ChatbotSettings{
		Personality: 0, Profession: "helpful_assistant", CreativityLevel: 1, Greeting: "<p>Hi! How can I help?</p>",
		Greeting2: "", Header: "Support", Header2: "We answer in minutes", LanguageChosen: "en", ReplyLength: 1,
		OneWordDescription: "Sales Bot", ShortDescription: "Answers questions about orders.", AICommands: []string{"Be polite", "Stay on topic"},
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestUpdateChatbotSettingsSendsOnlySetFields(t *testing.T) {
	var none []string
	cases := []struct {
		name string
		u    ChatbotSettingsUpdate
		body string
	}{
		{"nothing", ChatbotSettingsUpdate{}, `{}`},
		{"zero numbers are sent when set", ChatbotSettingsUpdate{Personality: ptr(0), CreativityLevel: ptr(0), ReplyLength: ptr(0)},
			`{"personality":0,"creativity_level":0,"reply_length":0}`},
		{"empty strings are sent when set", ChatbotSettingsUpdate{Greeting2: ptr(""), Header2: ptr("")}, `{"greeting2":"","header2":""}`},
		{"every field", ChatbotSettingsUpdate{
			Personality: ptr(13), Profession: ptr("sommelier"), CreativityLevel: ptr(2), Greeting: ptr("<p>Hello</p>"),
			Greeting2: ptr("Ask me"), Header: ptr("Wine"), Header2: ptr("Cellar"), LanguageChosen: ptr("pl"), ReplyLength: ptr(2),
			OneWordDescription: ptr("Sommelier"), ShortDescription: ptr("Pairs wines."), AICommands: &[]string{"Be brief"},
		}, `{"personality":13,"profession":"sommelier","creativity_level":2,"greeting":"<p>Hello</p>","greeting2":"Ask me",
			"header":"Wine","header2":"Cellar","language_chosen":"pl","reply_length":2,"one_word_description":"Sommelier",
			"short_description":"Pairs wines.","ai_commands":["Be brief"]}`},
		{"no commands", ChatbotSettingsUpdate{AICommands: &[]string{}}, `{"ai_commands":[]}`},
		{"no commands with a nil list", ChatbotSettingsUpdate{AICommands: &none}, `{"ai_commands":[]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/chatbot_settings", body: tc.body}, 200, chatbotSettingsJSON)
			got, err := c.UpdateChatbotSettings(t.Context(), tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if got.OneWordDescription != "Sales Bot" || len(got.AICommands) != 2 {
				t.Errorf("settings = %+v", got)
			}
		})
	}
	if none != nil {
		t.Error("UpdateChatbotSettings changed the caller's list")
	}
}

func TestUpdateChatbotSettingsRefusals(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   APIError
	}{
		{422, `{"errors":{"root":[{"message":"personality must be between 0 and 13.","code":"VALIDATION_ERROR"}]}}`,
			APIError{Status: 422, Code: "VALIDATION_ERROR", Message: "personality must be between 0 and 13."}},
		{403, `{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`,
			APIError{Status: 403, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}},
	}
	for _, tc := range cases {
		c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/chatbot_settings", body: `{"personality":14}`}, tc.status, tc.body)
		got, err := c.UpdateChatbotSettings(t.Context(), ChatbotSettingsUpdate{Personality: ptr(14)})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || *apiErr != tc.want || got != nil {
			t.Errorf("status %d: %+v, %v; want %v", tc.status, got, err, &tc.want)
		}
	}
}

func TestGetChatbotSettingsNotFound(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/chatbot_settings"}, 404,
		`{"errors":{"root":[{"message":"No API endpoint at GET /v1/api/chatbot_settings.","code":"NOT_FOUND"}]}}`)
	if got, err := c.GetChatbotSettings(t.Context()); !IsStatus(err, 404) || got != nil {
		t.Errorf("%+v, %v; want the 404", got, err)
	}
}
