package jobs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/internal/pgtest"
	"qcadmin/jobs"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// exportZip exports the articles tagged tag from the demo agent and returns the zip.
func (r *rig) exportZip(e *jobs.Engine, tag string) []byte {
	r.t.Helper()
	id := r.start(e, jobs.Start{Kind: jobs.Export, Filter: &jobs.Filter{Tags: tag}, Label: "Export"})
	j := r.wait(e, id, 20*time.Second)
	if j.State != jobs.Done {
		r.t.Fatalf("export ended %s: %s", j.State, j.Error)
	}
	var buf bytes.Buffer
	if err := e.WriteZip(context.Background(), j, &buf); err != nil {
		r.t.Fatal(err)
	}
	return buf.Bytes()
}

// importZip dry-runs and applies zip on scenario with token, and waits for the job.
func (r *rig) importZip(e *jobs.Engine, scenario, token string, zipped []byte) (jobs.Job, []jobs.PlanItem) {
	r.t.Helper()
	ctx := context.Background()
	articles, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		r.t.Fatal(err)
	}
	api := apiclient.New(r.api.URL, token)
	plan, err := jobs.Plan(ctx, api, articles, 50)
	if err != nil {
		r.t.Fatal(err)
	}
	s := jobs.Start{Identity: "ana@example.com", Agent: "Target", ScenarioID: scenario, Token: token, Label: "Import", Back: "/articles"}
	id, err := e.StageImport(ctx, s, plan)
	if err != nil {
		r.t.Fatal(err)
	}
	if list, _ := e.List(ctx, scenario, 10); slices.ContainsFunc(list, func(j jobs.Job) bool { return j.ID == id }) {
		r.t.Error("an import not yet applied shows on the jobs page")
	}
	if err := e.ApplyImport(ctx, s, id); err != nil {
		r.t.Fatal(err)
	}
	if err := e.ApplyImport(ctx, s, id); !errors.Is(err, jobs.ErrNotFound) {
		r.t.Errorf("applying an import twice: %v, want ErrNotFound", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		j, err := e.Get(ctx, scenario, id)
		if err != nil {
			r.t.Fatal(err)
		}
		if !j.Running() {
			return j, plan
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("import still %s: %d/%d", j.State, j.Done, j.Total)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// all is every article of the agent token speaks for, each read in full.
func (r *rig) all(token string) map[string]apiclient.Article {
	r.t.Helper()
	api := apiclient.New(r.api.URL, token)
	page, err := api.ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 100})
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]apiclient.Article{}
	for _, a := range page.Items {
		full, err := api.GetArticle(context.Background(), a.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		out[full.Title] = *full
	}
	return out
}

// Exporting articles then importing the zip into an empty agent gives the
// same articles; importing it again changes nothing, and an edited file updates its article.
func testImportRoundTrip(t *testing.T, dbURL string) {
	r := newRig(t, dbURL, false)
	ctx := context.Background()
	ids := r.drafts(3, "round-trip")
	api := r.client()
	content := "# Returns\n\nBring the bike back within **30 days**.\n\n---\n\nNot front matter: a rule.\n"
	tags := []string{"round-trip", "returns"}
	if _, err := api.UpdateArticle(ctx, ids[0], apiclient.ArticleUpdate{Content: &content, Tags: &tags, SaveMode: apiclient.SavePublish}); err != nil {
		t.Fatal(err)
	}
	para, err := api.CreateArticle(ctx, apiclient.ArticleCreate{Title: "Opening hours: “weekdays”", Content: "Mon–Fri 9–17 Uhr, Grüße", Type: "Paragraph"})
	if err != nil {
		t.Fatal(err)
	}
	one := []string{"round-trip"}
	if _, err := api.UpdateArticle(ctx, para.ID, apiclient.ArticleUpdate{Tags: &one}); err != nil {
		t.Fatal(err)
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(ctx) })
	zipped := r.exportZip(e, "round-trip")

	const target = "import-target"
	token, err := r.sb.Token(target, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// A dry run reads at most so many articles; the job compares the rest.
	articles, _ := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	few, err := jobs.Plan(ctx, apiclient.New(r.api.URL, token), articles, 1)
	if err != nil || len(few) != 4 || few[0].Action != jobs.PlanCreate || few[1].Action != jobs.PlanCheck || few[3].Action != jobs.PlanCheck {
		t.Errorf("a dry run bounded to one read: %v %+v", err, few)
	}
	j, plan := r.importZip(e, target, token, zipped)
	for _, p := range plan {
		if p.Action != jobs.PlanCreate {
			t.Errorf("dry run into an empty agent: %s %s, want create", p.Article.File, p.Action)
		}
	}
	if j.State != jobs.Done || j.Done != 4 || j.Failed != 0 {
		items, _ := e.Items(ctx, j.ID)
		t.Fatalf("import: %s %d/%d, %d failed: %+v", j.State, j.Done, j.Total, j.Failed, items)
	}
	src, dst := r.all(r.token), r.all(token)
	matched := 0
	for title, a := range src {
		if !slices.Contains(a.Tags, "round-trip") {
			continue
		}
		matched++
		b, ok := dst[title]
		if !ok {
			t.Errorf("%q did not come over", title)
			continue
		}
		if a.Content != b.Content || a.State != b.State || a.Type != b.Type || !slices.Equal(a.Tags, b.Tags) {
			t.Errorf("%q came over as %q %s %s %v, want %q %s %s %v", title, b.Content, b.State, b.Type, b.Tags, a.Content, a.State, a.Type, a.Tags)
		}
	}
	if matched != 4 || len(dst) != 4 {
		t.Errorf("exported %d articles, the empty agent has %d", matched, len(dst))
	}
	items, _ := e.Items(ctx, j.ID)
	for _, it := range items {
		if _, ok := dst[it.Title]; !ok || dst[it.Title].ID != it.ArticleID {
			t.Errorf("the job names article %d %q, not the one it created", it.ArticleID, it.Title)
		}
	}
	creates := 0
	err = r.audit.Each(ctx, store.Filter{}, func(e store.Entry) error {
		if e.Action == "article.create" && e.ScenarioID == target && e.Identity == "ana@example.com" && strings.Contains(e.Summary, "import job") {
			creates++
		}
		return nil
	})
	if err != nil || creates != 4 {
		t.Errorf("%d creates audited under the starter, want 4 (%v)", creates, err)
	}

	// Back into the demo agent: the same articles, so nothing changes.
	_, plan = r.importZip(e, sandbox.DemoScenarioID, r.token, zipped)
	for _, p := range plan {
		if p.Action != jobs.PlanUnchanged {
			t.Errorf("re-import: %s %s %v, want unchanged", p.Article.File, p.Action, p.Changed)
		}
	}

	// An edited file updates its article, and only that one.
	edited := rezip(t, zipped, func(name, body string) string {
		if strings.Contains(body, "title: \"Bulk round-trip 1\"") {
			return strings.Replace(strings.Replace(body, "Text 1", "Text one, edited", 1), `state: "draft"`, `state: "published"`, 1)
		}
		return body
	})
	j, plan = r.importZip(e, sandbox.DemoScenarioID, r.token, edited)
	var updates []string
	for _, p := range plan {
		if p.Action == jobs.PlanUpdate {
			updates = append(updates, p.Article.Title+": "+strings.Join(p.Changed, ","))
		}
	}
	if !slices.Equal(updates, []string{"Bulk round-trip 1: content,state"}) {
		t.Errorf("dry run of an edited zip updates %v", updates)
	}
	a, err := api.GetArticle(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if j.State != jobs.Done || a.Content != "Text one, edited" || a.State != "published" {
		t.Errorf("after the import: job %s, article %q %s", j.State, a.Content, a.State)
	}
}

func TestImportRoundTripSQLite(t *testing.T)   { testImportRoundTrip(t, "") }
func TestImportRoundTripPostgres(t *testing.T) { testImportRoundTrip(t, pgtest.URL(t)) }

// rezip rewrites each file of a zip with edit.
func rezip(t *testing.T, zipped []byte, edit func(name, body string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		_, _ = w.Write([]byte(edit(f.Name, b.String())))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A zip of too many files is refused before any is read, and an import
// never applied is forgotten after a day.
func TestImportBoundsAndPrune(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range jobs.MaxImportFiles + 2 {
		w, _ := zw.Create("articles/" + strconv.Itoa(i) + ".md")
		_, _ = w.Write([]byte("---\ntitle: A\n---\nx\n"))
	}
	zw.Close()
	_, err := jobs.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	var ie *jobs.ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "at most 5000") {
		t.Errorf("a zip of %d files: %v", jobs.MaxImportFiles+2, err)
	}

	r := newRig(t, "", false)
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	ctx := context.Background()
	zipped := mustZip(t, "manifest.json", `{"format": "qcadmin-knowledge-base/1", "articles": []}`, "articles/a.md", "---\ntitle: A\n---\nx\n")
	articles, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	s := jobs.Start{Identity: "ana@example.com", ScenarioID: sandbox.DemoScenarioID, Token: r.token}
	plan := []jobs.PlanItem{{Article: articles[0], Action: jobs.PlanCreate}}
	first, _ := e.StageImport(ctx, s, plan)
	second, err := e.StageImport(ctx, s, plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyImport(ctx, s, first); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("an import replaced by a later upload could still be applied: %v", err)
	}
	if _, err := e.Prune(ctx, time.Now().Add(jobs.StagedKept+time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyImport(ctx, s, second); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("an import waiting more than a day could still be applied: %v", err)
	}
}

func mustZip(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, _ := zw.Create(files[i])
		_, _ = w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
