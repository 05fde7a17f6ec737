package imports_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/handlers/consoletest"
)

// acceptingConsole is a console whose Quickchat answers the sitemap and link list imports with
// 202 Accepted, as an edition that runs every import in the background may: with the sandbox's
// body, or with none when emptyBody is set. The import itself still happens in the sandbox.
func acceptingConsole(t *testing.T, emptyBody bool) *consoletest.Console {
	t.Helper()
	var target *url.URL
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		ModifyResponse: func(res *http.Response) error {
			path := res.Request.URL.Path
			if res.StatusCode != http.StatusOK || !(strings.HasSuffix(path, "/import_external/site-map") || strings.HasSuffix(path, "/import_external/scrape-list")) {
				return nil
			}
			res.StatusCode, res.Status = http.StatusAccepted, "202 Accepted"
			if emptyBody {
				res.Body.Close()
				res.Body = io.NopCloser(bytes.NewReader(nil))
				res.ContentLength = 0
				res.Header.Set("Content-Length", "0")
				res.Header.Del("Content-Type")
			}
			return nil
		},
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	c := consoletest.New(t, consoletest.WithUpstream(srv.URL, nil))
	var err error
	if target, err = url.Parse(c.API.URL); err != nil {
		t.Fatal(err)
	}
	c.SignIn()
	return c
}

func TestSitemapAndLinkImportsSucceedOn202(t *testing.T) {
	site := helpSite(t)
	for _, emptyBody := range []bool{false, true} {
		t.Run("empty body "+strconv.FormatBool(emptyBody), func(t *testing.T) {
			c := acceptingConsole(t, emptyBody)
			resultOf := func(body, section string) (string, []string) {
				result := consoletest.Parse(t, body).Find(section + " " + consoletest.TestID("import-result"))
				var hrefs []string
				result.Find(consoletest.TestID("result-link")).Each(func(_ int, a *goquery.Selection) { hrefs = append(hrefs, a.AttrOr("href", "")) })
				return strings.Join(strings.Fields(result.Text()), " "), hrefs
			}

			_, body := c.Post("/imports/sitemap", url.Values{"site_map": {site.URL + "/sitemap.xml"}, "link_filter_regex": {"/returns$"}})
			text, hrefs := resultOf(body, "#import-sitemap")
			wantText, wantHrefs := "Imported 1 page", []string{"/articles?url=" + url.QueryEscape(site.URL+"/returns")}
			if emptyBody {
				wantText, wantHrefs = "Quickchat is importing the pages the sitemap lists; their articles appear in the list when it is done.", []string{"/articles?types=URL"}
			}
			if !strings.Contains(text, wantText) || strings.Join(hrefs, " ") != strings.Join(wantHrefs, " ") {
				t.Errorf("sitemap: result %q with links %q, want %q with %q", text, hrefs, wantText, wantHrefs)
			}

			_, body = c.Post("/imports/links", url.Values{"links": {site.URL + "/shipping"}, "tags": {"imported"}})
			text, hrefs = resultOf(body, "#import-links")
			wantText, wantHrefs = "Imported 1 page", []string{"/articles?url=" + url.QueryEscape(site.URL+"/shipping"), "/articles?tags=imported"}
			if emptyBody {
				wantText, wantHrefs = "Quickchat is importing these pages; their articles appear in the list when it is done.", []string{"/articles?types=URL", "/articles?tags=imported"}
			}
			if !strings.Contains(text, wantText) || strings.Join(hrefs, " ") != strings.Join(wantHrefs, " ") {
				t.Errorf("link list: result %q with links %q, want %q with %q", text, hrefs, wantText, wantHrefs)
			}

			// The pages were imported all the same.
			for path, title := range map[string]string{"/returns": "Returns", "/shipping": "Shipping"} {
				if got := articleTitles(t, c, "url="+url.QueryEscape(site.URL+path)); strings.Join(got, ",") != title {
					t.Errorf("articles from %s: %q", path, got)
				}
			}
		})
	}
}
