package apiclient

import (
	"reflect"
	"testing"
)

const settingsJSON = `{"one_word_description":"Support Agent","short_description":"A helpful customer support assistant.","ai_commands":["Be polite","Stay on topic"],"retrain_state":null}`

func TestGetKnowledgeBase(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/"}, 200, settingsJSON)
	got, err := c.GetKnowledgeBase(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := KnowledgeBaseSettings{OneWordDescription: "Support Agent", ShortDescription: "A helpful customer support assistant.",
		AICommands: []string{"Be polite", "Stay on topic"}}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got %+v", *got)
	}
}

func TestGetKnowledgeBaseRetrainState(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/"}, 200, `{"retrain_state":"in_progress"}`)
	got, err := c.GetKnowledgeBase(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.RetrainState == nil || *got.RetrainState != "in_progress" {
		t.Errorf("retrain state = %v", got.RetrainState)
	}
}

func TestUpdateKnowledgeBaseSendsOnlySetFields(t *testing.T) {
	var none []string
	cases := []struct {
		name string
		u    KnowledgeBaseSettingsUpdate
		body string
	}{
		{"name only", KnowledgeBaseSettingsUpdate{OneWordDescription: ptr("Sales Bot")}, `{"one_word_description":"Sales Bot"}`},
		{"all", KnowledgeBaseSettingsUpdate{OneWordDescription: ptr("A"), ShortDescription: ptr(""), AICommands: &[]string{"Be brief"}},
			`{"one_word_description":"A","short_description":"","ai_commands":["Be brief"]}`},
		{"clearing commands", KnowledgeBaseSettingsUpdate{AICommands: &none}, `{"ai_commands":[]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/knowledge_base/", body: tc.body}, 200, settingsJSON)
			got, err := c.UpdateKnowledgeBase(t.Context(), tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if got.OneWordDescription != "Support Agent" {
				t.Errorf("settings = %+v", got)
			}
		})
	}
}
