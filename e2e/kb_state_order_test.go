package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestArticleStateAndOrderJourney: choose Drafts and an order in the list's
// filters; the URL carries both, every row is a draft, the rows are in
// title order, and the page says the order covers the whole knowledge base.
func TestArticleStateAndOrderJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "sign in",
		a.demoSignIn(),
	)
	step(t, ctx, "choose drafts, by title",
		chromedp.SetValue(chromedp.ID("f-state"), "draft"),
		chromedp.SetValue(chromedp.ID("f-sort"), "title"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-sort').dispatchEvent(new Event('input', {bubbles: true}))`),
	)
	waitFor(t, ctx, "the filtered list in the URL", `location.search.includes('state=draft') && location.search.includes('sort=title') && document.querySelector('[data-testid=index-note]')?.innerText.includes('over all')`)
	states, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid=article-row] td[data-label=State] .badge')].map(b => b.innerText.trim().toLowerCase())`))
	if err != nil {
		t.Fatal(err)
	}
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid=article-row] td.title')].map(td => td.innerText.trim().toLowerCase())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(states) == 0 {
		t.Fatal("no drafts listed")
	}
	for _, s := range states {
		if s != "draft" {
			t.Errorf("a %q row under Drafts", s)
		}
	}
	if !slices.IsSortedFunc(titles, strings.Compare) {
		t.Errorf("rows not in title order: %q", titles)
	}
}
