package reviews_test

import (
	"encoding/csv"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/handlers/consoletest"
)

// readCSV reads an export, which starts with a UTF-8 byte-order mark so
// spreadsheet programs read its accents right.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Fatalf("the export does not start with a UTF-8 byte-order mark: %q", body[:min(len(body), 20)])
	}
	r := csv.NewReader(strings.NewReader(rest))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, body)
	}
	return rows
}

func TestTheExportHasThePagesNumbers(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("=Ana Wójcik") // a name a spreadsheet would take for a formula
	from, to := today().AddDate(0, 0, -6), today()
	convs := inPeriod(t, c, from, to)
	if len(convs) < 3 {
		t.Fatalf("the demo has %d conversations in the last 7 days", len(convs))
	}
	review(t, c, convs[0].ID, "needs_work")
	review(t, c, convs[1].ID, "good")

	_, page := c.Get("/reviews?period=7")
	doc := consoletest.Parse(t, page)
	href, _ := doc.Find(consoletest.TestID("reviews-export")).Attr("href")
	res, body := c.Get(href)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export %s: %d\n%s", href, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	name := "reviews-" + from.Format(time.DateOnly) + "-to-" + to.Format(time.DateOnly) + ".csv"
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="`+name+`"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows := readCSV(t, body)
	header := strings.Join(rows[0], ",")
	if header != "section,key,conversations,reviewed,reviewed_percent,good,needs_work,needs_work_percent_of_reviewed,reviews_given" {
		t.Fatalf("header %s", header)
	}
	bySection := map[string][][]string{}
	for _, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			t.Fatalf("row %v has %d cells", r, len(r))
		}
		bySection[r[0]] = append(bySection[r[0]], r)
	}
	// Every day of the period, with the page's numbers.
	if len(bySection["day"]) != 7 {
		t.Fatalf("%d day rows", len(bySection["day"]))
	}
	pageDays := rows2(doc, "reviews-day", "data-day")
	for i, r := range bySection["day"] {
		if r[1] != from.AddDate(0, 0, i).Format(time.DateOnly) {
			t.Errorf("day row %d is %s", i, r[1])
		}
		if !sameNumbers(r[2:8], pageDays[r[1]]) {
			t.Errorf("%s: CSV %v, page %v", r[1], r[2:8], pageDays[r[1]])
		}
	}
	total := bySection["total"]
	if len(total) != 1 || total[0][3] != "2" || total[0][5] != "1" || total[0][6] != "1" || total[0][7] != "50.0" {
		t.Errorf("total %v", total)
	}
	if pageTotal := rowCells(doc.Find(consoletest.TestID("reviews-total"))); len(total) == 1 && !sameNumbers(total[0][2:8], pageTotal) {
		t.Errorf("total: CSV %v, page %v", total[0], pageTotal)
	}
	if len(bySection["channel"]) != doc.Find(consoletest.TestID("reviews-channel")).Length() {
		t.Errorf("%d channel rows, the page has %d", len(bySection["channel"]), doc.Find(consoletest.TestID("reviews-channel")).Length())
	}
	reviewers := bySection["reviewer"]
	if len(reviewers) != 1 || reviewers[0][1] != "'=Ana Wójcik" || reviewers[0][3] != "2" || reviewers[0][6] != "1" || reviewers[0][7] != "50.0" || reviewers[0][8] != "2" {
		t.Errorf("reviewer rows %v (the name starts with a quote, so it stays text)", reviewers)
	}
	if len(bySection["partial"]) != 0 {
		t.Errorf("a complete overview says it is partial: %v", bySection["partial"])
	}
}

// rows2 reads a table's rows: each row's cells in the CSV's order, from conversations to the needs-work share.
func rows2(doc *goquery.Document, rowID, key string) map[string][]string {
	out := map[string][]string{}
	doc.Find(consoletest.TestID(rowID)).Each(func(_ int, s *goquery.Selection) {
		k, _ := s.Attr(key)
		out[k] = rowCells(s)
	})
	return out
}

func rowCells(s *goquery.Selection) []string {
	var cells []string
	for _, id := range []string{"conversations", "reviewed", "reviewed-share", "good", "needs-work", "needs-work-share"} {
		cells = append(cells, strings.TrimSpace(s.Find(consoletest.TestID(id)).Text()))
	}
	return cells
}

// sameNumbers compares a CSV row's cells with the page's: counts alike, and
// each share the page rounds ("33%") from the CSV's one decimal ("33.3"),
// "–" on the page where the CSV has nothing to divide by.
func sameNumbers(csvCells, pageCells []string) bool {
	if len(csvCells) != len(pageCells) {
		return false
	}
	for i, v := range csvCells {
		p := pageCells[i]
		switch {
		case p == "–":
			if v != "" {
				return false
			}
		case strings.HasSuffix(p, "%"):
			f, err := strconv.ParseFloat(v, 64)
			n, err2 := strconv.Atoi(strings.TrimSuffix(p, "%"))
			if err != nil || err2 != nil || int(math.Round(f)) != n {
				return false
			}
		case v != p:
			return false
		}
	}
	return true
}

func TestTheExportOfAnEmptyPeriodHasItsDays(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/reviews/export.csv?from=2020-01-01&to=2020-01-03")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d", res.StatusCode)
	}
	rows := readCSV(t, body)
	if len(rows) != 5 || rows[1][0] != "day" || rows[1][2] != "0" || rows[1][4] != "" || rows[4][0] != "total" {
		t.Errorf("rows %v", rows)
	}
}
