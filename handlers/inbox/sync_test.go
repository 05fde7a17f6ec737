package inbox_test

import (
	"qcadmin/handlers/consoletest"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// What a person asks for wins over the quiet refresh: the views and the filters
// replace a request in flight, and the 30-second refresh steps aside while one runs.
func TestInboxRequestsDoNotRace(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/conversations")
	doc := consoletest.Parse(t, body)
	if got, _ := doc.Find(consoletest.TestID("inbox-filters")).Attr("hx-sync"); got != "#inbox:replace" {
		t.Errorf("filters hx-sync = %q", got)
	}
	doc.Find(consoletest.TestID("inbox-views") + " a").Each(func(_ int, a *goquery.Selection) {
		if got, _ := a.Attr("hx-sync"); got != "#inbox:replace" {
			t.Errorf("view %q hx-sync = %q", a.Text(), got)
		}
	})
	if got, _ := doc.Find(consoletest.TestID("conversation-results")).Attr("hx-sync"); got != "#inbox:drop" {
		t.Errorf("refresh hx-sync = %q", got)
	}
	if doc.Find("#inbox").Length() != 1 {
		t.Fatal("the element the requests synchronise on is missing")
	}
}
