package apiclient_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractRefusals(t *testing.T) {
	api := newContractAPI(t, false)
	ctx := t.Context()
	writer := api.client(t, "contract-refusals", sandbox.ScopeWrite)
	a, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Kept."})
	if err != nil {
		t.Fatal(err)
	}

	// 401: not a token, or a token signed with another key.
	other, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: "another-secret"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	foreign, err := other.Token("contract-refusals", sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{"garbage": "not-a-token", "foreign": foreign} {
		c := apiclient.New(api.origin, token, apiclient.WithBudgets(apiclient.NewBudgets(false)))
		_, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
		var apiErr *apiclient.APIError
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized || apiErr.Code != "PERMISSION_DENIED" || apiErr.Message == "" {
			t.Errorf("%s token: %v, want 401 PERMISSION_DENIED", name, err)
		}
	}

	// 403: a read-only token may read but not write.
	reader := api.client(t, "contract-refusals", sandbox.ScopeRead)
	if _, err := reader.GetArticle(ctx, a.ID); err != nil {
		t.Fatalf("a read-only token cannot read: %v", err)
	}
	writes := map[string]func() error{
		"create": func() error {
			_, err := reader.CreateArticle(ctx, apiclient.ArticleCreate{Content: "x"})
			return err
		},
		"update": func() error {
			_, err := reader.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{Title: ptr("x")})
			return err
		},
		"delete": func() error { return reader.DeleteArticles(ctx, []int64{a.ID}) },
		"settings": func() error {
			_, err := reader.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{OneWordDescription: ptr("x")})
			return err
		},
	}
	for name, write := range writes {
		want := apiclient.APIError{Status: http.StatusForbidden, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}
		var apiErr *apiclient.APIError
		if err := write(); !errors.As(err, &apiErr) || *apiErr != want {
			t.Errorf("%s with a read-only token: %v, want %v", name, err, &want)
		}
	}
	if kept, err := writer.GetArticle(ctx, a.ID); err != nil || kept.Title != "" {
		t.Errorf("refused writes changed the article: %+v, %v", kept, err)
	}

	// 422: input the API refuses.
	invalid := map[string]func() error{
		"empty content": func() error {
			_, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "  "})
			return err
		},
		"unknown type": func() error {
			_, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "x", Type: "Poem"})
			return err
		},
		"unknown save mode": func() error {
			_, err := writer.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{SaveMode: "someday"})
			return err
		},
	}
	for name, call := range invalid {
		var apiErr *apiclient.APIError
		if err := call(); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" || apiErr.Message == "" {
			t.Errorf("%s: %v, want 422 VALIDATION_ERROR", name, err)
		}
	}
}
