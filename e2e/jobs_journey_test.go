package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"qcadmin/apiclient"
)

// TestBulkPublishJourney: filter the article list down to some drafts →
// publish all matching, named with their count → watch the progress bar on
// the list fill → every one of them is published, with rate limits on.
func TestBulkPublishJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	shots := os.Getenv("QCADMIN_SHOTS") // a directory to keep screenshots of each page in, for people reviewing the UI
	title := fmt.Sprintf("Spring draft %d", time.Now().UnixNano()%100000)
	api := apiclient.New(a.APIURL, a.token(t, "write_all"))
	var ids []int64
	for i := range 5 {
		art, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: fmt.Sprintf("%s %d", title, i), Content: "Our spring range."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, art.ID)
	}

	step(t, ctx, "sign in and filter the drafts by title",
		a.demoSignIn(),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
	)
	waitFor(t, ctx, "the five drafts, named as all matching", `document.querySelectorAll('[data-testid=article-row]').length === 5 &&
		document.querySelector('[data-testid=bulk-all-count]')?.innerText.includes('All 5 matching this filter')`)

	step(t, ctx, "publish all matching",
		chromedp.Click(chromedp.CSS(`[data-testid=bulk-all-publish]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-bulk]`)),
	)
	screenshot(t, ctx, shots, "bulk-confirm")
	if h := text(t, ctx, `[data-testid=confirm-bulk] h1`); !strings.Contains(h, "Publish all 5 articles matching this filter") {
		t.Fatalf("confirmation heading %q", h)
	}
	step(t, ctx, "confirm",
		chromedp.Click(chromedp.CSS(`[data-testid=confirm-bulk-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	waitFor(t, ctx, "the progress bar on the list", `!!document.querySelector('[data-testid=job-progress] [data-testid=job-bar]')`)
	screenshot(t, ctx, shots, "bulk-progress")
	waitFor(t, ctx, "the job to finish", `document.querySelector('[data-testid=job-progress]')?.dataset.state === 'done' &&
		document.querySelector('[data-testid=job-done]').innerText === '5'`)

	step(t, ctx, "open the job", chromedp.Click(chromedp.CSS(`[data-testid=job-link]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=job-items]`)))
	waitFor(t, ctx, "five articles published", `document.querySelectorAll('[data-testid=job-item][data-outcome=changed]').length === 5`)
	screenshot(t, ctx, shots, "job")
	for _, id := range ids {
		art, err := api.GetArticle(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if art.State != "published" {
			t.Errorf("article %d is %s after the job", id, art.State)
		}
	}
}
