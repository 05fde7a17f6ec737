package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"qcadmin/apiclient"
)

// TestCommandPaletteFindsAConversationByNumber: Ctrl+K, the number people
// quote ("#12"), Enter opens that conversation in the inbox.
func TestCommandPaletteFindsAConversationByNumber(t *testing.T) {
	a := startApp(t)
	api := apiclient.New(a.APIURL, a.token(t, "read_all"))
	list, err := api.ListConversations(context.Background(), apiclient.ListConversationsParams{Limit: 5, Offset: 3})
	if err != nil || len(list.Items) == 0 {
		t.Fatalf("no conversation to look for: %v", err)
	}
	conv := list.Items[0]
	ord := strconv.Itoa(conv.Ord)
	ctx := newBrowser(t)
	step(t, ctx, "demo sign-in",
		a.demoSignIn(),
	)
	step(t, ctx, "Ctrl+K and the conversation's number",
		chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(chromedp.ID("palette-input"), "#"+ord),
	)
	waitFor(t, ctx, "the conversation offered first", `(() => { const li = document.querySelector('#palette-list [aria-selected=true]');
		return !!li && li.innerText.includes('Conversation') && li.innerText.includes('#`+ord+`'); })()`)
	step(t, ctx, "Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the conversation open in the inbox", `location.pathname === '/conversations/`+conv.ID+`' &&
		!!document.querySelector('[data-testid=conversation-row][aria-current=true][data-ord="`+ord+`"]')`)
}
