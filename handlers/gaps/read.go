package gaps

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/jobs"
	"qcadmin/views"
	"qcadmin/web"
)

// Read starts a background reading of the period's conversations not read
// yet or changed since, or joins the one under way, and goes back to the
// page, which shows its progress. Only the write role gets here (requireRole).
func (h *Handlers) Read(c echo.Context) error {
	if h.Jobs == nil || h.Gaps == nil {
		return echo.NewHTTPError(http.StatusNotFound, "This console runs no background jobs.")
	}
	if acct := h.Account(c); !acct.CanWrite() {
		// Reading spends the agent's shared budget in the background: the work of those who may change things.
		return echo.NewHTTPError(http.StatusForbidden, "Your role on "+acct.Label+" is read: you can see the knowledge gaps, but reading more conversations is for the write role. Ask your admin for it if you need it.")
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
	}
	p, errs := periods.Parse(form, time.Now())
	if len(errs) > 0 {
		return web.Redirect(c, "/gaps?"+p.Query())
	}
	acct := h.Account(c)
	_, err = h.Jobs.ReadConversations(c.Request().Context(), jobs.GapsStart{
		ScenarioID: acct.ScenarioID, Identity: h.Identity(c), Token: h.Token(c), From: p.From, To: p.LastMoment(),
	})
	if err != nil {
		return err
	}
	return web.Redirect(c, "/gaps?"+p.Query())
}

// Progress is the reading's progress card, asked for every two seconds while
// it runs; when the reading has ended the page reloads, to show what it read.
func (h *Handlers) Progress(c echo.Context) error {
	if h.Gaps == nil {
		return web.Reload(c, "/gaps")
	}
	run, ok, err := h.Gaps.LatestRun(c.Request().Context(), h.Account(c).ScenarioID)
	if err != nil {
		return err
	}
	if !web.IsHTMX(c) {
		return web.Redirect(c, "/gaps")
	}
	if !ok {
		return web.Reload(c, "/gaps")
	}
	if !run.Active() {
		return web.Reload(c, "/gaps?"+url.Values{"from": {run.From.UTC().Format(time.DateOnly)}, "to": {run.To.UTC().Format(time.DateOnly)}}.Encode())
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Knowledge gaps", Nav: "gaps", Body: views.GapsRunView(runView(run))})
}
