package apiclient

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestGetLangURL(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/1234/lang_urls/en"}, 200,
		`{"url":"https://example.com/en/return-policy"}`)
	got, err := c.GetLangURL(t.Context(), 1234, "en")
	if err != nil || got != "https://example.com/en/return-policy" {
		t.Errorf("GetLangURL = %q, %v", got, err)
	}
}

func TestLangURLLanguageIsPathEscaped(t *testing.T) {
	cases := map[string]string{
		"pt-BR":   "/v1/api/knowledge_base/articles/7/lang_urls/pt-BR",
		"zh_Hant": "/v1/api/knowledge_base/articles/7/lang_urls/zh_Hant",
		"pt BR":   "/v1/api/knowledge_base/articles/7/lang_urls/pt%20BR",
		"zh/Hant": "/v1/api/knowledge_base/articles/7/lang_urls/zh%2FHant",
		"en?x=1":  "/v1/api/knowledge_base/articles/7/lang_urls/en%3Fx=1",
		"de#top":  "/v1/api/knowledge_base/articles/7/lang_urls/de%23top",
		"...":     "/v1/api/knowledge_base/articles/7/lang_urls/...",
	}
	for language, path := range cases {
		c := expectOne(t, wantRequest{method: "GET", path: path}, 200, `{"url":"https://example.com/"}`)
		if _, err := c.GetLangURL(t.Context(), 7, language); err != nil {
			t.Errorf("%q: %v", language, err)
		}
	}
}

func TestGetLangURLNoneYet(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/1234/lang_urls/fr"}, 404,
		`{"errors":{"root":[{"message":"No URL for language fr.","code":"NOT_FOUND"}]}}`)
	got, err := c.GetLangURL(t.Context(), 1234, "fr")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || got != "" {
		t.Errorf("GetLangURL = %q, %v; want a 404 APIError", got, err)
	}
	if !IsStatus(err, http.StatusNotFound) {
		t.Error("IsStatus does not see the 404")
	}
}

func TestCreateLangURL(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusCreated} {
		c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/articles/1234/lang_urls/de",
			body: `{"url":"https://example.com/de/rückgabe"}`}, status, `{"url":"https://example.com/de/r%C3%BCckgabe"}`)
		got, err := c.CreateLangURL(t.Context(), 1234, "de", "https://example.com/de/rückgabe")
		if err != nil || got != "https://example.com/de/r%C3%BCckgabe" {
			t.Errorf("status %d: CreateLangURL = %q, %v; want the API's spelling", status, got, err)
		}
	}
}

func TestCreateLangURLConflict(t *testing.T) {
	c := expectOne(t, wantRequest{method: "POST", path: "/v1/api/knowledge_base/articles/1234/lang_urls/en",
		body: `{"url":"https://example.com/en"}`}, 409, `{"errors":{"root":[{"message":"A URL for en exists.","code":"CONFLICT"}]}}`)
	if _, err := c.CreateLangURL(t.Context(), 1234, "en", "https://example.com/en"); !IsStatus(err, http.StatusConflict) {
		t.Errorf("err = %v, want 409", err)
	}
}

func TestUpdateLangURL(t *testing.T) {
	c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/knowledge_base/articles/1234/lang_urls/en",
		body: `{"url":"https://example.com/en/returns"}`}, 200, `{"url":"https://example.com/en/returns"}`)
	got, err := c.UpdateLangURL(t.Context(), 1234, "en", "https://example.com/en/returns")
	if err != nil || got != "https://example.com/en/returns" {
		t.Errorf("UpdateLangURL = %q, %v", got, err)
	}
}

func TestDeleteLangURL(t *testing.T) {
	for _, answer := range []string{``, `{}`, `null`} {
		c := expectOne(t, wantRequest{method: "DELETE", path: "/v1/api/knowledge_base/articles/1234/lang_urls/pt%20BR"}, 200, answer)
		if err := c.DeleteLangURL(t.Context(), 1234, "pt BR"); err != nil {
			t.Errorf("answer %q: %v", answer, err)
		}
	}
}

func TestLangURLRefusesLanguagesThatNameAnotherPath(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{}`), nil
	})
	for _, language := range []string{"", ".", ".."} {
		// ".." would make DELETE …/5/lang_urls/.. a DELETE of article 5.
		err := c.DeleteLangURL(t.Context(), 5, language)
		var apiErr *APIError
		if err == nil || errors.As(err, &apiErr) || !strings.Contains(err.Error(), "DELETE "+langURLRoute) {
			t.Errorf("language %q: err = %v, want a local refusal naming the endpoint", language, err)
		}
		if _, err := c.GetLangURL(t.Context(), 5, language); err == nil {
			t.Errorf("language %q: GetLangURL was sent", language)
		}
	}
	if n := api.calls.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestLangURLBudgetsAreNamedByTheTemplate(t *testing.T) {
	b := NewBudgets(true)
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{"url":"https://example.com/"}`), nil
	}, WithBudgets(b))
	ctx := t.Context()
	for _, language := range []string{"en", "pt BR"} {
		if _, err := c.GetLangURL(ctx, 1, language); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateLangURL(ctx, 2, language, "https://example.com/"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UpdateLangURL(ctx, 3, language, "https://example.com/"); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteLangURL(ctx, 4, language); err != nil {
			t.Fatal(err)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var got []string
	for k, l := range b.limits {
		got = append(got, k.endpoint)
		if want := tierByMethod.orDefault(strings.Fields(k.endpoint)[0]).perMinute(); l.Burst() != want {
			t.Errorf("%s: %d a minute, want %d", k.endpoint, l.Burst(), want)
		}
	}
	slices.Sort(got)
	want := []string{
		"DELETE knowledge_base/articles/{article_id}/lang_urls/{language}",
		"GET knowledge_base/articles/{article_id}/lang_urls/{language}",
		"PATCH knowledge_base/articles/{article_id}/lang_urls/{language}",
		"POST knowledge_base/articles/{article_id}/lang_urls/{language}",
	}
	if !slices.Equal(got, want) {
		t.Errorf("budgets %q, want %q", got, want)
	}
}
