package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process is up; it checks nothing else.
func (h *Handlers) healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// readyz says whether the stores and the Quickchat API answer: 503, naming
// what fails, takes a replica out of its load balancer.
func (h *Handlers) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	status := http.StatusOK
	checks := map[string]string{}
	for _, ch := range h.Ready {
		if err := ch.Ping(ctx); err != nil {
			status = http.StatusServiceUnavailable
			// The reason goes to the log: a database's error names its host, user and database, and /readyz needs no sign-in.
			checks[ch.Name] = "failing"
			h.Log.Warn("readiness check failed", "check", ch.Name, "err", err)
			continue
		}
		checks[ch.Name] = "ok"
	}
	state := "ready"
	if status != http.StatusOK {
		state = "not ready"
	}
	return c.JSON(status, map[string]any{"status": state, "checks": checks})
}
