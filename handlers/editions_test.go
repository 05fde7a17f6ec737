package handlers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/internal/testdocs"
)

// edition rewrites the sandbox's answers into one edition of Quickchat's
// reference, so the console can be shown to work against either.
type edition struct {
	name    string
	rewrite func(r *http.Request, status int, body any) (int, any)
}

// newerArticleFields are what the newer edition added to the article object.
var newerArticleFields = []string{"deploy_state", "version", "max_available_version", "downloaded_timestamp",
	"last_updated_timestamp", "last_updated_from_external_source_timestamp"}

var editions = []edition{
	// The sandbox as it is: the newer shapes, the article made by an import included.
	{"sandbox", func(_ *http.Request, status int, body any) (int, any) { return status, body }},
	// The newer reference's example: 202 with an empty article.
	{"newer reference", func(r *http.Request, status int, body any) (int, any) {
		if m, ok := body.(map[string]any); ok && strings.HasSuffix(r.URL.Path, "/import_external/website") {
			m["article"] = map[string]any{}
		}
		return status, body
	}},
	// The older reference: website imports answer 200, articles have no
	// versions or deploy state, header_text_color comes as text and the
	// widget's texts as strings.
	{"older reference", func(r *http.Request, status int, body any) (int, any) {
		if strings.HasSuffix(r.URL.Path, "/import_external/website") && status == http.StatusAccepted {
			status = http.StatusOK
		}
		walkObjects(body, func(m map[string]any) {
			if _, ok := m["article_id"]; ok {
				for _, k := range newerArticleFields {
					delete(m, k)
				}
			}
			if v, ok := m["header_text_color"].(bool); ok {
				m["header_text_color"] = strconv.FormatBool(v)
				for _, k := range []string{"prechat_header_text", "prechat_button_text", "background_disclaimer_text"} {
					if m[k] == nil {
						m[k] = ""
					}
				}
			}
		})
		return status, body
	}},
}

func walkObjects(v any, fn func(map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		fn(t)
		for _, x := range t {
			walkObjects(x, fn)
		}
	case []any:
		for _, x := range t {
			walkObjects(x, fn)
		}
	}
}

// editionConsole is a console whose Quickchat answers come through ed.
func editionConsole(t *testing.T, ed edition) *consoletest.Console {
	t.Helper()
	var target *url.URL
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		ModifyResponse: func(res *http.Response) error {
			raw, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				return err
			}
			var body any
			if res.StatusCode < 300 && json.Unmarshal(raw, &body) == nil {
				var status int
				status, body = ed.rewrite(res.Request, res.StatusCode, body)
				res.StatusCode, res.Status = status, strconv.Itoa(status)+" "+http.StatusText(status)
				raw, _ = json.Marshal(body)
			}
			res.Body = io.NopCloser(bytes.NewReader(raw))
			res.ContentLength = int64(len(raw))
			res.Header.Set("Content-Length", strconv.Itoa(len(raw)))
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

func TestTheConsoleWorksWithEitherEdition(t *testing.T) {
	site := testdocs.HelpSite(t, testdocs.Page{Path: "/returns", Title: "Returns", Body: "<main><h1>Returns</h1><p>Returns are free within 30 days.</p></main>"})
	for _, ed := range editions {
		t.Run(ed.name, func(t *testing.T) {
			c := editionConsole(t, ed)

			// A website import succeeds on 200 and on 202.
			_, body := c.Post("/imports/website", url.Values{"url": {site.URL + "/returns"}, "mode": {"individual"}})
			section := consoletest.Parse(t, body).Find("#import-website")
			result := section.Find(consoletest.TestID("import-result")).Text()
			want := "Imported " + site.URL + "/returns"
			if ed.name == "newer reference" {
				want = "Quickchat is importing " + site.URL + "/returns" // no article in the answer yet
			}
			if !strings.Contains(result, want) {
				t.Errorf("website import: result %q, want %q; section %q", result, want, section.Text())
			}
			_, body = c.Post("/imports/youtube", url.Values{"url": {"https://www.youtube.com/watch?v=dQw4w9WgXcQ"}})
			if got := consoletest.Parse(t, body).Find(`#import-youtube ` + consoletest.TestID("import-result")).Text(); !strings.Contains(got, "Processing") {
				t.Errorf("YouTube import: %q", got)
			}

			// A draft never published: versions null (newer) or absent (older).
			res, _ := c.Post("/articles/new", url.Values{"title": {"Returns"}, "content": {"Returns within 30 days."}})
			href := res.Header.Get("Location")
			if !strings.HasPrefix(href, "/articles/") {
				t.Fatalf("create → %d %q", res.StatusCode, href)
			}
			staleSavesConflict(t, c, href, "draft")
			if _, body := c.Get(href); !strings.Contains(body, "None yet: not published") {
				t.Error("the editor does not say the draft has no version")
			}
			if res, body := c.Get("/articles"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Returns") {
				t.Errorf("the list does not show the draft")
			}

			// Published: numbers in the newer edition.
			res, _ = c.Post(href, url.Values{"title": {"Returns"}, "content": {"Returns within 60 days."}, "save_mode": {"publish"}, "base_version": {baseOf(t, c, href)}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish = %d", res.StatusCode)
			}
			staleSavesConflict(t, c, href, "publish")
			// The editor shows the version, or that the answer has none.
			_, body = c.Get(href)
			if ed.name != "older reference" && !strings.Contains(body, "2 of 2") { // the stale save above made a draft after version 1
				t.Error("the editor does not say version 2 of 2")
			}

			// The widget page reads header_text_color as a boolean or as text.
			res, body = c.Get("/widget")
			box := consoletest.Parse(t, body).Find(`input#header_text_color`)
			if res.StatusCode != http.StatusOK || box.Length() != 1 {
				t.Fatalf("widget page = %d, header_text_color switch found %d", res.StatusCode, box.Length())
			}
			stored, err := apiclient.New(c.API.URL, c.Token("read_all", time.Hour)).GetWidgetConfiguration(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if _, on := box.Attr("checked"); on != stored.HeaderTextColor {
				t.Errorf("header_text_color switch on = %v, stored %v", on, stored.HeaderTextColor)
			}
		})
	}
}

// baseOf is the base revision the editor of href starts from.
func baseOf(t *testing.T, c *consoletest.Console, href string) string {
	t.Helper()
	_, body := c.Get(href)
	base, _ := consoletest.Parse(t, body).Find(`input[name=base_version]`).Attr("value")
	if base == "" || base == "0" {
		t.Fatalf("the editor of %s carries no base revision: %q", href, base)
	}
	return base
}

// staleSavesConflict opens the editor twice, saves from the first form and
// then from the second, which is stale: the second must show a conflict.
func staleSavesConflict(t *testing.T, c *consoletest.Console, href, mode string) {
	t.Helper()
	first, second := baseOf(t, c, href), baseOf(t, c, href)
	if first != second {
		t.Fatalf("two reads of the same article give revisions %q and %q", first, second)
	}
	res, _ := c.Post(href, url.Values{"title": {"Returns"}, "content": {"First tab's text (" + mode + ")."}, "save_mode": {mode}, "base_version": {first}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save = %d", res.StatusCode)
	}
	res, body := c.Post(href, url.Values{"title": {"Returns"}, "content": {"Second tab's text (" + mode + ")."}, "save_mode": {mode}, "base_version": {second}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("conflict")).Length() != 1 {
		t.Fatalf("a stale %s save = %d, conflict shown %d", mode, res.StatusCode, doc.Find(consoletest.TestID("conflict")).Length())
	}
	if !strings.Contains(doc.Find(consoletest.TestID("conflict")).Text(), "First tab's text") || doc.Find("textarea#content").Text() != "Second tab's text ("+mode+")." {
		t.Error("the conflict does not show the saved text beside the kept one")
	}
}
