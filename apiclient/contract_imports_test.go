package apiclient_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/internal/testdocs"
	"qcadmin/sandbox"
)

// helpSite is a small website on 127.0.0.1 (the sandbox fetches only from
// loopback by default): a docs page linking to two articles, and a sitemap
// listing them and a blog post.
func helpSite(t *testing.T) *httptest.Server {
	t.Helper()
	return testdocs.HelpSite(t,
		testdocs.Page{Path: "/docs", Title: "Help center", Unlisted: true, Body: `<nav>Menu</nav><main><h1>Help center</h1>
			<p>Find answers about returns and shipping.</p><a href="/docs/returns">Returns</a> <a href="/docs/shipping">Shipping</a></main>`},
		testdocs.Page{Path: "/docs/returns", Title: "Returns", Body: `<main id="content"><p>Returns are accepted within 30 days.</p></main>
			<footer>Copyright</footer>`},
		testdocs.Page{Path: "/docs/shipping", Title: "Shipping", Body: `<main id="content"><p>Orders ship within two working days.</p></main>`},
		testdocs.Page{Path: "/blog/launch", Title: "Launch", Body: `<p>We launched.</p>`},
	)
}

// articleAt returns the agent's article imported from address.
func articleAt(t *testing.T, c *apiclient.Client, address string) *apiclient.Article {
	t.Helper()
	page, err := c.ListArticles(t.Context(), apiclient.ListArticlesParams{URL: address, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		if a.URL != nil && *a.URL == address {
			full, err := c.GetArticle(t.Context(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatalf("no article imported from %s among %d", address, page.Count)
	return nil
}

func TestContractImports(t *testing.T) {
	api := newContractAPI(t, false)
	site := helpSite(t)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	// One page.
	c := api.client(t, "contract-import-page", sandbox.ScopeWrite)
	one, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", HTMLSelector: "#content"})
	if err != nil {
		t.Fatal(err)
	}
	if one.Status != "success" || one.URL != site.URL+"/docs/returns" || one.Article.ID <= 0 || one.Article.Title != "Returns" ||
		one.Article.URL == nil || *one.Article.URL != site.URL+"/docs/returns" || one.ArticlesCreated != 0 {
		t.Errorf("importing one page: %+v", one)
	}
	if a := articleAt(t, c, site.URL+"/docs/returns"); !strings.Contains(a.Content, "Returns are accepted within 30 days.") || strings.Contains(a.Content, "Copyright") {
		t.Errorf("the imported page holds %q", a.Content)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", Phrases: []string{"30 days"}, Mode: apiclient.WebsiteIndividualWithSummary}); err != nil {
		t.Errorf("a summarized import with phrases: %v", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", HTMLSelector: "#nowhere"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("a selector that matches nothing: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/gone"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a page that is not there: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: "https://example.com/"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("a site beyond the fetch allow list: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs", Mode: "everything"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an unknown mode: %v, want a 4xx", err)
	}

	// A whole site: the docs page and the two it links to.
	c = api.client(t, "contract-import-site", sandbox.ScopeWrite)
	all, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs", Mode: apiclient.WebsiteSiteWide})
	if err != nil {
		t.Fatal(err)
	}
	if all.ArticlesCreated != 3 || all.Article.Title != "Help center" {
		t.Errorf("a site-wide import: %+v, want 3 articles", all)
	}
	for _, path := range []string{"/docs", "/docs/returns", "/docs/shipping"} {
		if a := articleAt(t, c, site.URL+path); a.Type != "URL" {
			t.Errorf("%s was imported as a %q article", path, a.Type)
		}
	}

	// A sitemap, filtered.
	c = api.client(t, "contract-import-sitemap", sandbox.ScopeWrite)
	sm, err := c.ImportSitemap(ctx, apiclient.SitemapImport{SiteMap: site.URL + "/sitemap.xml", LinkFilterRegex: "/docs/", HTMLSelector: "#content"})
	if err != nil {
		t.Fatal(err)
	}
	if sm.Status != "success" || !slices.Equal(sm.Links, []string{site.URL + "/docs/returns", site.URL + "/docs/shipping"}) {
		t.Errorf("a filtered sitemap import: %+v", sm)
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 2 {
		t.Errorf("after the sitemap import: %v articles (err %v), want 2", page, err)
	}
	if _, err := c.ImportSitemap(ctx, apiclient.SitemapImport{SiteMap: site.URL + "/sitemap.xml", LinkFilterRegex: "("}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an invalid filter: %v, want a 4xx", err)
	}

	// A list of links, tagged.
	c = api.client(t, "contract-import-links", sandbox.ScopeWrite)
	ll, err := c.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{site.URL + "/docs/shipping", site.URL + "/blog/launch"}, Tags: []string{"imported"}, Summarize: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ll.Links, []string{site.URL + "/docs/shipping", site.URL + "/blog/launch"}) {
		t.Errorf("a link list import: %+v", ll)
	}
	if a := articleAt(t, c, site.URL+"/blog/launch"); !slices.Equal(a.Tags, []string{"imported"}) || !strings.Contains(a.Content, "We launched.") {
		t.Errorf("an imported link: %+v", a)
	}
	if _, err := c.ImportLinks(ctx, apiclient.LinkListImport{}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("an empty link list: %v, want a 4xx", err)
	}
	if _, err := c.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{"not a link"}}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a link that is not a URL: %v, want a 4xx", err)
	}

	// YouTube: accepted, processed later.
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ToastProcessUUID: apiclient.NewProcessUUID()}); err != nil {
		t.Errorf("a YouTube import: %v", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://youtu.be/dQw4w9WgXcQ"}); err != nil {
		t.Errorf("a YouTube import without a process UUID: %v", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ToastProcessUUID: "not-a-uuid"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an invalid process UUID: %v, want a 4xx", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: site.URL + "/docs"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a YouTube import of another site: %v, want a 4xx", err)
	}

	reader := api.client(t, "contract-import-links", sandbox.ScopeRead)
	if _, err := reader.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{site.URL + "/docs"}}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
}
