package apiclient_test

import (
	"errors"
	"net/http"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractLangURLs(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-lang-urls", sandbox.ScopeWrite)
	ctx := t.Context()
	a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Title: "Return policy", Content: "Returns within 30 days."})
	if err != nil {
		t.Fatal(err)
	}

	// None yet: 404, which the console shows as "no URL".
	var apiErr *apiclient.APIError
	if u, err := c.GetLangURL(ctx, a.ID, "de"); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || u != "" {
		t.Fatalf("a URL before any was set: %q, %v; want 404", u, err)
	}

	const de, de2 = "https://example.com/de/rückgabe", "https://example.com/de/retouren"
	got, err := c.CreateLangURL(ctx, a.ID, "de", de)
	if err != nil || got != de {
		t.Fatalf("CreateLangURL = %q, %v", got, err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de {
		t.Errorf("after creating: %q, %v", got, err)
	}
	if _, err := c.CreateLangURL(ctx, a.ID, "de", de2); !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict || apiErr.Message == "" {
		t.Errorf("a second POST: %v, want 409", err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de {
		t.Errorf("the refused POST changed the URL: %q, %v", got, err)
	}
	if u, err := c.GetLangURL(ctx, a.ID, "fr"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("another language: %q, %v; want 404", u, err)
	}
	if got, err = c.UpdateLangURL(ctx, a.ID, "de", de2); err != nil || got != de2 {
		t.Errorf("UpdateLangURL = %q, %v", got, err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de2 {
		t.Errorf("after updating: %q, %v", got, err)
	}

	// A read-only token may read but not write.
	reader := api.client(t, "contract-lang-urls", sandbox.ScopeRead)
	if got, err = reader.GetLangURL(ctx, a.ID, "de"); err != nil || got != de2 {
		t.Errorf("reading with a read-only token: %q, %v", got, err)
	}
	if err := reader.DeleteLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("deleting with a read-only token: %v, want 403", err)
	}

	if err := c.DeleteLangURL(ctx, a.ID, "de"); err != nil {
		t.Fatal(err)
	}
	if u, err := c.GetLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("after deleting: %q, %v; want 404", u, err)
	}
	if err := c.DeleteLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting again: %v, want 404", err)
	}
	if _, err := c.UpdateLangURL(ctx, a.ID, "de", de); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("updating a deleted URL: %v, want 404", err)
	}
	// After a delete, POST works again.
	if got, err = c.CreateLangURL(ctx, a.ID, "de", de); err != nil || got != de {
		t.Errorf("creating again: %q, %v", got, err)
	}

	// Refusals: an unknown language, an invalid URL, an unknown article.
	for _, language := range []string{"not-a-language", "xx", "pt BR"} {
		if _, err := c.CreateLangURL(ctx, a.ID, language, de); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" {
			t.Errorf("language %q: %v, want 422", language, err)
		}
	}
	if _, err := c.CreateLangURL(ctx, a.ID, "fr", "not a url"); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("an invalid URL: %v, want 422", err)
	}
	if _, err := c.GetLangURL(ctx, a.ID+1000, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("an unknown article: %v, want 404", err)
	}
	if _, err := c.CreateLangURL(ctx, a.ID+1000, "de", de); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("creating for an unknown article: %v, want 404", err)
	}
}
