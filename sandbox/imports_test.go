package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	websitePath    = "/v1/api/knowledge_base/import_external/website"
	sitemapPath    = "/v1/api/knowledge_base/import_external/site-map"
	scrapeListPath = "/v1/api/knowledge_base/import_external/scrape-list"
	youtubePath    = "/v1/api/knowledge_base/import_external/youtube"
)

// helpPage is a page of the test site: navigation, a script and the content in <article class="content">.
func helpPage(title, body string, links ...string) string {
	var nav strings.Builder
	for _, l := range links {
		fmt.Fprintf(&nav, `<a href="%s">%s</a> `, l, l)
	}
	return `<!DOCTYPE html><html><head><title>` + title + ` | Velora Help</title><script>var tracking = "NOSCRIPT";</script>` +
		`<style>body{color:red}</style></head><body><nav>` + nav.String() + `</nav>` +
		`<main><article class="content"><h1>` + title + `</h1>` + body + `</article></main>` +
		`<footer>Footer text © Velora Bikes</footer></body></html>`
}

// newHelpSite serves a small help center: an index linking to three pages, sitemaps, a redirect to a host
// outside the allow list, a redirect loop, an oversized page, an image and a Latin-1 page.
func newHelpSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/{$}", html(`<!DOCTYPE html><html><head><title>Velora Help Center</title></head><body>`+
		`<h1>Welcome</h1><p>Answers about your Velora e-bike.</p><ul>`+
		`<li><a href="/returns">Returns</a></li><li><a href="delivery#top">Delivery</a></li><li><a href="/warranty">Warranty</a></li>`+
		`<li><a href="/missing">Old page</a></li><li><a href="https://example.com/partner">Partner</a></li>`+
		`<li><a href="mailto:help@velora.example">Mail us</a></li><li><a href="/returns">Returns again</a></li></ul></body></html>`))
	mux.HandleFunc("/returns", html(helpPage("Returns", `<p>You can return a bike within <strong>30 days</strong> of delivery.</p>`+
		`<p>Refunds reach your account in 5 working days. Keep the original box.</p><p>Accessories follow the same rules.</p>`, "/", "/delivery")))
	mux.HandleFunc("/delivery", html(helpPage("Delivery", `<p>Bikes ship in 3 to 5 days.</p><table><tr><th>Country</th><th>Days</th></tr><tr><td>DE</td><td>3</td></tr></table>`, "/")))
	mux.HandleFunc("/warranty", html(helpPage("Warranty", `<p>Frames carry a 5-year warranty. Batteries carry 2 years.</p><p>See the <a href="/returns">returns page</a>.</p>`, "/")))
	mux.HandleFunc("/untitled", html(`<html><body><h1>Only a heading</h1><p>Body text.</p></body></html>`))
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
			`<url><loc>%[1]s/returns</loc></url><url><loc> %[1]s/delivery </loc></url><url><loc>%[1]s/warranty</loc></url>`+
			`<url><loc>%[1]s/blog/post-1</loc></url><url><loc>not a url</loc></url><url><loc>%[1]s/returns</loc></url></urlset>`, srv.URL)
	})
	mux.HandleFunc("/sitemap-index.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/sitemap.xml</loc></sitemap></sitemapindex>`, srv.URL)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss><channel><title>News</title></channel></rss>`)
	})
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com/elsewhere", http.StatusFound)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/returns", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>")
		chunk := strings.Repeat("x", 1<<20)
		for range 6 {
			fmt.Fprint(w, chunk)
		}
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html><head><title>Gr\xfc\xdfe</title></head><body><p>F\xfcr alle R\xe4der.</p></body></html>"))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// websiteResult is the answer to a website import.
type websiteResult struct {
	Status          string      `json:"status"`
	URL             string      `json:"url"`
	Article         articleJSON `json:"article"`
	ArticlesCreated *int        `json:"articles_created"`
}

type linksResult struct {
	Status string   `json:"status"`
	Links  []string `json:"links"`
}

func TestImportWebsiteIndividual(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	var got websiteResult
	r := e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns"}).wantStatus(t, http.StatusAccepted)
	r.decode(t, &got)
	if strings.Contains(string(r.Body), "articles_created") {
		t.Errorf("an individual import should not report articles_created: %s", r.Body)
	}
	a := got.Article
	if got.Status != "success" || got.URL != site.URL+"/returns" {
		t.Errorf("status %q url %q", got.Status, got.URL)
	}
	if a.Type != "URL" || a.URL == nil || *a.URL != site.URL+"/returns" || a.Title != "Returns | Velora Help" || a.State != "draft" {
		t.Errorf("article = %+v", a)
	}
	if a.DownloadedTimestamp != e.clock.Now().UTC().Format(time.DateOnly) || a.LastUpdatedFromExternalSourceTimestamp == nil {
		t.Errorf("an imported page should carry downloaded and external timestamps: %+v", a)
	}
	content := *a.Content
	for _, want := range []string{"# Returns", "You can return a bike within **30 days** of delivery.", "Footer text"} {
		if !strings.Contains(content, want) {
			t.Errorf("content lacks %q:\n%s", want, content)
		}
	}
	for _, unwanted := range []string{"NOSCRIPT", "color:red", "<p>", "[/delivery]"} {
		if strings.Contains(content, unwanted) {
			t.Errorf("content has %q (scripts, styles, tags and navigation should be gone):\n%s", unwanted, content)
		}
	}

	// Links become absolute; tables survive; a redirect's target is the article's address.
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/warranty", "mode": "individual"}).decode(t, &got)
	if !strings.Contains(*got.Article.Content, "[returns page]("+site.URL+"/returns)") {
		t.Errorf("relative link not made absolute:\n%s", *got.Article.Content)
	}
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/delivery"}).decode(t, &got)
	if !strings.Contains(*got.Article.Content, "| Country | Days |") {
		t.Errorf("table lost:\n%s", *got.Article.Content)
	}
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/moved"}).wantStatus(t, http.StatusAccepted).decode(t, &got)
	if got.URL != site.URL+"/moved" || *got.Article.URL != site.URL+"/returns" {
		t.Errorf("redirect: answer url %q, article url %q", got.URL, *got.Article.URL)
	}
	// No <title>: the first heading names the article. Latin-1 pages arrive as readable text.
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/untitled"}).decode(t, &got)
	if got.Article.Title != "Only a heading" {
		t.Errorf("title without <title> = %q", got.Article.Title)
	}
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/latin1"}).wantStatus(t, http.StatusAccepted).decode(t, &got)
	if got.Article.Title != "Grüße" || !strings.Contains(*got.Article.Content, "Für alle Räder.") {
		t.Errorf("Latin-1 page: %q / %q", got.Article.Title, *got.Article.Content)
	}
}

func TestImportWebsiteSummaryPhrasesAndSelector(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	var got websiteResult
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns", "mode": "individual_with_summary", "html_selector": "article.content"}).
		wantStatus(t, http.StatusAccepted).decode(t, &got)
	content := *got.Article.Content
	wantStart := "## Summary\n\nYou can return a bike within 30 days of delivery. Refunds reach your account in 5 working days. Keep the original box.\n\n# Returns"
	if !strings.HasPrefix(content, wantStart) {
		t.Errorf("summary:\n%q\nwant it to start with\n%q", content, wantStart)
	}
	if strings.Contains(content, "Footer text") || got.Article.Title != "Returns | Velora Help" {
		t.Errorf("html_selector should keep only the article (title still from <title>): %q\n%s", got.Article.Title, content)
	}

	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns", "phrases": []string{"REFUNDS", "no such phrase"}}).
		wantStatus(t, http.StatusAccepted).decode(t, &got)
	if *got.Article.Content != "Refunds reach your account in 5 working days. Keep the original box." {
		t.Errorf("phrases should keep only the matching paragraph: %q", *got.Article.Content)
	}

	before := e.list(e.read, "types=URL").Count
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns", "html_selector": "div.missing"}).
		wantError(t, 422, "VALIDATION_ERROR", `The html_selector "div.missing" matches nothing on `+site.URL+"/returns")
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns", "html_selector": "[[nope"}).
		wantError(t, 422, "VALIDATION_ERROR", "Field 'html_selector' is not a valid CSS selector")
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns", "phrases": []string{"bicycle insurance"}}).
		wantError(t, 422, "VALIDATION_ERROR", `None of the phrases "bicycle insurance" occurs`)
	if after := e.list(e.read, "types=URL").Count; after != before {
		t.Errorf("refused imports created %d articles", after-before)
	}
}

func TestImportWebsiteSiteWide(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	before := e.list(e.read, "types=URL").Count
	var got websiteResult
	// Written without the trailing slash, the start page is still the page its links call "/".
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL, "mode": "site_wide"}).wantStatus(t, http.StatusAccepted).decode(t, &got)
	if got.ArticlesCreated == nil || *got.ArticlesCreated != 4 {
		t.Fatalf("articles_created = %v, want 4 (the index and its three pages; the 404, the other host and mailto are skipped)", got.ArticlesCreated)
	}
	if got.Article.Title != "Velora Help Center" || *got.Article.URL != site.URL+"/" {
		t.Errorf("the first article should be the start page: %+v", got.Article)
	}
	items := e.list(e.read, "types=URL&limit=100").Items
	if len(items) != before+4 {
		t.Fatalf("%d URL articles, want %d", len(items), before+4)
	}
	var urls []string
	for _, a := range items {
		if a.URL != nil && strings.HasPrefix(*a.URL, site.URL) {
			urls = append(urls, strings.TrimPrefix(*a.URL, site.URL))
		}
	}
	slices.Sort(urls)
	if !slices.Equal(urls, []string{"/", "/delivery", "/returns", "/warranty"}) {
		t.Errorf("imported pages %q", urls)
	}
}

func TestImportSitemap(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	var got linksResult
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/sitemap.xml", "link_filter_regex": `/(returns|delivery)$`, "summarize": true}).
		wantStatus(t, http.StatusOK).decode(t, &got)
	if got.Status != "success" || !slices.Equal(got.Links, []string{site.URL + "/returns", site.URL + "/delivery"}) {
		t.Fatalf("links = %q", got.Links)
	}
	items := e.list(e.read, "types=URL&url="+site.URL).Items
	if len(items) != 2 {
		t.Fatalf("%d articles from the sitemap, want 2", len(items))
	}
	var a articleJSON
	e.do("GET", articlesPath+itoa(items[0].ID), e.read, nil).decode(t, &a)
	if !strings.HasPrefix(*a.Content, "## Summary\n\n") || a.State != "draft" {
		t.Errorf("summarize should prepend a summary to a draft: %q", *a.Content)
	}

	// Without a filter every page is taken; the dead link is left out of the answer; an index is followed.
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/sitemap-index.xml"}).wantStatus(t, http.StatusOK).decode(t, &got)
	if !slices.Equal(got.Links, []string{site.URL + "/returns", site.URL + "/delivery", site.URL + "/warranty"}) {
		t.Errorf("links through the index = %q", got.Links)
	}

	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/sitemap.xml", "link_filter_regex": "[unclosed"}).
		wantError(t, 422, "VALIDATION_ERROR", "Field 'link_filter_regex' is not a valid regular expression: error parsing regexp: missing closing ]")
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/sitemap.xml", "link_filter_regex": "/faq/"}).
		wantError(t, 422, "VALIDATION_ERROR", `lists 4 links, and none matches link_filter_regex "/faq/"`)
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/feed.xml"}).
		wantError(t, 422, "VALIDATION_ERROR", "is not an XML sitemap: its root element is <rss>")
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/returns"}).
		wantError(t, 422, "VALIDATION_ERROR", "is text/html, not an XML sitemap")
	e.do("POST", sitemapPath, e.write, map[string]any{"site_map": site.URL + "/sitemap.xml", "link_filter_regex": "blog"}).
		wantError(t, 422, "VALIDATION_ERROR", "answered 404 Not Found")
	e.do("POST", sitemapPath, e.write, `{}`).wantError(t, 422, "VALIDATION_ERROR", "Field 'site_map' is required")
}

func TestImportScrapeList(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	var got linksResult
	e.do("POST", scrapeListPath, e.write, map[string]any{
		"links": []string{site.URL + "/returns", site.URL + "/warranty", site.URL + "/missing", site.URL + "/returns"},
		"tags":  []string{"imported", " help ", "imported"}, "html_selector": "article",
	}).wantStatus(t, http.StatusOK).decode(t, &got)
	if !slices.Equal(got.Links, []string{site.URL + "/returns", site.URL + "/warranty"}) {
		t.Fatalf("links = %q (the 404 is left out, the repeat taken once)", got.Links)
	}
	items := e.list(e.read, "tags=imported").Items
	if len(items) != 2 {
		t.Fatalf("%d articles tagged imported, want 2", len(items))
	}
	for _, a := range items {
		if !slices.Equal(a.Tags, []string{"imported", "help"}) || a.Type != "URL" || a.State != "draft" {
			t.Errorf("article %+v", a)
		}
	}

	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"missing", `{}`, "Field 'links' is required"},
		{"empty", `{"links":[]}`, "Field 'links' must not be empty"},
		{"relative", map[string]any{"links": []string{site.URL + "/returns", "/returns"}}, `Field 'links' item 1: Field 'links' must be an absolute http(s) URL, got "/returns"`},
		{"ftp", map[string]any{"links": []string{"ftp://files.example.com/a"}}, "must be an absolute http(s) URL"},
		{"not a list", `{"links":"http://x"}`, "Field 'links' must be an array of strings"},
		{"too many", map[string]any{"links": slices.Repeat([]string{site.URL + "/returns"}, 101)}, "the limit is 100"},
		{"bad tag", map[string]any{"links": []string{site.URL + "/returns"}, "tags": []string{"a,b"}}, "must not contain a comma"},
		{"outside the allow list", map[string]any{"links": []string{site.URL + "/returns", "https://intranet.example.com/hr"}}, "may not fetch from intranet.example.com: it is not in QCADMIN_SANDBOX_FETCH_ALLOW"},
		{"all fail", map[string]any{"links": []string{site.URL + "/missing"}}, "answered 404 Not Found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("POST", scrapeListPath, e.write, tc.body).wantError(t, 422, "VALIDATION_ERROR", tc.want)
		})
	}
	if n := len(e.list(e.read, "tags=imported").Items); n != 2 {
		t.Errorf("refused link lists created articles: %d tagged", n)
	}
}

func TestImportFetchRefusals(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	for _, tc := range []struct {
		name, url, want string
	}{
		{"host outside the allow list", "http://example.com/docs", "The sandbox may not fetch from example.com: it is not in QCADMIN_SANDBOX_FETCH_ALLOW (allowed: 127.0.0.1, localhost, ::1)"},
		{"private address", "http://10.0.0.1:8080/", "may not fetch from 10.0.0.1:8080"},
		{"redirect hop outside", site.URL + "/away", "redirects to http://example.com/elsewhere, which the sandbox may not fetch. The sandbox may not fetch from example.com"},
		{"redirect loop", site.URL + "/loop", "redirects more than 5 times"},
		{"oversized page", site.URL + "/big", "larger than 5 MiB"},
		{"not HTML", site.URL + "/image.png", "is image/png, not an HTML page"},
		{"404", site.URL + "/missing", "answered 404 Not Found"},
		{"not a URL", "velora.example/returns", `Field 'url' must be an absolute http(s) URL, got "velora.example/returns"`},
		{"file scheme", "file:///etc/passwd", "must be an absolute http(s) URL"},
		{"nothing listening", "http://127.0.0.1:1/", "Could not fetch http://127.0.0.1:1/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("POST", websitePath, e.write, map[string]any{"url": tc.url}).wantError(t, 422, "VALIDATION_ERROR", tc.want)
		})
	}
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL, "mode": "everything"}).wantError(t, 422, "VALIDATION_ERROR", "Field 'mode' must be")
	e.do("POST", websitePath, e.write, `{"mode":"individual"}`).wantError(t, 422, "VALIDATION_ERROR", "Field 'url' is required")
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL, "phrases": []string{" "}}).wantError(t, 422, "VALIDATION_ERROR", "Field 'phrases' item 0 is empty")
	e.do("POST", websitePath, e.write, map[string]any{"depth": 3}).wantError(t, 422, "VALIDATION_ERROR", "Field 'url' is required")
}

func TestImportAllowListSetting(t *testing.T) {
	site := newHelpSite(t)
	port := site.URL[strings.LastIndex(site.URL, ":")+1:]
	localhost := "http://localhost:" + port + "/returns"

	e := newEnvWith(t, Config{FetchAllow: []string{"localhost:" + port}})
	e.do("POST", websitePath, e.write, map[string]any{"url": localhost}).wantStatus(t, http.StatusAccepted)
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns"}).
		wantError(t, 422, "VALIDATION_ERROR", "may not fetch from 127.0.0.1:"+port+": it is not in QCADMIN_SANDBOX_FETCH_ALLOW (allowed: localhost:"+port+")")
	e.do("POST", websitePath, e.write, map[string]any{"url": "http://localhost:1/"}).wantError(t, 422, "VALIDATION_ERROR", "may not fetch from localhost:1")

	if _, err := Open(Config{DataDir: t.TempDir(), Secret: "s", FetchAllow: []string{"https://example.com/"}}); err == nil || !strings.Contains(err.Error(), "https://example.com/") {
		t.Errorf("Open with a URL in the allow list: %v, want an error naming it", err)
	}
}

func TestImportYouTube(t *testing.T) {
	e := newEnv(t)
	const id = "550e8400-e29b-41d4-a716-446655440000"
	before := e.list(e.read, "").Count
	for _, u := range []string{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ", "http://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42"} {
		r := e.do("POST", youtubePath, e.write, map[string]any{"url": u, "toast_process_uuid": id}).wantStatus(t, http.StatusAccepted)
		if strings.TrimSpace(string(r.Body)) != "{}" {
			t.Errorf("body %q, want {}", r.Body)
		}
	}
	if after := e.list(e.read, "").Count; after != before {
		t.Errorf("a YouTube import created %d articles; the sandbox cannot reach YouTube", after-before)
	}
	for _, tc := range []struct {
		body any
		want string
	}{
		{map[string]any{"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "toast_process_uuid": "not-a-uuid"}, "Field 'toast_process_uuid' must be a UUID v4"},
		{map[string]any{"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "toast_process_uuid": "550e8400-e29b-11d4-a716-446655440000"}, "must be a UUID v4"},
		{map[string]any{"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}, "Field 'toast_process_uuid' is required"},
		{map[string]any{"url": "https://vimeo.com/123", "toast_process_uuid": id}, "Field 'url' must be a YouTube video address"},
		{map[string]any{"url": "https://www.youtube.com/channel/abc", "toast_process_uuid": id}, "must be a YouTube video address"},
		{map[string]any{"toast_process_uuid": id}, "Field 'url' is required"},
	} {
		e.do("POST", youtubePath, e.write, tc.body).wantError(t, 422, "VALIDATION_ERROR", tc.want)
	}
}

func TestImportScopeAndTier(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{websitePath, sitemapPath, scrapeListPath, youtubePath} {
		e.do("POST", path, e.read, `{}`).wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "Required: write_all")
		route := strings.TrimPrefix(path, "/v1/api/")
		if endpointTier(http.MethodPost, route) != tierHeavy {
			t.Errorf("%s is not HEAVY", route)
		}
	}
}
