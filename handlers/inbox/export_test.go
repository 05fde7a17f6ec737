package inbox_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
	"qcadmin/store"
	"qcadmin/web"
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
	c.SignInAs("Zofia Wójcik")
	// Review one conversation through the console, so its columns must be filled.
	resolved := conversations(c, apiclient.ListConversationsParams{Limit: 100, ResolutionStatus: "resolved"})
	reviewed := resolved.Items[3].ID
	if res, _ := c.Post("/conversations/"+reviewed+"/review", url.Values{"status": {"good"}, "note": {"=1+1 is not a formula; für alle"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}
	// A review written outside the console (seeded in the metadata) is known
	// once the console has read it: here by opening the conversation, which
	// also tells the console its analysis.
	opened := findConversation(c, func(d *apiclient.ConversationDetails) bool {
		return d.ResolutionStatus == "resolved" && d.ID != reviewed && d.UnifiedAnalysis != nil && d.UnifiedAnalysis.Topic != "" && metadata(c, d.ID)["review_status"] != nil
	})
	if res, _ := c.Get("/conversations/" + opened.ID); res.StatusCode != http.StatusOK {
		t.Fatalf("open: %d", res.StatusCode)
	}
	seeded := metadata(c, opened.ID)

	res, body := c.Get("/conversations/export.csv?resolution_status=resolved")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
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
		"review_status", "review_note", "review_by", "review_at", "sentiment", "topic", "analysis_resolution", "flagged", "language", "console_link"} {
		if column(header, want) < 0 {
			t.Errorf("no %s column in %v", want, header)
		}
	}
	if len(rows)-1 != resolved.Count {
		t.Fatalf("%d rows, the filter matches %d", len(rows)-1, resolved.Count)
	}
	col := func(row []string, name string) string { return row[column(header, name)] }
	var others int
	for i, row := range rows[1:] {
		if len(row) != len(header) {
			t.Fatalf("row %d has %d cells", i, len(row))
		}
		id := col(row, "id")
		if id != resolved.Items[i].ID || col(row, "resolution_status") != "resolved" {
			t.Errorf("row %d = %s (%s)", i, id, col(row, "resolution_status"))
		}
		if ord, _ := strconv.Atoi(col(row, "ord")); ord != resolved.Items[i].Ord {
			t.Errorf("row %d ord %d", i, ord)
		}
		if link := col(row, "console_link"); link != c.Server.URL+"/conversations/"+id {
			t.Errorf("row %d links to %q", i, link)
		}
		switch id {
		case reviewed:
			if col(row, "review_status") != "good" || col(row, "review_note") != "'=1+1 is not a formula; für alle" || col(row, "review_by") != "Zofia Wójcik" {
				t.Errorf("the reviewed row: %v", row)
			}
			if _, err := time.Parse(time.RFC3339, col(row, "review_at")); err != nil {
				t.Errorf("review_at %q", col(row, "review_at"))
			}
		case opened.ID:
			a := opened.UnifiedAnalysis
			if col(row, "review_status") != seeded["review_status"] || col(row, "review_by") != web.CSVSafe(metadataString(seeded["review_by"])) {
				t.Errorf("the opened row's review: %v, metadata %v", row, seeded)
			}
			if col(row, "sentiment") != a.Sentiment || col(row, "topic") != a.Topic || col(row, "analysis_resolution") != a.Resolution ||
				col(row, "flagged") != strconv.FormatBool(a.Flagged) || col(row, "language") != opened.MostFrequentLanguage {
				t.Errorf("the opened row's analysis: %v, want %+v", row, a)
			}
		default:
			// The console has neither reviewed nor read these: their review and analysis cells stay empty.
			for _, name := range []string{"review_status", "review_by", "sentiment", "topic", "flagged"} {
				if col(row, name) != "" {
					t.Errorf("row %s: %s = %q, but the console does not know it", id, name, col(row, name))
				}
			}
			others++
		}
	}
	if others != resolved.Count-2 {
		t.Errorf("%d other rows", others)
	}
	// The accents survive: the bytes are UTF-8 after the byte-order mark.
	if !strings.Contains(body, "Zofia Wójcik") || !strings.Contains(body, "für alle") {
		t.Error("the export lost its accents")
	}
}

func metadataString(v any) string {
	s, _ := v.(string)
	return s
}

// The export costs one list call per page of 100 conversations, and nothing
// per row: the review columns come from the console's own store.
func TestExportCallsQuickchatOncePerPage(t *testing.T) {
	const total = 250
	items := make([]apiclient.Conversation, total)
	for i := range items {
		items[i] = apiclient.Conversation{ID: fmt.Sprintf("conv-%03d", i), Ord: i + 1, Title: "Question", Source: "widget", ResolutionStatus: "open", Assignee: apiclient.Assignee{Type: "ai_assistant"}}
	}
	var lists, metadataReads, gets int
	var mu sync.Mutex
	count := func(n *int) { mu.Lock(); *n++; mu.Unlock() }
	f := consoletest.FakeConversations{
		List: func(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
			count(&lists)
			end := min(p.Offset+p.Limit, total)
			return &apiclient.Page[apiclient.Conversation]{Items: items[min(p.Offset, total):end], Offset: p.Offset, Limit: p.Limit, Count: total}, nil
		},
		GetMetadata: func(string) (map[string]any, error) { count(&metadataReads); return map[string]any{}, nil },
		Get: func(string) (*apiclient.ConversationDetails, error) {
			count(&gets)
			return nil, &apiclient.APIError{Status: 404, Code: "NOT_FOUND"}
		},
	}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignInAs("Ana")
	for _, id := range []string{"conv-000", "conv-150", "conv-249"} {
		if _, err := c.Reviews.Add(context.Background(), store.Review{ScenarioID: sandbox.DemoScenarioID, ConversationID: id, Verdict: "needs_work", Reviewer: "Ana"}); err != nil {
			t.Fatal(err)
		}
	}
	_, body := c.Get("/conversations/export.csv")
	rows := readCSV(t, body)
	if len(rows)-1 != total {
		t.Fatalf("%d rows, want %d", len(rows)-1, total)
	}
	if lists != 3 || metadataReads != 0 || gets != 0 {
		t.Errorf("an export of %d conversations made %d list calls (want 3, one per 100 rows), %d metadata reads and %d conversation reads (want 0)", total, lists, metadataReads, gets)
	}
	var reviewed int
	for _, row := range rows[1:] {
		if row[column(rows[0], "review_status")] == "needs_work" {
			reviewed++
		}
	}
	if reviewed != 3 {
		t.Errorf("%d reviewed rows, want 3", reviewed)
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
	f = throughSandbox(c, consoletest.FakeConversations{})
	list := f.List
	f.List = func(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		if p.Offset > 0 {
			return nil, down
		}
		page, err := list(p)
		if err == nil {
			page.Items = page.Items[:3] // a short first page, so a second is asked for
		}
		return page, err
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
	}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()
	if _, err := c.Reviews.Add(context.Background(), store.Review{ScenarioID: sandbox.DemoScenarioID, ConversationID: "c1", Verdict: "good", Note: "@SUM(A1:A9)", Reviewer: "=cmd|' /C calc'!A0"}); err != nil {
		t.Fatal(err)
	}
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
