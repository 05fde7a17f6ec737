package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

var revoked = &apiclient.APIError{Status: http.StatusUnauthorized, Code: "UNAUTHORIZED", Message: "Token revoked."}

// keptField is the value a kept-form banner holds for a field.
func keptField(t *testing.T, body, name string) (string, bool) {
	t.Helper()
	return consoletest.Parse(t, body).Find(consoletest.TestID("kept-form") + ` [data-kept-fields] input[name="` + name + `"]`).Attr("value")
}

func TestAnEditSentWhenQuickchatSignsThePersonOutIsOfferedBackAfterSignIn(t *testing.T) {
	kb := consoletest.FakeKB{
		Get: func(id int64) (*apiclient.Article, error) {
			return &apiclient.Article{ID: id, Title: "Returns", Content: "old", State: "draft", MaxAvailableVersion: new(3)}, nil
		},
		Update: func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error) { return nil, revoked },
		Tags:   func() ([]string, error) { return []string{"billing"}, nil },
	}
	c := consoletest.New(t, consoletest.WithAPI(kb))
	c.SignIn()
	typed := "Returns are free within 60 days.\n\nOur careful new policy."
	res, _ := c.Post("/articles/7", url.Values{"title": {"Returns (new)"}, "content": {typed}, "base_version": {"3"}, "save_mode": {"draft"}, "api_key": {"never-kept"}},
		"Referer", c.Server.URL+"/articles/7")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Farticles%2F7" {
		t.Fatalf("a 401 on save = %d → %q, want sign-in leading back to the editor", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/login?next=%2Farticles%2F7")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "not saved") || !strings.Contains(got, "restore your text") {
		t.Errorf("the sign-in page says %q, want that the edit was not saved and is kept", got)
	}
	if _, body := c.Get("/articles"); strings.Contains(body, "kept-form") {
		t.Error("a kept form is offered while signed out")
	}

	c.SignIn()
	_, body = c.Get("/articles/7")
	if got, _ := keptField(t, body, "content"); got != typed {
		t.Fatalf("the editor offers back content %q, want %q", got, typed)
	}
	if got, _ := keptField(t, body, "base_version"); got != "3" {
		t.Errorf("base version offered back = %q, want 3, so a newer save by a colleague shows as a conflict", got)
	}
	if _, secret := keptField(t, body, "api_key"); secret {
		t.Error("a secret field was kept")
	}
	if action, _ := consoletest.Parse(t, body).Find(consoletest.TestID("kept-form")).Attr("data-kept-action"); action != "/articles/7" {
		t.Errorf("the banner restores into the form sent to %q", action)
	}
	if _, body := c.Get("/articles/7"); strings.Contains(body, `data-testid="kept-form"`) {
		t.Error("the kept form is offered a second time")
	}
}

func TestAReviewSentThroughHtmxIsKeptForTheConversationItWasOn(t *testing.T) {
	fake := consoletest.FakeConversations{
		FakeKB: consoletest.FakeKB{Tags: func() ([]string, error) { return nil, nil }},
		Get:    func(id string) (*apiclient.ConversationDetails, error) { return &apiclient.ConversationDetails{}, nil },
		List: func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
			return &apiclient.Page[apiclient.Conversation]{}, nil
		},
		Events: func(string, int, int) (*apiclient.Page[apiclient.Event], error) {
			return &apiclient.Page[apiclient.Event]{}, nil
		},
		GetMetadata: func(string) (map[string]any, error) { return map[string]any{}, nil },
		SetMetadata: func(string, map[string]any) (map[string]any, error) { return nil, revoked },
	}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()
	res, _ := c.Post("/conversations/conv-1/review", url.Values{"status": {"needs_work"}, "note": {"The agent promised a refund it cannot give."}},
		"HX-Request", "true", "HX-Current-URL", c.Server.URL+"/conversations/conv-1?status=open")
	if got := res.Header.Get("HX-Redirect"); got != "/login?next=%2Fconversations%2Fconv-1" {
		t.Fatalf("HX-Redirect = %q, want sign-in leading back to the conversation", got)
	}
}

func TestFormsTheConsoleCannotTakeSayWhyAndWhatTheLimitIs(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Post("/articles/new", url.Values{"title": {"Big"}, "content": {strings.Repeat("🚲", 200000)}})
	if msg := consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "2 MiB") || !strings.Contains(msg, "still in your browser") {
		t.Errorf("an oversize form = %d %q, want 413 naming the limit", res.StatusCode, msg)
	}
	many := url.Values{"title": {"Many"}}
	for i := range 10001 {
		many.Add("f", string(rune('a'+i%26)))
	}
	res, body = c.Post("/articles/new", many)
	if msg := consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(); res.StatusCode != http.StatusBadRequest || !strings.Contains(msg, "10,000 fields") {
		t.Errorf("a form of 10,001 fields = %d %q, want 400 naming the limit", res.StatusCode, msg)
	}
	if _, body := c.Get("/articles/new"); !strings.Contains(body, `name="qcadmin-body-limit" content="2097152"`) {
		t.Error("pages do not tell the browser the body limit")
	}
}

func TestAnEditTooLargeToKeepSaysSoAtSignIn(t *testing.T) {
	kb := consoletest.FakeKB{
		Get: func(id int64) (*apiclient.Article, error) {
			return &apiclient.Article{ID: id, Title: "Returns", Content: "old", State: "draft"}, nil
		},
		Update: func(int64, apiclient.ArticleUpdate) (*apiclient.Article, error) { return nil, revoked },
		Tags:   func() ([]string, error) { return nil, nil },
	}
	c := consoletest.New(t, consoletest.WithAPI(kb))
	c.SignIn()
	res, _ := c.Post("/articles/7", url.Values{"title": {"Big"}, "content": {strings.Repeat("a", 600<<10)}, "save_mode": {"draft"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("a 401 on a large save = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := c.Get("/login")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "too large to keep") {
		t.Errorf("the sign-in page says %q, want that the edit was too large to keep", got)
	}
}
