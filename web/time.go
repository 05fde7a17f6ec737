package web

import (
	"time"

	"qcadmin/display"
	"qcadmin/views"
)

// Moment shows t relative to now, with the exact UTC time for hover and <time datetime>.
func Moment(t, now time.Time) views.Moment {
	return views.Moment{Relative: display.Ago(t, now), Exact: display.UTC(t), ISO: t.UTC().Format(time.RFC3339)}
}
