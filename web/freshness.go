package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views/layout"
)

// staleAfter is how old the cached data of a page may be before the page
// says as of when it is shown.
const staleAfter = 5 * time.Second

// ageKey holds the request's *apiclient.Age.
const ageKey = "qcadmin.age"

// Freshness records how old the cached answers a request uses are, so a
// page built on data more than a few seconds old says so and offers to
// reload it; a page asked for with ?refresh=1 reads everything fresh.
func (k *Kit) Freshness(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		age := &apiclient.Age{}
		ctx := apiclient.WithAgeRecorder(c.Request().Context(), age)
		if c.Request().Method == http.MethodGet && c.QueryParam("refresh") == "1" {
			ctx = apiclient.Fresh(ctx)
		}
		c.Set(ageKey, age)
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// freshness is the note of a full page shown from cached data older than
// staleAfter; nil for fresh data and for answers to a form.
func freshness(c echo.Context, now time.Time) *layout.Freshness {
	age, ok := c.Get(ageKey).(*apiclient.Age)
	if !ok || c.Request().Method != http.MethodGet {
		return nil
	}
	oldest, ok := age.Oldest()
	if !ok || now.Sub(oldest) <= staleAfter {
		return nil
	}
	q := c.Request().URL.Query()
	q.Set("refresh", "1")
	return &layout.Freshness{Age: agoWords(now.Sub(oldest)), RefreshHref: c.Request().URL.Path + "?" + q.Encode()}
}

// agoWords says how long ago, roughly: "20 s ago", "2 min ago".
func agoWords(d time.Duration) string {
	if d < time.Minute {
		return strconv.Itoa(int(d.Seconds())) + " s ago"
	}
	return strconv.Itoa(int(d.Minutes())) + " min ago"
}
