package apiclient

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// drain reads a request's body to its end, as a server would.
func drain(req *http.Request) { io.Copy(io.Discard, req.Body) }

// decodeBody decodes a request's JSON body into v.
func decodeBody(t *testing.T, req *http.Request, v any) {
	t.Helper()
	if err := json.NewDecoder(req.Body).Decode(v); err != nil {
		t.Fatalf("request body: %v", err)
	}
}

const diffAnswer = `[
	{"internal_article_diff":"CHANGED","external_article_diff":"UNCHANGED","article_snapshot":{"id":1,"title":"Returns","tags":["shopify"]}},
	{"internal_article_diff":"UNCHANGED","external_article_diff":"REMOVED","article_snapshot":{"id":2,"title":"Old shipping"}}
]`

func checkDiffs(t *testing.T, got []ArticleDiff) {
	t.Helper()
	if len(got) != 2 ||
		got[0].InternalArticleDiff != DiffChanged || got[0].ExternalArticleDiff != DiffUnchanged || got[0].ArticleSnapshot.ID != 1 ||
		!reflect.DeepEqual(got[0].ArticleSnapshot.Tags, []string{"shopify"}) ||
		got[1].InternalArticleDiff != DiffUnchanged || got[1].ExternalArticleDiff != DiffRemoved || got[1].ArticleSnapshot.Title != "Old shipping" {
		t.Errorf("diffs = %+v", got)
	}
}

func TestImportSource(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/intercom/import", body: `{}`}, 200,
		`[{"id":1,"title":"Returns","type":"Article"},{"id":2,"title":"Shipping","type":"Article"}]`)
	got, err := c.ImportSource(t.Context(), "intercom")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[1].Title != "Shipping" {
		t.Errorf("articles = %+v", got)
	}
}

func TestListAnswersOfNullAreEmpty(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/shopify/import", body: `{}`}, 200, `null`)
	if got, err := c.ImportSource(t.Context(), "shopify"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("articles %#v, err %v; want an empty list", got, err)
	}
	c = expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/shopify/articles_diff"}, 200, `null`)
	if got, err := c.DiffSource(t.Context(), "shopify"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("diffs %#v, err %v; want an empty list", got, err)
	}
	c = expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/intercom/articles_diff"}, 200, `[]`)
	if got, err := c.DiffIntercom(t.Context()); err != nil || got == nil || len(got) != 0 {
		t.Errorf("diffs %#v, err %v; want an empty list", got, err)
	}
}

func TestDeleteSource(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusOK} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/shopify/delete"}, status, ``)
		if err := c.DeleteSource(t.Context(), "shopify"); err != nil {
			t.Errorf("%d: %v", status, err)
		}
	}
}

func TestDiffSource(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/shopify/articles_diff"}, 200, diffAnswer)
	got, err := c.DiffSource(t.Context(), "shopify")
	if err != nil {
		t.Fatal(err)
	}
	checkDiffs(t, got)
}

func TestSourceNamesAreEscaped(t *testing.T) {
	cases := map[string]string{
		"help center":    "help%20center",
		"a/b":            "a%2Fb",
		"zendesk?x=1#y":  "zendesk%3Fx=1%23y",
		"ünïcode":        "%C3%BCn%C3%AFcode",
		"...":            "...",
		"%2e%2e":         "%252e%252e",
		"shop.myshopify": "shop.myshopify",
	}
	for source, escaped := range cases {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/" + escaped + "/delete"}, 204, ``)
		if err := c.DeleteSource(t.Context(), source); err != nil {
			t.Errorf("%q: %v", source, err)
		}
	}
}

func TestSourceNamesThatWouldNameAnotherPathAreRefused(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	})
	for _, source := range []string{"", ".", ".."} {
		if _, err := c.ImportSource(t.Context(), source); err == nil || !strings.Contains(err.Error(), "cannot stand in a path") {
			t.Errorf("import %q: %v", source, err)
		}
		if err := c.DeleteSource(t.Context(), source); err == nil {
			t.Errorf("delete %q was sent", source)
		}
		if _, err := c.DiffSource(t.Context(), source); err == nil {
			t.Errorf("diff %q was sent", source)
		}
	}
	if api.calls.Load() != 0 {
		t.Errorf("%d requests sent", api.calls.Load())
	}
}

func TestSourceRefusalsAreAPIErrors(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/myspace/import", body: `{}`}, 400,
		`{"errors":{"root":[{"message":"Unknown source: myspace.","code":"BAD_REQUEST"}]}}`)
	_, err := c.ImportSource(t.Context(), "myspace")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || *apiErr != (APIError{400, "BAD_REQUEST", "Unknown source: myspace."}) {
		t.Errorf("err = %v", err)
	}
	c = expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/sources/shopify/articles_diff"}, 404,
		`{"errors":{"root":[{"message":"Nothing was imported from shopify.","code":"NOT_FOUND"}]}}`)
	if _, err := c.DiffSource(t.Context(), "shopify"); !IsStatus(err, 404) || !strings.Contains(err.Error(), "Nothing was imported") {
		t.Errorf("err = %v", err)
	}
}
