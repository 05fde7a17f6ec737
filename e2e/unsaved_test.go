package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestUnsavedReviewNoteIsNotLost: opening another conversation while a review
// note is half-written asks first, and declining keeps the note where it was.
func TestUnsavedReviewNoteIsNotLost(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "sign in and open the first conversation",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/conversations"),
		chromedp.Click(chromedp.CSS(`[data-testid=conversation-row]`)),
		chromedp.WaitVisible(chromedp.CSS(`#review-note`)),
	)
	first, _ := chromedp.Run(ctx, chromedp.Location())
	step(t, ctx, "half-write a note, then try another conversation, declining to leave",
		chromedp.SendKeys(chromedp.ID("review-note"), "Half a thought"),
		chromedp.Evaluate[chromedp.Void](`window.__asked = []; window.confirm = (m) => { window.__asked.push(m); return false; }`),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('[data-testid=conversation-row] a.conversation-link')[1].click()`),
	)
	asked, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__asked`))
	if len(asked) != 1 || !strings.Contains(asked[0], "unsaved changes") {
		t.Fatalf("asked %q, want one question about unsaved changes", asked)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("review-note"))); got != "Half a thought" {
		t.Fatalf("the note now holds %q", got)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != first {
		t.Fatalf("the page moved to %s although the person chose to stay", loc)
	}
}
