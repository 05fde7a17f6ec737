package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNavigationFitsAShortWindow: on a laptop window shorter than the
// navigation (1366×700), every entry keeps its full height, none clipped
// mid-letter, and the list scrolls with the account block still in view.
func TestNavigationFitsAShortWindow(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in in a short window",
		chromedp.EmulateViewport(1366, 700),
		a.demoSignIn(),
	)
	type nav struct {
		Squashed  []string `json:"squashed"`
		Scrolls   bool     `json:"scrolls"`
		AccountIn bool     `json:"accountIn"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[nav](`(() => {
		const list = document.querySelector('nav.nav');
		const squashed = [...list.querySelectorAll('a')].filter(a => a.scrollHeight > a.clientHeight + 1).map(a => a.textContent);
		const account = document.querySelector('[data-testid=account]').getBoundingClientRect();
		return {squashed, scrolls: list.scrollHeight > list.clientHeight, accountIn: account.bottom <= innerHeight + 1};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Squashed) > 0 {
		t.Errorf("navigation entries cut short in a 700 px window: %v", got.Squashed)
	}
	if !got.Scrolls || !got.AccountIn {
		t.Errorf("%+v: want the list to scroll and the account block in view", got)
	}
}
