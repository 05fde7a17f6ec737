package auditlog_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/sandbox"
	"qcadmin/store"
)

// writeSome makes three articles' worth of writes and returns the first article's path.
func writeSome(t *testing.T, c *consoletest.Console) string {
	t.Helper()
	var first string
	for i, title := range []string{"Returns", "Shipping", "Warranty"} {
		res, _ := c.Post("/articles/new", url.Values{"title": {title}, "content": {title + " policy."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s = %d", title, res.StatusCode)
		}
		if i == 0 {
			first = res.Header.Get("Location")
		}
	}
	res, _ := c.Post(first, url.Values{"title": {"Returns"}, "content": {"Returns policy.\n30 days."}, "save_mode": {"publish"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish = %d", res.StatusCode)
	}
	return first
}

func auditRowActions(t *testing.T, body string) []string {
	t.Helper()
	var actions []string
	consoletest.Parse(t, body).Find(consoletest.TestID("audit-row") + " " + consoletest.TestID("audit-action")).Each(func(_ int, s *goquery.Selection) {
		actions = append(actions, s.Text())
	})
	return actions
}

func TestTheAuditPageFiltersByPersonActionTargetAndTime(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	first := writeSome(t, c)
	id := strings.TrimPrefix(first, "/articles/")
	today := time.Now().UTC().Format(time.DateOnly)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)

	_, body := c.Get("/audit")
	doc := consoletest.Parse(t, body)
	if got := auditRowActions(t, body); strings.Join(got, " ") != "article.publish article.create article.create article.create" {
		t.Fatalf("newest first: %v", got)
	}
	if doc.Find(`nav a[href="/audit"][aria-current="page"]`).Text() != "Audit log" {
		t.Error("the nav does not mark the audit log")
	}
	row := doc.Find(consoletest.TestID("audit-row")).First()
	if !strings.Contains(row.Text(), "Demo agent") || !strings.Contains(row.Text(), "127.0.0.1") || row.Find(consoletest.TestID("audit-outcome")).Text() != "200" {
		t.Errorf("row = %q", row.Text())
	}
	if href, _ := row.Find(consoletest.TestID("audit-targets") + " a").Attr("href"); href != first {
		t.Errorf("the target links to %q, want %q", href, first)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("pager")).Text(), "1–4 of 4") {
		t.Errorf("pager = %q", doc.Find(consoletest.TestID("pager")).Text())
	}

	cases := []struct {
		query string
		want  string
	}{
		{"action=article.create", "article.create article.create article.create"},
		{"action=article", "article.publish article.create article.create article.create"},
		{"target=" + id, "article.publish article.create"},
		{"person=Demo+agent&action=article.publish", "article.publish"},
		{"person=Someone+else", ""},
		{"from=" + today + "&to=" + today, "article.publish article.create article.create article.create"},
		{"to=" + yesterday, ""},
		{"from=" + today + "&target=" + id + "&action=article.create", "article.create"},
	}
	for _, tc := range cases {
		_, body := c.Get("/audit?" + tc.query)
		if got := strings.Join(auditRowActions(t, body), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
		}
		if tc.want == "" && consoletest.Parse(t, body).Find(consoletest.TestID("empty")).Length() != 1 {
			t.Errorf("%s: no empty state", tc.query)
		}
	}

	_, body = c.Get("/audit?from=10/03/2026&action=article.publish")
	doc = consoletest.Parse(t, body)
	if !strings.Contains(doc.Find("#from-error").Text(), "2026-03-10") || len(auditRowActions(t, body)) != 1 {
		t.Errorf("a bad date: error %q, rows %v", doc.Find("#from-error").Text(), auditRowActions(t, body))
	}
	if v, _ := doc.Find("#f-from").Attr("value"); v != "10/03/2026" {
		t.Errorf("the typed date was not kept: %q", v)
	}

	// htmx swaps the results alone, and the export link follows the filters.
	_, body = c.Get("/audit?action=article.create", "HX-Request", "true")
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("audit-filters")).Length() != 0 || len(auditRowActions(t, body)) != 3 {
		t.Errorf("the htmx answer is not the results region")
	}
	if href, _ := doc.Find(consoletest.TestID("audit-export")).Attr("href"); href != "/audit/export.csv?action=article.create" {
		t.Errorf("export href %q", href)
	}
}

func TestTheAuditPagePages(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	for i := range 53 {
		if err := c.Audit.Record(context.Background(), store.Entry{ScenarioID: sandbox.DemoScenarioID, Identity: "ana", Action: "metadata.set",
			TargetIDs: []string{"c" + strconv.Itoa(i)}, Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	_, body := c.Get("/audit")
	doc := consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("audit-row")).Length(); n != 50 || !strings.Contains(doc.Find(consoletest.TestID("pager")).Text(), "1–50 of 53") {
		t.Fatalf("first page: %d rows, %q", n, doc.Find(consoletest.TestID("pager")).Text())
	}
	next, _ := doc.Find(consoletest.TestID("pager") + ` a[rel="next"]`).Attr("href")
	if next != "/audit?offset=50" {
		t.Fatalf("next = %q", next)
	}
	_, body = c.Get(next)
	doc = consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("audit-row")).Length(); n != 3 || !strings.Contains(doc.Find(consoletest.TestID("pager")).Text(), "51–53 of 53") {
		t.Errorf("second page: %d rows, %q", n, doc.Find(consoletest.TestID("pager")).Text())
	}
	if href, _ := doc.Find(consoletest.TestID("audit-targets") + " a").First().Attr("href"); href != "/conversations/c2" {
		t.Errorf("a conversation target links to %q", href)
	}
}

func TestAnAuditEntryShowsWhatChanged(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Old title"}, "content": {"line one\nline two\nline three"}})
	page := res.Header.Get("Location")
	c.Post(page, url.Values{"title": {"New title"}, "content": {"line one\n<script>alert(1)</script>\nline three"}, "tags": {"x"}})
	entries := c.Entries()
	update := entries[len(entries)-1]

	_, body := c.Get("/audit/" + strconv.FormatInt(update.ID, 10))
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("entry-action")).Text() != "article.update" || doc.Find(consoletest.TestID("entry-person")).Text() != "Demo agent" {
		t.Fatalf("entry page:\n%s", doc.Find(consoletest.TestID("audit-entry")).Text())
	}
	del, ins := doc.Find(consoletest.TestID("diff-del")), doc.Find(consoletest.TestID("diff-ins"))
	if del.Length() != 1 || !strings.Contains(del.Text(), "line two") || ins.Length() != 1 || !strings.Contains(ins.Text(), "<script>alert(1)</script>") {
		t.Errorf("diff: del %q, ins %q", del.Text(), ins.Text())
	}
	if doc.Find(consoletest.TestID("diff")+" script").Length() != 0 || strings.Contains(body, "<script>alert(1)") {
		t.Error("content in the diff became markup")
	}
	change := doc.Find(consoletest.TestID("article-change") + " .change-meta").Text()
	if !strings.Contains(change, "Old title") || !strings.Contains(change, "New title") {
		t.Errorf("title change = %q", change)
	}

	// The delete keeps the deleted article as it was.
	id := strings.TrimPrefix(page, "/articles/")
	c.Post("/articles/delete", url.Values{"ids": {id}, "confirm": {"yes"}})
	entries = c.Entries()
	_, body = c.Get("/audit/" + strconv.FormatInt(entries[len(entries)-1].ID, 10))
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("deleted-articles")).Text(); !strings.Contains(got, "New title") || !strings.Contains(got, "<script>alert(1)</script>") {
		t.Errorf("deleted articles = %q", got)
	}

	// Another agent's entries, and made-up ids, are not found.
	if err := c.Audit.Record(context.Background(), store.Entry{ScenarioID: "someone-else", Action: "article.update", Status: 200}); err != nil {
		t.Fatal(err)
	}
	entries = c.Entries()
	for _, path := range []string{"/audit/" + strconv.FormatInt(entries[len(entries)-1].ID, 10), "/audit/999", "/audit/x"} {
		if res, _ := c.Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s = %d, want 404", path, res.StatusCode)
		}
	}
}

func TestTheAuditExportIsTheFilteredListAsSafeCSV(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	writeSome(t, c)
	if err := c.Audit.Record(context.Background(), store.Entry{ScenarioID: sandbox.DemoScenarioID, Identity: `=HYPERLINK("http://x")`,
		Action: "review.set", TargetIDs: []string{"conv-1"}, Summary: "-1+1", Status: 200}); err != nil {
		t.Fatal(err)
	}
	if err := c.Audit.Record(context.Background(), store.Entry{ScenarioID: "someone-else", Action: "article.create", Status: 201}); err != nil {
		t.Fatal(err)
	}
	res, body := c.Get("/audit/export.csv?action=article.create")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="audit-`) {
		t.Fatalf("export: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "id" || rows[0][7] != "action" {
		t.Fatalf("rows %v", rows)
	}
	for _, r := range rows[1:] {
		if r[7] != "article.create" || r[2] != "Demo agent" || r[3] != "127.0.0.1" || r[10] != "201" || r[13] == "0" || r[14] != "/audit/"+r[0] {
			t.Errorf("row %v", r)
		}
	}
	_, body = c.Get("/audit/export.csv?action=review.set")
	rows, _ = csv.NewReader(strings.NewReader(body)).ReadAll()
	if len(rows) != 2 || rows[1][2] != `'=HYPERLINK("http://x")` || rows[1][9] != "'-1+1" {
		t.Errorf("formulas are not neutralised: %v", rows)
	}
	if res, _ := c.Get("/audit/export.csv?to=yesterday"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unreadable date exports anyway: %d", res.StatusCode)
	}
}
