package articles_test

import (
	"context"
	"fmt"
	"net/http"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
)

// signInOnly answers the one call sign-in makes, so fakes of other pages can embed it.
type signInOnly struct{ handlers.API }

func (signInOnly) GetKnowledgeBase(context.Context) (*apiclient.KnowledgeBaseSettings, error) {
	return &apiclient.KnowledgeBaseSettings{OneWordDescription: "Fake"}, nil
}

// paragraphFake pages through a fixed list of paragraphs the way the API does, and remembers what it was asked.
type paragraphFake struct {
	signInOnly
	items []apiclient.Paragraph
	err   error
	mu    sync.Mutex
	asked []apiclient.ListParagraphsParams
}

// ListArticles fails: paragraphs then name their articles by number.
func (f *paragraphFake) ListArticles(context.Context, apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	return nil, &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}
}

func (f *paragraphFake) ListParagraphs(_ context.Context, p apiclient.ListParagraphsParams) (*apiclient.Page[apiclient.Paragraph], error) {
	f.mu.Lock()
	f.asked = append(f.asked, p)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	matching := []apiclient.Paragraph{}
	for _, it := range f.items {
		if strings.Contains(strings.ToLower(it.Content), strings.ToLower(p.Query)) {
			matching = append(matching, it)
		}
	}
	page := &apiclient.Page[apiclient.Paragraph]{Offset: p.Offset, Limit: p.Limit, Count: len(matching), Items: []apiclient.Paragraph{}}
	if p.Offset < len(matching) {
		page.Items = matching[p.Offset:min(len(matching), p.Offset+p.Limit)]
	}
	return page, nil
}

func (f *paragraphFake) lastAsked() apiclient.ListParagraphsParams {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asked[len(f.asked)-1]
}

func demoParagraphs() []apiclient.Paragraph {
	items := []apiclient.Paragraph{}
	for i := 1; i <= 60; i++ {
		topic := "shipping"
		if i%3 == 0 {
			topic = "batteries"
		}
		p := apiclient.Paragraph{ID: int64(i), Content: fmt.Sprintf("Paragraph %d about %s.", i, topic)}
		if i%2 == 0 {
			article := int64(100 + i)
			p.ArticleID = &article
		}
		items = append(items, p)
	}
	items[0].Content = "<script>alert(1)</script> & more"
	items[1].Content = strings.Repeat("Long batteries text. ", 40)
	return items
}

func TestParagraphListPagesAndLinksToArticles(t *testing.T) {
	fake := &paragraphFake{items: demoParagraphs()}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()
	res, body := c.Get("/paragraphs")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /paragraphs = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("paragraph-row"))
	if rows.Length() != 25 {
		t.Fatalf("first page shows %d paragraphs, want 25", rows.Length())
	}
	if got := fake.lastAsked(); got.Limit != 25 || got.Offset != 0 || got.Query != "" {
		t.Errorf("asked Quickchat for %+v", got)
	}
	if got := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "1–25 of 60") {
		t.Errorf("pager = %q", got)
	}
	next := doc.Find(`[data-testid=pager] a[rel=next]`)
	if href, _ := next.Attr("href"); href != "/paragraphs?offset=25" || next.AttrOr("hx-target", "") != "#paragraph-results" {
		t.Errorf("next link = %q → %q", href, next.AttrOr("hx-target", ""))
	}
	if got := doc.Find(`nav.nav a[aria-current="page"]`).Text(); got != "Paragraphs" {
		t.Errorf("active navigation = %q", got)
	}

	// Paragraphs link to their article when Quickchat says which one.
	second := rows.Eq(1)
	if href, _ := second.Find(consoletest.TestID("paragraph-article")).Attr("href"); href != "/articles/102" {
		t.Errorf("paragraph 2 links to %q", href)
	}
	if n := rows.Eq(2).Find(consoletest.TestID("paragraph-article")).Length(); n != 0 {
		t.Error("a paragraph of no known article links to one")
	}

	// Content is plain text: markup shows as typed and never runs.
	first := rows.Eq(0).Find(".paragraph-text").Text()
	if first != "<script>alert(1)</script> & more" || doc.Find("main script").Length() != 0 {
		t.Errorf("first paragraph = %q", first)
	}
	// Long paragraphs are clipped, with the rest a click away.
	long := second.Find("details.paragraph-more .paragraph-text").Text()
	excerpt := second.Find(".paragraph-excerpt").Text()
	if long != demoParagraphs()[1].Content || !strings.HasSuffix(excerpt, "…") || len(excerpt) >= len(long) {
		t.Errorf("long paragraph: excerpt %q, full %d chars", excerpt, len(long))
	}

	// Another page, another size: a shareable URL.
	_, body = c.Get("/paragraphs?limit=10&offset=10")
	doc = consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("paragraph-row")).Length(); n != 10 {
		t.Errorf("page 2 of 10 shows %d rows", n)
	}
	if got := fake.lastAsked(); got.Limit != 10 || got.Offset != 10 {
		t.Errorf("asked Quickchat for %+v", got)
	}
	if href, _ := doc.Find(`[data-testid=pager] a[rel=prev]`).Attr("href"); href != "/paragraphs?limit=10" {
		t.Errorf("previous link = %q", href)
	}
	if href, _ := doc.Find(`[data-testid=pager] a[rel=next]`).Attr("href"); href != "/paragraphs?limit=10&offset=20" {
		t.Errorf("next link = %q", href)
	}
	if v, _ := doc.Find(`#f-limit option[selected]`).Attr("value"); v != "10" {
		t.Errorf("the page-size menu shows %q", v)
	}

	// An unknown page size falls back to the default rather than asking for thousands.
	c.Get("/paragraphs?limit=5000")
	if got := fake.lastAsked(); got.Limit != 25 {
		t.Errorf("limit=5000 asked for %d", got.Limit)
	}
}

func TestParagraphFilterAndHtmxFragment(t *testing.T) {
	fake := &paragraphFake{items: demoParagraphs()}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()
	_, body := c.Get("/paragraphs?query=batteries")
	doc := consoletest.Parse(t, body)
	if got := fake.lastAsked(); got.Query != "batteries" {
		t.Errorf("query sent = %q", got.Query)
	}
	if v, _ := doc.Find("#f-query").Attr("value"); v != "batteries" {
		t.Errorf("the filter box shows %q", v)
	}
	rows := doc.Find(consoletest.TestID("paragraph-row"))
	if rows.Length() == 0 {
		t.Fatal("no paragraph about batteries")
	}
	rows.Each(func(_ int, s *goquery.Selection) {
		if !strings.Contains(s.Text(), "batteries") {
			t.Errorf("row %q does not match the filter", s.Text())
		}
	})
	form := doc.Find(consoletest.TestID("filters"))
	if form.AttrOr("hx-get", "") != "/paragraphs" || form.AttrOr("hx-target", "") != "#paragraph-results" || form.AttrOr("hx-push-url", "") != "true" {
		t.Error("the filter form does not update the results in place with a shareable URL")
	}

	res, body := c.Get("/paragraphs?query=batteries", "HX-Request", "true")
	if strings.Contains(body, "<html") || strings.Contains(body, `data-testid="filters"`) {
		t.Fatal("an htmx request got more than the results")
	}
	if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "HX-Request") {
		t.Errorf("Vary = %q", vary)
	}
	if consoletest.Parse(t, body).Find(consoletest.TestID("paragraph-row")).Length() != rows.Length() {
		t.Error("the fragment shows other rows than the page")
	}

	_, body = c.Get("/paragraphs?query=zzz-nothing")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("empty")).Text(); !strings.Contains(got, "No paragraphs match “zzz-nothing”") {
		t.Errorf("empty filter result = %q", got)
	}
}

func TestParagraphListEmptyAndFailing(t *testing.T) {
	c := consoletest.New(t, consoletest.WithAPI(&paragraphFake{}))
	c.SignIn()
	_, body := c.Get("/paragraphs")
	empty := consoletest.Parse(t, body).Find(consoletest.TestID("empty"))
	if !strings.Contains(empty.Text(), "Publish an article to create paragraphs") {
		t.Errorf("empty state = %q", empty.Text())
	}
	if href, _ := empty.Find("a").Attr("href"); href != "/articles" {
		t.Errorf("empty state links to %q", href)
	}

	down := &paragraphFake{err: &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}}
	c = consoletest.New(t, consoletest.WithAPI(down))
	c.SignIn()
	res, body := c.Get("/paragraphs?query=x")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(doc.Find(consoletest.TestID("error-page")).Text(), "not answering properly") {
		t.Fatalf("failing API = %d %q", res.StatusCode, doc.Find(consoletest.TestID("error-page")).Text())
	}
	if retry, _ := doc.Find(`a.btn-primary`).Attr("href"); retry != "/paragraphs?query=x" {
		t.Errorf("retry link = %q", retry)
	}
}

func TestParagraphsFromTheSandbox(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	all, err := c.SandboxClient().ListParagraphs(context.Background(), apiclient.ListParagraphsParams{Limit: 100})
	if err != nil || all.Count < 26 {
		t.Fatalf("sandbox paragraphs: %d %v", all.Count, err)
	}
	_, body := c.Get("/paragraphs")
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("paragraph-row"))
	if rows.Length() != 25 {
		t.Fatalf("first page shows %d paragraphs", rows.Length())
	}
	if got := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "1–25 of "+strconv.Itoa(all.Count)) {
		t.Errorf("pager = %q", got)
	}
	// Every sandbox paragraph names its article, and the link opens it.
	href, ok := rows.First().Find(consoletest.TestID("paragraph-article")).Attr("href")
	if want := "/articles/" + strconv.FormatInt(*all.Items[0].ArticleID, 10); !ok || href != want {
		t.Fatalf("first paragraph links to %q, want %q", href, want)
	}
	if res, _ := c.Get(href); res.StatusCode != http.StatusOK {
		t.Errorf("the paragraph's article %s = %d", href, res.StatusCode)
	}
	// It names the article by its title, not its number.
	article, err := c.SandboxClient().GetArticle(context.Background(), *all.Items[0].ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows.First().Find(consoletest.TestID("paragraph-article")).Text(); got != article.Title || strings.Contains(got, "#") {
		t.Errorf("first paragraph's article reads %q, want %q", got, article.Title)
	}
	rows.Each(func(_ int, s *goquery.Selection) {
		if got := s.Find(consoletest.TestID("paragraph-article")).Text(); strings.HasPrefix(got, "Article #") {
			t.Errorf("paragraph %s names its article %q", s.AttrOr("data-id", "?"), got)
		}
	})

	_, body = c.Get("/paragraphs?query=battery&limit=100")
	filtered := consoletest.Parse(t, body).Find(consoletest.TestID("paragraph-row"))
	if filtered.Length() == 0 || filtered.Length() >= all.Count {
		t.Fatalf("query=battery leaves %d of %d", filtered.Length(), all.Count)
	}
	filtered.Each(func(_ int, s *goquery.Selection) {
		if !strings.Contains(strings.ToLower(s.Text()), "battery") {
			t.Errorf("paragraph %s does not mention batteries", s.AttrOr("data-id", "?"))
		}
	})
}

// Without the article list, a paragraph still links to its article, by number.
func TestParagraphNamesItsArticleByNumberWithoutTheList(t *testing.T) {
	id := int64(6)
	c := consoletest.New(t, consoletest.WithAPI(&paragraphFake{items: []apiclient.Paragraph{{ID: 1, Content: "Batteries last two years.", ArticleID: &id}}}))
	c.SignIn()
	_, body := c.Get("/paragraphs")
	link := consoletest.Parse(t, body).Find(consoletest.TestID("paragraph-article"))
	if link.Text() != "Article #6" || link.AttrOr("href", "") != "/articles/6" {
		t.Errorf("article link %q → %q", link.Text(), link.AttrOr("href", ""))
	}
}
