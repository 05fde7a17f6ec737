package e2e

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's Chromium (or another Chrome) on this machine.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium for one test. Without Chromium the
// test is skipped loudly; in CI (CI=true) a missing Chromium fails the run.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed, and CI=true requires the browser tests to run: apt-get install -y chromium")
		}
		t.Skip("SKIPPING BROWSER TEST: Chromium is not installed (apt-get install -y chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// The page behaves as the focused window, as the one a person types in
	// is: a headless window can lose the focus on a busy machine, and then
	// focusing a field fires no focus event (the tag menu loads on one).
	focused := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(ctx, focused); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// demoSignIn signs the browser in as the demo agent from the sign-in page, as
// a person would, and waits for the article list it lands on.
func (a *app) demoSignIn() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(a.URL+"/login"),
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
}

// step runs browser actions with a deadline, failing the test with what was being done.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		shot, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if len(shot) > 0 {
			_ = os.MkdirAll("artifacts", 0o755)
			_ = os.WriteFile("artifacts/"+t.Name()+".png", shot, 0o644)
		}
		t.Fatalf("%s: %v", what, err)
	}
	settle(ctx)
}

// settle waits, briefly, until the page has loaded, htmx has taken it over and
// no htmx swap is in flight: a click that navigates returns before the new
// page's scripts run, and content htmx swapped in is wired up only once it has
// settled; until then htmx-enhanced forms still behave as plain ones.
func settle(ctx context.Context) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ectx, cancel := context.WithTimeout(ctx, time.Second)
		ready, err := chromedp.Run(ectx, chromedp.Evaluate[bool](`document.readyState === 'complete' &&
			(!!window.htmx || !document.querySelector('script[src*="htmx"]')) &&
			!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`))
		cancel()
		if err == nil && ready {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// text reads the visible text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}
