package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestREADMEScreenshots retakes the README's screenshots from the demo, at the
// browser tests' window size, when QCADMIN_README_SHOTS names the directory to
// write them to:
//
//	QCADMIN_README_SHOTS=$PWD/docs/screenshots go test -count=1 -run TestREADMEScreenshots ./e2e/
func TestREADMEScreenshots(t *testing.T) {
	dir := os.Getenv("QCADMIN_README_SHOTS")
	if dir == "" {
		t.Skip("set QCADMIN_README_SHOTS to a directory to retake the README's screenshots")
	}
	a := startApp(t)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in",
		a.demoSignIn(),
	)
	href := func(from, js string) string {
		t.Helper()
		step(t, ctx, "open "+from, chromedp.Navigate(a.URL+from))
		h, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil || h == "" {
			t.Fatalf("no link on %s: %v", from, err)
		}
		return h
	}
	// The editor shows an article with a table, so the preview shows Markdown at work.
	editor := href("/articles", `[...document.querySelectorAll('[data-testid=article-row] td.title a')].find(a => a.textContent.trim() === 'Delivery times and costs')?.getAttribute('href') || ''`)
	conversation := href("/conversations", `document.querySelector('a.conversation-link')?.getAttribute('href') || ''`)
	for _, s := range []struct{ name, path, wait string }{
		{"articles", "/articles", `[data-testid=articles]`},
		{"editor", editor, `[data-testid=preview] table`},
		{"search", "/search?query=battery+range", `[data-testid=snippets]`},
		{"conversation", conversation, `[data-testid=transcript]`},
		{"widget", "/widget", `[data-testid=widget-preview]`},
		{"ai-actions", "/ai-actions", `[data-testid=ai-actions]`},
	} {
		step(t, ctx, "open "+s.path, chromedp.Navigate(a.URL+s.path), chromedp.WaitVisible(chromedp.CSS(s.wait)))
		// No focus ring or caret in the picture.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.activeElement?.blur(), true)`)); err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot of %s: %v", s.path, err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s: %d bytes\n", s.name, len(shot))
	}
}
