package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestResultsAreAccessible runs axe-core, light and dark, on what pages show
// only after an action: a source's page after an import changed an article,
// and the playground after a reply with the articles that match the question.
func TestResultsAreAccessible(t *testing.T) {
	axe := axeSource(t)
	a := startApp(t)
	ctx := newBrowser(t)
	bypass := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})
	var failures []string
	check := func(what string) {
		t.Helper()
		for _, s := range []string{"light", "dark"} {
			step(t, ctx, what+" in "+s, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
				})
				return err
			}))
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axe+"\n;"+runAxe, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("axe on %s (%s): %v", what, s, err)
			}
			for _, v := range vs {
				failures = append(failures, what+" ("+s+") "+v.ID+": "+v.Help+"\n\t"+strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
	step(t, ctx, "allow axe into the pages", bypass)
	step(t, ctx, "demo sign-in",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/sources?source=shopify"),
		chromedp.Click(chromedp.CSS(`[data-testid=source-import]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=diff]`)),
	)
	changeOutside(t, a, "shopify")
	step(t, ctx, "import the change",
		chromedp.Navigate(a.URL+"/sources?source=shopify"),
		chromedp.Click(chromedp.CSS(`[data-testid=source-import]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=source-change]`)),
	)
	check("a source after an import")
	step(t, ctx, "ask the playground",
		chromedp.Navigate(a.URL+"/chat"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=chat-text]`), "How far can I ride on one charge?"),
		chromedp.Click(chromedp.CSS(`[data-testid=chat-send]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=chat-match]`)),
	)
	check("the playground with matching articles")
	if len(failures) > 0 {
		t.Errorf("%d accessibility violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
