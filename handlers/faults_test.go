package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
)

type goqSel = goquery.Selection

var errFake = errors.New("fake failure")

// fakeKB is a Quickchat API made of function fields; calls it does not fake
// reach the nil embedded API and fail loudly.
type fakeKB struct {
	handlers.API
	getKB  func() (*apiclient.KnowledgeBaseSettings, error)
	list   func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	get    func(int64) (*apiclient.Article, error)
	create func(apiclient.ArticleCreate) (*apiclient.Article, error)
	update func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error)
	del    func([]int64) error
	tags   func() ([]string, error)
	search func(apiclient.SearchParams) (*apiclient.SearchResult, error)
}

func (f fakeKB) SearchArticles(_ context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error) {
	return f.search(p)
}

func (f fakeKB) GetKnowledgeBase(context.Context) (*apiclient.KnowledgeBaseSettings, error) {
	if f.getKB == nil {
		return &apiclient.KnowledgeBaseSettings{OneWordDescription: "Fake"}, nil
	}
	return f.getKB()
}
func (f fakeKB) ListArticles(_ context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	return f.list(p)
}
func (f fakeKB) GetArticle(_ context.Context, id int64) (*apiclient.Article, error) { return f.get(id) }
func (f fakeKB) CreateArticle(_ context.Context, a apiclient.ArticleCreate) (*apiclient.Article, error) {
	return f.create(a)
}
func (f fakeKB) UpdateArticle(_ context.Context, id int64, u apiclient.ArticleUpdate) (*apiclient.Article, error) {
	return f.update(id, u)
}
func (f fakeKB) DeleteArticles(_ context.Context, ids []int64) error { return f.del(ids) }
func (f fakeKB) ListTags(context.Context) ([]string, error) {
	if f.tags == nil {
		return nil, errFake
	}
	return f.tags()
}

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
		{"unreachable", errFake, http.StatusBadGateway, "could not be reached"},
		{"waiting for budget", fmt.Errorf("list: %w", apiclient.ErrRateBudget), http.StatusBadGateway, "waiting for Quickchat's rate limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kb := fakeKB{list: func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) { return nil, tc.err }}
			c := newConsole(t, withAPI(kb))
			c.signIn()
			res, body := c.get("/articles")
			doc := parse(t, body)
			if res.StatusCode != tc.status || !strings.Contains(doc.Find(testid("error-page")).Text(), tc.want) {
				t.Fatalf("%d %q", res.StatusCode, doc.Find(testid("error-page")).Text())
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
	kb := fakeKB{list: func(apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) { return nil, revoked }}
	c := newConsole(t, withAPI(kb))
	c.signIn()
	res, _ := c.get("/articles")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("a 401 from Quickchat = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.get("/login")
	if got := parse(t, body).Find(testid("flash")).Text(); !strings.Contains(got, "revoked") {
		t.Fatalf("flash = %q", got)
	}
	if res, _ := c.get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Fatal("the session survived a refused token")
	}
}

func TestConflictOnSaveKeepsTheText(t *testing.T) {
	kb := fakeKB{
		get: func(id int64) (*apiclient.Article, error) {
			return &apiclient.Article{ID: id, Title: "Server copy", Content: "old", State: "draft"}, nil
		},
		update: func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error) {
			return nil, &apiclient.APIError{Status: 409, Code: "CONFLICT", Message: "Article was modified."}
		},
	}
	c := newConsole(t, withAPI(kb))
	c.signIn()
	res, body := c.post("/articles/7", url.Values{"title": {"Mine"}, "content": {"my careful edit"}, "save_mode": {"publish"}})
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(testid("conflict")).Text(), "Someone saved this article") {
		t.Fatalf("409: %d %q", res.StatusCode, doc.Find(testid("conflict")).Text())
	}
	if got := doc.Find(testid("publish")).Text(); !strings.Contains(got, "Overwrite") {
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
	c := newConsole(t)
	c.signIn()
	for path, want := range map[string]string{
		"/conversations/no-such-conversation": "/conversations",
		"/ai-actions/999999":                  "/ai-actions",
		"/audit/999999":                       "/audit",
		"/articles/999999":                    "/articles",
	} {
		res, body := c.get(path)
		doc := parse(t, body)
		back, _ := doc.Find(testid("error-page") + " a.btn-ghost").Attr("href")
		if res.StatusCode != http.StatusNotFound || back != want {
			t.Errorf("%s: %d, the error page leads to %q, want 404 leading to %q", path, res.StatusCode, back, want)
		}
	}
}
