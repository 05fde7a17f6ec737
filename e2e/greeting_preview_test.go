package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGreetingPreviewLooksLikeTheWidget: the greeting's preview on Settings ›
// Chatbot is drawn in the widget's colours and bubbles, as the Widget page's
// preview is, links there, and redraws without breaking the CSP.
func TestGreetingPreviewLooksLikeTheWidget(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in and the widget page",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/widget"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=widget-preview]`)),
	)
	widget, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const head = document.querySelector('.wp-header'), bubble = document.querySelector('.wp-body .bubble');
		return [getComputedStyle(head).backgroundColor, getComputedStyle(head).color, getComputedStyle(bubble).backgroundColor, getComputedStyle(bubble).color].join(' | ');
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "follow the link to the greeting",
		chromedp.Click(chromedp.CSS(`[data-testid=to-greeting-preview]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=greeting-preview]`)),
		chromedp.Evaluate[chromedp.Void](`window.cspViolations = [];
			document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + (e.sample || '')))`),
	)
	greetingColours := `(() => {
		const head = document.querySelector('.greeting-head'), bubble = document.querySelector('.greeting-body .bubble');
		return [getComputedStyle(head).backgroundColor, getComputedStyle(head).color, getComputedStyle(bubble).backgroundColor, getComputedStyle(bubble).color].join(' | ');
	})()`
	waitFor(t, ctx, "the greeting in the widget's colours", greetingColours+` === `+jsString(widget))
	step(t, ctx, "type in the greeting, so its preview is redrawn",
		chromedp.SendKeys(chromedp.ID("greeting"), " See you soon."),
	)
	waitFor(t, ctx, "the redrawn greeting", `document.querySelector('[data-testid=preview-greeting]').innerText.includes('See you soon.')`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](greetingColours))
	if err != nil || got != widget {
		t.Errorf("after the redraw the greeting reads %q, the widget %q (%v)", got, widget, err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("the greeting preview broke the CSP %d times: %q", len(violations), violations)
	}
	// The way back (not followed: the typed greeting would ask before leaving).
	if got := text(t, ctx, `[data-testid=greeting-where]`); !strings.Contains(got, "welcome message") {
		t.Errorf("the greeting does not say what visitors see first: %q", got)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=to-welcome-preview]').getAttribute('href')`))
	if err != nil || href != "/widget#welcome_message" {
		t.Errorf("the link back to the welcome message: %q (%v)", href, err)
	}
}
