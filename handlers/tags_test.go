package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tagFake answers ListTags with a fixed list.
type tagFake struct {
	signInOnly
	tags []string
}

func (f tagFake) ListTags(context.Context) ([]string, error) { return f.tags, nil }

func TestTagListLinksEveryTagToItsArticles(t *testing.T) {
	c := newConsole(t)
	c.signIn()
	seeded, err := c.sandboxClient().ListTags(context.Background())
	if err != nil || len(seeded) < 5 {
		t.Fatalf("sandbox tags: %q %v", seeded, err)
	}
	res, body := c.get("/tags")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /tags = %d", res.StatusCode)
	}
	doc := parse(t, body)
	shown := []string{}
	doc.Find(testid("tag") + " a").Each(func(_ int, a *goqSel) {
		shown = append(shown, a.Text())
		if href, _ := a.Attr("href"); href != "/articles?tags="+url.QueryEscape(a.Text()) {
			t.Errorf("tag %q links to %q", a.Text(), href)
		}
	})
	want := slices.Clone(seeded)
	slices.Sort(want) // the seeded tags are all lower case
	if !slices.Equal(shown, want) {
		t.Fatalf("tags shown %q, want %q", shown, want)
	}
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Tags" {
		t.Errorf("active navigation = %q", got)
	}

	// A tag's link lists exactly its articles.
	_, body = c.get("/articles?tags=shipping")
	if parse(t, body).Find(testid("article-row")).Length() == 0 {
		t.Error("the shipping tag's link lists no articles")
	}

	// The filter works in the URL, without scripts; hidden tags stay in the page for app.js.
	_, body = c.get("/tags?filter=SHIP")
	doc = parse(t, body)
	visible := []string{}
	doc.Find(testid("tag")).Each(func(_ int, li *goqSel) {
		if _, hidden := li.Attr("hidden"); !hidden {
			visible = append(visible, li.Text())
		}
	})
	if !slices.Equal(visible, []string{"shipping"}) || doc.Find(testid("tag")).Length() != len(want) {
		t.Errorf("filter SHIP leaves %q of %d", visible, doc.Find(testid("tag")).Length())
	}
	if got := doc.Find(testid("tag-count")).Text(); got != "1 of "+strconv.Itoa(len(want))+" tags" {
		t.Errorf("count = %q", got)
	}
	if _, hidden := doc.Find(testid("no-match")).Attr("hidden"); !hidden {
		t.Error("the no-match line shows although a tag matches")
	}
}

func TestTagListEscapesTagsAndSorts(t *testing.T) {
	c := newConsole(t, withAPI(tagFake{tags: []string{"zeta", `<b>&"x`, "Alpha", "beta", "zeta"}}))
	c.signIn()
	_, body := c.get("/tags")
	if strings.Contains(body, `<b>&"x`) || !strings.Contains(body, "&lt;b&gt;&amp;&#34;x") {
		t.Fatal("a tag's markup reached the page unescaped")
	}
	doc := parse(t, body)
	links := doc.Find(testid("tag") + " a")
	labels := links.Map(func(_ int, a *goqSel) string { return a.Text() })
	if !slices.Equal(labels, []string{`<b>&"x`, "Alpha", "beta", "zeta"}) {
		t.Fatalf("tags = %q, want sorted without repeats", labels)
	}
	if href, _ := links.First().Attr("href"); href != "/articles?tags=%3Cb%3E%26%22x" {
		t.Errorf("href = %q", href)
	}
	if doc.Find("main b").Length() != 0 {
		t.Error("a tag became markup")
	}
}

func TestTagListEmpty(t *testing.T) {
	c := newConsole(t, withAPI(tagFake{}))
	c.signIn()
	_, body := c.get("/tags")
	doc := parse(t, body)
	if got := doc.Find(testid("empty")).Text(); !strings.Contains(got, "No article has tags yet") {
		t.Errorf("empty state = %q", got)
	}
	if doc.Find(testid("tag-filter")).Length() != 0 {
		t.Error("an empty list offers a filter")
	}
}
