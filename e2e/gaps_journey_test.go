package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestKnowledgeGapsJourney opens the knowledge gaps from the navigation,
// reads the period's conversations in the background while the page shows
// the progress, then follows the largest group to its conversations in the inbox.
func TestKnowledgeGapsJourney(t *testing.T) {
	a := startApp(t)
	ana := newBrowser(t)
	step(t, ana, "sign in and open the knowledge gaps",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "Ana Wójcik"),
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/gaps"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=gaps-read]`)),
	)
	if got := text(t, ana, `[data-testid=gaps-complete]`); !strings.HasPrefix(got, "0 of ") {
		t.Errorf("before reading: %q", got)
	}
	step(t, ana, "read the conversations",
		chromedp.Click(chromedp.CSS(`[data-testid=gaps-read]`)),
	)
	// The page shows the reading's progress, then reloads with what it read.
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(ana, 2*time.Second)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=gap-group]').length`))
		cancel()
		if err == nil && n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no gap group after reading (last error %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	complete := text(t, ana, `[data-testid=gaps-complete] strong`)
	if parts := strings.Fields(complete); len(parts) != 3 || parts[0] != parts[2] || parts[0] == "0" {
		t.Errorf("after reading: %q, want every conversation read", complete)
	}
	// The page with its groups passes every axe-core rule.
	axe := axeSource(t)
	step(t, ana, "check the page's accessibility", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}), chromedp.Reload())
	if _, err := chromedp.Run(ana, chromedp.Evaluate[bool](axe+"\n;true")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	vs, err := chromedp.Run(ana, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
	if err != nil || len(vs) > 0 {
		t.Errorf("axe on /gaps: %v %+v", err, vs)
	}
	step(t, ana, "switch to the dark colour scheme", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	}))
	vs, err = chromedp.Run(ana, chromedp.Evaluate[[]axeViolation](runAxeColours, chromedp.EvalAwaitPromise))
	if err != nil || len(vs) > 0 {
		t.Errorf("axe on /gaps, dark: %v %+v", err, vs)
	}
	label := text(t, ana, `[data-testid=gap-group] [data-testid=gap-label]`)
	count, err := strconv.Atoi(text(t, ana, `[data-testid=gap-group] [data-testid=gap-count]`))
	if err != nil || count == 0 || label == "" {
		t.Fatalf("the largest group: %q with %d conversations (%v)", label, count, err)
	}
	step(t, ana, "open the group's conversations in the inbox",
		chromedp.Click(chromedp.CSS(`[data-testid=gap-group] [data-testid=gap-inbox]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=conversation-row]`)),
	)
	waitFor(t, ana, "the group's conversations, and only those", `document.querySelectorAll('[data-testid=conversation-row]').length === `+strconv.Itoa(count)+
		` && location.pathname === '/conversations' && new URLSearchParams(location.search).get('ids').split(',').length === `+strconv.Itoa(count))
	if scope := text(t, ana, `[data-testid=review-scope]`); !strings.Contains(scope, "chosen conversation") {
		t.Errorf("the inbox says %q about the chosen conversations", scope)
	}
}
