package reviews

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// utf8BOM starts the file, so spreadsheet programs read names such as
// "Wójcik" as written.
const utf8BOM = "\ufeff"

var exportHeader = []string{
	"section", "key", "conversations", "reviewed", "reviewed_percent", "good", "needs_work",
	"needs_work_percent_of_reviewed", "reviews_given",
}

// Export is the overview's numbers as CSV: a row per day, the period's
// total, a row per channel and per reviewer, with the same numbers as the
// page. Percentages have one decimal and are empty when there is nothing to
// divide by. A period the overview cannot cover is refused, naming the date.
func (h *Handlers) Export(c echo.Context) error {
	p, errs := periods.Parse(c.QueryParams(), time.Now())
	if len(errs) > 0 {
		msgs := make([]string, 0, 2)
		for _, field := range []string{"from", "to"} {
			if errs[field] != "" {
				msgs = append(msgs, errs[field])
			}
		}
		return echo.NewHTTPError(http.StatusBadRequest, strings.Join(msgs, " "))
	}
	// A bulk read: people's page views on the same token go first.
	o, err := h.read(apiclient.Background(c.Request().Context()), h.API(c), h.Account(c).ScenarioID, p)
	if err != nil {
		return h.Failure(c, err)
	}
	res := c.Response()
	name := "reviews-" + p.FromText + "-to-" + p.ToText + ".csv"
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	res.WriteHeader(http.StatusOK)
	_, _ = res.Write([]byte(utf8BOM))
	w := csv.NewWriter(res)
	write := func(row ...string) {
		for i, cell := range row {
			row[i] = web.CSVSafe(cell)
		}
		_ = w.Write(row)
	}
	write(exportHeader...)
	countsRow := func(section, key string, n counts) {
		write(section, key, strconv.Itoa(n.Conversations), strconv.Itoa(n.Reviewed), csvShare(n.Reviewed, n.Conversations),
			strconv.Itoa(n.Good), strconv.Itoa(n.NeedsWork), csvShare(n.NeedsWork, n.Reviewed), "")
	}
	for i, d := range o.Days {
		countsRow("day", p.From.AddDate(0, 0, i).Format(time.DateOnly), d)
	}
	countsRow("total", p.FromText+" to "+p.ToText, o.Total)
	for _, ch := range o.Channels {
		countsRow("channel", ch.Name, ch.counts)
	}
	for _, r := range o.Reviewers {
		write("reviewer", r.Name, "", strconv.Itoa(r.Reviewed), "", strconv.Itoa(r.Good), strconv.Itoa(r.NeedsWork),
			csvShare(r.NeedsWork, r.Reviewed), strconv.Itoa(r.Given))
	}
	if msg := o.Partial(); msg != "" {
		write("partial", msg)
	}
	w.Flush()
	return w.Error()
}
