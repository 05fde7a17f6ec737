package articles_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
	"qcadmin/kbindex"
	"qcadmin/static"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// tagFake answers ListTags with a fixed list.
type tagFake struct {
	signInOnly
	tags []string
	// total is the knowledge base's article count; each tag is on perTag articles.
	total, perTag int
	mu            *sync.Mutex
	asked         *[]apiclient.ListArticlesParams
}

func (f tagFake) ListTags(context.Context) ([]string, error) { return f.tags, nil }

func (f tagFake) ListArticles(_ context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	if f.mu != nil {
		f.mu.Lock()
		*f.asked = append(*f.asked, p)
		f.mu.Unlock()
	}
	if len(p.Tags) > 0 {
		return &apiclient.Page[apiclient.Article]{Limit: p.Limit, Count: f.perTag, Items: []apiclient.Article{{ID: 1, Tags: p.Tags}}}, nil
	}
	return &apiclient.Page[apiclient.Article]{Limit: p.Limit, Count: f.total, Items: make([]apiclient.Article, min(f.total, p.Limit))}, nil
}

func TestTagListLinksEveryTagToItsArticles(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	seeded, err := c.SandboxClient().ListTags(context.Background())
	if err != nil || len(seeded) < 5 {
		t.Fatalf("sandbox tags: %q %v", seeded, err)
	}
	res, body := c.Get("/tags")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /tags = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	shown := []string{}
	doc.Find(consoletest.TestID("tag") + " a").Each(func(_ int, a *goquery.Selection) {
		label := a.Find(consoletest.TestID("tag-label")).Text()
		shown = append(shown, label)
		if href, _ := a.Attr("href"); href != "/articles?tags="+url.QueryEscape(label) {
			t.Errorf("tag %q links to %q", label, href)
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
	_, body = c.Get("/articles?tags=shipping")
	if consoletest.Parse(t, body).Find(consoletest.TestID("article-row")).Length() == 0 {
		t.Error("the shipping tag's link lists no articles")
	}

	// The filter works in the URL, without scripts; hidden tags stay in the page for counters.js,
	// which the page loads to narrow the list as the person types.
	_, body = c.Get("/tags?filter=SHIP")
	doc = consoletest.Parse(t, body)
	if doc.Find(`script[src="`+static.URL("counters.js")+`"]`).Length() != 1 {
		t.Error("the tags page does not load counters.js")
	}
	visible := []string{}
	doc.Find(consoletest.TestID("tag")).Each(func(_ int, li *goquery.Selection) {
		if _, hidden := li.Attr("hidden"); !hidden {
			visible = append(visible, li.Find(consoletest.TestID("tag-label")).Text())
		}
	})
	if !slices.Equal(visible, []string{"shipping"}) || doc.Find(consoletest.TestID("tag")).Length() != len(want) {
		t.Errorf("filter SHIP leaves %q of %d", visible, doc.Find(consoletest.TestID("tag")).Length())
	}
	if got := doc.Find(consoletest.TestID("tag-count")).Text(); got != "1 of "+strconv.Itoa(len(want))+" tags" {
		t.Errorf("count = %q", got)
	}
	if _, hidden := doc.Find(consoletest.TestID("no-match")).Attr("hidden"); !hidden {
		t.Error("the no-match line shows although a tag matches")
	}
}

func TestTagListEscapesTagsAndSorts(t *testing.T) {
	c := consoletest.New(t, consoletest.WithAPI(tagFake{tags: []string{"zeta", `<b>&"x`, "Alpha", "beta", "zeta"}}))
	c.SignIn()
	_, body := c.Get("/tags")
	if strings.Contains(body, `<b>&"x`) || !strings.Contains(body, "&lt;b&gt;&amp;&#34;x") {
		t.Fatal("a tag's markup reached the page unescaped")
	}
	doc := consoletest.Parse(t, body)
	links := doc.Find(consoletest.TestID("tag") + " a")
	labels := links.Map(func(_ int, a *goquery.Selection) string { return a.Find(consoletest.TestID("tag-label")).Text() })
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
	c := consoletest.New(t, consoletest.WithAPI(tagFake{}))
	c.SignIn()
	_, body := c.Get("/tags")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("empty")).Text(); !strings.Contains(got, "No article has tags yet") {
		t.Errorf("empty state = %q", got)
	}
	if doc.Find(consoletest.TestID("tag-filter")).Length() != 0 {
		t.Error("an empty list offers a filter")
	}
}

// The list's tag menu holds only the tag filtered by until it is first used;
// then it loads every tag, that one still chosen.
func TestTagFilterLoadsWhenUsed(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	seeded, err := c.SandboxClient().ListTags(context.Background())
	if err != nil || len(seeded) < 2 {
		t.Fatalf("sandbox tags: %q %v", seeded, err)
	}
	chosen := seeded[1]
	res, body := c.Get("/articles?tags=" + url.QueryEscape(chosen))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles = %d", res.StatusCode)
	}
	menu := consoletest.Parse(t, body).Find(consoletest.TestID("tag-menu"))
	if got := menu.Find("option[selected]").AttrOr("value", ""); got != chosen {
		t.Errorf("the menu before use has %q chosen, want %q", got, chosen)
	}
	load, _ := menu.Attr("hx-get")
	if want := "/articles/tag-filter?selected=" + url.QueryEscape(chosen); load != want {
		t.Fatalf("the menu loads its options from %q, want %q", load, want)
	}

	res, body = c.Get(load, "HX-Request", "true")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", load, res.StatusCode)
	}
	options := consoletest.Parse(t, "<select>"+body+"</select>").Find("option")
	var values []string
	options.Each(func(_ int, o *goquery.Selection) { values = append(values, o.AttrOr("value", "?")) })
	if want := append([]string{""}, seeded...); !slices.Equal(values, want) {
		t.Errorf("loaded options = %q, want Any tag and then %q", values, seeded)
	}
	if got := options.Filter("[selected]").AttrOr("value", ""); got != chosen {
		t.Errorf("after loading, %q is chosen, want %q", got, chosen)
	}
}

// Each tag shows how many articles carry it, the same number its link lists.
func TestTagListCountsArticlesPerTag(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/tags")
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("tag"))
	if rows.Length() < 5 {
		t.Fatalf("%d tags", rows.Length())
	}
	rows.Each(func(_ int, li *goquery.Selection) {
		label := li.Find(consoletest.TestID("tag-label")).Text()
		want, err := c.SandboxClient().ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 1, Tags: []string{label}})
		if err != nil {
			t.Fatal(err)
		}
		got := li.Find(consoletest.TestID("tag-articles"))
		if got.Length() != 1 || got.Contents().First().Text() != strconv.Itoa(want.Count) {
			t.Errorf("tag %q shows %q articles, its list has %d", label, got.Text(), want.Count)
		}
		if title, _ := got.Attr("title"); want.Count > 1 && title != strconv.Itoa(want.Count)+" articles" {
			t.Errorf("tag %q count title %q", label, title)
		}
	})
	if doc.Find(consoletest.TestID("tag-counts-partial")).Length() != 0 {
		t.Error("a small knowledge base says its counts are partial")
	}
}

// A knowledge base larger than one list read is counted tag by tag, a bounded
// number of tags per page, those the filter leaves first, and the page says
// the counts are partial.
func TestTagListCountsALargeKnowledgeBaseWithinBounds(t *testing.T) {
	var tags []string
	for i := range 30 {
		tags = append(tags, "tag"+strconv.Itoa(100+i))
	}
	var mu sync.Mutex
	var asked []apiclient.ListArticlesParams
	// An index that keeps fewer articles than this knowledge base has, so the counts come from the API.
	small := kbindex.New(kbindex.Config{MaxArticles: 1000})
	t.Cleanup(small.Close)
	c := consoletest.New(t, consoletest.WithAPI(tagFake{tags: tags, total: 5000, perTag: 7, mu: &mu, asked: &asked}),
		func(d *handlers.Deps) { d.Index = small })
	c.SignIn()
	_, body := c.Get("/tags?filter=tag129")
	doc := consoletest.Parse(t, body)
	counted := doc.Find(consoletest.TestID("tag-articles"))
	if counted.Length() == 0 || counted.Length() >= len(tags) {
		t.Fatalf("%d of %d tags counted, want some but not all", counted.Length(), len(tags))
	}
	if got := doc.Find(`[data-filter-text="tag129"] ` + consoletest.TestID("tag-articles")).Contents().First().Text(); got != "7" {
		t.Errorf("the tag the filter leaves shows %q, want 7", got)
	}
	note := doc.Find(consoletest.TestID("tag-counts-partial")).Text()
	if !strings.Contains(note, strconv.Itoa(counted.Length())+" of 30 tags") {
		t.Errorf("partial note = %q", note)
	}
	mu.Lock()
	defer mu.Unlock()
	// The index's first page, which says the knowledge base is too large for it, then the count reads.
	if len(asked) > 14 {
		t.Errorf("%d list reads for one page, want at most 14", len(asked))
	}
}
