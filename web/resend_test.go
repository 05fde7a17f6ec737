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

// A form post the console failed to serve comes back on its error page, to
// send again, without its secrets; a refusal (4xx) and a page view do not.
func TestFailedPostIsKeptToSendAgain(t *testing.T) {
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
	resend := doc.Find("form[data-testid=resend]")
	if action, _ := resend.Attr("action"); action != "/settings?tab=chatbot" {
		t.Fatalf("sends again to %q", action)
	}
	if v, _ := resend.Find("input[name=greeting]").Attr("value"); v != "Hi <b>there</b>" {
		t.Errorf("greeting kept as %q", v)
	}
	if n := resend.Find("input[name=tags]").Length(); n != 2 {
		t.Errorf("%d of 2 tags kept", n)
	}
	if resend.Find("input[name=api_key]").Length() != 0 || strings.Contains(doc.Text(), "sk-secret") {
		t.Error("the API key is sent back")
	}
	if got := doc.Find("[data-testid=resend-left-out]").Text(); !strings.Contains(got, "api_key") {
		t.Errorf("the page does not say the API key was not kept: %q", got)
	}
	if post("/refused", url.Values{"greeting": {"x"}}).Find("form[data-testid=resend]").Length() != 0 {
		t.Error("a refusal offers to send the same again")
	}
}
