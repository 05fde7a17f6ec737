package apiclient_test

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractIntercom(t *testing.T) {
	api := newContractAPI(t, false)
	const scenario = "contract-intercom"
	c := api.client(t, scenario, sandbox.ScopeWrite)
	reader := api.client(t, scenario, sandbox.ScopeRead)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	if diffs, err := reader.DiffIntercom(ctx); err != nil || diffs == nil || len(diffs) != 0 {
		t.Fatalf("a diff before any import: %v (err %v), want an empty list", diffs, err)
	}
	if _, err := reader.ImportIntercom(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
	imported, err := c.ImportIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ext []externalArticle
	api.external(t, scenario, "GET", "intercom/articles", nil, http.StatusOK, &ext)
	if len(ext) < 3 || len(imported) != len(ext) {
		t.Fatalf("imported %d of Intercom's %d articles", len(imported), len(ext))
	}
	for _, a := range imported {
		if a.ParentType == nil || *a.ParentType != "intercom" || a.URL == nil || !strings.HasPrefix(*a.URL, "https://") {
			t.Errorf("an imported article: %+v", a)
		}
	}
	// The dedicated endpoints and the general ones see the same source.
	viaSource, err := c.DiffSource(ctx, "intercom")
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(diffsByArticle(t, diffs), diffsByArticle(t, viaSource)) || len(diffs) != len(ext) {
		t.Errorf("DiffIntercom %v, DiffSource(intercom) %v", diffsByArticle(t, diffs), diffsByArticle(t, viaSource))
	}

	// Intercom changes two articles and gains one.
	first, second, gone := ext[0], ext[1], ext[2]
	for _, x := range []externalArticle{first, second} {
		api.external(t, scenario, "PATCH", fmt.Sprintf("intercom/articles/%d", x.ID), map[string]string{"title": x.Title + " (updated)"}, http.StatusOK, nil)
	}
	var added externalArticle
	api.external(t, scenario, "POST", "intercom/articles", map[string]string{"title": "Winter storage", "content": "Keep the battery indoors."}, http.StatusCreated, &added)
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := diffsByArticle(t, diffs)
	if got[copyOf(t, first)] != "UNCHANGED/CHANGED" || got[copyOf(t, second)] != "UNCHANGED/CHANGED" {
		t.Errorf("after Intercom changed two articles: %v", got)
	}

	// Refreshing one article brings only its change, and nothing new.
	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{ArticleIDs: []int64{copyOf(t, first)}, FetchNewArticles: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if a, err := c.GetArticle(ctx, copyOf(t, first)); err != nil || a.Title != first.Title+" (updated)" {
		t.Errorf("the refreshed article: %+v (err %v)", a, err)
	}
	if a, err := c.GetArticle(ctx, copyOf(t, second)); err != nil || a.Title != second.Title {
		t.Errorf("an article left out of the refresh: %+v (err %v)", a, err)
	}
	page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil || page.Count != len(ext) {
		t.Errorf("after refreshing without new articles: %d articles (err %v), want %d", page.Count, err, len(ext))
	}
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := diffsByArticle(t, diffs); got[copyOf(t, first)] != "UNCHANGED/UNCHANGED" || got[copyOf(t, second)] != "UNCHANGED/CHANGED" {
		t.Errorf("after refreshing one article: %v", got)
	}

	// Refreshing everything brings the rest and the new article.
	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{}); err != nil {
		t.Fatal(err)
	}
	page, err = c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil || page.Count != len(ext)+1 {
		t.Errorf("after a full refresh: %d articles (err %v), want %d", page.Count, err, len(ext)+1)
	}
	api.external(t, scenario, "GET", "intercom/articles", nil, http.StatusOK, &ext)
	if a, err := c.GetArticle(ctx, copyOf(t, ext[len(ext)-1])); err != nil || a.Title != "Winter storage" || a.Content != "Keep the battery indoors." {
		t.Errorf("the new Intercom article after a refresh: %+v (err %v)", a, err)
	}

	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{ArticleIDs: []int64{987654321}}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || !strings.Contains(apiErr.Message, "987654321") {
		t.Errorf("refreshing an article that is not from Intercom: %v, want a 4xx naming it", err)
	}

	// Intercom drops an article: the diff says so, and the copy stays.
	api.external(t, scenario, "DELETE", fmt.Sprintf("intercom/articles/%d", gone.ID), nil, http.StatusNoContent, nil)
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := diffsByArticle(t, diffs); got[copyOf(t, gone)] != "UNCHANGED/REMOVED" {
		t.Errorf("after Intercom dropped an article: %v", got)
	}
	if _, err := c.GetArticle(ctx, copyOf(t, gone)); err != nil {
		t.Errorf("the copy of a dropped article: %v", err)
	}

	if err := reader.DeleteIntercom(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("deleting with a read-only token: %v, want 403", err)
	}
	if err := c.DeleteIntercom(ctx); err != nil {
		t.Fatal(err)
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("after deleting Intercom's articles: %d left (err %v)", page.Count, err)
	}
	if diffs, err := reader.DiffIntercom(ctx); err != nil || len(diffs) != 0 {
		t.Errorf("a diff after deleting: %v (err %v), want none", diffs, err)
	}
}
