package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
)

// unreadableKBAction refuses the save and then cannot give the action back either.
type unreadableKBAction struct {
	handlers.API
}

func (unreadableKBAction) UpdateKBAction(context.Context, int64, apiclient.KBActionInput) (*apiclient.KBAction, error) {
	return nil, &apiclient.APIError{Status: http.StatusServiceUnavailable, Code: "UNAVAILABLE", Message: "Try later."}
}

func (unreadableKBAction) GetKBAction(context.Context, int64) (*apiclient.KBAction, error) {
	return nil, &apiclient.APIError{Status: http.StatusServiceUnavailable, Code: "UNAVAILABLE", Message: "Try later."}
}

func TestAIActionEditorKeepsTheTypedFieldsWhenNothingCanBeRead(t *testing.T) {
	c := consoletest.New(t, wrapAPI(func(api handlers.API) handlers.API { return unreadableKBAction{api} }))
	c.SignIn()
	id := storedActions(c)["Battery help"].ID
	typed := url.Values{"name": {"Battery help, reworded"}, "description": {"Typed description"}, "parameter_description": {"Typed parameter"}, "tag": {"batteries"}}
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"refused save", typed},
		{"check fails first", url.Values{"name": {""}, "description": {"Typed description"}, "parameter_description": {"Typed parameter"}, "tag": {"batteries"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.Post("/ai-actions/"+idText(id), tc.form)
			doc := consoletest.Parse(t, body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want the form again", res.StatusCode)
			}
			if got := doc.Find("#description").Text(); got != "Typed description" {
				t.Errorf("description = %q, want the typed text", got)
			}
			if got, _ := doc.Find("#name").Attr("value"); got != tc.form.Get("name") {
				t.Errorf("name = %q", got)
			}
			if got := doc.Find("main").Text(); !strings.Contains(got, "could not be read either") {
				t.Error("the page does not say the saved action could not be read")
			}
		})
	}
}
