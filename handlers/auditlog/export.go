package auditlog

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/store"
	"qcadmin/web"
)

var auditExportHeader = []string{
	"id", "at_utc", "person", "client_ip", "request_id", "agent", "scenario_id", "action", "targets",
	"summary", "status", "error_code", "before_chars", "after_chars", "detail",
}

// Export streams the filtered log as CSV, newest first, page by page
// from the store so a long log starts downloading at once. The bodies stay in
// the console (the detail column links each entry); the file says how long they are.
func (h *Handlers) Export(c echo.Context) error {
	if h.Audit == nil {
		return echo.NewHTTPError(http.StatusNotFound, web.NoAuditLog)
	}
	aq := parseAuditQuery(c.QueryParams())
	f, errs := aq.filter(h.Account(c).ScenarioID)
	if len(errs) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "The dates of this export cannot be read: use dates like 2026-03-10.")
	}
	res := c.Response()
	name := "audit-" + time.Now().UTC().Format(time.DateOnly) + ".csv"
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	res.WriteHeader(http.StatusOK)
	w := csv.NewWriter(res)
	_ = w.Write(auditExportHeader)
	n := 0
	err := h.Audit.Each(c.Request().Context(), f, func(e store.Entry) error {
		if err := w.Write(auditExportRow(e)); err != nil {
			return err
		}
		if n++; n%200 == 0 {
			w.Flush()
			res.Flush()
		}
		return w.Error()
	})
	if err != nil {
		// The status line is sent; the last row says the file is incomplete.
		h.Log.Error("audit export stopped", "err", err, "request_id", res.Header().Get(echo.HeaderXRequestID))
		_ = w.Write([]string{"export stopped early", "the console could not read the rest of its audit log"})
	}
	w.Flush()
	return nil
}

func auditExportRow(e store.Entry) []string {
	row := []string{
		strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), e.Identity, e.ClientIP, e.RequestID, e.Agent,
		e.ScenarioID, e.Action, strings.Join(e.TargetIDs, " "), e.Summary, strconv.Itoa(e.Status), e.ErrorCode,
		strconv.Itoa(len([]rune(e.Before))), strconv.Itoa(len([]rune(e.After))), web.AuditHref(e.ID),
	}
	for i, cell := range row {
		row[i] = web.CSVSafe(cell)
	}
	return row
}
