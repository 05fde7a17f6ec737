package apiclient

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

// fullArticle is an article as the API sends it, every field set.
const fullArticle = `{
	"id": 1234, "article_id": "abc-123", "type": "Article", "title": "Return Policy",
	"description": "How returns work", "content": "Returns within 30 days.", "state": "published",
	"url": "https://example.com/returns", "parent_id": 77, "parent_type": "URL", "shortened": true,
	"tags": ["policies", "faq"], "created_timestamp": "2026-01-15", "last_modified_timestamp": "2026-01-16",
	"deploy_state": "deployed", "version": 3, "max_available_version": 4,
	"downloaded_timestamp": "2026-01-14T08:00:00Z", "last_updated_timestamp": "2026-01-16T09:00:00Z",
	"last_updated_from_external_source_timestamp": null
}`

func ptr[T any](v T) *T { return &v }

func TestGetArticleDecodesEveryField(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/1234"}, 200, fullArticle)
	got, err := c.GetArticle(t.Context(), 1234)
	if err != nil {
		t.Fatal(err)
	}
	want := Article{
		ID: 1234, ArticleID: "abc-123", Type: "Article", Title: "Return Policy",
		Description: "How returns work", Content: "Returns within 30 days.", State: "published",
		URL: ptr("https://example.com/returns"), ParentID: ptr(int64(77)), ParentType: ptr("URL"), Shortened: true,
		Tags: []string{"policies", "faq"}, CreatedTimestamp: "2026-01-15", LastModifiedTimestamp: "2026-01-16",
		DeployState: "deployed", Version: ptr(3), MaxAvailableVersion: ptr(4),
		DownloadedTimestamp: ptr("2026-01-14T08:00:00Z"), LastUpdatedTimestamp: ptr("2026-01-16T09:00:00Z"),
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestListArticlesQuery(t *testing.T) {
	cases := []struct {
		name string
		p    ListArticlesParams
		want url.Values
	}{
		{"zero values are not sent", ListArticlesParams{}, nil},
		{"pagination", ListArticlesParams{Limit: 25, Offset: 50}, url.Values{"limit": {"25"}, "offset": {"50"}}},
		{"lists are comma-joined", ListArticlesParams{Types: []string{"Article", "Paragraph"}, Tags: []string{"faq", "billing plans"}},
			url.Values{"types": {"Article,Paragraph"}, "tags": {"faq,billing plans"}}},
		{"blank list entries are dropped", ListArticlesParams{Tags: []string{"", " "}, Types: []string{"", "Article"}}, url.Values{"types": {"Article"}}},
		{"text filters", ListArticlesParams{URL: "https://example.com/a?b=c&d", Title: "Returns & refunds", Query: "30 days"},
			url.Values{"url": {"https://example.com/a?b=c&d"}, "title": {"Returns & refunds"}, "query": {"30 days"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/", query: tc.want}, 200,
				`{"items":[{"id":1,"title":"A","tags":["faq"]},{"id":2,"title":"B","tags":[]}],"offset":50,"limit":25,"count":77}`)
			page, err := c.ListArticles(t.Context(), tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 2 || page.Items[0].ID != 1 || page.Items[1].Title != "B" || page.Offset != 50 || page.Limit != 25 || page.Count != 77 {
				t.Errorf("page = %+v", page)
			}
		})
	}
}

func TestCreateArticle(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/articles/",
		body: `{"content":"Our return policy allows returns within 30 days.","title":"Return Policy"}`},
		http.StatusCreated, `{"id":1234,"title":"Return Policy","state":"draft","tags":[]}`)
	a, err := c.CreateArticle(t.Context(), ArticleCreate{Content: "Our return policy allows returns within 30 days.", Title: "Return Policy"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 1234 || a.State != "draft" {
		t.Errorf("article = %+v", a)
	}
}

func TestCreateParagraphSendsType(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/articles/",
		body: `{"content":"Open 9-17.","type":"Paragraph"}`}, http.StatusCreated, `{"id":9,"type":"Paragraph"}`)
	if _, err := c.CreateArticle(t.Context(), ArticleCreate{Content: "Open 9-17.", Type: "Paragraph"}); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateArticleSendsOnlySetFields(t *testing.T) {
	var nilTags []string
	cases := []struct {
		name string
		u    ArticleUpdate
		body string
	}{
		{"title only", ArticleUpdate{Title: ptr("Updated Return Policy")}, `{"title":"Updated Return Policy"}`},
		{"publish", ArticleUpdate{Title: ptr("T"), Content: ptr("Returns accepted within 60 days."), SaveMode: SavePublish},
			`{"title":"T","content":"Returns accepted within 60 days.","save_mode":"publish"}`},
		{"empty strings are sent when set", ArticleUpdate{Title: ptr(""), SaveMode: SaveDraft}, `{"title":"","save_mode":"draft"}`},
		{"tags", ArticleUpdate{Tags: &[]string{"faq", "policies"}}, `{"tags":["faq","policies"]}`},
		{"clearing tags", ArticleUpdate{Tags: &[]string{}}, `{"tags":[]}`},
		{"clearing tags with a nil list", ArticleUpdate{Tags: &nilTags}, `{"tags":[]}`},
		{"nothing", ArticleUpdate{}, `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/knowledge_base/articles/1234", body: tc.body},
				200, `{"id":1234,"state":"draft","version":2}`)
			a, err := c.UpdateArticle(t.Context(), 1234, tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != 1234 || a.Version == nil || *a.Version != 2 {
				t.Errorf("article = %+v", a)
			}
		})
	}
	if nilTags != nil {
		t.Error("UpdateArticle changed the caller's list")
	}
}

func TestDeleteArticlesSendsABareArray(t *testing.T) {
	for _, answer := range []string{``, `{}`, `null`} {
		c := expectOne(t, wantRequest{method: "DELETE", path: "/v1/api/knowledge_base/articles/", body: `[1234,5678]`}, 200, answer)
		if err := c.DeleteArticles(t.Context(), []int64{1234, 5678}); err != nil {
			t.Errorf("answer %q: %v", answer, err)
		}
	}
}

func TestDeleteNoArticlesSendsNothing(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, ``), nil
	})
	if err := c.DeleteArticles(t.Context(), nil); err != nil || api.calls.Load() != 0 {
		t.Errorf("err = %v after %d requests", err, api.calls.Load())
	}
}
