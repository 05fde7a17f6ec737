package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
)

func TestARequestThatWaitedForTheRateLimitSaysSo(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`["billing"]`))
	}))
	defer upstream.Close()
	client := apiclient.New(upstream.URL, "token", apiclient.WithBudgets(apiclient.NewBudgets(true)))

	k := &Kit{}
	req := httptest.NewRequest(http.MethodGet, "/tags", nil)
	req.Header.Set("HX-Request", "true")
	c := echo.New().NewContext(req, httptest.NewRecorder())
	handler := k.RecordWaits(func(c echo.Context) error {
		// The READ tier allows 120 a minute in a burst, then one every 500 ms: the last three calls wait.
		for range 123 {
			if _, err := client.ListTags(c.Request().Context()); err != nil {
				return err
			}
		}
		return nil
	})
	if err := handler(c); err != nil {
		t.Fatal(err)
	}
	if got := waited(c); !strings.Contains(got, "waited") || !strings.Contains(got, "rate limit") {
		t.Fatalf("after waiting for the budget the page says %q", got)
	}
	toastWaited(c)
	if got := c.Response().Header().Get("HX-Trigger"); !strings.Contains(got, `"showToast"`) || !strings.Contains(got, "rate limit") {
		t.Errorf("an htmx region that waited triggers %q, want a toast saying so", got)
	}

	fresh := apiclient.New(upstream.URL, "token", apiclient.WithBudgets(apiclient.NewBudgets(true)))
	quick := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/tags", nil), httptest.NewRecorder())
	if err := k.RecordWaits(func(c echo.Context) error { _, err := fresh.ListTags(c.Request().Context()); return err })(quick); err != nil {
		t.Fatal(err)
	}
	if got := waited(quick); got != "" {
		t.Errorf("a request with budget to spare says %q", got)
	}
}
