package apiclient

import (
	"net/http"
	"testing"
)

func TestImportIntercom(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/intercom/import"}, 200,
		`[{"id":5,"title":"How do I reset my password?","url":"https://help.example.com/articles/5"}]`)
	got, err := c.ImportIntercom(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != 5 || got[0].URL == nil {
		t.Errorf("articles = %+v", got)
	}
}

func TestDeleteIntercom(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/intercom/delete"}, http.StatusNoContent, ``)
	if err := c.DeleteIntercom(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestDiffIntercom(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/intercom/articles_diff"}, 200, diffAnswer)
	got, err := c.DiffIntercom(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	checkDiffs(t, got)
}

func TestRefreshIntercom(t *testing.T) {
	cases := []struct {
		name string
		in   IntercomRefresh
		body string
	}{
		{"defaults", IntercomRefresh{}, `{}`},
		{"empty ids are not sent", IntercomRefresh{ArticleIDs: []int64{}}, `{}`},
		{"some articles", IntercomRefresh{ArticleIDs: []int64{12, 4321}}, `{"article_ids":[12,4321]}`},
		{"no new articles", IntercomRefresh{FetchNewArticles: ptr(false)}, `{"fetch_new_articles":false}`},
		{"both", IntercomRefresh{ArticleIDs: []int64{3}, FetchNewArticles: ptr(true)}, `{"article_ids":[3],"fetch_new_articles":true}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/intercom/refresh_articles", body: tc.body}, http.StatusNoContent, ``)
			if err := c.RefreshIntercom(t.Context(), tc.in); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestIntercomNotConnected(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/intercom/import"}, 400,
		`{"errors":{"root":[{"message":"Intercom is not connected to this agent.","code":"BAD_REQUEST"}]}}`)
	_, err := c.ImportIntercom(t.Context())
	if !IsStatus(err, 400) || err.Error() != "quickchat: 400 BAD_REQUEST: Intercom is not connected to this agent." {
		t.Errorf("err = %v", err)
	}
}
