package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFixAConversationInTheKnowledgeBase follows a reviewer from a "needs
// work" verdict to a saved article: the fix opens a draft prefilled with the
// visitor's question and the agent's answer marked for removal, the save
// creates the article, and the conversation's review thread shows the fix.
func TestFixAConversationInTheKnowledgeBase(t *testing.T) {
	a := startApp(t)
	ana := newBrowser(t)
	step(t, ana, "sign in as Ana",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "Ana Wójcik"),
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
		chromedp.Navigate(a.URL+"/conversations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=conversation-row]`)),
	)
	id, err := chromedp.Run(ana, chromedp.Evaluate[string](`document.querySelectorAll('[data-testid=conversation-row]')[1].dataset.id`))
	if err != nil || id == "" {
		t.Fatalf("a conversation to fix: %q (%v)", id, err)
	}
	step(t, ana, "mark the conversation as needing work",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=review-needs-work]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=review-needs-work]`)),
	)
	waitFor(t, ana, "the review-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Review saved')`)
	step(t, ana, "fix it in the knowledge base",
		chromedp.Click(chromedp.CSS(`[data-testid=fix-in-kb]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=fix-new-draft]`)),
	)
	question := text(t, ana, `[data-testid=fix-question]`)
	step(t, ana, "start a new draft",
		chromedp.Click(chromedp.CSS(`[data-testid=fix-new-draft]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-fix]`)),
	)
	content, err := chromedp.Run(ana, chromedp.Evaluate[string](`document.getElementById('content').value`))
	if err != nil || !strings.Contains(content, "remove before publishing") {
		t.Errorf("the draft's content %q (%v); the page showed %q", content, err, question)
	}
	step(t, ana, "write the answer and save the draft",
		chromedp.Evaluate[chromedp.Void](`document.getElementById('title').value = 'Returns, answered (e2e)'`),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('content').value = 'Returns are free within 30 days.'`),
		chromedp.Click(chromedp.CSS(`[data-testid=save-draft]`)),
	)
	waitFor(t, ana, "the saved flash names the conversation", `document.querySelector('[data-testid=flash]')?.innerText.includes('Linked to conversation')`)
	step(t, ana, "back to the conversation",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=review-fix]`)),
	)
	if fix := text(t, ana, `[data-testid=review-fix]`); !strings.Contains(fix, "Returns, answered (e2e)") || !strings.Contains(fix, "Ana Wójcik") {
		t.Errorf("the review thread shows %q", fix)
	}
}
