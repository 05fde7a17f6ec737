package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCountsFollowWhatIsTyped: the Tags page's list narrows as the person
// types and says how many tags it shows, Settings' instruction total follows
// every key, and a list changed on the server but not saved yet still asks
// before it is left. The first two are counters.js, which only those pages
// load; the last is app.js.
func TestCountsFollowWhatIsTyped(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "sign in and open the tags",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/tags"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=tags]`)),
	)
	all, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=tag]').length`))
	if all < 3 {
		t.Fatalf("the demo agent has %d tags", all)
	}
	step(t, ctx, "type part of a tag", chromedp.SendKeys(chromedp.ID("f-filter"), "ship"))
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('[data-testid=tag]:not([hidden]) [data-testid=tag-label]'), e => e.textContent)`))
	if len(shown) == 0 || len(shown) == all {
		t.Fatalf("typing \"ship\" shows %q of %d tags", shown, all)
	}
	for _, tag := range shown {
		if !strings.Contains(strings.ToLower(tag), "ship") {
			t.Errorf("%q is shown for \"ship\"", tag)
		}
	}
	if got, want := text(t, ctx, `[data-testid=tag-count]`), fmt.Sprintf("%d of %d tags", len(shown), all); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	step(t, ctx, "type letters no tag has", chromedp.SendKeys(chromedp.ID("f-filter"), "qqq"))
	if visible, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector('[data-testid=no-match]').hidden`)); !visible {
		t.Error("no tag matches and the page does not say so")
	}

	step(t, ctx, "open the settings",
		chromedp.Navigate(a.URL+"/settings"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=count-ai_commands-total]`)),
	)
	total := func() int {
		t.Helper()
		s := text(t, ctx, `[data-testid=count-ai_commands-total]`)
		n, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(s, "/", 2)[0]))
		if err != nil {
			t.Fatalf("total %q: %v", s, err)
		}
		return n
	}
	before := total()
	step(t, ctx, "add five characters to the first instruction",
		chromedp.SendKeys(chromedp.CSS(`[data-testid=ai-command] textarea`), "abcde"))
	if got := total(); got != before+5 {
		t.Errorf("total after typing 5 characters = %d, want %d", got, before+5)
	}
	step(t, ctx, "remove the first instruction (not saved yet)",
		chromedp.Click(chromedp.CSS(`[data-testid="op-remove:0"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[data-unsaved-pending]`)),
	)

	step(t, ctx, "ask for the form again, declining to leave",
		chromedp.Evaluate[chromedp.Void](`window.__asked = []; window.confirm = (m) => { window.__asked.push(m); return false; }`),
		chromedp.Evaluate[chromedp.Void](`htmx.ajax('GET', '/settings', {target: '#settings-form', swap: 'outerHTML'})`),
	)
	asked, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__asked`))
	if len(asked) != 1 || !strings.Contains(asked[0], "unsaved changes") {
		t.Errorf("asked %q, want one question about unsaved changes", asked)
	}
}
