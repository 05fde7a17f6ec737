package audit

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/database"
	"qcadmin/internal/testdocs"
	"qcadmin/store"
)

// writeVerbs start the names of API methods that change something at Quickchat.
var writeVerbs = []string{"Create", "Update", "Delete", "Set", "Put", "Import", "Upload", "Retrain", "Refresh",
	"Chat", "LegacyChat", "Send", "Post", "Add", "Remove", "Replace", "Patch", "Restore", "Toggle", "Assign", "Resolve"}

// readVerbs start the names of API methods that only read.
var readVerbs = []string{"Get", "List", "All", "Search", "Diff"}

func startsWithAny(name string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func testAudit(t *testing.T) *store.Audit {
	t.Helper()
	db, err := database.Setup(context.Background(), filepath.Join(t.TempDir(), "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, err := store.NewAudit(db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// refusingQuickchat answers every call as Quickchat answers a read-only token's write.
func refusingQuickchat(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"errors":{"root":[{"message":"Insufficient token scope.","code":"PERMISSION_DENIED"}]}}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// argsFor makes a plausible argument of each parameter type, so every method can be called.
func argsFor(t *testing.T, m reflect.Method, ctx context.Context) []reflect.Value {
	var args []reflect.Value
	for i := range m.Type.NumIn() {
		in := m.Type.In(i)
		switch {
		case in == reflect.TypeFor[context.Context]():
			args = append(args, reflect.ValueOf(ctx))
		case in == reflect.TypeFor[io.Reader]():
			args = append(args, reflect.ValueOf(io.Reader(bytes.NewReader(testdocs.PDF("x")))))
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf("x").Convert(in))
		case in.Kind() == reflect.Int64 || in.Kind() == reflect.Int:
			args = append(args, reflect.ValueOf(1).Convert(in))
		case in.Kind() == reflect.Func:
			args = append(args, reflect.MakeFunc(in, func([]reflect.Value) []reflect.Value {
				out := make([]reflect.Value, in.NumOut())
				for j := range out {
					out[j] = reflect.Zero(in.Out(j))
				}
				return out
			}))
		case in.Kind() == reflect.Slice && in.Elem().Kind() == reflect.Int64:
			args = append(args, reflect.ValueOf([]int64{1, 2}))
		case in.Kind() == reflect.Map:
			args = append(args, reflect.MakeMap(in))
		case in.Kind() == reflect.Struct:
			// A message with text, agent and key, so the chat calls reach Quickchat instead of being refused here.
			v := reflect.New(in).Elem()
			for _, name := range []string{"Text", "ScenarioID", "APIKey"} {
				if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
					f.SetString("x")
				}
			}
			args = append(args, v)
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	return args
}

// Every method of API is either a read the wrapper forwards silently or a
// write it records once, with the API's refusal; a method added later that
// looks like a write fails here until it is recorded.
func TestTheAuditedClientRecordsEveryWriteAndNoRead(t *testing.T) {
	audit := testAudit(t)
	srv := refusingQuickchat(t)
	// A token shaped like Quickchat's, so calls that read its scenario are sent.
	token := "eyJhbGciOiJIUzI1NiJ9.eyJzY2VuYXJpb19pZCI6InNjMSIsInNjb3BlIjoid3JpdGVfYWxsIn0.c2ln"
	wrapped := &auditAPI{api: apiclient.New(srv.URL, token), audit: audit, log: slog.New(slog.DiscardHandler), reviewPrefix: "review_"}
	ctx := WithScope(context.Background(), Scope{Identity: "ana", ClientIP: "10.1.2.3", RequestID: "req-9", Agent: "Shop", ScenarioID: "sc1"})
	api := reflect.TypeFor[API]()
	recorded := 0
	for i := range api.NumMethod() {
		m := api.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			write, read := startsWithAny(m.Name, writeVerbs), startsWithAny(m.Name, readVerbs)
			if write == read {
				t.Fatalf("%s is neither clearly a read nor a write: name it with a verb this test knows, and record it if it writes", m.Name)
			}
			fn := reflect.ValueOf(wrapped).MethodByName(m.Name)
			args := argsFor(t, m, ctx)
			if m.Name == "LegacyChat" {
				args[1] = reflect.ValueOf(srv.URL + "/chat") // the legacy chat's own address
			}
			out := fn.Call(args)
			if err, _ := out[len(out)-1].Interface().(error); err == nil {
				t.Fatalf("%s did not pass on Quickchat's refusal", m.Name)
			}
			entries, total, err := audit.List(context.Background(), store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if !write {
				if total != recorded {
					t.Fatalf("the read %s was recorded: %+v", m.Name, entries[0])
				}
				return
			}
			if total != recorded+1 {
				t.Fatalf("the write %s made %d entries, want 1", m.Name, total-recorded)
			}
			recorded++
			e := entries[0]
			if e.Action == "" || !strings.Contains(e.Action, ".") || e.Summary == "" {
				t.Errorf("%s: action %q, summary %q", m.Name, e.Action, e.Summary)
			}
			if e.Identity != "ana" || e.ClientIP != "10.1.2.3" || e.RequestID != "req-9" || e.Agent != "Shop" || e.ScenarioID != "sc1" {
				t.Errorf("%s: scope %+v", m.Name, e)
			}
			// A call the client refuses before sending (a bad URL argument) is recorded as unanswered.
			refused := e.Status == http.StatusForbidden && e.ErrorCode == "PERMISSION_DENIED"
			if !refused && (e.Status != 0 || e.ErrorCode == "") {
				t.Errorf("%s: outcome %d %q, want 403 PERMISSION_DENIED", m.Name, e.Status, e.ErrorCode)
			}
		})
	}
	if recorded < 20 {
		t.Errorf("only %d writes recorded", recorded)
	}
}

// articleFake answers the article calls the way a test needs; anything else panics.
type articleFake struct {
	API
	article   apiclient.Article
	updateErr error
}

func (f *articleFake) GetArticle(context.Context, int64) (*apiclient.Article, error) {
	a := f.article
	return &a, nil
}

func (f *articleFake) UpdateArticle(_ context.Context, id int64, u apiclient.ArticleUpdate) (*apiclient.Article, error) {
	if f.updateErr != nil {
		return nil, f.updateErr
	}
	f.article.Content, f.article.Title, f.article.Tags = *u.Content, *u.Title, *u.Tags
	a := f.article
	return &a, nil
}

func TestTheAuditedClientPassesResultsAndErrorsThroughUnchanged(t *testing.T) {
	audit := testAudit(t)
	refusal := &apiclient.APIError{Status: http.StatusConflict, Code: "CONFLICT", Message: "newer version"}
	wrapped := func(err error) (*auditAPI, *articleFake) {
		f := &articleFake{article: apiclient.Article{ID: 5, Title: "Returns", Content: "30 days", Tags: []string{"a"}}, updateErr: err}
		return &auditAPI{api: f, audit: audit, log: slog.New(slog.DiscardHandler)}, f
	}
	title, content, tags := "Returns", "60 days", []string{"a", "b"}
	u := apiclient.ArticleUpdate{Title: &title, Content: &content, Tags: &tags, SaveMode: apiclient.SavePublish}

	a, _ := wrapped(refusal)
	if out, err := a.UpdateArticle(context.Background(), 5, u); err != refusal || out != nil {
		t.Errorf("UpdateArticle = %v, %v; want exactly the API's error", out, err)
	}
	a, _ = wrapped(nil)
	out, err := a.UpdateArticle(context.Background(), 5, u)
	if err != nil || out.Content != "60 days" {
		t.Fatalf("UpdateArticle = %+v, %v", out, err)
	}
	entries, _, _ := audit.List(context.Background(), store.Filter{})
	if len(entries) != 2 || entries[1].Status != http.StatusConflict || entries[1].ErrorCode != "CONFLICT" {
		t.Fatalf("entries %+v", entries)
	}
	e := entries[0]
	before, _ := ParseVersion(e.Before)
	after, _ := ParseVersion(e.After)
	if e.Action != "article.publish" || before.Content != "30 days" || after.Content != "60 days" || e.Status != http.StatusOK ||
		e.Summary != "Published “Returns” (tags, content changed)." {
		t.Errorf("entry %+v", e)
	}
}

// A log that cannot be written does not fail the person's change; it is logged as an error.
func TestAnAuditStorageFailureDoesNotFailTheWrite(t *testing.T) {
	db, err := database.Setup(context.Background(), filepath.Join(t.TempDir(), "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	audit, err := store.NewAudit(db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var logs bytes.Buffer
	f := &articleFake{article: apiclient.Article{ID: 5, Title: "Returns", Content: "30 days"}}
	a := &auditAPI{api: f, audit: audit, log: slog.New(slog.NewTextHandler(&logs, nil))}
	title, content, tags := "Returns", "60 days", []string{}
	out, err := a.UpdateArticle(context.Background(), 5, apiclient.ArticleUpdate{Title: &title, Content: &content, Tags: &tags})
	if err != nil || out.Content != "60 days" || f.article.Content != "60 days" {
		t.Fatalf("the write failed with the log: %+v, %v", out, err)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "article.update") {
		t.Errorf("the lost entry was not logged as an error: %s", logs.String())
	}
}

func TestOutcomeNamesWritesThatGotNoAnswer(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		code   string
	}{
		{nil, 204, ""},
		{&apiclient.APIError{Status: 422, Code: "VALIDATION_ERROR"}, 422, "VALIDATION_ERROR"},
		{context.DeadlineExceeded, 0, "TIMEOUT"},
		{errors.Join(apiclient.ErrRateBudget), 0, "RATE_BUDGET"},
		{errors.New("dial tcp: refused"), 0, "NOT_ANSWERED"},
	} {
		if status, code := outcome(tc.err, 204); status != tc.status || code != tc.code {
			t.Errorf("outcome(%v) = %d %q, want %d %q", tc.err, status, code, tc.status, tc.code)
		}
	}
}
