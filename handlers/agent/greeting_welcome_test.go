package agent_test

import (
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// The greeting's preview takes the widget's configured colours, says which text visitors see first, and
// links to the welcome message; the Widget page links back.
func TestGreetingPreviewUsesTheWidgetsColoursAndLinksToTheWelcomeMessage(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	api := apiclient.New(c.API.URL, c.Token("write_all", time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	primary, header, light := "rgb(200, 30, 90)", "rgb(10, 120, 60)", true
	if _, err := api.UpdateWidgetConfiguration(t.Context(), apiclient.WidgetConfigurationUpdate{PrimaryColor: &primary, HeaderColor: &header, HeaderTextColor: &light}); err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/settings?tab=chatbot")
	doc := consoletest.Parse(t, body)
	col := doc.Find(consoletest.TestID("greeting-preview-column"))
	if col.AttrOr("data-primary-color", "") != primary || col.AttrOr("data-header-color", "") != header || !col.HasClass("wp-light-header") {
		t.Errorf("the greeting's preview column: primary %q, header %q, class %q", col.AttrOr("data-primary-color", ""), col.AttrOr("data-header-color", ""), col.AttrOr("class", ""))
	}
	if col.Find(consoletest.TestID("greeting-preview")).Length() != 1 {
		t.Error("the greeting's preview is not in the coloured column")
	}
	if doc.Find(`script[src*="widget"]`).Length() != 1 {
		t.Error("the page does not load the script that applies the colours")
	}
	where := doc.Find(consoletest.TestID("greeting-where")).Text()
	if !strings.Contains(where, "opens with the widget's welcome message, not this greeting") {
		t.Errorf("the greeting does not say what visitors see first: %q", where)
	}
	if href := doc.Find(consoletest.TestID("to-welcome-preview")).AttrOr("href", ""); href != "/widget#welcome_message" {
		t.Errorf("the link to the welcome message: %q", href)
	}

	_, body = c.Get("/widget")
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("welcome-where")).Text(); !strings.Contains(got, "Visitors see this welcome message first") {
		t.Errorf("the welcome message does not say it is seen first: %q", got)
	}
	if href := doc.Find(consoletest.TestID("to-greeting-preview")).AttrOr("href", ""); !strings.HasPrefix(href, "/settings?tab=chatbot#") {
		t.Errorf("the link to the greeting: %q", href)
	}
	if p := doc.Find(consoletest.TestID("widget-preview")); p.AttrOr("data-primary-color", "") != primary || p.AttrOr("data-header-color", "") != header {
		t.Errorf("the widget's preview is in other colours: %q %q", p.AttrOr("data-primary-color", ""), p.AttrOr("data-header-color", ""))
	}
}
