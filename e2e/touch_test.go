package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOnAPhone: on a phone the pages do not tell people about keys they do
// not have (with a mouse and keyboard the hints are there), and the navigation
// folds behind Menu instead of filling the screen with rows of links.
func TestOnAPhone(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in",
		a.demoSignIn(),
	)
	// Hints shown: elements with a hint class or a <kbd> that take up room on the page.
	const shown = `[...document.querySelectorAll('.kbd-hint, kbd')].filter(e => e.getClientRects().length > 0).length`
	pages := []string{"/articles/new", "/conversations", "/chat", "/widget"}
	for _, p := range pages {
		step(t, ctx, "open "+p+" with a mouse", chromedp.Navigate(a.URL+p))
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](shown)); err != nil || n == 0 {
			t.Errorf("%s with a mouse shows %d keyboard hints (%v)", p, n, err)
		}
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('label.nav-toggle').getClientRects().length`)); n != 0 {
		t.Error("a wide window shows the phone's Menu button")
	}
	step(t, ctx, "become a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, p := range pages {
		step(t, ctx, "open "+p+" on a phone", chromedp.Navigate(a.URL+p))
		if coarse, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia('(hover: none) and (pointer: coarse)').matches`)); !coarse {
			t.Fatal("the emulated phone does not report a coarse pointer without hover")
		}
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](shown)); err != nil || n != 0 {
			t.Errorf("%s on a phone shows %d keyboard hints (%v)", p, n, err)
		}
	}

	// Lists read as cards: nothing to scroll sideways, each value named.
	for _, p := range []string{"/audit", "/articles"} {
		step(t, ctx, "open "+p+" on a phone", chromedp.Navigate(a.URL+p))
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth + 1) &&
			document.documentElement.scrollWidth <= innerWidth + 1`))
		if err != nil || !fits {
			t.Errorf("%s on a phone scrolls sideways (%v)", p, err)
		}
	}
	if label, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[data-testid=article-row] td[data-label]'), '::before').content`)); label == "" || label == "none" {
		t.Errorf("a card's value is not named: %q", label)
	}

	// The navigation folds behind Menu, and opens as one block under it.
	const links = `[...document.querySelectorAll('nav.nav a')].filter(e => e.getClientRects().length > 0).length`
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](links)); n != 0 {
		t.Errorf("on a phone %d navigation links show before Menu is opened", n)
	}
	step(t, ctx, "open the menu", chromedp.Click(chromedp.CSS(`label.nav-toggle`)))
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](links)); n < 10 {
		t.Errorf("after Menu, %d navigation links show", n)
	}
	step(t, ctx, "go to the inbox", chromedp.Click(chromedp.CSS(`nav.nav a[href="/conversations"]`)))
	waitFor(t, ctx, "the inbox, its menu folded again", `location.pathname === '/conversations' && `+links+` === 0`)
}
