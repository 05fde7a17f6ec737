package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditorSidePanelBesideTheEditorOnLaptops: at laptop widths (1280 and
// 1440 px) the article's details and history sit beside the editor, not under
// a tall text box; below about 1200 px they go under it. Loading the panels
// hardly moves the page.
func TestEditorSidePanelBesideTheEditorOnLaptops(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in and open an article",
		a.demoSignIn(),
	)
	article, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=article-row] td.title a').href`))
	if err != nil {
		t.Fatal(err)
	}
	// beside: the panel starts right of the form and its top is level with the form's.
	const layout = `(() => {
		const form = document.querySelector('[data-testid=article-form]').getBoundingClientRect();
		const side = document.querySelector('[data-testid=editor-side]').getBoundingClientRect();
		const history = document.querySelector('[data-testid=history]').getBoundingClientRect();
		const langs = document.querySelector('[data-testid=lang-urls-panel]').getBoundingClientRect();
		return {beside: side.left >= form.right && Math.abs(side.top - form.top) < 40,
			historyFirst: history.top < langs.top, historyTop: Math.round(history.top + scrollY)};
	})()`
	type placed struct {
		Beside       bool `json:"beside"`
		HistoryFirst bool `json:"historyFirst"`
		HistoryTop   int  `json:"historyTop"`
	}
	for _, w := range []struct {
		width  int64
		beside bool
	}{{1280, true}, {1440, true}, {1100, false}} {
		step(t, ctx, fmt.Sprintf("the article in a %d px window", w.width), chromedp.EmulateViewport(w.width, 900), chromedp.Navigate(article))
		waitFor(t, ctx, "the history to load", `!!document.querySelector('[data-testid=history]')`)
		// How far the page moved while its panels loaded: Lighthouse's cumulative layout shift.
		cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(ok => { let sum = 0;
			new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) sum += e.value; }).observe({type: 'layout-shift', buffered: true});
			setTimeout(() => ok(sum), 300); })`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if cls > 0.05 {
			t.Errorf("at %d px the editor shifted by %.3f while loading (Lighthouse calls 0.1 poor)", w.width, cls)
		}
		t.Logf("%d px: layout shift %.3f", w.width, cls)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[placed](layout))
		if err != nil {
			t.Fatal(err)
		}
		if got.Beside != w.beside || !got.HistoryFirst {
			t.Errorf("at %d px: side panel beside the editor %v (want %v), history above the language versions %v", w.width, got.Beside, w.beside, got.HistoryFirst)
		}
		if w.beside && got.HistoryTop > 900 {
			t.Errorf("at %d px the history starts %d px down, below the first screen", w.width, got.HistoryTop)
		}
	}
}
