package apiclient

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestImportWebsite(t *testing.T) {
	cases := []struct {
		name string
		in   WebsiteImport
		body string
	}{
		{"defaults are not sent", WebsiteImport{URL: "https://example.com/docs"}, `{"url":"https://example.com/docs"}`},
		{"every field", WebsiteImport{URL: "https://example.com/", Mode: WebsiteSiteWide, Phrases: []string{"pricing", "returns"}, HTMLSelector: "main article"},
			`{"url":"https://example.com/","mode":"site_wide","phrases":["pricing","returns"],"html_selector":"main article"}`},
		{"empty phrases are not sent", WebsiteImport{URL: "https://example.com/a", Mode: WebsiteIndividualWithSummary, Phrases: []string{}},
			`{"url":"https://example.com/a","mode":"individual_with_summary"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/website", body: tc.body}, 200,
				`{"status":"success","url":"https://example.com/docs","article":{"id":77,"title":"Docs","url":"https://example.com/docs"},"articles_created":3}`)
			res, err := c.ImportWebsite(t.Context(), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "success" || res.URL != "https://example.com/docs" || res.Article.ID != 77 || res.Article.URL == nil || res.ArticlesCreated != 3 {
				t.Errorf("result = %+v", res)
			}
		})
	}
}

func TestImportWebsiteAsDocumented(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/website", body: `{"url":"https://example.com/docs","mode":"individual"}`},
		200, `{"status":"success","url":"https://example.com/docs","article":{}}`)
	res, err := c.ImportWebsite(t.Context(), WebsiteImport{URL: "https://example.com/docs", Mode: WebsiteIndividual})
	if err != nil {
		t.Fatal(err)
	}
	if res.Article.ID != 0 || res.ArticlesCreated != 0 {
		t.Errorf("result = %+v", res)
	}
}

func TestImportSitemap(t *testing.T) {
	cases := []struct {
		in   SitemapImport
		body string
	}{
		{SitemapImport{SiteMap: "https://example.com/sitemap.xml"}, `{"site_map":"https://example.com/sitemap.xml"}`},
		{SitemapImport{SiteMap: "https://example.com/sitemap.xml", LinkFilterRegex: `^https://example\.com/help/`, HTMLSelector: "#content", Summarize: true},
			`{"site_map":"https://example.com/sitemap.xml","link_filter_regex":"^https://example\\.com/help/","html_selector":"#content","summarize":true}`},
	}
	for _, tc := range cases {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/site-map", body: tc.body}, 200,
			`{"status":"success","links":["https://example.com/page1","https://example.com/page2"]}`)
		res, err := c.ImportSitemap(t.Context(), tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != "success" || !reflect.DeepEqual(res.Links, []string{"https://example.com/page1", "https://example.com/page2"}) {
			t.Errorf("result = %+v", res)
		}
	}
}

func TestImportLinks(t *testing.T) {
	cases := []struct {
		name string
		in   LinkListImport
		body string
	}{
		{"as documented", LinkListImport{Links: []string{"https://example.com/page1", "https://example.com/page2"}, Tags: []string{"imported"}},
			`{"links":["https://example.com/page1","https://example.com/page2"],"tags":["imported"]}`},
		{"every field", LinkListImport{Links: []string{"https://example.com/a"}, Tags: []string{"a", "b"}, HTMLSelector: "main", Summarize: true},
			`{"links":["https://example.com/a"],"tags":["a","b"],"html_selector":"main","summarize":true}`},
		{"no links is sent as an empty list", LinkListImport{}, `{"links":[]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/scrape-list", body: tc.body}, 200,
				`{"status":"success","links":["https://example.com/page1"]}`)
			res, err := c.ImportLinks(t.Context(), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "success" || len(res.Links) != 1 {
				t.Errorf("result = %+v", res)
			}
		})
	}
}

// Every import runs in the background in the newer edition: a sitemap or a
// link list import answered 202 Accepted succeeds, listing the pages or,
// without a body, none yet.
func TestImportLinksAndSitemapAccept202(t *testing.T) {
	const pages = `{"status":"success","links":["https://example.com/page1","https://example.com/page2"]}`
	for _, tc := range []struct {
		answer string
		want   LinksResult
	}{
		{pages, LinksResult{Status: "success", Links: []string{"https://example.com/page1", "https://example.com/page2"}}},
		{``, LinksResult{}},
		{`{}`, LinksResult{}},
	} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/site-map", body: `{"site_map":"https://example.com/sitemap.xml"}`},
			http.StatusAccepted, tc.answer)
		res, err := c.ImportSitemap(t.Context(), SitemapImport{SiteMap: "https://example.com/sitemap.xml"})
		if err != nil || !reflect.DeepEqual(*res, tc.want) {
			t.Errorf("sitemap, 202 with %q: %+v, %v", tc.answer, res, err)
		}
		c = expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/scrape-list", body: `{"links":["https://example.com/page1"]}`},
			http.StatusAccepted, tc.answer)
		res, err = c.ImportLinks(t.Context(), LinkListImport{Links: []string{"https://example.com/page1"}})
		if err != nil || !reflect.DeepEqual(*res, tc.want) {
			t.Errorf("link list, 202 with %q: %+v, %v", tc.answer, res, err)
		}
	}
	// A 200 must still carry the answer the reference documents.
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/site-map", body: `{"site_map":"https://example.com/sitemap.xml"}`}, http.StatusOK, ``)
	var unreadable *UnreadableError
	if _, err := c.ImportSitemap(t.Context(), SitemapImport{SiteMap: "https://example.com/sitemap.xml"}); !errors.As(err, &unreadable) {
		t.Errorf("200 without a body: %v", err)
	}
}

func TestImportRefusalsAreAPIErrors(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/scrape-list", body: `{"links":[]}`}, 422,
		`{"errors":{"root":[{"message":"links: must not be empty","code":"VALIDATION_ERROR"}]}}`)
	_, err := c.ImportLinks(t.Context(), LinkListImport{Links: []string{}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || *apiErr != (APIError{422, "VALIDATION_ERROR", "links: must not be empty"}) {
		t.Errorf("err = %v", err)
	}
	c = expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/website", body: `{"url":"ftp://example.com"}`}, 400,
		`{"errors":{"root":[{"message":"Only http and https addresses can be imported.","code":"BAD_REQUEST"}]}}`)
	if _, err := c.ImportWebsite(t.Context(), WebsiteImport{URL: "ftp://example.com"}); !errors.As(err, &apiErr) ||
		apiErr.Status != 400 || apiErr.Message != "Only http and https addresses can be imported." {
		t.Errorf("err = %v", err)
	}
}

func TestImportYouTube(t *testing.T) {
	const id = "550e8400-e29b-41d4-a716-446655440000"
	for _, answer := range []string{``, `{}`, `{"status":"accepted"}`} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/import_external/youtube",
			body: `{"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","toast_process_uuid":"` + id + `"}`}, http.StatusAccepted, answer)
		if err := c.ImportYouTube(t.Context(), YouTubeImport{URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ToastProcessUUID: id}); err != nil {
			t.Errorf("202 with %q: %v", answer, err)
		}
	}
}

func TestImportYouTubeWithoutAProcessUUIDSendsANewOne(t *testing.T) {
	var sent string
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		var body struct {
			URL  string `json:"url"`
			UUID string `json:"toast_process_uuid"`
		}
		decodeBody(t, req, &body)
		sent = body.UUID
		return jsonResponseFrom(t, http.StatusAccepted, nil, ``), nil
	})
	if err := c.ImportYouTube(t.Context(), YouTubeImport{URL: "https://youtu.be/dQw4w9WgXcQ"}); err != nil {
		t.Fatal(err)
	}
	if !uuidV4.MatchString(sent) {
		t.Errorf("toast_process_uuid = %q, want a UUID v4", sent)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewProcessUUID(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		id := NewProcessUUID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("%q is not a UUID v4", id)
		}
		if seen[id] {
			t.Fatalf("%q came twice", id)
		}
		seen[id] = true
	}
}

// budgetCases are the upload, import, source and Intercom calls and the rate budget each must use.
var budgetCases = []struct {
	endpoint string
	tier     tier
	status   int
	answer   string
	call     func(ctx context.Context, c *Client) error
}{
	{"POST knowledge_base/file_upload_api/pdf", tierHeavy, 200, uploadAnswer, func(ctx context.Context, c *Client) error {
		_, err := c.UploadPDF(ctx, "a.pdf", strings.NewReader("%PDF"))
		return err
	}},
	{"POST knowledge_base/file_upload_api/", tierHeavy, 200, uploadAnswer, func(ctx context.Context, c *Client) error {
		_, err := c.UploadFile(ctx, "a.docx", strings.NewReader("PK"))
		return err
	}},
	{"POST knowledge_base/import_external/website", tierHeavy, 200, `{"status":"success"}`, func(ctx context.Context, c *Client) error {
		_, err := c.ImportWebsite(ctx, WebsiteImport{URL: "https://example.com"})
		return err
	}},
	{"POST knowledge_base/import_external/site-map", tierHeavy, 200, `{"status":"success","links":[]}`, func(ctx context.Context, c *Client) error {
		_, err := c.ImportSitemap(ctx, SitemapImport{SiteMap: "https://example.com/sitemap.xml"})
		return err
	}},
	{"POST knowledge_base/import_external/scrape-list", tierHeavy, 200, `{"status":"success","links":[]}`, func(ctx context.Context, c *Client) error {
		_, err := c.ImportLinks(ctx, LinkListImport{Links: []string{"https://example.com"}})
		return err
	}},
	{"POST knowledge_base/import_external/youtube", tierHeavy, 202, ``, func(ctx context.Context, c *Client) error {
		return c.ImportYouTube(ctx, YouTubeImport{URL: "https://youtu.be/x"})
	}},
	{"POST knowledge_base/sources/{source}/import", tierHeavy, 200, `[]`, func(ctx context.Context, c *Client) error {
		_, err := c.ImportSource(ctx, "shopify")
		return err
	}},
	{"POST knowledge_base/sources/{source}/delete", tierWrite, 204, ``, func(ctx context.Context, c *Client) error {
		return c.DeleteSource(ctx, "shopify")
	}},
	{"POST knowledge_base/sources/{source}/articles_diff", tierWrite, 200, `[]`, func(ctx context.Context, c *Client) error {
		_, err := c.DiffSource(ctx, "shopify")
		return err
	}},
	{"POST knowledge_base/intercom/import", tierHeavy, 200, `[]`, func(ctx context.Context, c *Client) error {
		_, err := c.ImportIntercom(ctx)
		return err
	}},
	{"POST knowledge_base/intercom/delete", tierWrite, 204, ``, func(ctx context.Context, c *Client) error {
		return c.DeleteIntercom(ctx)
	}},
	{"GET knowledge_base/intercom/articles_diff", tierRead, 200, `[]`, func(ctx context.Context, c *Client) error {
		_, err := c.DiffIntercom(ctx)
		return err
	}},
	{"POST knowledge_base/intercom/refresh_articles", tierHeavy, 204, ``, func(ctx context.Context, c *Client) error {
		return c.RefreshIntercom(ctx, IntercomRefresh{})
	}},
}

func TestUploadImportAndSourceBudgets(t *testing.T) {
	for _, tc := range budgetCases {
		t.Run(tc.endpoint, func(t *testing.T) {
			b := NewBudgets(true)
			c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
				if req.Body != nil {
					drain(req)
				}
				return jsonResponseFrom(t, tc.status, nil, tc.answer), nil
			}, WithBudgets(b))
			if err := tc.call(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			b.mu.Lock()
			defer b.mu.Unlock()
			l, ok := b.limits[budgetKey{c.tokenKey, tc.endpoint}]
			if !ok || len(b.limits) != 1 || l.Burst() != tc.tier.perMinute() {
				keys := []string{}
				for k := range b.limits {
					keys = append(keys, k.endpoint)
				}
				t.Errorf("budgets %q (burst %v): want one of %d per minute for %s", keys, ok && l.Burst() > 0, tc.tier.perMinute(), tc.endpoint)
			}
		})
	}
}
