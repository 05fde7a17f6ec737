package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/store"
)

// NoAuditLog is what the pages built on the audit log say when the console was started without one.
const NoAuditLog = "This console keeps no audit log."

// ErrNoAuditEntry answers a link to an entry the agent's log does not hold.
var ErrNoAuditEntry = echo.NewHTTPError(http.StatusNotFound, "The audit log of this agent has no such entry.")

// AuditEntry reads one entry, its id as written in a URL, of the signed-in
// agent's log; another agent's entries do not exist here.
func (k *Kit) AuditEntry(c echo.Context, log *store.Audit, raw string) (store.Entry, error) {
	if log == nil {
		return store.Entry{}, echo.NewHTTPError(http.StatusNotFound, NoAuditLog)
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return store.Entry{}, ErrNoAuditEntry
	}
	e, err := log.Get(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && e.ScenarioID != k.Account(c).ScenarioID) {
		return store.Entry{}, ErrNoAuditEntry
	}
	return e, err
}

// AuditEntryAbout reports whether an entry is about the article id.
func AuditEntryAbout(e store.Entry, id int64) bool {
	return slices.Contains(e.TargetIDs, strconv.FormatInt(id, 10))
}
