package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestArticleJourney walks the walking skeleton's whole journey in Chromium:
// demo sign-in → create → save draft → edit → publish → find it in the
// filtered list → delete it.
func TestArticleJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	title := fmt.Sprintf("Ferry bell etiquette %d", time.Now().UnixNano())

	step(t, ctx, "demo sign-in",
		chromedp.Navigate(a.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	if got := text(t, ctx, `[data-testid=account]`); !strings.Contains(got, "Demo agent") || !strings.Contains(got, "read + write") {
		t.Fatalf("account block = %q, want the demo agent with write access", got)
	}
	if got := text(t, ctx, `[data-testid=pager]`); !strings.Contains(got, "of ") {
		t.Fatalf("pager = %q, want a count of the seeded articles", got)
	}

	step(t, ctx, "create a draft",
		chromedp.Click(chromedp.CSS(`[data-testid=new-article]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("tags-entry"), "e2e-journey,bells,bells\n"),
		chromedp.SendKeys(chromedp.ID("content"), "# Ring once\n\nRing **twice** when the ferry leaves."),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("tags"))); got != "e2e-journey, bells" {
		t.Fatalf("the tag chips hold %q, want two distinct tags", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.tag-editor .chip').length`)); n != 2 {
		t.Fatalf("%d tag chips shown, want 2", n)
	}
	waitFor(t, ctx, "the live preview", `document.querySelector('[data-testid=preview] strong')?.textContent === 'twice'`)
	step(t, ctx, "save the draft",
		chromedp.Click(chromedp.CSS(`[data-testid=save-draft]`)),
	)
	waitFor(t, ctx, "the draft-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Draft saved')`)
	if got := text(t, ctx, `.page-header .badge`); got != "draft" {
		t.Fatalf("state badge after saving a draft = %q", got)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/articles/") {
		t.Fatalf("after creating, the browser is at %s, want the article's page", loc)
	}

	step(t, ctx, "edit and publish",
		chromedp.Clear(chromedp.ID("content")),
		chromedp.SendKeys(chromedp.ID("content"), "Ring twice when the ferry leaves, once when it docks."),
		chromedp.Click(chromedp.CSS(`[data-testid=publish]`)),
	)
	waitFor(t, ctx, "the published flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)
	if got := text(t, ctx, `.page-header .badge`); got != "published" {
		t.Fatalf("state badge after publishing = %q", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("content"))); got != "Ring twice when the ferry leaves, once when it docks." {
		t.Fatalf("content after publishing = %q", got)
	}

	step(t, ctx, "filter the list by title",
		chromedp.Navigate(a.URL+"/articles"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=filters]`)),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
	)
	waitFor(t, ctx, "the filtered list", fmt.Sprintf(
		`document.querySelectorAll('[data-testid=article-row]').length === 1 && document.querySelector('[data-testid=articles]').innerText.includes(%q)`, title))
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "title=") {
		t.Fatalf("the filtered list's URL %s does not carry the filter", loc)
	}
	if got := text(t, ctx, `[data-testid=article-row]`); !strings.Contains(got, "published") || !strings.Contains(got, "e2e-journey") {
		t.Fatalf("the filtered row = %q, want it published and tagged", got)
	}

	step(t, ctx, "the tag filter is a shareable URL",
		chromedp.Navigate(a.URL+"/articles?tags=e2e-journey"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-row]`)),
	)
	if got := text(t, ctx, `[data-testid=articles] tbody`); !strings.Contains(got, title) {
		t.Fatalf("the tag-filtered list = %q, want %q", got, title)
	}
	step(t, ctx, "tab to the tag menu, which loads the agent's tags",
		chromedp.Focus(chromedp.CSS(`#f-tags`)),
	)
	waitFor(t, ctx, "the tag menu's options", `document.querySelectorAll('#f-tags option').length > 2 &&
		document.querySelector('#f-tags').value === 'e2e-journey'`)

	step(t, ctx, "select and ask to delete",
		chromedp.Click(chromedp.CSS(`[data-testid=article-row] input[name=ids]`)),
		chromedp.WaitEnabled(chromedp.CSS(`[data-testid=bulk-delete]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=bulk-delete]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-delete]`)),
	)
	if got := text(t, ctx, `[data-testid=confirm-delete]`); !strings.Contains(got, title) || !strings.Contains(got, "Delete 1 article") {
		t.Fatalf("confirmation = %q, want it to name the article", got)
	}
	step(t, ctx, "confirm the delete",
		chromedp.Click(chromedp.CSS(`[data-testid=confirm-delete-button]`)),
	)
	waitFor(t, ctx, "the deleted flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Deleted 1 article')`)
	step(t, ctx, "the article is gone",
		chromedp.Navigate(a.URL+"/articles?tags=e2e-journey"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=empty]`)),
	)
}

// TestSignInWithPastedTokens checks a refused token keeps what was pasted and
// a read-only token gets a console without write controls.
func TestSignInWithPastedTokens(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	const bogus = "not-a-token"
	step(t, ctx, "paste a wrong token",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("token"), bogus),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`#token-error`)),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("token"))); got != bogus {
		t.Fatalf("after a refusal the token field holds %q, want what was pasted", got)
	}
	if got := text(t, ctx, `#token-error`); !strings.Contains(got, "not a Quickchat API token") {
		t.Fatalf("refusal = %q", got)
	}

	readOnly := a.token(t, "read_all")
	step(t, ctx, "paste a read-only token",
		chromedp.Clear(chromedp.ID("token")),
		chromedp.SetValue(chromedp.ID("token"), readOnly),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	if got := text(t, ctx, `[data-testid=account]`); !strings.Contains(got, "read only") {
		t.Fatalf("account block = %q, want a read-only badge", got)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=new-article], input[name=ids], [data-testid=bulk-delete]').length`))
	if err != nil || n != 0 {
		t.Fatalf("a read-only session sees %d write controls (err %v)", n, err)
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil || strings.Contains(html, readOnly) {
		t.Fatalf("the signed-in page contains the token (err %v)", err)
	}
}

// waitFor checks a JavaScript condition until it holds, across page loads.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: condition %s never held (last error: %v)", what, cond, lastErr)
}
