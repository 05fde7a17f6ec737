package jobs_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/jobs"
	"qcadmin/sandbox"
)

// paceDrafts adds n drafts titled "Pace draft …", with tokens of their own,
// 50 each, so that setting up stays within the sandbox's limits.
func paceDrafts(t *testing.T, r *rig, n int) {
	t.Helper()
	var setup *apiclient.Client
	for i := range n {
		if i%50 == 0 {
			// Each its own: a token's expiry is part of it.
			tok, err := r.sb.Token(sandbox.DemoScenarioID, sandbox.ScopeWrite, time.Hour+time.Duration(i)*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			setup = apiclient.New(r.api.URL, tok)
		}
		if _, err := setup.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: "Pace draft " + strconv.Itoa(i), Content: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	r.tooMany.Store(0)
}

// TestExportPace measures an export against Quickchat's 120 reads a minute,
// with rate limits on. It runs only with QCADMIN_BENCH_EXPORT set to the
// number of articles to export.
func TestExportPace(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("QCADMIN_BENCH_EXPORT"))
	if n <= 0 {
		t.Skip("set QCADMIN_BENCH_EXPORT to the number of articles to export")
	}
	r := newRig(t, "", true)
	paceDrafts(t, r, n)
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	begin := time.Now()
	id := r.start(e, jobs.Start{Kind: jobs.Export, Filter: &jobs.Filter{Title: "Pace draft"}})
	j := r.wait(e, id, 30*time.Minute)
	took := time.Since(begin)
	if j.State != jobs.Done || j.Done != n || j.Failed != 0 {
		t.Fatalf("export ended %s with %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
	}
	var size countWriter
	zipStart := time.Now()
	if err := e.WriteZip(context.Background(), j, &size); err != nil {
		t.Fatal(err)
	}
	t.Logf("exported %d articles in %s: %.1f/min against the 120/min READ budget; zip of %d bytes written in %s; 429s: %d",
		n, took.Round(time.Second), float64(n)/took.Minutes(), size, time.Since(zipStart).Round(time.Millisecond), r.tooMany.Load())
	if r.tooMany.Load() != 0 {
		t.Errorf("the sandbox answered %d × 429", r.tooMany.Load())
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// TestBulkPublishPace measures how close a bulk publish comes to Quickchat's
// 60 writes a minute with rate limits on, and that it draws no 429. It runs
// only with QCADMIN_BENCH_JOBS set to the number of drafts to publish (150
// takes about two minutes); the figures go in BENCHMARKS.md.
func TestBulkPublishPace(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("QCADMIN_BENCH_JOBS"))
	if n <= 0 {
		t.Skip("set QCADMIN_BENCH_JOBS to the number of drafts to publish")
	}
	r := newRig(t, "", true)
	paceDrafts(t, r, n)
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	begin := time.Now()
	id := r.start(e, jobs.Start{Kind: jobs.Publish, Filter: &jobs.Filter{Title: "Pace draft"}})
	var burstDone int
	var burstAt time.Time
	var eta time.Duration
	for {
		j, err := e.Get(context.Background(), sandbox.DemoScenarioID, id)
		if err != nil {
			t.Fatal(err)
		}
		if eta == 0 && j.Resolved {
			eta = e.ETA(j)
		}
		if burstAt.IsZero() && time.Since(begin) > 5*time.Second {
			burstDone, burstAt = j.Done, time.Now()
		}
		if !j.Running() {
			total := time.Since(begin)
			if j.Done != n || j.Failed != 0 {
				t.Fatalf("job ended %s with %d/%d, %d failed", j.State, j.Done, j.Total, j.Failed)
			}
			steady := float64(n-burstDone) / time.Since(burstAt).Minutes()
			t.Logf("published %d drafts in %s: %.1f/min overall; after the first 5 s (%d done) %.1f/min = %.1f %% of 60/min; ETA at start %s; 429s: %d",
				n, total.Round(time.Second), float64(n)/total.Minutes(), burstDone, steady, steady/60*100, eta.Round(time.Second), r.tooMany.Load())
			if r.tooMany.Load() != 0 {
				t.Errorf("the sandbox answered %d × 429", r.tooMany.Load())
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestImportPace measures an import of new articles, each published with a
// tag and two language URLs (a create, a write and two language URL writes,
// each endpoint on its own budget), against the time the job's card
// promised at its start. It runs only with QCADMIN_BENCH_IMPORT set to the
// number of articles to import.
func TestImportPace(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("QCADMIN_BENCH_IMPORT"))
	if n <= 0 {
		t.Skip("set QCADMIN_BENCH_IMPORT to the number of articles to import")
	}
	r := newRig(t, "", true)
	files := []string{"manifest.json", `{"format": "qcadmin-knowledge-base/1", "articles": []}`}
	for i := range n {
		files = append(files, "articles/"+strconv.Itoa(i)+".md", "---\ntitle: Pace import "+strconv.Itoa(i)+"\ntags: [\"pace\"]\nstate: published\n"+
			`language_urls: {"de": "https://example.com/de/`+strconv.Itoa(i)+`", "fr": "https://example.com/fr/`+strconv.Itoa(i)+`"}`+"\n---\nText.\n")
	}
	zipped := mustZip(t, files...)
	articles, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	plan, err := jobs.Plan(ctx, r.client(), articles, 30)
	if err != nil {
		t.Fatal(err)
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(ctx) })
	s := jobs.Start{Identity: "ana@example.com", ScenarioID: sandbox.DemoScenarioID, Token: r.token}
	id, err := e.StageImport(ctx, s, plan)
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if err := e.ApplyImport(ctx, s, id); err != nil {
		t.Fatal(err)
	}
	j, _ := e.Get(ctx, sandbox.DemoScenarioID, id)
	eta := e.ETA(j)
	j = r.wait(e, id, 30*time.Minute)
	took := time.Since(begin)
	if j.State != jobs.Done || j.Done != n || j.Failed != 0 {
		items, _ := e.Items(ctx, id)
		t.Fatalf("import ended %s with %d/%d, %d failed: %+v", j.State, j.Done, j.Total, j.Failed, items[:min(3, len(items))])
	}
	c := jobs.Total(plan)
	t.Logf("imported %d articles (%d creates, %d writes, %d language URL writes) in %s: %.1f articles/min; ETA at start %s (one call per article would have said %s); 429s: %d",
		n, c.Creates, c.Writes, c.LangWrites, took.Round(time.Second), float64(n)/took.Minutes(), eta.Round(time.Second),
		(time.Duration(n) * time.Second).Round(time.Second), r.tooMany.Load())
	if r.tooMany.Load() != 0 {
		t.Errorf("the sandbox answered %d × 429", r.tooMany.Load())
	}
}
