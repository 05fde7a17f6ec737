package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAgentConfigurationJourney walks a team setting up its agent in Chromium:
// create a Knowledge Base action → fill it until it is ready → switch it on,
// off and on in the list → change the widget's header colour and watch the
// preview follow (a computed style) → save it → ask the playground a question
// the help center answers and read the answer.
func TestAgentConfigurationJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	shots := os.Getenv("QCADMIN_SHOTS") // a directory to keep screenshots of each page in, for people reviewing the UI

	step(t, ctx, "demo sign-in and the AI actions",
		a.demoSignIn(),
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/ai-actions"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ai-actions]`)),
	)
	screenshot(t, ctx, shots, "ai-actions")
	step(t, ctx, "ask why an action is not ready",
		chromedp.Click(chromedp.CSS(`[data-testid=why-not-ready] summary`)),
	)
	waitFor(t, ctx, "the reasons", `document.querySelector('[data-testid=why-not-ready] [data-testid=problems]')?.innerText.includes('It needs')`)

	step(t, ctx, "create a Knowledge Base action",
		chromedp.Click(chromedp.CSS(`[data-testid=new-kb-action]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ai-action-form]`)),
	)
	waitFor(t, ctx, "the new action's reasons", `document.querySelector('[data-testid=ai-action-status] [data-testid=problems]')?.innerText.includes('It needs a name, a description, a parameter description and a tag.')`)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/ai-actions/") {
		t.Fatalf("after create the browser is at %s", loc)
	}

	step(t, ctx, "give it a name only and save",
		chromedp.SendKeys(chromedp.ID("name"), "Returns helper"),
		chromedp.Click(chromedp.CSS(`[data-testid=save]`)),
	)
	waitFor(t, ctx, "still not ready", `document.querySelector('[data-testid=flash]')?.innerText.includes('not ready yet') &&
		document.querySelector('[data-testid=ai-action-status] [data-testid=problems]')?.innerText.includes('a description, a parameter description and a tag')`)
	if got := text(t, ctx, `[data-testid=count-name]`); strings.TrimSpace(got) != "14 / 100" {
		t.Errorf("name counter %q", got)
	}

	step(t, ctx, "fill the rest, the tag from the knowledge base",
		chromedp.SendKeys(chromedp.ID("description"), "When the customer wants to send a bike back."),
		chromedp.SendKeys(chromedp.ID("parameter_description"), "The customer's return question."),
		chromedp.SendKeys(chromedp.ID("tag"), "returns"),
	)
	waitFor(t, ctx, "the description counter to follow the typing", `document.querySelector('[data-testid=count-description]').innerText.trim() === '44 / 1000'`)
	waitFor(t, ctx, "the tag's article count", `/^\d+ articles?$/.test(document.querySelector('[data-testid=tag-count]')?.innerText || '') &&
		!document.querySelector('[data-testid=tag-count]').innerText.startsWith('0 ')`)
	screenshot(t, ctx, shots, "ai-action-edit")
	step(t, ctx, "save it", chromedp.Click(chromedp.CSS(`[data-testid=save]`)))
	waitFor(t, ctx, "the action to be ready", `document.querySelector('[data-testid=flash]')?.innerText.includes('It is ready') &&
		document.querySelector('[data-testid=ai-action-status] [data-testid=validity]')?.innerText === 'ready'`)

	step(t, ctx, "back to the list",
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/ai-actions"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ai-actions]`)),
	)
	row := `[...document.querySelectorAll('[data-testid=ai-action]')].find(r => r.querySelector('[data-testid=ai-action-name]').innerText === 'Returns helper')`
	waitFor(t, ctx, "the new action, ready and off", row+`?.querySelector('[data-testid=validity]').innerText === 'ready' && `+
		row+`.querySelector('[data-testid=ai-action-switch]').getAttribute('aria-checked') === 'false'`)
	// Until htmx has taken over the page, the switch is a plain form and reloads it.
	waitFor(t, ctx, "htmx to be ready", `document.readyState === 'complete' && !!window.htmx`)
	// A press before htmx has set the page up would post the plain form, which works too but reloads the page.
	waitFor(t, ctx, "htmx to be ready", `document.readyState === 'complete' && !!window.htmx`)
	for _, want := range []string{"true", "false", "true"} {
		// A row htmx has just swapped in is wired up once it settles; a press before that is a plain form post.
		waitFor(t, ctx, "htmx to settle", `!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`)
		step(t, ctx, "press its switch", chromedp.Evaluate[chromedp.Void](row+`.querySelector('[data-testid=ai-action-switch]').click()`))
		waitFor(t, ctx, "the row to come back switched "+want, row+`?.querySelector('[data-testid=ai-action-switch]').getAttribute('aria-checked') === '`+want+`'`)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=flash]').length`)); n != 0 {
		flash, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("[data-testid=flash]")].map(f => f.innerText).join(" / ")`))
		t.Errorf("the switch reloaded the page instead of swapping its row (flash: %q)", flash)
	}

	step(t, ctx, "the widget page",
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/widget"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=widget-preview]`)),
	)
	header := `getComputedStyle(document.querySelector('[data-testid=wp-header]')).backgroundColor`
	waitFor(t, ctx, "the preview in the saved header colour", header+` === 'rgb(17, 38, 56)'`)
	step(t, ctx, "pick a new header colour",
		chromedp.Evaluate[chromedp.Void](`(() => { const p = document.getElementById('header_color-picker'); p.value = '#c0392b';
			p.dispatchEvent(new Event('input', {bubbles: true})); p.dispatchEvent(new Event('change', {bubbles: true})); })()`),
	)
	waitFor(t, ctx, "the preview to follow the picker", header+` === 'rgb(192, 57, 43)' && document.getElementById('header_color-text').value === 'rgb(192, 57, 43)'`)
	// The server's redraw of the preview keeps the colour the picker chose.
	waitFor(t, ctx, "the redrawn preview", `document.querySelector('[data-testid=widget-preview]').dataset.headerColor === 'rgb(192, 57, 43)' && `+header+` === 'rgb(192, 57, 43)'`)
	step(t, ctx, "type a title",
		chromedp.Clear(chromedp.ID("header")),
		chromedp.SendKeys(chromedp.ID("header"), "Velora Help"),
	)
	waitFor(t, ctx, "the preview's title", `document.querySelector('[data-testid=wp-title]').innerText === 'Velora Help' && `+header+` === 'rgb(192, 57, 43)'`)
	screenshot(t, ctx, shots, "widget")
	step(t, ctx, "save the widget", chromedp.Click(chromedp.CSS(`[data-testid=save]`)))
	waitFor(t, ctx, "saved, and drawn again in the new colour", `document.querySelector('[data-testid=flash]')?.innerText.includes('Widget saved') && `+header+` === 'rgb(192, 57, 43)'`)

	step(t, ctx, "the playground",
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/chat"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=chat-form]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=chat-text]`), "What is your return policy?"),
		chromedp.Click(chromedp.CSS(`[data-testid=chat-send]`)),
	)
	waitFor(t, ctx, "the agent's answer from the help center", `document.querySelector('[data-testid=chat-reply]')?.innerText.includes('within 30 days of delivery')`)
	screenshot(t, ctx, shots, "chat")
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=chat-inbox-link]')?.getAttribute('href') || ''`))
	if !strings.HasPrefix(href, "/conversations/") {
		t.Fatalf("no link to the conversation in the inbox: %q", href)
	}
	step(t, ctx, "ask again in the same conversation",
		chromedp.SendKeys(chromedp.CSS(`[data-testid=chat-text]`), "How far can I ride on one charge?"),
		chromedp.Click(chromedp.CSS(`[data-testid=chat-send]`)),
	)
	waitFor(t, ctx, "the second answer, same conversation", `document.querySelectorAll('[data-testid=chat-visitor]').length === 2 &&
		document.querySelector('[data-testid=chat-inbox-link]').getAttribute('href') === '`+href+`'`)
}

// screenshot keeps a picture of the page in dir, when one is given.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(dir+"/"+name+".png", shot, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
}
