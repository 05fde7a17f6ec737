package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearchEditPublishJourney: search → open a result → edit with the
// preview updating → save a draft with Ctrl+S → publish → search again and
// see the new words highlighted. It also times keystroke-to-preview.
func TestSearchEditPublishJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	word := fmt.Sprintf("Zephyrlumen%d", time.Now().UnixNano()%100000)

	step(t, ctx, "sign in and search",
		a.demoSignIn(),
		chromedp.Navigate(a.URL+"/search"),
		chromedp.SendKeys(chromedp.ID("s-query"), "battery"),
	)
	waitFor(t, ctx, "search results", `document.querySelectorAll('[data-testid=snippet] mark').length > 0`)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "query=battery") {
		t.Fatalf("the search URL %s does not carry the query", loc)
	}
	// Changing an option searches again, and the URL keeps every parameter.
	step(t, ctx, "ask for the exact phrase", chromedp.SetValue(chromedp.ID("s-strict"), "true"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('s-strict').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "the exact-phrase search in the URL", `location.search.includes('strict_search=true') && document.querySelectorAll('[data-testid=snippet]').length > 0`)

	step(t, ctx, "open the first result",
		chromedp.Click(chromedp.CSS(`[data-testid=snippet] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
		chromedp.SendKeys(chromedp.ID("content"), word+" quokka "),
	)
	waitFor(t, ctx, "the preview to show the new words", fmt.Sprintf(`document.querySelector('[data-testid=preview]').innerText.includes(%q)`, word+" quokka"))

	// One keystroke, timed until the preview shows it (debounce included).
	start := time.Now()
	step(t, ctx, "type one more character", chromedp.SendKeys(chromedp.ID("content"), "s"))
	waitFor(t, ctx, "the preview to show the keystroke", `document.querySelector('[data-testid=preview]').innerText.includes('quokka s') || document.querySelector('[data-testid=preview]').innerText.includes('quokkas')`)
	t.Logf("preview round trip (keystroke to rendered preview, 300 ms debounce included): %v", time.Since(start).Round(time.Millisecond))

	step(t, ctx, "save a draft with Ctrl+S", chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitFor(t, ctx, "the draft-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Draft saved')`)
	if got := text(t, ctx, `.page-header .badge`); got != "draft" {
		t.Fatalf("after Ctrl+S the article is %q", got)
	}

	step(t, ctx, "publish", chromedp.Click(chromedp.CSS(`[data-testid=publish]`)))
	waitFor(t, ctx, "the published flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)

	step(t, ctx, "search for the new word",
		chromedp.Navigate(a.URL+"/search?query="+word),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=snippet]`)),
	)
	if got := text(t, ctx, `[data-testid=snippet] mark`); !strings.EqualFold(got, word) {
		t.Fatalf("highlighted %q, want %q", got, word)
	}
}
