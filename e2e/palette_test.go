package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCommandPalette: Ctrl+K opens the palette anywhere; typing narrows the
// pages, finds articles by title and the page's own actions; Enter goes there.
// The open palette passes axe-core too.
func TestCommandPalette(t *testing.T) {
	axe := axeSource(t)
	a := startApp(t)
	ctx := newBrowser(t)
	ctrlK := chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	step(t, ctx, "demo sign-in",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
			return err
		}),
		a.demoSignIn(),
	)

	// The palette's script and styles load when it is first opened, not with every page.
	const paletteFetched = `performance.getEntriesByType('resource').some(e => /\/static\/palette\.[0-9a-f]{10}\.(js|css)$/.test(new URL(e.name).pathname))`
	if fetched, err := chromedp.Run(ctx, chromedp.Evaluate[bool](paletteFetched)); err != nil || fetched {
		t.Fatalf("palette.js or palette.css fetched before the palette was opened (%v)", err)
	}
	step(t, ctx, "Ctrl+K and type a page's name", ctrlK)
	waitFor(t, ctx, "the palette open with the input focused", `document.getElementById('palette').open && document.activeElement?.id === 'palette-input'`)
	waitFor(t, ctx, "palette.js and palette.css fetched on opening", `performance.getEntriesByType('resource').filter(e => /\/static\/palette\.[0-9a-f]{10}\.(js|css)$/.test(new URL(e.name).pathname)).length === 2`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+"\n;true")); err != nil {
		t.Fatal(err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](strings.Replace(runAxe, "axe.run(document,", "axe.run('#palette',", 1), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("the open palette: %s: %s\n\t%s", v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	step(t, ctx, "type handoff", chromedp.SendKeys(chromedp.ID("palette-input"), "hando"))
	waitFor(t, ctx, "Handoff first", `document.querySelector('#palette-list [aria-selected=true]')?.innerText.startsWith('Handoff')`)
	step(t, ctx, "Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the handoff page", `location.pathname === '/handoff' && !!document.getElementById('handoff-form')`)

	// An article by a word of its title, chosen with the arrow keys.
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/articles', {headers: {'HX-Request': 'true'}}).then(r => r.text()).then(h =>
		new DOMParser().parseFromString(h, 'text/html').querySelector('[data-testid=article-row] td.title a').textContent.trim())`, chromedp.EvalAwaitPromise))
	if err != nil || len(title) < 6 {
		t.Fatalf("no article title to look for: %q %v", title, err)
	}
	word := strings.Fields(title)[0]
	step(t, ctx, "Ctrl+K and a word of an article's title", ctrlK, chromedp.SendKeys(chromedp.ID("palette-input"), word))
	waitFor(t, ctx, "the article among the results", `[...document.querySelectorAll('#palette-list li')].some(li => li.innerText.includes(`+jsString(title)+`) && li.innerText.includes('Article'))`)
	step(t, ctx, "choose it",
		chromedp.Evaluate[chromedp.Void](`(() => { const li = [...document.querySelectorAll('#palette-list li')].find(li => li.innerText.includes(`+jsString(title)+`)); li.click(); })()`))
	waitFor(t, ctx, "the article's editor", `!!document.querySelector('[data-testid=article-form]') && document.querySelector('h1').innerText.includes(`+jsString(title)+`)`)

	// The page's own actions: on the chat playground, "New conversation".
	step(t, ctx, "the playground", chromedp.Navigate(a.URL+"/chat"), ctrlK, chromedp.SendKeys(chromedp.ID("palette-input"), "new conv"))
	waitFor(t, ctx, "the page's action offered", `document.querySelector('#palette-list [aria-selected=true]')?.innerText.includes('Action')`)
	step(t, ctx, "Escape closes it", chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "the palette closed", `!document.getElementById('palette').open`)

	// Keys typed straight after Ctrl+K, while the palette may still be loading, are not lost.
	step(t, ctx, "a fresh page, Ctrl+K and typing at once", chromedp.Navigate(a.URL+"/articles"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)), ctrlK, chromedp.KeyEvent("hando"))
	waitFor(t, ctx, "what was typed in the palette's input", `document.getElementById('palette')?.open && document.getElementById('palette-input').value === 'hando'`)
	waitFor(t, ctx, "Handoff first", `document.querySelector('#palette-list [aria-selected=true]')?.innerText.startsWith('Handoff')`)
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
