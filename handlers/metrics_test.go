package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
	"qcadmin/metrics"
)

// withMetrics turns the console's metrics on, and has its Quickchat
// clients report to them as the console process's do.
func withMetrics(m *metrics.Metrics) consoletest.Option {
	return func(d *handlers.Deps) {
		d.Metrics = m
		origin := strings.TrimSuffix(d.LegacyChatURL, "/chat") // the sandbox serves both
		budgets := d.Budgets
		d.Connect = func(token string) handlers.API {
			return apiclient.New(origin, token, apiclient.WithBudgets(budgets), apiclient.WithObserver(m))
		}
	}
}

func scrapeMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return string(body)
}

func TestPagesAreTimedByTheirRouteTemplate(t *testing.T) {
	m := metrics.New()
	c := consoletest.New(t, withMetrics(m))
	c.SignIn()
	page, err := c.Quickchat().ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) < 2 {
		t.Fatalf("the demo agent has %d articles, want two to open", len(page.Items))
	}
	var ids []string
	for _, a := range page.Items {
		ids = append(ids, fmt.Sprint(a.ID))
		if res, body := c.Get(fmt.Sprintf("/articles/%d", a.ID)); res.StatusCode != http.StatusOK {
			t.Fatalf("article %d: %d\n%s", a.ID, res.StatusCode, body)
		}
	}
	if res, _ := c.Get("/articles/987654321"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a missing article answered %d, want 404", res.StatusCode)
	}
	if res, _ := c.Get("/no-such-page-24680"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown address answered %d, want 404", res.StatusCode)
	}

	// A page's event stream, opened and closed, is a stream, not a page answer.
	s := openStream(t, c, "/events?watch=inbox&mode=viewing")
	s.next(t, "presence", "")
	s.close()
	text := scrapeMetrics(t, m)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(text, "\nqcadmin_event_streams_open 0\n") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond) // until the stream's handler has ended
		text = scrapeMetrics(t, m)
	}
	if strings.Contains(text, `route="/events"`) {
		t.Error("an event stream was timed as a page")
	}
	for _, want := range []string{
		`qcadmin_http_request_duration_seconds_count{method="GET",route="/articles/:id",status="2xx"} 2`,
		`qcadmin_http_request_duration_seconds_count{method="GET",route="/articles/:id",status="4xx"} 1`,
		`qcadmin_http_request_duration_seconds_count{method="POST",route="/login/demo",status="3xx"} 1`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="ok",status="200"} 2`,
		`qcadmin_upstream_requests_total{endpoint="GET knowledge_base/articles/{id}",outcome="refused",status="404"} 1`,
	} {
		if !strings.Contains(text, "\n"+want+"\n") {
			t.Errorf("the scrape lacks %q", want)
		}
	}
	// Route and endpoint templates have no digits: an id or an address asked for would.
	for _, l := range labelRE.FindAllStringSubmatch(text, -1) {
		if (l[1] == "route" || l[1] == "endpoint") && strings.ContainsAny(l[2], "0123456789") {
			t.Errorf("the label %s=%q names what was asked for (articles %v)", l[1], l[2], ids)
		}
	}
}

var labelRE = regexp.MustCompile(`(\w+)="([^"]*)"`)

func TestWithoutMetricsNoPageIsTimed(t *testing.T) {
	m := metrics.New()
	c := consoletest.New(t) // Deps.Metrics is nil
	c.Get("/login")
	if strings.Contains(scrapeMetrics(t, m), "qcadmin_http_request_duration_seconds") {
		t.Error("pages were timed with metrics off")
	}
}
