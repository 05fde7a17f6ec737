package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"qcadmin/apiclient"
)

// TestAskAgainVerifiesTheFix follows a reviewer from a "needs work" verdict
// to a verified fix: Fix in the knowledge base, a new draft, saved, then
// published, the agent retrained, and Ask again, whose new answer comes from
// the new article and shows beside the old one in the review thread. The
// sandbox answers from the knowledge base, so the new article's words in the
// new answer are the proof.
func TestAskAgainVerifiesTheFix(t *testing.T) {
	a := startApp(t)
	// A visitor asks about something the demo knowledge base does not know.
	visitor := apiclient.New(a.APIURL, a.token(t, "write_all"))
	asked, err := visitor.Chat(context.Background(), apiclient.ChatMessage{Text: "Do you sell the zorblax quokka kit?"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(asked.Reply), "zorblax") {
		t.Fatalf("the agent already knows: %q", asked.Reply)
	}
	id := asked.ConvID
	ana := newBrowser(t)
	step(t, ana, "sign in as Ana",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "Ana Wójcik"),
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	// 1. The verdict.
	step(t, ana, "mark the conversation as needing work",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=review-needs-work]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=review-needs-work]`)),
	)
	waitFor(t, ana, "the review-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Review saved')`)
	// 2. Fix in the knowledge base, 3. a new draft.
	step(t, ana, "fix it in the knowledge base",
		chromedp.Click(chromedp.CSS(`[data-testid=fix-in-kb]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=fix-new-draft]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=fix-new-draft]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-fix]`)),
	)
	// 4. Write and save the draft, 5. publish it.
	step(t, ana, "write the answer and save the draft",
		chromedp.Evaluate[chromedp.Void](`document.getElementById('title').value = 'The zorblax quokka kit'`),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('content').value = 'Yes: the zorblax quokka kit is sold in every Velora store.'`),
		chromedp.Click(chromedp.CSS(`[data-testid=save-draft]`)),
	)
	waitFor(t, ana, "the saved flash names the conversation", `document.querySelector('[data-testid=flash]')?.innerText.includes('Linked to conversation')`)
	step(t, ana, "publish it",
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=publish]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=publish]`)),
	)
	waitFor(t, ana, "the published flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)
	// 6. Back in the conversation, the fix says the agent waits for a retrain: retrain it.
	step(t, ana, "back to the conversation",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ask-again-button]`)),
	)
	if q := text(t, ana, `[data-testid=ask-again-question]`); q != "Do you sell the zorblax quokka kit?" {
		t.Errorf("Ask again would ask %q", q)
	}
	if fix := text(t, ana, `[data-testid=review-fix-detail]`); !strings.Contains(fix, "draft, since published as version 1") {
		t.Errorf("the fix, saved as a draft and published since, says %q", fix)
	}
	step(t, ana, "retrain now",
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ask-retrain]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=ask-retrain]`)),
	)
	waitFor(t, ana, "the retrain-started flash, back on the conversation", `location.pathname.endsWith('`+id+`') && document.querySelector('[data-testid=flash]')?.innerText.includes('Retraining started')`)
	waitLong(t, ana, "the training up to date", `document.querySelector('[data-testid=retrain-state]')?.innerText.includes('up to date')`, 30*time.Second)
	// 7. Ask again: the new answer, from the new article, beside the old one.
	step(t, ana, "ask again",
		chromedp.Navigate(a.URL+"/conversations/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ask-again-button]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=ask-again-button]`)),
	)
	waitFor(t, ana, "the answer asked again", `document.querySelector('[data-testid=ask-result] [data-testid=ask-new]')`)
	oldAnswer, newAnswer := text(t, ana, `[data-testid=ask-old]`), text(t, ana, `[data-testid=ask-new]`)
	if strings.Contains(oldAnswer, "zorblax quokka kit is sold") || !strings.Contains(newAnswer, "zorblax quokka kit is sold") {
		t.Errorf("old answer %q, new answer %q", oldAnswer, newAnswer)
	}
	if by := text(t, ana, `[data-testid=ask-result-by]`); by != "Ana Wójcik" || !strings.Contains(newAnswer, "version") {
		t.Errorf("asked by %q; the new answer's source %q", by, newAnswer)
	}
	// It is kept: a reload shows it, the old and new answers side by side pass axe-core in both
	// colour schemes, and the review form beside them marks the conversation good.
	step(t, ana, "let axe in and reload",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
			return err
		}),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=ask-result]`)),
	)
	if _, err := chromedp.Run(ana, chromedp.Evaluate[bool](axeSource(t)+"\n;true")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	for i, scheme := range []string{"light", "dark"} {
		script := runAxe
		if i > 0 {
			script = runAxeColours
		}
		sctx, cancel := context.WithTimeout(ana, 20*time.Second)
		err := chromedp.Do(sctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
		var vs []axeViolation
		if err == nil {
			vs, err = chromedp.Run(sctx, chromedp.Evaluate[[]axeViolation](script, chromedp.EvalAwaitPromise))
		}
		cancel()
		if err != nil {
			t.Fatalf("axe (%s): %v", scheme, err)
		}
		for _, v := range vs {
			t.Errorf("axe (%s) %s: %s\n\t%s", scheme, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
		}
	}
	step(t, ana, "mark it good",
		chromedp.Click(chromedp.CSS(`[data-testid=review-good]`)),
	)
	waitFor(t, ana, "the good verdict", `document.querySelector('[data-testid=review-status]')?.innerText.includes('good')`)
}

// waitLong is waitFor with a longer deadline, for what Quickchat does in its own time, such as a retrain.
func waitLong(t *testing.T, ctx context.Context, what, cond string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: condition %s never held", what, cond)
}
