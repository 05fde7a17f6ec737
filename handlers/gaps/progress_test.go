package gaps_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// TestGapsProgressPollsUntilTheReadingEnds checks the progress card a page
// polls: the card while the reading is under way, then a reload to the page
// of the period it read.
func TestGapsProgressPollsUntilTheReadingEnds(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	ctx := context.Background()
	from := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	// A reading recorded but not queued stays waiting, as one does behind others.
	run, _, err := c.Reviews.Gaps().StartRun(ctx, store.GapRun{ScenarioID: sandbox.DemoScenarioID, From: from, To: from.AddDate(0, 0, 30).Add(-time.Microsecond)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Reviews.Gaps().Progress(ctx, run.ID, 40, 10, 5, 1); err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/gaps?period=30")
	doc := consoletest.Parse(t, body)
	card := doc.Find(consoletest.TestID("gaps-run"))
	if poll, _ := card.Attr("hx-get"); poll != "/gaps/progress" || doc.Find(consoletest.TestID("gaps-read")).Length() != 0 {
		t.Errorf("the page of a reading under way: card polls %q, and %d read buttons", poll, doc.Find(consoletest.TestID("gaps-read")).Length())
	}
	res, body := c.Get("/gaps/progress", "HX-Request", "true")
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("gaps-run-done")).Text() != "16" || doc.Find(consoletest.TestID("gaps-run-total")).Text() != "40" ||
		doc.Find("nav.nav").Length() != 0 {
		t.Errorf("the card alone, 16 of 40 (read, unchanged and failed): %d\n%s", res.StatusCode, body)
	}
	if res, _ := c.Get("/gaps/progress"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/gaps" {
		t.Errorf("without htmx: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if err := c.Reviews.Gaps().FinishRun(ctx, run.ID, store.GapRunDone, ""); err != nil {
		t.Fatal(err)
	}
	res, _ = c.Get("/gaps/progress", "HX-Request", "true")
	if to := res.Header.Get("HX-Redirect"); to != "/gaps?from=2026-11-03&to=2026-12-02" {
		t.Errorf("when it ended, the page of its period reloads: %d, HX-Redirect %q", res.StatusCode, to)
	}
}
