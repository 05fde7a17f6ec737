package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTwoReviewersAtOnce has two people, in two browsers, sign in with their
// names, open the same conversation and save their reviews at the same
// moment: both reviews stay in the conversation's history, newest first, each
// with who gave it, and the panel's latest review is the newest of the two.
func TestTwoReviewersAtOnce(t *testing.T) {
	a := startApp(t)
	ana, ben := newBrowser(t), newBrowser(t)
	people := []struct {
		ctx          context.Context
		name, button string
		note         string
	}{
		{ana, "Ana Wójcik", "review-good", "Clear and kind (Ana, e2e)"},
		{ben, "Ben Müller", "review-needs-work", "Should link the returns form (Ben, e2e)"},
	}

	var id string
	for i, p := range people {
		step(t, p.ctx, "sign in as "+p.name,
			chromedp.Navigate(a.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("name")),
			chromedp.SendKeys(chromedp.ID("name"), p.name),
			chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
			chromedp.Navigate(a.URL+"/conversations"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=conversation-row]`)),
		)
		if i == 0 {
			got, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelectorAll('[data-testid=conversation-row]')[2].dataset.id`))
			if err != nil || got == "" {
				t.Fatalf("a conversation to review: %q (%v)", got, err)
			}
			id = got
		}
		step(t, p.ctx, p.name+" opens the conversation and types a note",
			chromedp.Navigate(a.URL+"/conversations/"+id),
			chromedp.WaitVisible(chromedp.ID("review-note")),
			chromedp.Evaluate[chromedp.Void](`document.getElementById('review-note').value = ''`),
			chromedp.SendKeys(chromedp.ID("review-note"), p.note),
		)
	}

	// Both press their button at the same moment.
	var wg sync.WaitGroup
	errs := make([]error, len(people))
	for i, p := range people {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
			defer cancel()
			_, errs[i] = chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector('[data-testid=%s]').click(), true`, p.button)))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s's click: %v", people[i].name, err)
		}
	}
	for _, p := range people {
		waitFor(t, p.ctx, p.name+"'s review-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Review saved')`)
	}

	// Either browser, reloaded, shows both reviews.
	for _, p := range people {
		step(t, p.ctx, p.name+" reloads the conversation", chromedp.Navigate(a.URL+"/conversations/"+id), chromedp.WaitVisible(chromedp.CSS(`[data-testid=review-thread]`)))
		waitFor(t, p.ctx, "both reviews in the history", `document.querySelectorAll('[data-testid=review-entry]').length === 2`)
		thread := text(t, p.ctx, `[data-testid=review-thread]`)
		for _, q := range people {
			if !strings.Contains(thread, q.name) || !strings.Contains(thread, q.note) {
				t.Errorf("%s sees a history without %s's review: %q", p.name, q.name, thread)
			}
		}
		newest := text(t, p.ctx, `[data-testid=review-entry] [data-testid=review-entry-by]`)
		if by := text(t, p.ctx, `[data-testid=review-by]`); !strings.Contains(by, newest) {
			t.Errorf("the panel's latest review is by %q, the history's newest by %q", by, newest)
		}
		// The time shows in the reader's zone; the exact UTC time is on hover.
		local, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid=review-entry-at]')].map(e => e.textContent + '|' + e.title)`))
		if err != nil || len(local) != 2 {
			t.Fatalf("review times: %v (%v)", local, err)
		}
		for _, l := range local {
			shown, title, _ := strings.Cut(l, "|")
			if strings.Contains(shown, "UTC") || !strings.HasSuffix(title, "UTC") {
				t.Errorf("review time shows %q with %q on hover", shown, title)
			}
		}
	}
}
