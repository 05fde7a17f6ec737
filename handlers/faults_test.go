package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"

	"qcadmin/apiclient"
)

func TestAPIFaultsExplainThemselves(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"timeout", context.DeadlineExceeded, http.StatusGatewayTimeout, "did not answer in time"},
		{"server error", &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}, http.StatusBadGateway, "not answering properly"},
		{"rate limited", &apiclient.APIError{Status: 429, Code: "TOO_MANY_REQUESTS", Message: "slow down"}, http.StatusBadGateway, "rate limit"},
		{"unreachable", consoletest.ErrFake, http.StatusBadGateway, "could not be reached"},
		{"waiting for budget", fmt.Errorf("list: %w", apiclient.ErrRateBudget), http.StatusBadGateway, "waiting for Quickchat's rate limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kb := consoletest.FakeKB{List: func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) { return nil, tc.err }}
			c := consoletest.New(t, consoletest.WithAPI(kb))
			c.SignIn()
			res, body := c.Get("/articles")
			doc := consoletest.Parse(t, body)
			if res.StatusCode != tc.status || !strings.Contains(doc.Find(consoletest.TestID("error-page")).Text(), tc.want) {
				t.Fatalf("%d %q", res.StatusCode, doc.Find(consoletest.TestID("error-page")).Text())
			}
			if retry, _ := doc.Find(`a.btn-primary`).Attr("href"); retry != "/articles" {
				t.Errorf("retry link = %q", retry)
			}
			if strings.Contains(body, "fake failure") {
				t.Error("an internal error's text reached the page")
			}
		})
	}
}

func TestRevokedTokenSignsOut(t *testing.T) {
	revoked := &apiclient.APIError{Status: 401, Code: "PERMISSION_DENIED", Message: "Token has been revoked."}
	kb := consoletest.FakeKB{List: func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) { return nil, revoked }}
	c := consoletest.New(t, consoletest.WithAPI(kb))
	c.SignIn()
	res, _ := c.Get("/articles")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("a 401 from Quickchat = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/login")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "revoked") {
		t.Fatalf("flash = %q", got)
	}
	if res, _ := c.Get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Fatal("the session survived a refused token")
	}
}

func TestConflictOnSaveKeepsTheText(t *testing.T) {
	kb := consoletest.FakeKB{
		Get: func(id int64) (*apiclient.Article, error) {
			return &apiclient.Article{ID: id, Title: "Server copy", Content: "old", State: "draft"}, nil
		},
		Update: func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error) {
			return nil, &apiclient.APIError{Status: 409, Code: "CONFLICT", Message: "Article was modified."}
		},
	}
	c := consoletest.New(t, consoletest.WithAPI(kb))
	c.SignIn()
	res, body := c.Post("/articles/7", url.Values{"title": {"Mine"}, "content": {"my careful edit"}, "save_mode": {"publish"}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("conflict")).Text(), "Someone saved this article") {
		t.Fatalf("409: %d %q", res.StatusCode, doc.Find(consoletest.TestID("conflict")).Text())
	}
	if got := doc.Find(consoletest.TestID("publish")).Text(); !strings.Contains(got, "Overwrite") {
		t.Errorf("after a conflict the publish button says %q, want it to offer overwriting", got)
	}
	if doc.Find("textarea#content").Text() != "my careful edit" {
		t.Fatal("the edit was lost on a conflict")
	}
	if got, _ := doc.Find("#title").Attr("value"); got != "Mine" {
		t.Errorf("title = %q", got)
	}
}

func TestErrorPagesLeadBackToTheirArea(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	for path, want := range map[string]string{
		"/conversations/no-such-conversation": "/conversations",
		"/ai-actions/999999":                  "/ai-actions",
		"/audit/999999":                       "/audit",
		"/articles/999999":                    "/articles",
	} {
		res, body := c.Get(path)
		doc := consoletest.Parse(t, body)
		back, _ := doc.Find(consoletest.TestID("error-page") + " a.btn-ghost").Attr("href")
		if res.StatusCode != http.StatusNotFound || back != want {
			t.Errorf("%s: %d, the error page leads to %q, want 404 leading to %q", path, res.StatusCode, back, want)
		}
	}
}
