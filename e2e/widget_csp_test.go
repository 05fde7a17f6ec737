package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWidgetPreviewKeepsTheCSP: redrawing the widget preview as the person
// types breaks none of the page's content security policy (no inline style).
func TestWidgetPreviewKeepsTheCSP(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in and the widget page",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/widget"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=widget-preview]`)),
		chromedp.Evaluate[chromedp.Void](`window.cspViolations = [];
			document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + (e.sample || '')))`),
	)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.wp-header')).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "change the header colour, twice, so the preview is redrawn",
		chromedp.SetValue(chromedp.ID("header_color-text"), "rgb(10, 120, 60)"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('header_color-text').dispatchEvent(new Event('input', {bubbles: true}))`),
	)
	waitFor(t, ctx, "the preview redrawn in the new colour", `getComputedStyle(document.querySelector('.wp-header')).backgroundColor === 'rgb(10, 120, 60)'`)
	step(t, ctx, "type a new title",
		chromedp.Clear(chromedp.ID("header")),
		chromedp.SendKeys(chromedp.ID("header"), "Velora and more"),
	)
	waitFor(t, ctx, "the redrawn title", `document.querySelector('[data-testid=wp-title]').innerText.endsWith(' and more')`)
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("the preview broke the CSP %d times: %q", len(violations), violations)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.wp-header')).backgroundColor`))
	if after != "rgb(10, 120, 60)" || after == before {
		t.Errorf("header colour %q after redraws (was %q)", after, before)
	}
}
