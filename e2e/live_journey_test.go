package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLiveEditorAndInbox has two people in two browsers: Ana opens an
// article, Ben opens it too and sees that Ana is editing; Ana saves, and
// Ben's page, never reloaded, says so at once. Then both watch the inbox:
// Ana reviews a conversation, and the review badge appears in Ben's list.
func TestLiveEditorAndInbox(t *testing.T) {
	a := startApp(t)
	ana, ben := newBrowser(t), newBrowser(t)
	signIn := func(ctx context.Context, name string) {
		step(t, ctx, "sign in as "+name,
			chromedp.Navigate(a.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("name")),
			chromedp.SendKeys(chromedp.ID("name"), name),
			chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
		)
	}
	signIn(ana, "Ana Wójcik")
	signIn(ben, "Ben Müller")

	article, err := chromedp.Run(ana, chromedp.Evaluate[string](`document.querySelector('td.title a').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(article, "/articles/") {
		t.Fatalf("an article to open: %q (%v)", article, err)
	}
	step(t, ana, "Ana opens the article", chromedp.Navigate(a.URL+article), chromedp.WaitVisible(chromedp.ID("title")))
	step(t, ben, "Ben opens it too", chromedp.Navigate(a.URL+article), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	waitFor(t, ben, "Ben sees Ana editing", `document.querySelector('[data-testid=presence]')?.innerText.includes('Ana Wójcik is editing')`)
	waitFor(t, ana, "Ana sees Ben editing", `document.querySelector('[data-testid=presence]')?.innerText.includes('Ben Müller is editing')`)

	step(t, ana, "Ana saves a draft",
		chromedp.Evaluate[chromedp.Void](`document.getElementById('title').value += ' (checked)'`),
		chromedp.Click(chromedp.CSS(`[data-testid=save-draft]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=flash]`)),
	)
	waitFor(t, ben, "Ben's heads-up", `document.querySelector('[data-testid=saved-heads-up]')?.innerText.includes('Ana Wójcik saved a newer version')`)
	if still, err := chromedp.Run(ben, chromedp.Evaluate[bool](`window.notReloaded === true`)); err != nil || !still {
		t.Errorf("Ben's page was reloaded to show the heads-up (%v)", err)
	}
	if href, _ := chromedp.Run(ben, chromedp.Evaluate[string](`document.querySelector('[data-testid=saved-heads-up] a').getAttribute('href')`)); href != article+"/history" {
		t.Errorf("the heads-up links to %q, want the history", href)
	}

	// The inbox: Ben watches the list while Ana reviews one of its conversations.
	step(t, ben, "Ben opens the inbox", chromedp.Navigate(a.URL+"/conversations"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=conversation-row]`)))
	id, err := chromedp.Run(ben, chromedp.Evaluate[string](`(() => { const r = [...document.querySelectorAll('[data-testid=conversation-row]')].find(r => !r.querySelector('[data-testid=review-badge]')); return r ? r.dataset.id : '' })()`))
	if err != nil || id == "" {
		t.Fatalf("no unreviewed conversation in Ben's list (%v)", err)
	}
	waitFor(t, ben, "Ben's stream is open", `document.querySelector('.live.live-open') !== null`)
	step(t, ana, "Ana reviews the conversation",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.ID("review-note")),
		chromedp.Click(chromedp.CSS(`[data-testid=review-good]`)),
	)
	waitFor(t, ana, "Ana's review saved", `document.querySelector('[data-testid=flash]')?.innerText.includes('Review saved')`)
	waitFor(t, ben, "the badge in Ben's list", `document.querySelector('[data-testid=conversation-row][data-id="`+id+`"] [data-testid=review-badge]') !== null`)
	// The row was swapped in by the stream: until htmx has settled it, its link is a plain link.
	settle(ben)

	// Ben opens that conversation from his list (the page is not reloaded): he and Ana see each other there.
	step(t, ben, "Ben opens the conversation from the list",
		chromedp.Evaluate[chromedp.Void](`window.stayed = true`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid=conversation-row][data-id="`+id+`"] a').click()`),
	)
	waitFor(t, ben, "Ben's stream follows the conversation", `document.getElementById('live')?.getAttribute('sse-connect').includes(encodeURIComponent('conversation:`+id+`'))`)
	waitFor(t, ben, "Ben sees Ana viewing", `document.querySelector('[data-testid=presence]')?.innerText.includes('Ana Wójcik is viewing')`)
	waitFor(t, ana, "Ana sees Ben viewing", `document.querySelector('[data-testid=presence]')?.innerText.includes('Ben Müller is viewing')`)
	if stayed, err := chromedp.Run(ben, chromedp.Evaluate[bool](`window.stayed === true`)); err != nil || !stayed {
		t.Errorf("opening the conversation reloaded Ben's page (%v)", err)
	}
}
