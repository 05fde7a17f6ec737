package imports_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"qcadmin/handlers/consoletest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/internal/testdocs"
)

// helpSite is a small help centre on 127.0.0.1, which the sandbox may fetch from by default.
func helpSite(t *testing.T) *httptest.Server {
	page := func(path, title, text string) testdocs.Page {
		return testdocs.Page{Path: path, Title: title, Body: "<nav>Menu</nav><main><h1>" + title + "</h1><p>" + text + "</p></main>"}
	}
	return testdocs.HelpSite(t,
		page("/returns", "Returns", "Returns are free within 30 days."),
		page("/shipping", "Shipping", "We ship to Norway and Poland."),
		page("/blog/new", "News", "A new warehouse opened."),
	)
}

// articleTitles lists the titles the console's article list shows for a query.
func articleTitles(t *testing.T, c *consoletest.Console, query string) []string {
	t.Helper()
	_, body := c.Get("/articles?" + query)
	var titles []string
	consoletest.Parse(t, body).Find(consoletest.TestID("article-row") + " td.title a").Each(func(_ int, a *goquery.Selection) { titles = append(titles, a.Text()) })
	sort.Strings(titles)
	return titles
}

func TestLinkListImportsEachPageWithTheTags(t *testing.T) {
	site := helpSite(t)
	c := consoletest.New(t)
	c.SignIn()
	links := site.URL + "/returns\n\n  " + site.URL + "/shipping  \n"
	res, body := c.Post("/imports/links", url.Values{"links": {links}, "tags": {"imported, help-centre, imported"}, "html_selector": {"main"}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	result := doc.Find(`#import-links ` + consoletest.TestID("import-result"))
	if !strings.Contains(result.Text(), "Imported 2 pages") {
		t.Fatalf("result %q; notice %q", result.Text(), doc.Find(`#import-links `+consoletest.TestID("notice")).Text())
	}
	var hrefs []string
	result.Find(consoletest.TestID("result-link")).Each(func(_ int, a *goquery.Selection) { hrefs = append(hrefs, a.AttrOr("href", "")) })
	wantHrefs := []string{
		"/articles?url=" + url.QueryEscape(site.URL+"/returns"),
		"/articles?url=" + url.QueryEscape(site.URL+"/shipping"),
		"/articles?tags=imported",
	}
	if strings.Join(hrefs, " ") != strings.Join(wantHrefs, " ") {
		t.Errorf("result links %q, want %q", hrefs, wantHrefs)
	}
	if got := doc.Find("#links-links").Text(); got != "" {
		t.Errorf("after a successful import the list still holds %q", got)
	}
	if got := articleTitles(t, c, "tags=help-centre"); strings.Join(got, ",") != "Returns,Shipping" {
		t.Fatalf("articles tagged help-centre: %q", got)
	}
	_, body = c.Get(hrefs[0])
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("article-row")).Length(); got != 1 {
		t.Errorf("the link to the articles made from /returns lists %d", got)
	}
}

func TestSitemapImportListsTheLinksThatMatch(t *testing.T) {
	site := helpSite(t)
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Post("/imports/sitemap", url.Values{"site_map": {site.URL + "/sitemap.xml"}, "link_filter_regex": {"/(returns|shipping)$"}})
	doc := consoletest.Parse(t, body)
	var links []string
	doc.Find(`#import-sitemap ` + consoletest.TestID("result-link")).Each(func(_ int, a *goquery.Selection) { links = append(links, a.Text()) })
	if strings.Join(links, " ") != site.URL+"/returns "+site.URL+"/shipping" {
		t.Fatalf("listed %q; page:\n%s", links, doc.Find("#import-sitemap").Text())
	}
	if got := articleTitles(t, c, "types=URL&title=News"); len(got) != 0 {
		t.Errorf("the filter let /blog/new through: %q", got)
	}
}

func TestWebsiteImportLinksToTheArticle(t *testing.T) {
	site := helpSite(t)
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Post("/imports/website", url.Values{"url": {site.URL + "/returns"}, "mode": {"individual"}, "phrases": {"free\r\n30 days"}, "html_selector": {"main"}})
	doc := consoletest.Parse(t, body)
	link := doc.Find(`#import-website ` + consoletest.TestID("result-link"))
	if href := link.AttrOr("href", ""); !strings.HasPrefix(href, "/articles/") || link.Text() != "Returns" {
		t.Fatalf("result links %q → %q; section:\n%s", link.Text(), href, doc.Find("#import-website").Text())
	}
}

func TestYouTubeImportSaysItIsProcessing(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Post("/imports/youtube", url.Values{"url": {"https://www.youtube.com/watch?v=dQw4w9WgXcQ"}})
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`#import-youtube ` + consoletest.TestID("import-result")).Text(); !strings.Contains(got, "Processing: the transcript will appear as an article when Quickchat has fetched it.") {
		t.Fatalf("result %q; notice %q", got, doc.Find(`#import-youtube `+consoletest.TestID("notice")).Text())
	}
	if doc.Find(consoletest.TestID("youtube-sandbox")).Length() != 1 {
		t.Error("the page does not say the sandbox cannot reach YouTube")
	}
}

func TestImportFormsRefuseBadInputThemselves(t *testing.T) {
	cases := []struct {
		name, path string
		form       url.Values
		errorID    string // the field message's element
		want       string
		keptSel    string // where the typed text must come back
		kept       string
	}{
		{"empty link list", "/imports/links", url.Values{"links": {" \n \n"}, "tags": {"kept-tag"}}, "links-links-error", "Add at least one address", "#links-tags", "kept-tag"},
		{"relative link", "/imports/links", url.Values{"links": {"https://example.com/ok\nexample.com/faq"}, "tags": {"x"}}, "links-links-error", "“example.com/faq”", "#links-links", "https://example.com/ok\nexample.com/faq"},
		{"ftp link", "/imports/links", url.Values{"links": {"ftp://example.com/file"}}, "links-links-error", "http:// or https://", "#links-links", "ftp://example.com/file"},
		{"invalid regex", "/imports/sitemap", url.Values{"site_map": {"https://example.com/sitemap.xml"}, "link_filter_regex": {"/docs/(.*"}}, "sitemap-link_filter_regex-error", "not a valid regular expression: missing closing )", "#sitemap-link_filter_regex", "/docs/(.*"},
		{"sitemap without address", "/imports/sitemap", url.Values{"site_map": {""}, "html_selector": {"main article"}}, "sitemap-site_map-error", "Enter an address", "#sitemap-html_selector", "main article"},
		{"website relative", "/imports/website", url.Values{"url": {"/docs"}, "phrases": {"refunds"}}, "website-url-error", "not a full web address", "#website-phrases", "refunds"},
		{"website unknown mode", "/imports/website", url.Values{"url": {"https://example.com"}, "mode": {"everything"}}, "website-mode-error", "Choose one of the modes", "#website-url", "https://example.com"},
		{"youtube no scheme", "/imports/youtube", url.Values{"url": {"youtu.be/dQw4w9WgXcQ"}}, "youtube-url-error", "not a full web address", "#youtube-url", "youtu.be/dQw4w9WgXcQ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := consoletest.New(t, consoletest.WithAPI(importFake{t: t}))
			c.SignIn()
			for _, htmx := range []bool{false, true} {
				var header []string
				if htmx {
					header = []string{"HX-Request", "true"}
				}
				res, body := c.Post(tc.path, tc.form, header...)
				doc := consoletest.Parse(t, body)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("htmx %v: status %d", htmx, res.StatusCode)
				}
				if got := doc.Find("#" + tc.errorID).Text(); !strings.Contains(got, tc.want) {
					t.Errorf("htmx %v: #%s = %q, want %q", htmx, tc.errorID, got, tc.want)
				}
				kept := doc.Find(tc.keptSel)
				got := kept.AttrOr("value", kept.Text())
				if got != tc.kept {
					t.Errorf("htmx %v: %s holds %q, want %q as typed", htmx, tc.keptSel, got, tc.kept)
				}
				if htmx && (strings.Contains(body, "<html") || doc.Find("section").Length() != 1) {
					t.Errorf("htmx got more than its section:\n%s", body)
				}
			}
		})
	}
}

func TestHostOutsideTheAllowListShowsTheSandboxsMessage(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	links := "https://example.com/returns"
	_, body := c.Post("/imports/links", url.Values{"links": {links}, "tags": {"faq"}})
	doc := consoletest.Parse(t, body)
	if got := doc.Find("#links-links-error").Text(); !strings.Contains(got, "may not fetch from example.com") {
		t.Fatalf("message %q; notice %q", got, doc.Find(`#import-links `+consoletest.TestID("notice")).Text())
	}
	if doc.Find("#links-links").Text() != links || doc.Find("#links-tags").AttrOr("value", "") != "faq" {
		t.Error("the form lost what was typed")
	}
}

func TestImportWaitingForTheBudgetKeepsTheForm(t *testing.T) {
	c := consoletest.New(t, consoletest.WithAPI(importFake{t: t, links: func(apiclient.LinkListImport) (*apiclient.LinksResult, error) {
		return nil, fmt.Errorf("scrape-list: %w beyond its deadline (next slot in %s)", apiclient.ErrRateBudget, 40*time.Second)
	}}))
	c.SignIn()
	_, body := c.Post("/imports/links", url.Values{"links": {"https://example.com/a"}, "tags": {"t"}, "summarize": {"true"}})
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`#import-links ` + consoletest.TestID("notice")).Text(); !strings.Contains(got, "waiting for Quickchat's rate limit") {
		t.Fatalf("notice %q", got)
	}
	if doc.Find("#links-links").Text() != "https://example.com/a" || doc.Find("#links-summarize[checked]").Length() != 1 {
		t.Error("the form lost what was typed")
	}
}

func TestImportsPageForReadOnlyTokens(t *testing.T) {
	site := helpSite(t)
	c := consoletest.New(t)
	c.SignInWith(c.Token("read_all", time.Hour))
	_, body := c.Get("/imports")
	doc := consoletest.Parse(t, body)
	if n := doc.Find("form[action^='/imports']").Length(); n != 0 {
		t.Errorf("a read-only token sees %d import forms", n)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Error("the page does not say the token is read-only")
	}
	_, body = c.Post("/imports/links", url.Values{"links": {site.URL + "/returns"}})
	if got := consoletest.Parse(t, body).Find(`#import-links ` + consoletest.TestID("notice")).Text(); !strings.Contains(got, "This token is read-only") {
		t.Fatalf("forced POST: %q", got)
	}
}

func TestImportsPageOffersEveryForm(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/imports")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(`nav a[aria-current="page"]`).Text() != "Imports" {
		t.Fatalf("%d, nav %q", res.StatusCode, doc.Find(`nav a[aria-current="page"]`).Text())
	}
	for _, name := range []string{"files", "url", "mode", "phrases", "html_selector", "site_map", "link_filter_regex", "summarize", "links", "tags"} {
		if doc.Find(`[name="`+name+`"]`).Length() == 0 {
			t.Errorf("no field named %s", name)
		}
	}
	form := doc.Find(consoletest.TestID("files-form"))
	if form.AttrOr("enctype", "") != "multipart/form-data" || form.Find("input[type=file][multiple]").Length() != 1 || form.AttrOr("data-max-bytes", "") != "20971520" {
		t.Errorf("the file form: enctype %q, max %q", form.AttrOr("enctype", ""), form.AttrOr("data-max-bytes", ""))
	}
	if src := doc.Find(`script[src*="imports."]`).Length(); src != 1 {
		t.Errorf("%d imports scripts", src)
	}
}
