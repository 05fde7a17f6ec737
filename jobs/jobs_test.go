package jobs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/database"
	"qcadmin/events"
	"qcadmin/internal/pgtest"
	"qcadmin/jobs"
	"qcadmin/sandbox"
	"qcadmin/sessions"
	"qcadmin/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// rig is a sandbox, the console's database and what an engine is built from.
type rig struct {
	t        *testing.T
	sb       *sandbox.Sandbox
	db       *database.DB
	api      *httptest.Server
	sm       *sessions.Manager
	audit    *store.Audit
	budgets  *apiclient.Budgets
	token    string
	tooMany  atomic.Int64 // 429s the sandbox answered
	writes   atomic.Int64 // PATCHes the sandbox answered
	onUpdate func(n int64)
	bus      events.Bus // the engine's, when a test listens to its progress
}

func newRig(t *testing.T, dbURL string, rateLimits bool) *rig {
	t.Helper()
	dir := t.TempDir()
	sb, err := sandbox.Open(sandbox.Config{DataDir: dir, RateLimits: rateLimits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	r := &rig{t: t, sb: sb, budgets: apiclient.NewBudgets(rateLimits)}
	h := sb.Handler()
	r.api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, req)
		if rec.status == http.StatusTooManyRequests {
			r.tooMany.Add(1)
		}
		if req.Method == http.MethodPatch && rec.status == http.StatusOK {
			if n := r.writes.Add(1); r.onUpdate != nil {
				r.onUpdate(n)
			}
		}
	}))
	t.Cleanup(r.api.Close)
	if dbURL == "" {
		dbURL = filepath.Join(dir, "console.db")
	}
	if r.db, err = database.Setup(context.Background(), dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.db.Close() })
	if r.sm, err = sessions.New(r.db, []byte(strings.Repeat("k", 32)), sessions.Options{Idle: time.Hour, Lifetime: 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.sm.Close)
	if r.audit, err = store.NewAudit(r.db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if r.token, err = sb.Token(sandbox.DemoScenarioID, sandbox.ScopeWrite, time.Hour); err != nil {
		t.Fatal(err)
	}
	return r
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (r *rig) client() *apiclient.Client {
	return apiclient.New(r.api.URL, r.token, apiclient.WithBudgets(r.budgets))
}

func (r *rig) engine() *jobs.Engine {
	r.t.Helper()
	return r.engineSliced(0)
}

func (r *rig) engineSliced(slice time.Duration) *jobs.Engine {
	r.t.Helper()
	e, err := jobs.New(context.Background(), jobs.Config{
		DB: r.db, Sealer: r.sm, Audit: r.audit, Budgets: r.budgets, PollInterval: 50 * time.Millisecond, Slice: slice,
		Connect: func(token string) audit.API { return apiclient.New(r.api.URL, token, apiclient.WithBudgets(r.budgets)) },
		Bus:     r.bus,
	})
	if err != nil {
		r.t.Fatal(err)
	}
	if err := e.Start(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	return e
}

// drafts adds n draft articles tagged tag and returns their ids.
func (r *rig) drafts(n int, tag string) []int64 {
	r.t.Helper()
	api := apiclient.New(r.api.URL, r.token) // unbudgeted, as setup
	ids := make([]int64, n)
	for i := range n {
		a, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: fmt.Sprintf("Bulk %s %d", tag, i), Content: "Text " + strconv.Itoa(i)})
		if err != nil {
			r.t.Fatal(err)
		}
		tags := []string{tag}
		if _, err := api.UpdateArticle(context.Background(), a.ID, apiclient.ArticleUpdate{Tags: &tags}); err != nil {
			r.t.Fatal(err)
		}
		ids[i] = a.ID
	}
	r.writes.Store(0)
	return ids
}

func (r *rig) wait(e *jobs.Engine, id int64, within time.Duration) jobs.Job {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for {
		j, err := e.Get(context.Background(), sandbox.DemoScenarioID, id)
		if err != nil {
			r.t.Fatal(err)
		}
		if !j.Running() {
			return j
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("job %d still %s after %s: %d/%d done", id, j.State, within, j.Done, j.Total)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *rig) start(e *jobs.Engine, s jobs.Start) int64 {
	r.t.Helper()
	s.Identity, s.Agent, s.ScenarioID, s.Token = "ana@example.com", "Demo", sandbox.DemoScenarioID, r.token
	id, err := e.Enqueue(context.Background(), s)
	if err != nil {
		r.t.Fatal(err)
	}
	return id
}

// auditedTargets counts the audit entries of action per article, all by ana.
func (r *rig) auditedTargets(action string) map[string]int {
	r.t.Helper()
	out := map[string]int{}
	err := r.audit.Each(context.Background(), store.Filter{}, func(e store.Entry) error {
		if e.Action != action {
			return nil
		}
		if e.Identity != "ana@example.com" || e.ScenarioID != sandbox.DemoScenarioID {
			r.t.Errorf("entry %q recorded as %q on %q, want the job's starter", e.Summary, e.Identity, e.ScenarioID)
		}
		for _, id := range e.TargetIDs {
			out[id]++
		}
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func testPublishFilter(t *testing.T, dbURL string) {
	r := newRig(t, dbURL, true)
	ids := r.drafts(8, "bulk-pub")
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	id := r.start(e, jobs.Start{Kind: jobs.Publish, Filter: &jobs.Filter{Tags: "bulk-pub"}, Label: "Publish drafts tagged bulk-pub"})
	j := r.wait(e, id, 30*time.Second)
	if j.State != jobs.Done || j.Total != 8 || j.Done != 8 || j.Failed != 0 {
		t.Fatalf("job = %s %d/%d, %d failed; want done 8/8", j.State, j.Done, j.Total, j.Failed)
	}
	for _, aid := range ids {
		a, err := r.client().GetArticle(context.Background(), aid)
		if err != nil {
			t.Fatal(err)
		}
		if a.State != "published" {
			t.Errorf("article %d is %s after the job", aid, a.State)
		}
	}
	audited := r.auditedTargets("article.publish")
	for _, aid := range ids {
		if n := audited[strconv.FormatInt(aid, 10)]; n != 1 {
			t.Errorf("article %d has %d publish entries, want 1", aid, n)
		}
	}
	if n := r.tooMany.Load(); n != 0 {
		t.Errorf("the sandbox answered %d × 429", n)
	}
	items, err := e.Items(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Outcome != jobs.OutcomeChanged || it.Title == "" {
			t.Errorf("item %+v, want changed with its title", it)
		}
	}
	// A page of them: the same articles, in the same order, from the offset.
	page, err := e.ItemPage(context.Background(), id, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 8 || len(page) != 4 {
		t.Fatalf("%d items, a page of %d; want 8 and 4", len(items), len(page))
	}
	for i, it := range page {
		if it.ArticleID != items[3+i].ArticleID || it.Seq != items[3+i].Seq || it.Outcome != items[3+i].Outcome {
			t.Errorf("page item %d = %+v, want %+v", i, it, items[3+i])
		}
	}
	if last, _ := e.ItemPage(context.Background(), id, 6, 4); len(last) != 2 {
		t.Errorf("the last page holds %d, want 2", len(last))
	}
	// A second run finds nothing left to publish.
	again := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids[:2]}), 10*time.Second)
	items, _ = e.Items(context.Background(), again.ID)
	if again.State != jobs.Done || len(items) != 2 || items[0].Outcome != jobs.OutcomeUnchanged {
		t.Errorf("publishing published articles: %s, %+v", again.State, items)
	}
}

// Bulk publish of every article matching a filter, with Quickchat's rate
// limits on, on each database the console keeps its state in.
func TestPublishFilterSQLite(t *testing.T)   { testPublishFilter(t, "") }
func TestPublishFilterPostgres(t *testing.T) { testPublishFilter(t, pgtest.URL(t)) }

func TestTagsAddAndRemove(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(4, "old")
	api := r.client()
	if _, err := api.UpdateArticle(context.Background(), ids[0], apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}); err != nil {
		t.Fatal(err)
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	add := r.wait(e, r.start(e, jobs.Start{Kind: jobs.AddTags, IDs: ids, Tags: []string{"new, ship-x", "new"}}), 20*time.Second)
	if add.State != jobs.Done || add.Done != 4 || add.Failed != 0 {
		t.Fatalf("add tags: %s %d/%d, %d failed", add.State, add.Done, add.Total, add.Failed)
	}
	for i, aid := range ids {
		a, _ := api.GetArticle(apiclient.Fresh(context.Background()), aid)
		if !slices.Equal(a.Tags, []string{"old", "new", "ship-x"}) {
			t.Errorf("article %d tags = %v", aid, a.Tags)
		}
		if want := map[bool]string{true: "published", false: "draft"}[i == 0]; a.State != want {
			t.Errorf("article %d is %s after tagging, want %s kept", aid, a.State, want)
		}
	}
	rm := r.wait(e, r.start(e, jobs.Start{Kind: jobs.RemoveTags, Filter: &jobs.Filter{Tags: "ship-x"}, Tags: []string{"old"}}), 20*time.Second)
	if rm.State != jobs.Done || rm.Total != 4 || rm.Failed != 0 {
		t.Fatalf("remove tags: %s %d/%d, %d failed", rm.State, rm.Done, rm.Total, rm.Failed)
	}
	for _, aid := range ids {
		a, _ := api.GetArticle(apiclient.Fresh(context.Background()), aid)
		if !slices.Equal(a.Tags, []string{"new", "ship-x"}) {
			t.Errorf("article %d tags = %v after removing old", aid, a.Tags)
		}
	}
	if got := r.auditedTargets("article.update"); len(got) != 3 {
		t.Errorf("draft tag changes audited on %d articles, want 3: %v", len(got), got)
	}
	if _, err := e.Enqueue(context.Background(), jobs.Start{Kind: jobs.AddTags, IDs: ids, Tags: []string{" , "}, ScenarioID: sandbox.DemoScenarioID, Token: r.token}); err != jobs.ErrNoTags {
		t.Errorf("add of no tags: %v, want ErrNoTags", err)
	}
}

func testRestartResumes(t *testing.T, dbURL string) {
	r := newRig(t, dbURL, false)
	ids := r.drafts(10, "restart")
	halfway := make(chan struct{})
	gate := make(chan struct{})
	r.onUpdate = func(n int64) {
		if n == 4 {
			close(halfway)
			<-gate // the fourth article's write is in hand while the console stops
		}
	}
	first := r.engine()
	id := r.start(first, jobs.Start{Kind: jobs.Publish, IDs: ids})
	select {
	case <-halfway:
	case <-time.After(20 * time.Second):
		t.Fatal("the job never reached its fourth article")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- first.Stop(context.Background()) }()
	time.Sleep(100 * time.Millisecond)
	close(gate)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	j, err := first.Get(context.Background(), sandbox.DemoScenarioID, id)
	if err != nil {
		t.Fatal(err)
	}
	if j.Done != 4 || !j.Running() {
		t.Fatalf("after stopping: %s %d/%d; want 4 done and the job still under way", j.State, j.Done, j.Total)
	}
	second := r.engine()
	t.Cleanup(func() { second.Stop(context.Background()) })
	j = r.wait(second, id, 30*time.Second)
	if j.State != jobs.Done || j.Done != 10 || j.Failed != 0 {
		t.Fatalf("after restart: %s %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
	}
	if n := r.writes.Load(); n != 10 {
		t.Errorf("%d writes for 10 articles: done items were repeated", n)
	}
	audited := r.auditedTargets("article.publish")
	for _, aid := range ids {
		if n := audited[strconv.FormatInt(aid, 10)]; n != 1 {
			t.Errorf("article %d published %d times, want once", aid, n)
		}
	}
}

// A job stopped with the console resumes where it stopped when the console starts again.
func TestRestartResumesSQLite(t *testing.T)   { testRestartResumes(t, "") }
func TestRestartResumesPostgres(t *testing.T) { testRestartResumes(t, pgtest.URL(t)) }

func TestCancelKeepsWhatIsDone(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(6, "cancel")
	gate := make(chan struct{})
	reached := make(chan struct{})
	r.onUpdate = func(n int64) {
		if n == 2 {
			close(reached)
			<-gate
		}
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	id := r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids})
	<-reached
	if err := e.Cancel(context.Background(), "another-agent", id); err != jobs.ErrNotFound {
		t.Errorf("cancel from another agent: %v, want ErrNotFound", err)
	}
	if err := e.Cancel(context.Background(), sandbox.DemoScenarioID, id); err != nil {
		t.Fatal(err)
	}
	close(gate)
	j := r.wait(e, id, 10*time.Second)
	if j.State != jobs.Cancelled || j.Done != 2 {
		t.Fatalf("after cancel: %s %d/%d; want cancelled with 2 done", j.State, j.Done, j.Total)
	}
	if n := r.writes.Load(); n != 2 {
		t.Errorf("%d articles written after cancelling at the second", n)
	}
}

func TestExportZip(t *testing.T) {
	r := newRig(t, "", true)
	ids := r.drafts(3, "export-me")
	api := r.client()
	content := "# Returns\n\nBring the bike back within **30 days**.\n"
	if _, err := api.UpdateArticle(context.Background(), ids[0], apiclient.ArticleUpdate{Content: &content, SaveMode: apiclient.SavePublish}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.CreateLangURL(context.Background(), ids[0], "de", "https://velora.example/de/rueckgabe"); err != nil {
		t.Fatal(err)
	}
	r.writes.Store(0)
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	id := r.start(e, jobs.Start{Kind: jobs.Export, Filter: &jobs.Filter{Tags: "export-me"}, Label: "Export", Languages: []string{"de", "fr"}})
	j := r.wait(e, id, 20*time.Second)
	if j.State != jobs.Done || j.Done != 3 || j.Failed != 0 {
		t.Fatalf("export: %s %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
	}
	var buf bytes.Buffer
	if err := e.WriteZip(context.Background(), j, &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	var m struct {
		Format   string
		Articles []struct {
			ID   int64
			File string
		}
	}
	if err := json.Unmarshal([]byte(files["manifest.json"]), &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, files["manifest.json"])
	}
	if m.Format != jobs.ExportFormat || len(m.Articles) != 3 || len(files) != 4 {
		t.Fatalf("manifest %+v, files %d", m, len(files))
	}
	first := files[m.Articles[0].File]
	for _, want := range []string{"---\nid: " + strconv.FormatInt(ids[0], 10) + "\n", `title: "Bulk export-me 0"`, `tags: ["export-me"]`, "state: \"published\"", `language_urls: {"de":"https://velora.example/de/rueckgabe"}`, "---\n" + content} {
		if !strings.Contains(first, want) {
			t.Errorf("%s lacks %q:\n%s", m.Articles[0].File, want, first)
		}
	}
	if !strings.HasPrefix(m.Articles[0].File, "articles/"+strconv.FormatInt(ids[0], 10)+"-bulk-export-me-0") {
		t.Errorf("file name %q", m.Articles[0].File)
	}
	if n := r.writes.Load(); n != 0 {
		t.Errorf("an export wrote %d times", n)
	}
}

// A long job works in slices, going back to the queue between them, and
// still does each article once.
func TestLongJobWorksInSlices(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(6, "sliced")
	var slow atomic.Bool
	slow.Store(true)
	r.onUpdate = func(int64) {
		if slow.Load() {
			time.Sleep(60 * time.Millisecond)
		}
	}
	e := r.engineSliced(50 * time.Millisecond)
	t.Cleanup(func() { e.Stop(context.Background()) })
	j := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids}), 30*time.Second)
	if j.State != jobs.Done || j.Done != 6 || r.writes.Load() != 6 {
		t.Fatalf("sliced job: %s %d/%d with %d writes", j.State, j.Done, j.Total, r.writes.Load())
	}
}

// Renaming a tag gives its articles the new one in its place; where they
// carry the new one already, the two merge.
func TestRenameAndMergeTag(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(3, "colour")
	api := r.client()
	both := []string{"colour", "color"}
	if _, err := api.UpdateArticle(context.Background(), ids[0], apiclient.ArticleUpdate{Tags: &both}); err != nil {
		t.Fatal(err)
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	bad := jobs.Start{Kind: jobs.RenameTag, Filter: &jobs.Filter{Tags: "other"}, Tags: []string{"colour", "color"}, ScenarioID: sandbox.DemoScenarioID, Token: r.token}
	if _, err := e.Enqueue(context.Background(), bad); err != jobs.ErrRename {
		t.Errorf("a rename on another tag's articles: %v, want ErrRename", err)
	}
	j := r.wait(e, r.start(e, jobs.Start{Kind: jobs.RenameTag, Filter: &jobs.Filter{Tags: "colour"}, Tags: []string{"colour", "color"}}), 20*time.Second)
	if j.State != jobs.Done || j.Total != 3 || j.Failed != 0 {
		t.Fatalf("rename: %s %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
	}
	for _, aid := range ids {
		a, _ := api.GetArticle(apiclient.Fresh(context.Background()), aid)
		if !slices.Equal(a.Tags, []string{"color"}) {
			t.Errorf("article %d tags = %v, want [color]", aid, a.Tags)
		}
	}
}

// Deleting every article matching a filter keeps each one's content in the
// audit log, under the person who started the job.
func TestDeleteAllMatching(t *testing.T) {
	r := newRig(t, "", true)
	ids := r.drafts(3, "old-promo")
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	j := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Delete, Filter: &jobs.Filter{Tags: "old-promo"}}), 20*time.Second)
	if j.State != jobs.Done || j.Total != 3 || j.Failed != 0 {
		t.Fatalf("delete: %s %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
	}
	for _, aid := range ids {
		if _, err := r.client().GetArticle(apiclient.Fresh(context.Background()), aid); err == nil {
			t.Errorf("article %d is still there", aid)
		}
	}
	kept := 0
	err := r.audit.Each(context.Background(), store.Filter{}, func(en store.Entry) error {
		if en.Action == "articles.delete" && en.Identity == "ana@example.com" && strings.Contains(en.Before, "Bulk old-promo") {
			kept++
		}
		return nil
	})
	if err != nil || kept != 3 {
		t.Errorf("%d deletions audited with their content, want 3 (%v)", kept, err)
	}
	again := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Delete, IDs: ids[:1]}), 10*time.Second)
	if items, _ := e.Items(context.Background(), again.ID); again.Failed != 0 || items[0].Outcome != jobs.OutcomeUnchanged {
		t.Errorf("deleting a deleted article: %d failed, %+v", again.Failed, items)
	}
}

// A job whose token Quickchat no longer accepts stops at the first refusal
// instead of failing every article after it.
func TestRefusedTokenStopsTheJob(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(4, "refused")
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	readOnly, err := r.sb.Token(sandbox.DemoScenarioID, sandbox.ScopeRead, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.Enqueue(context.Background(), jobs.Start{Kind: jobs.Publish, IDs: ids, Identity: "ana@example.com", ScenarioID: sandbox.DemoScenarioID, Token: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	j := r.wait(e, id, 10*time.Second)
	if j.State != jobs.Failed || j.Done != 1 || j.Failed != 1 || !strings.Contains(j.Error, "no longer accepts") {
		t.Errorf("a refused job: %s %d/%d, %d failed, %q", j.State, j.Done, j.Total, j.Failed, j.Error)
	}
}

// An export's files are kept a week, a job's record three months.
func TestPruneForgetsWhatIsPastKeeping(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(2, "prune")
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	exp := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Export, IDs: ids}), 10*time.Second)
	pub := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids}), 10*time.Second)
	if !exp.ZipKept(time.Now()) {
		t.Fatal("a fresh export's zip is not kept")
	}
	if n, err := e.Prune(context.Background(), time.Now().Add(8*24*time.Hour)); err != nil || n != 0 {
		t.Fatalf("prune a week on: %d, %v", n, err)
	}
	var buf bytes.Buffer
	if err := e.WriteZip(context.Background(), exp, &buf); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, f := range zr.File {
		if f.Name != "manifest.json" && f.UncompressedSize64 != 0 {
			t.Errorf("%s still holds %d bytes a week on", f.Name, f.UncompressedSize64)
		}
	}
	if exp.ZipKept(time.Now().Add(8 * 24 * time.Hour)) {
		t.Error("an export's zip is offered past a week")
	}
	if n, err := e.Prune(context.Background(), time.Now().Add(91*24*time.Hour)); err != nil || n != 2 {
		t.Fatalf("prune three months on: %d, %v; want both jobs forgotten", n, err)
	}
	if _, err := e.Get(context.Background(), sandbox.DemoScenarioID, pub.ID); err != jobs.ErrNotFound {
		t.Errorf("a pruned job: %v", err)
	}
	var items int
	if err := r.db.QueryRowContext(context.Background(), r.db.Rebind(`SELECT COUNT(*) FROM bulk_job_items WHERE job_id IN (?, ?)`), exp.ID, pub.ID).Scan(&items); err != nil || items != 0 {
		t.Errorf("a pruned job's items: %d left, %v", items, err)
	}
}

// A job asked to retrain does so once, after its articles, as its starter.
func TestRetrainWhenDone(t *testing.T) {
	r := newRig(t, "", true)
	ids := r.drafts(2, "retrain-me")
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	j := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids, Retrain: true}), 20*time.Second)
	if j.State != jobs.Done || !strings.Contains(j.Note, "retraining") {
		t.Fatalf("publish and retrain: %s, note %q, error %q", j.State, j.Note, j.Error)
	}
	if n := len(r.auditedTargets("kb.retrain")); n != 0 {
		t.Errorf("a retrain names %d articles", n)
	}
	retrains := 0
	_ = r.audit.Each(context.Background(), store.Filter{}, func(en store.Entry) error {
		if en.Action == "kb.retrain" && en.Identity == "ana@example.com" && en.Status == http.StatusOK {
			retrains++
		}
		return nil
	})
	if retrains != 1 {
		t.Errorf("%d retrains audited, want 1", retrains)
	}
	// Nothing changed: no retrain.
	again := r.wait(e, r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids, Retrain: true}), 20*time.Second)
	if !strings.Contains(again.Note, "not retrained") {
		t.Errorf("a job that changed nothing notes %q", again.Note)
	}
}
