package articles_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

func TestSearchHighlightsTheQueryWords(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/search?query=" + url.QueryEscape("battery charge"))
	doc := consoletest.Parse(t, body)
	snippets := doc.Find(consoletest.TestID("snippet"))
	if snippets.Length() == 0 {
		t.Fatalf("no snippets for a seeded topic:\n%s", doc.Find("#search-results").Text())
	}
	marks := snippets.Find("mark")
	if marks.Length() == 0 {
		t.Fatal("no query word is highlighted")
	}
	marks.Each(func(_ int, m *goquery.Selection) {
		w := strings.ToLower(m.Text())
		if !strings.HasPrefix(w, "batter") && !strings.HasPrefix(w, "charg") {
			t.Errorf("highlighted %q, which is not a query word", m.Text())
		}
	})
	if href, _ := snippets.First().Find("a").Attr("href"); !strings.HasPrefix(href, "/articles/") {
		t.Errorf("a snippet links to %q", href)
	}
	if v, _ := doc.Find("#s-query").Attr("value"); v != "battery charge" {
		t.Errorf("the query field holds %q", v)
	}
}

func TestSearchFormIsAShareableURL(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/search?query=x&is_case_insensitive=false&with_title_url_and_tags=false&strict_search=true&num_of_display_articles=3&num_of_data_articles=7")
	doc := consoletest.Parse(t, body)
	for sel, want := range map[string]string{"#s-case": "false", "#s-fields": "false", "#s-strict": "true"} {
		if got, _ := doc.Find(sel + " option[selected]").Attr("value"); got != want {
			t.Errorf("%s shows %q, want %q", sel, got, want)
		}
	}
	if v, _ := doc.Find("#s-display").Attr("value"); v != "3" {
		t.Errorf("snippets count = %q", v)
	}
	if v, _ := doc.Find("#s-data").Attr("value"); v != "7" {
		t.Errorf("articles count = %q", v)
	}
}

func TestSearchEdgeCases(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/search")
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("empty")).Text(), "Search the published knowledge base") {
		t.Fatalf("empty search page: %d", res.StatusCode)
	}
	res, body = c.Get("/search?query=" + url.QueryEscape("?!…;"))
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("empty")).Text(), "No published article matches") {
		t.Fatalf("punctuation-only search: %d %s", res.StatusCode, consoletest.Parse(t, body).Find("#search-results").Text())
	}
	_, body = c.Get("/search?query=" + url.QueryEscape(`<script>alert(1)</script>`))
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatal("the query is not escaped")
	}
}

func TestSearchMarksCharactersNotBytes(t *testing.T) {
	kb := consoletest.FakeKB{Search: func(apiclient.SearchParams) (*apiclient.SearchResult, error) {
		return &apiclient.SearchResult{
			ArticleSnippets: []apiclient.ArticleSnippet{{ArticleID: 9, ExpositorySentence: "Die Rückgabe dauert 30 Tage.",
				QueryWordsIDs: []apiclient.QueryWord{{StartChar: 4, EndChar: 12, Text: "Rückgabe"}}}},
			ArticleSnapshots: apiclient.Page[apiclient.Article]{Items: []apiclient.Article{{ID: 9, Title: "Rückgabe", State: "published"}}, Count: 1},
		}, nil
	}}
	c := consoletest.New(t, consoletest.WithAPI(kb))
	c.SignIn()
	_, body := c.Get("/search?query=R%C3%BCckgabe")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("snippet") + " mark").Text(); got != "Rückgabe" {
		t.Fatalf("highlighted %q, want the whole word Rückgabe", got)
	}
}

// The two counts are labelled by what they count, in the words of the results below them.
func TestSearchOptionLabelsSayWhatTheyCount(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/search")
	doc := consoletest.Parse(t, body)
	for id, want := range map[string]string{"s-display": "Best passages to show", "s-data": "Articles to list"} {
		if got := strings.TrimSpace(doc.Find(`label[for="` + id + `"]`).Text()); got != want {
			t.Errorf("%s is labelled %q, want %q", id, got, want)
		}
	}
}
