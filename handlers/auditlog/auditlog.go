// Package auditlog is the audit log's pages: every write made through the
// console, filtered, one entry with its diff, and the CSV export.
package auditlog

import (
	"qcadmin/store"
	"qcadmin/web"
)

// Handlers serves the audit log of the signed-in agent.
type Handlers struct {
	*web.Kit
	Audit *store.Audit // nil when the console keeps no audit log
}
