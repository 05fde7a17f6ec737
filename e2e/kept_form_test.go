package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
	"github.com/golang-jwt/jwt/v5"

	"qcadmin/sandbox"
)

// shortToken is a write token of the demo agent that expires soon, signed
// with the sandbox's own secret as `qcadmin token` would sign it.
func shortToken(t *testing.T, a *app, ttl time.Duration) (string, time.Time) {
	t.Helper()
	secret, err := os.ReadFile(filepath.Join(a.DataDir, "sandbox.secret"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	exp := now.Add(ttl)
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"scenario_id": sandbox.DemoScenarioID, "scope": sandbox.ScopeWrite, "iat": now.Unix(), "exp": exp.Unix(),
	}).SignedString([]byte(strings.TrimSpace(string(secret))))
	if err != nil {
		t.Fatal(err)
	}
	return tok, exp
}

// An edit saved after the token has run out is not lost: the person signs in
// again and the editor offers the text back, restored into the form by app code.
func TestAnEditOutlivesItsTokenAndIsRestoredAfterSignIn(t *testing.T) {
	a := startApp(t)
	res, err := a.signedInClient(t).Get(a.URL + "/articles")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	article, _ := doc.Find(`[data-testid=article-row] a[href^="/articles/"]`).First().Attr("href")
	if article == "" {
		t.Fatal("no article to edit")
	}

	token, exp := shortToken(t, a, 6*time.Second)
	ctx := newBrowser(t)
	step(t, ctx, "sign in with a token that runs out soon",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.SetValue(chromedp.ID("token"), token),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	const typed = "A careful edit, typed while the token ran out."
	step(t, ctx, "edit the article",
		chromedp.Navigate(a.URL+article),
		chromedp.WaitVisible(chromedp.ID("content")),
		chromedp.SetValue(chromedp.ID("content"), typed),
	)
	time.Sleep(time.Until(exp) + time.Second)
	step(t, ctx, "save after the token has run out",
		chromedp.Click(chromedp.CSS(`[data-testid=save-draft]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=demo-signin]`)),
	)
	if got := text(t, ctx, `[data-testid=flash]`); !strings.Contains(got, "kept for you") {
		t.Fatalf("the sign-in page says %q, want that the edit is kept", got)
	}
	step(t, ctx, "sign in again",
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=kept-form]`)),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("content"))); got == typed {
		t.Fatal("the text was put back before the person asked")
	}
	step(t, ctx, "restore the text", chromedp.Click(chromedp.CSS(`[data-kept-restore]`)))
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("content"))); err != nil || got != typed {
		t.Fatalf("after Restore the editor holds %q (%v), want what was typed", got, err)
	}
	if got := text(t, ctx, `[data-testid=kept-form] p`); !strings.Contains(got, "back in the form") {
		t.Errorf("the banner says %q after restoring", got)
	}
}
