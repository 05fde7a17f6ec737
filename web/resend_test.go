package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"qcadmin/views/layout"
)

// A form post a handler failed to serve comes back on its error page to
// copy, without its secrets; a refusal (4xx) does not. (A post refused
// before any handler ran, the store being unavailable, may be sent again as
// it was: unavailable_test.go.)
func TestFailedPostIsKeptToCopy(t *testing.T) {
	k := &Kit{Log: slog.New(slog.DiscardHandler), Assets: layout.Assets{CSS: "/static/app.css", JS: "/static/app.js", HTMX: "/static/htmx.js"}}
	e := echo.New()
	e.HTTPErrorHandler = k.ErrorHandler
	fail := func(c echo.Context) error { return errors.New("the store went away") }
	e.POST("/settings", fail)
	e.POST("/refused", func(c echo.Context) error { return echo.NewHTTPError(http.StatusForbidden, "no") })

	post := func(target string, form url.Values) *goquery.Document {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		doc, err := goquery.NewDocumentFromReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	doc := post("/settings?tab=chatbot", url.Values{"greeting": {"Hi <b>there</b>"}, "api_key": {"sk-secret"}, "tags": {"a", "b"}})
	// A handler failed: its writes may have gone through, so the post is shown to copy, not sent again blindly.
	if doc.Find("form[data-testid=resend], [data-testid=resend-button]").Length() != 0 {
		t.Error("a post that may have been applied in part is offered to be sent again as it was")
	}
	if doc.Find("[data-testid=resend-check]").Length() != 1 {
		t.Error("the page does not say to check before sending again")
	}
	kept := doc.Find("[data-testid=resend-fields] textarea")
	values := map[string][]string{}
	kept.Each(func(_ int, s *goquery.Selection) {
		values[s.AttrOr("aria-label", "")] = append(values[s.AttrOr("aria-label", "")], s.Text())
	})
	if got := values["greeting"]; len(got) != 1 || got[0] != "Hi <b>there</b>" {
		t.Errorf("greeting kept as %q", got)
	}
	if n := len(values["tags"]); n != 2 {
		t.Errorf("%d of 2 tags kept", n)
	}
	if _, ok := values["api_key"]; ok || strings.Contains(doc.Text(), "sk-secret") {
		t.Error("the API key is sent back")
	}
	if got := doc.Find("[data-testid=resend-left-out]").Text(); !strings.Contains(got, "api_key") {
		t.Errorf("the page does not say the API key was not kept: %q", got)
	}
	if post("/refused", url.Values{"greeting": {"x"}}).Find("[data-testid=resend-fields]").Length() != 0 {
		t.Error("a refusal offers what was sent again")
	}
}
