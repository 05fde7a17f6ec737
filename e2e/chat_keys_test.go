package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestPlaygroundEnterSends: in the chat playground Enter sends the message,
// as in every chat, and Shift+Enter starts a new line instead.
func TestPlaygroundEnterSends(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in and the playground",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/chat"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=chat-text]`)),
	)
	// Typed only once the page's scripts run (step settles), so the keys meet the composer's handler.
	step(t, ctx, "type two lines",
		chromedp.SendKeys(chromedp.CSS(`[data-testid=chat-text]`), "What is your return policy?"),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=chat-text]`), "And for e-bikes?"),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=chat-text]').value`))
	if err != nil {
		t.Fatal(err)
	}
	if got != "What is your return policy?\nAnd for e-bikes?" {
		t.Fatalf("after Shift+Enter the message is %q", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=chat-visitor]').length`)); n != 0 {
		t.Fatalf("Shift+Enter sent the message")
	}
	step(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the message sent, both lines, and an empty composer", `document.querySelectorAll('[data-testid=chat-visitor]').length === 1 &&
		document.querySelector('[data-testid=chat-visitor]').innerText.includes('And for e-bikes?') &&
		document.querySelector('[data-testid=chat-text]').value === ''`)
}
