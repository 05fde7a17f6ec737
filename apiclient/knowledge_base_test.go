package apiclient

import (
	"net/http"
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

func TestRetrainKnowledgeBase(t *testing.T) {
	for _, answer := range []string{``, `{}`, `{"retrain_state":"to_be_retrained"}`, `{"retrain_state":null}`} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/retrain"}, http.StatusAccepted, answer)
		if err := c.RetrainKnowledgeBase(t.Context()); err != nil {
			t.Errorf("202 with %q: %v", answer, err)
		}
	}
}

func TestRetrainKnowledgeBaseRefused(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/retrain"}, http.StatusForbidden,
		`{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`)
	if err := c.RetrainKnowledgeBase(t.Context()); !IsStatus(err, http.StatusForbidden) {
		t.Errorf("err = %v, want the 403", err)
	}
}

func TestRetrainKnowledgeBaseIsHeavy(t *testing.T) {
	b := NewBudgets(true)
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, http.StatusAccepted, nil, ``), nil
	}, WithBudgets(b))
	if err := c.RetrainKnowledgeBase(t.Context()); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l, ok := b.limits[budgetKey{c.tokenKey, "POST knowledge_base/retrain"}]
	if !ok || len(b.limits) != 1 || l.Burst() != tierHeavy.perMinute() {
		t.Errorf("budgets %v: want one HEAVY budget for POST knowledge_base/retrain", b.limits)
	}
}
