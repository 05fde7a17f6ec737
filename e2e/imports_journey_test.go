package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qcadmin/internal/testdocs"
)

// TestImportsJourney: upload a PDF made in the test → open the article made
// of it → import a link list from a site on loopback → see its articles →
// import a source, change the source outside the console, and see the diff
// say CHANGED.
func TestImportsJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)

	pdf := filepath.Join(t.TempDir(), "Warranty terms.pdf")
	if err := os.WriteFile(pdf, testdocs.PDF("Frames carry a lifetime warranty."), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "demo sign-in and upload a PDF",
		a.demoSignIn(),
		chromedp.Click(chromedp.CSS(`nav a[href="/imports"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=files-form]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{pdf}),
		chromedp.Click(chromedp.CSS(`[data-testid=upload]`)),
	)
	waitFor(t, ctx, "the upload's result", `document.querySelector('[data-testid=upload-article]')?.textContent === 'Warranty terms.pdf'`)

	step(t, ctx, "open the article made of the PDF",
		chromedp.Click(chromedp.CSS(`[data-testid=upload-article]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("title"))); got != "Warranty terms.pdf" {
		t.Fatalf("the uploaded article is titled %q", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("content"))); !strings.Contains(got, "Frames carry a lifetime warranty.") {
		t.Fatalf("the uploaded article holds %q", got)
	}

	site := testdocs.HelpSite(t,
		testdocs.Page{Path: "/tyres", Title: "Tyre pressure", Body: "<main><h1>Tyre pressure</h1><p>Check it every week.</p></main>"},
		testdocs.Page{Path: "/chains", Title: "Chain care", Body: "<main><h1>Chain care</h1><p>Check it every week.</p></main>"},
	)
	step(t, ctx, "import a link list",
		chromedp.Navigate(a.URL+"/imports"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=links-form]`)),
		chromedp.SetValue(chromedp.ID("links-links"), site.URL+"/tyres\n"+site.URL+"/chains"),
		chromedp.SendKeys(chromedp.ID("links-tags"), "journey-links"),
		chromedp.Click(chromedp.CSS(`[data-testid=links-submit]`)),
	)
	waitFor(t, ctx, "the link list's result", `document.querySelector('#import-links [data-testid=import-result]')?.innerText.includes('Imported 2 pages')`)
	step(t, ctx, "see the imported articles",
		chromedp.Click(chromedp.CSS(`#import-links a[href="/articles?tags=journey-links"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	if got := text(t, ctx, `[data-testid=articles] tbody`); !strings.Contains(got, "Tyre pressure") || !strings.Contains(got, "Chain care") {
		t.Fatalf("the articles tagged journey-links: %q", got)
	}

	step(t, ctx, "import the Shopify source",
		chromedp.Navigate(a.URL+"/sources?source=shopify"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=source-empty]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=source-import]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=diff]`)),
	)
	changeOutside(t, a, "shopify")
	step(t, ctx, "reload the diff", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid=diff]`)))
	if got := text(t, ctx, `[data-testid=diff] [data-diff=CHANGED]`); got != "Changed" {
		t.Fatalf("the changed article's badge reads %q", got)
	}
	step(t, ctx, "import again: the page says what the import changed",
		chromedp.Click(chromedp.CSS(`[data-testid=source-import]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=source-change]`)),
	)
	if got := text(t, ctx, `[data-testid=source-change] [data-testid=diff-ins]`); !strings.Contains(got, "Prices change on Monday.") {
		t.Fatalf("the import's change reads %q", got)
	}
	step(t, ctx, "reload: nothing is imported twice", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid=diff]`)))
	waitFor(t, ctx, "the change shown once", `!document.querySelector('[data-testid=source-change]')`)
}

// changeOutside edits the first article of a sandbox source, as someone editing the shop would.
func changeOutside(t *testing.T, a *app, source string) {
	t.Helper()
	token := a.token(t, "write_all")
	call := func(method, path string, body []byte) *http.Response {
		req, _ := http.NewRequest(method, a.APIURL+"/sandbox/sources/"+source+"/articles"+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d", method, req.URL, res.StatusCode)
		}
		return res
	}
	res := call(http.MethodGet, "", nil)
	defer res.Body.Close()
	var outside []struct {
		ID int64 `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&outside); err != nil || len(outside) == 0 {
		t.Fatalf("the source's articles: %v (%d)", err, len(outside))
	}
	call(http.MethodPatch, "/"+strconv.FormatInt(outside[0].ID, 10), []byte(`{"content":"Prices change on Monday."}`)).Body.Close()
}
