package apiclient_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

// externalArticle is an article on the external side of a source, as the
// sandbox-only /sandbox/sources/{source}/articles paths show it.
type externalArticle struct {
	ID                int64  `json:"id"`
	Title             string `json:"title"`
	Content           string `json:"content"`
	URL               string `json:"url"`
	Revision          int    `json:"revision"`
	ImportedArticleID *int64 `json:"imported_article_id"`
}

// external changes (or reads) the external side of a source through the
// sandbox-only paths, as Intercom or Shopify would change it, and decodes
// the answer into out unless it is nil.
func (api *contractAPI) external(t *testing.T, scenarioID, method, path string, body any, wantStatus int, out any) {
	t.Helper()
	token, err := api.sb.Token(scenarioID, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, api.origin+"/sandbox/sources/"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s /sandbox/sources/%s: %d %s, want %d", method, path, resp.StatusCode, raw, wantStatus)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s /sandbox/sources/%s: %v", method, path, err)
		}
	}
}

// diffsByArticle indexes diffs by the knowledge base article they compare,
// as "internal/external".
func diffsByArticle(t *testing.T, diffs []apiclient.ArticleDiff) map[int64]string {
	t.Helper()
	out := map[int64]string{}
	for _, d := range diffs {
		if _, dup := out[d.ArticleSnapshot.ID]; dup || d.ArticleSnapshot.ID <= 0 {
			t.Errorf("diff of article %d twice or without an id: %+v", d.ArticleSnapshot.ID, diffs)
		}
		out[d.ArticleSnapshot.ID] = d.InternalArticleDiff + "/" + d.ExternalArticleDiff
	}
	return out
}

// copyOf returns the knowledge base copy of an external article.
func copyOf(t *testing.T, x externalArticle) int64 {
	t.Helper()
	if x.ImportedArticleID == nil {
		t.Fatalf("external article %d (%q) has no copy", x.ID, x.Title)
	}
	return *x.ImportedArticleID
}

func TestContractSources(t *testing.T) {
	api := newContractAPI(t, false)
	const scenario = "contract-sources"
	c := api.client(t, scenario, sandbox.ScopeWrite)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	if diffs, err := c.DiffSource(ctx, "shopify"); err != nil || diffs == nil || len(diffs) != 0 {
		t.Fatalf("a diff before any import: %v (err %v), want an empty list", diffs, err)
	}
	var ext []externalArticle
	api.external(t, scenario, "GET", "shopify/articles", nil, http.StatusOK, &ext)
	if len(ext) < 3 {
		t.Fatalf("the simulated Shopify store has %d articles, want at least 3", len(ext))
	}

	imported, err := c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if len(imported) != len(ext) {
		t.Fatalf("imported %d articles of %d", len(imported), len(ext))
	}
	for _, a := range imported {
		if a.ID <= 0 || a.Title == "" || a.ParentType == nil || *a.ParentType != "shopify" || a.URL == nil {
			t.Errorf("an imported article: %+v", a)
		}
	}
	again, err := c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(again), ids(imported)) {
		t.Errorf("importing again gave %v, then %v: want the same articles, not copies", ids(imported), ids(again))
	}
	api.external(t, scenario, "GET", "shopify/articles", nil, http.StatusOK, &ext)
	diffs, err := c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got := diffsByArticle(t, diffs)
	if len(got) != len(ext) {
		t.Errorf("diffs of %d articles, want %d", len(got), len(ext))
	}
	for id, d := range got {
		if d != "UNCHANGED/UNCHANGED" {
			t.Errorf("right after the import, article %d is %s", id, d)
		}
	}

	// Shopify changes one article and drops another; someone edits a third
	// in the Knowledge Base.
	changed, removed, edited := ext[0], ext[1], ext[2]
	api.external(t, scenario, "PATCH", fmt.Sprintf("shopify/articles/%d", changed.ID), map[string]string{"content": "Free shipping above 80 EUR."}, http.StatusOK, nil)
	api.external(t, scenario, "DELETE", fmt.Sprintf("shopify/articles/%d", removed.ID), nil, http.StatusNoContent, nil)
	if _, err := c.UpdateArticle(ctx, copyOf(t, edited), apiclient.ArticleUpdate{Content: ptr("Edited by the support team.")}); err != nil {
		t.Fatal(err)
	}
	var added externalArticle
	api.external(t, scenario, "POST", "shopify/articles", map[string]string{"title": "Gift cards", "content": "Gift cards never expire."}, http.StatusCreated, &added)

	diffs, err = c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got = diffsByArticle(t, diffs)
	want := map[int64]string{copyOf(t, changed): "UNCHANGED/CHANGED", copyOf(t, removed): "UNCHANGED/REMOVED", copyOf(t, edited): "CHANGED/UNCHANGED"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("article %d is %q, want %s", id, got[id], w)
		}
	}
	if len(got) != len(ext) {
		t.Errorf("diffs of %d articles, want %d (the new one has no copy yet)", len(got), len(ext))
	}

	// Importing again brings the changes in and the new article along.
	imported, err = c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if len(imported) != len(ext) { // one removed, one added
		t.Errorf("the second import lists %d articles, want %d", len(imported), len(ext))
	}
	if a, err := c.GetArticle(ctx, copyOf(t, changed)); err != nil || a.Content != "Free shipping above 80 EUR." {
		t.Errorf("after importing again the changed article holds %q (err %v)", a.Content, err)
	}
	diffs, err = c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got = diffsByArticle(t, diffs)
	if got[copyOf(t, changed)] != "UNCHANGED/UNCHANGED" || got[copyOf(t, removed)] != "UNCHANGED/REMOVED" {
		t.Errorf("after importing again: %v", got)
	}

	// Deleting the source removes every article it brought.
	if err := c.DeleteSource(ctx, "shopify"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{copyOf(t, changed), copyOf(t, removed), copyOf(t, edited)} {
		if _, err := c.GetArticle(ctx, id); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("article %d after deleting the source: %v, want 404", id, err)
		}
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("after deleting the source: %+v (err %v), want no articles", page, err)
	}
	if diffs, err := c.DiffSource(ctx, "shopify"); err != nil || len(diffs) != 0 {
		t.Errorf("a diff after deleting: %v (err %v), want none", diffs, err)
	}
	if err := c.DeleteSource(ctx, "shopify"); err != nil {
		t.Errorf("deleting a source with nothing left: %v", err)
	}

	// Names: escaped into one path segment, so the API sees (and refuses)
	// the whole name rather than another path.
	for _, name := range []string{"Help Center", "a/b", "shopify?x=1", "../articles"} {
		if _, err := c.ImportSource(ctx, name); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Status == http.StatusNotFound || apiErr.Status == http.StatusMethodNotAllowed {
			t.Errorf("source %q: %v, want the API to refuse the name", name, err)
		}
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("refused source names created articles: %+v (err %v)", page, err)
	}

	reader := api.client(t, scenario, sandbox.ScopeRead)
	if _, err := reader.ImportSource(ctx, "shopify"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
	if _, err := reader.DiffSource(ctx, "shopify"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a source diff (a POST) with a read-only token: %v, want 403", err)
	}
}
