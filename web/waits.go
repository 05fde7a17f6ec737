package web

import (
	"encoding/json"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
)

// noticeableWait is how long a page may wait for Quickchat's rate limit before it says so.
const noticeableWait = time.Second

const waitsKey = "qcadmin.waits"

// RecordWaits notes how long each request's calls wait for Quickchat's rate
// limit, so the page it answers can say it waited, and why.
func (k *Kit) RecordWaits(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		w := &apiclient.Waits{}
		c.Set(waitsKey, w)
		c.SetRequest(c.Request().WithContext(apiclient.WithWaits(c.Request().Context(), w)))
		return next(c)
	}
}

// waited says, in words, that this request waited for the rate limit; "" when it did not notably.
func waited(c echo.Context) string {
	w, ok := c.Get(waitsKey).(*apiclient.Waits)
	if !ok || w.Total() < noticeableWait {
		return ""
	}
	return "This page waited " + w.Total().Round(time.Second).String() + " for Quickchat's rate limit: others on this agent are using it heavily right now."
}

// toastWaited tells htmx to show the wait as a toast, for a region that has no layout to say it in.
func toastWaited(c echo.Context) {
	msg := waited(c)
	if msg == "" {
		return
	}
	b, _ := json.Marshal(map[string]map[string]string{"showToast": {"level": "info", "message": msg}})
	c.Response().Header().Set("HX-Trigger", string(b))
}
