package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeSource reads the vendored axe-core and checks it against the sha256
// recorded in testdata/VERSIONS, so the checker itself cannot drift unseen.
func axeSource(t *testing.T) string {
	t.Helper()
	f, err := os.Open("testdata/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			rec[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if rec["package"] != "axe-core" || rec["version"] == "" {
		t.Fatalf("testdata/VERSIONS records no axe-core version: %v", rec)
	}
	name, _, _ := strings.Cut(rec["file"], " ")
	src, err := os.ReadFile(filepath.Clean(name))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src)
	if got := hex.EncodeToString(sum[:]); got != rec["sha256"] {
		t.Fatalf("%s: sha256 %s, testdata/VERSIONS records %s", name, got, rec["sha256"])
	}
	if !strings.HasPrefix(string(src), "/*! axe v"+rec["version"]) {
		t.Fatalf("%s does not declare axe v%s", name, rec["version"])
	}
	return string(src)
}

// axeViolation is one failed rule on a page, with where it failed.
type axeViolation struct {
	ID    string   `json:"id"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"`
}

// runAxe runs every axe-core rule on the page as it is now and returns what failed.
// It first lets colour transitions started by a scheme change finish, so no
// colour is measured halfway.
const runAxe = `Promise.race([new Promise(ok => setTimeout(ok, 2000)), Promise.all(document.getAnimations()
	.filter(a => a instanceof CSSTransition && a.playState === 'running')
	.map(a => a.finished.catch(() => null)))])
.then(() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	id: v.id, help: v.help,
	nodes: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\s+/g, ' ') : '')),
}))))`

// runAxeColours runs only the rules whose outcome depends on colours: the
// second colour scheme of a page changes nothing else.
var runAxeColours = strings.Replace(runAxe, "{resultTypes: ['violations']}",
	"{resultTypes: ['violations'], runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}", 1)

// TestAccessibility opens every main page of the demo console in one browser
// and runs axe-core on it, in the light and the dark colour scheme, failing on
// any violation with a list of rule, page and element.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	a := startApp(t)
	ctx := newBrowser(t)
	// axe is injected through DevTools; the console's CSP rightly forbids it otherwise.
	bypass := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})
	scheme := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
			})
			return err
		})
	}
	start := time.Now()
	var failures []string
	schemes := []string{"light", "dark"}
	check := func(path string) {
		t.Helper()
		step(t, ctx, "open "+path, chromedp.Navigate(a.URL+path))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+"\n;true")); err != nil {
			t.Fatalf("loading axe-core into %s: %v", path, err)
		}
		for i, s := range schemes {
			sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			err := chromedp.Do(sctx, scheme(s))
			var vs []axeViolation
			if err == nil {
				script := runAxe
				if i > 0 {
					script = runAxeColours
				}
				vs, err = chromedp.Run(sctx, chromedp.Evaluate[[]axeViolation](script, chromedp.EvalAwaitPromise))
			}
			cancel()
			if err != nil {
				t.Fatalf("axe on %s (%s): %v", path, s, err)
			}
			for _, v := range vs {
				failures = append(failures, fmt.Sprintf("%s (%s) %s: %s\n\t%s", path, s, v.ID, v.Help, strings.Join(v.Nodes, "\n\t")))
			}
		}
		// The next page starts in the scheme this one ended in, saving a switch.
		schemes[0], schemes[1] = schemes[1], schemes[0]
	}

	step(t, ctx, "allow axe into the pages", bypass)
	check("/login")
	step(t, ctx, "demo sign-in",
		chromedp.Click(chromedp.CSS(`[data-testid=demo-signin]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	firstHref := func(from, sel string) string {
		step(t, ctx, "open "+from, chromedp.Navigate(a.URL+from))
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q)?.getAttribute('href') || ''`, sel)))
		if err != nil || href == "" {
			t.Fatalf("no link %s on %s: %v", sel, from, err)
		}
		return href
	}
	article := firstHref("/articles", `[data-testid=article-row] td.title a`)
	conversation := firstHref("/conversations", `a.conversation-link`)
	action := firstHref("/ai-actions", `a[href^="/ai-actions/"]:not([href$=new]):not([href*=coverage])`)

	for _, path := range []string{
		"/articles", "/articles?state=draft&sort=-modified", "/articles/new", article, article + "/history", article + "/lang-urls",
		"/search?query=return", "/tags", "/paragraphs",
		"/conversations", conversation, "/reviews", "/gaps", "/jobs",
		"/settings", "/settings?tab=chatbot", "/ai-actions", action, "/ai-actions/new", "/widget", "/handoff", "/chat", "/ratings",
		"/imports", "/sources", "/sources?source=intercom", "/audit", "/no-such-page",
	} {
		check(path)
	}
	// The editor's times read in the browser's local time, with the exact UTC time on hover.
	step(t, ctx, "open an article", chromedp.Navigate(a.URL+article))
	waitFor(t, ctx, "a local time with UTC on hover", `(() => {
		const t = document.querySelector('time[data-local-time]');
		return t && !t.textContent.endsWith('UTC') && t.title.endsWith(' UTC');
	})()`)

	// The first Tab reaches the skip link, and following it puts the keyboard in the page.
	step(t, ctx, "tab to the skip link and follow it",
		chromedp.Navigate(a.URL+"/articles"),
		chromedp.KeyEvent("\t"),
	)
	waitFor(t, ctx, "the skip link to have the focus", `document.activeElement?.dataset.testid === 'skip-link'`)
	step(t, ctx, "follow the skip link", chromedp.KeyEvent("\r"))
	waitFor(t, ctx, "the page's main content to have the focus", `document.activeElement?.id === 'main'`)
	t.Logf("axe-core on %d pages, light and dark: %v", 28, time.Since(start).Round(time.Millisecond))
	if len(failures) > 0 {
		sort.Strings(failures)
		t.Errorf("%d accessibility violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
