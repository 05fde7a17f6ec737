package inbox_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
)

func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, body)
	}
	return rows
}

func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

func TestExportCSV(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	// Review one conversation through the console, so its columns must be filled.
	resolved := conversations(c, apiclient.ListConversationsParams{Limit: 100, ResolutionStatus: "resolved"})
	reviewed := resolved.Items[3].ID
	if res, _ := c.Post("/conversations/"+reviewed+"/review", url.Values{"status": {"good"}, "note": {"=1+1 is not a formula"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}

	res, body := c.Get("/conversations/export.csv?resolution_status=resolved")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="conversations-`+today+`.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows := readCSV(t, body)
	header := rows[0]
	for _, want := range []string{"id", "ord", "created_at", "last_message_at", "title", "source", "terminated", "resolution_status",
		"has_unread_messages", "assignee_type", "assignee_name", "visitor_name", "visitor_email", "visitor_phone_number", "visitor_label",
		"review_status", "review_note", "review_by", "review_at"} {
		if column(header, want) < 0 {
			t.Errorf("no %s column in %v", want, header)
		}
	}
	if len(rows)-1 != resolved.Count {
		t.Fatalf("%d rows, the filter matches %d", len(rows)-1, resolved.Count)
	}
	idCol, statusCol, resCol := column(header, "id"), column(header, "review_status"), column(header, "resolution_status")
	var seededReviews int
	for i, row := range rows[1:] {
		if len(row) != len(header) {
			t.Fatalf("row %d has %d cells", i, len(row))
		}
		if row[idCol] != resolved.Items[i].ID || row[resCol] != "resolved" {
			t.Errorf("row %d = %s (%s)", i, row[idCol], row[resCol])
		}
		if ord, _ := strconv.Atoi(row[column(header, "ord")]); ord != resolved.Items[i].Ord {
			t.Errorf("row %d ord %d", i, ord)
		}
		if row[idCol] == reviewed {
			if row[statusCol] != "good" || row[column(header, "review_note")] != "'=1+1 is not a formula" || row[column(header, "review_by")] != "Demo agent" {
				t.Errorf("the reviewed row: %v", row)
			}
			if _, err := time.Parse(time.RFC3339, row[column(header, "review_at")]); err != nil {
				t.Errorf("review_at %q", row[column(header, "review_at")])
			}
		} else if row[statusCol] != "" {
			seededReviews++
		}
	}
	if seededReviews == 0 {
		t.Error("the seeded reviews are missing from the export")
	}
	// Every exported conversation's review is now known to the list.
	_, body = c.Get("/conversations?resolution_status=resolved&limit=100")
	if n := consoletest.Parse(t, body).Find(consoletest.TestID("review-badge")).Length(); n != seededReviews+1 {
		t.Errorf("%d badges after the export, want %d", n, seededReviews+1)
	}
}

func TestExportEmptyAndFaults(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/conversations/export.csv?query=zzzznothingmatcheszzzz")
	if rows := readCSV(t, body); res.StatusCode != http.StatusOK || len(rows) != 1 || rows[0][0] != "id" {
		t.Errorf("empty export: %d, %v", res.StatusCode, rows)
	}

	down := &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}
	f := throughSandbox(c, consoletest.FakeConversations{List: func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		return nil, down
	}})
	c2 := consoletest.New(t, consoletest.WithAPI(f))
	c2.SignIn()
	if res, _ := c2.Get("/conversations/export.csv"); res.StatusCode != http.StatusBadGateway {
		t.Errorf("export with the list down: %d", res.StatusCode)
	}

	// A failure after the first rows ends the file with a line that says so.
	calls := 0
	f = throughSandbox(c, consoletest.FakeConversations{})
	get := f.GetMetadata
	f.GetMetadata = func(id string) (map[string]any, error) {
		if calls++; calls > 3 {
			return nil, down
		}
		return get(id)
	}
	c3 := consoletest.New(t, consoletest.WithAPI(f))
	c3.SignIn()
	_, body = c3.Get("/conversations/export.csv")
	rows := readCSV(t, body)
	if last := rows[len(rows)-1]; len(rows) != 5 || last[0] != "export stopped early" || !strings.Contains(last[1], "not answering") {
		t.Errorf("interrupted export: %d rows, last %v", len(rows), last)
	}
}

func TestExportGuardsAgainstFormulas(t *testing.T) {
	name := func(s string) *string { return &s }
	items := []apiclient.Conversation{
		{ID: "c1", Ord: 1, Title: "=HYPERLINK(\"http://evil.example\",\"click\")", Source: "widget", VisitorName: name("+31 6 1234"), ResolutionStatus: "open", Assignee: apiclient.Assignee{Type: "ai_assistant"}},
		{ID: "c2", Ord: 2, Title: "-2+3", Source: "widget", VisitorName: name("@admin"), VisitorLabel: name("\tcmd"), ResolutionStatus: "open", Assignee: apiclient.Assignee{Type: "ai_assistant"}},
		{ID: "c3", Ord: 3, Title: "Plain title", Source: "widget", VisitorName: name("Ana = Ana"), ResolutionStatus: "open", Assignee: apiclient.Assignee{Type: "ai_assistant"}},
	}
	f := consoletest.FakeConversations{
		List: func(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
			if p.Offset >= len(items) {
				return &apiclient.Page[apiclient.Conversation]{Offset: p.Offset, Count: len(items)}, nil
			}
			return &apiclient.Page[apiclient.Conversation]{Items: items[p.Offset:], Offset: p.Offset, Count: len(items)}, nil
		},
		GetMetadata: func(id string) (map[string]any, error) {
			return map[string]any{"review_status": "good", "review_note": "@SUM(A1:A9)", "review_by": "=cmd|' /C calc'!A0"}, nil
		},
	}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()
	_, body := c.Get("/conversations/export.csv")
	rows := readCSV(t, body)
	h := rows[0]
	checks := []struct {
		row  int
		col  string
		want string
	}{
		{1, "title", "'=HYPERLINK(\"http://evil.example\",\"click\")"},
		{1, "visitor_name", "'+31 6 1234"},
		{2, "title", "'-2+3"},
		{2, "visitor_name", "'@admin"},
		{2, "visitor_label", "'\tcmd"},
		{3, "title", "Plain title"},
		{3, "visitor_name", "Ana = Ana"},
		{1, "review_note", "'@SUM(A1:A9)"},
		{1, "review_by", "'=cmd|' /C calc'!A0"},
	}
	for _, ck := range checks {
		if got := rows[ck.row][column(h, ck.col)]; got != ck.want {
			t.Errorf("row %d %s = %q, want %q", ck.row, ck.col, got, ck.want)
		}
	}
}
