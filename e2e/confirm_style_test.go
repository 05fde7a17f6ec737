package e2e

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"qcadmin/apiclient"
)

// TestBulkConfirmationsLookTheirWeight: publishing asks with the neutral
// accent, deleting with the red warning, and the job's progress card keeps a
// margin from the list below it.
func TestBulkConfirmationsLookTheirWeight(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	title := fmt.Sprintf("Weighty draft %d", time.Now().UnixNano()%100000)
	api := apiclient.New(a.APIURL, a.token(t, "write_all"))
	if _, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: title, Content: "Autumn range."}); err != nil {
		t.Fatal(err)
	}
	// The colour a CSS variable resolves to, as getComputedStyle gives colours.
	colour := func(v string) string {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const d = document.createElement('div'); d.style.color = 'var(`+v+`)';
			document.body.append(d); const c = getComputedStyle(d).color; d.remove(); return c; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	borderTop := func() string {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[data-testid=confirm-bulk]')).borderTopColor`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	filter := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(a.URL + "/articles?title=" + url.QueryEscape(title)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-all-form]`)),
	}

	step(t, ctx, "sign in", a.demoSignIn())
	step(t, ctx, "delete all matching", append(filter, chromedp.Click(chromedp.CSS(`[data-testid=bulk-all-delete]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-bulk]`)))...)
	if got, want := borderTop(), colour("--danger"); got != want {
		t.Errorf("the delete confirmation's top border is %s, want the danger colour %s", got, want)
	}
	step(t, ctx, "publish all matching", append(filter, chromedp.Click(chromedp.CSS(`[data-testid=bulk-all-publish]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-bulk]`)))...)
	if got, want := borderTop(), colour("--accent"); got != want {
		t.Errorf("the publish confirmation's top border is %s, want the accent %s", got, want)
	}
	if got, danger := borderTop(), colour("--danger"); got == danger {
		t.Error("publishing is confirmed in the danger colour")
	}
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`[data-testid=confirm-bulk-button]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=job-progress]`)))
	margin, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector('[data-testid=job-progress]')).marginBottom)`))
	if err != nil {
		t.Fatal(err)
	}
	if margin < 12 {
		t.Errorf("the job card's bottom margin is %vpx", margin)
	}
}
