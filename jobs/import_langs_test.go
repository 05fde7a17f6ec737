package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/jobs"
	"qcadmin/sandbox"
)

// An export with language URLs, imported into an empty agent, links them
// there; imported back after one changed, it puts that one back, and the
// dry run shows it and counts its calls.
func TestImportLinksLanguageURLs(t *testing.T) {
	r := newRig(t, "", false)
	ctx := context.Background()
	ids := r.drafts(2, "langs")
	api := r.client()
	for lang, u := range map[string]string{"de": "https://example.com/de/returns", "fr": "https://example.com/fr/retours"} {
		if _, err := api.CreateLangURL(ctx, ids[0], lang, u); err != nil {
			t.Fatal(err)
		}
	}
	e := r.engine()
	t.Cleanup(func() { e.Stop(ctx) })
	exp := r.start(e, jobs.Start{Kind: jobs.Export, Filter: &jobs.Filter{Tags: "langs"}, Languages: []string{"de", "fr"}, Label: "Export"})
	if j := r.wait(e, exp, 20*time.Second); j.State != jobs.Done {
		t.Fatalf("export ended %s", j.State)
	}
	var buf bytes.Buffer
	j, _ := e.Get(ctx, sandbox.DemoScenarioID, exp)
	if err := e.WriteZip(ctx, j, &buf); err != nil {
		t.Fatal(err)
	}
	zipped := buf.Bytes()

	const target = "langs-target"
	token, err := r.sb.Token(target, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	j, plan := r.importZip(e, target, token, zipped)
	if j.State != jobs.Done || j.Failed != 0 {
		items, _ := e.Items(ctx, j.ID)
		t.Fatalf("import ended %s, %d failed: %+v", j.State, j.Failed, items)
	}
	for _, p := range plan {
		want := jobs.Cost{Reads: 1, Creates: 1, Writes: 1} // its id looked for first; tagged: a second write
		if p.Article.Title == "Bulk langs 0" {
			want.LangWrites = 2
			if len(p.Langs) != 2 || p.Langs[0].Lang != "de" || p.Langs[0].After != "https://example.com/de/returns" {
				t.Errorf("the dry run lists the language URLs %+v", p.Langs)
			}
		}
		if got := p.Cost(); got != want {
			t.Errorf("%s costs %+v, want %+v", p.Article.Title, got, want)
		}
	}
	other := apiclient.New(r.api.URL, token)
	made := r.all(token)["Bulk langs 0"]
	for lang, want := range map[string]string{"de": "https://example.com/de/returns", "fr": "https://example.com/fr/retours"} {
		if got, err := other.GetLangURL(ctx, made.ID, lang); err != nil || got != want {
			t.Errorf("the imported article's %s URL is %q (%v), want %q", lang, got, err, want)
		}
	}

	// Someone changes the French address; importing the zip again puts it back.
	if _, err := api.UpdateLangURL(ctx, ids[0], "fr", "https://example.com/fr/autre"); err != nil {
		t.Fatal(err)
	}
	j, plan = r.importZip(e, sandbox.DemoScenarioID, r.token, zipped)
	for _, p := range plan {
		switch p.Article.Title {
		case "Bulk langs 0":
			if p.Action != jobs.PlanUpdate || strings.Join(p.Changed, ",") != "language URLs" || len(p.Langs) != 1 ||
				p.Langs[0] != (jobs.LangChange{Lang: "fr", Before: "https://example.com/fr/autre", After: "https://example.com/fr/retours"}) {
				t.Errorf("dry run of the changed address: %s %v %+v", p.Action, p.Changed, p.Langs)
			}
			// Its article read, both addresses read and the one replaced read for the audit log; one write.
			if got, want := p.Cost(), (jobs.Cost{Reads: 1, LangReads: 3, LangWrites: 1}); got != want {
				t.Errorf("the changed address costs %+v, want %+v", got, want)
			}
		default:
			if p.Action != jobs.PlanUnchanged {
				t.Errorf("%s: %s %v, want unchanged", p.Article.Title, p.Action, p.Changed)
			}
		}
	}
	if got, _ := api.GetLangURL(ctx, ids[0], "fr"); got != "https://example.com/fr/retours" {
		t.Errorf("after the import the French address is %q", got)
	}
	items, _ := e.Items(ctx, j.ID)
	for _, it := range items {
		if it.Title == "Bulk langs 0" && (it.Outcome != jobs.OutcomeChanged || it.Message != "Language URLs linked: fr.") {
			t.Errorf("the changed address's item: %s %q", it.Outcome, it.Message)
		}
		if it.Title == "Bulk langs 1" && it.Outcome != jobs.OutcomeUnchanged {
			t.Errorf("the other item: %s %q", it.Outcome, it.Message)
		}
	}
}

// Front matter whose language URLs are not languages and addresses is refused, naming the line.
func TestImportRefusesBadLanguageURLs(t *testing.T) {
	for _, line := range []string{`language_urls: {"../x": "https://example.com"}`, `language_urls: {"de": "javascript:alert(1)"}`} {
		zipped := mustZip(t, "manifest.json", `{"format": "qcadmin-knowledge-base/1", "articles": []}`,
			"articles/a.md", "---\ntitle: A\n"+line+"\n---\nx\n")
		_, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
		var ie *jobs.ImportError
		if !errors.As(err, &ie) || ie.File != "articles/a.md" || ie.Line != 3 {
			t.Errorf("%s: %v, want refused at articles/a.md line 3", line, err)
		}
	}
}

// The time an import has left counts the calls each article needs: a new
// published article with tags takes a create and a write, and each of its
// language URLs one more, on its own budget.
func TestImportETACountsEachArticlesWrites(t *testing.T) {
	r := newRig(t, "", false)
	ctx := context.Background()
	e := r.engine()
	if err := e.Stop(ctx); err != nil { // the job waits in the queue, as behind others
		t.Fatal(err)
	}
	var files []string
	files = append(files, "manifest.json", `{"format": "qcadmin-knowledge-base/1", "articles": []}`)
	for _, name := range []string{"a", "b", "c"} {
		files = append(files, "articles/"+name+".md", "---\ntitle: "+name+"\ntags: [\"x\"]\nstate: published\n"+
			`language_urls: {"de": "https://example.com/de/`+name+`", "fr": "https://example.com/fr/`+name+`"}`+"\n---\nText.\n")
	}
	zipped := mustZip(t, files...)
	articles, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := jobs.Plan(ctx, r.client(), articles, 50)
	if err != nil {
		t.Fatal(err)
	}
	total := jobs.Total(plan)
	if want := (jobs.Cost{Creates: 3, Writes: 3, LangWrites: 6}); total != want {
		t.Fatalf("three new articles cost %+v, want %+v", total, want)
	}
	s := jobs.Start{Identity: "ana@example.com", ScenarioID: sandbox.DemoScenarioID, Token: r.token}
	id, err := e.StageImport(ctx, s, plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyImport(ctx, s, id); err != nil {
		t.Fatal(err)
	}
	j, err := e.Get(ctx, sandbox.DemoScenarioID, id)
	if err != nil {
		t.Fatal(err)
	}
	// Six language URL writes at 60 a minute set the pace: six seconds, not three.
	if eta := e.ETA(j); eta != 6*time.Second {
		t.Errorf("ETA of three articles with two language URLs each = %s, want 6s", eta)
	}
}

// An import stopped hard between creating an article and recording it does
// not create it a second time when it resumes: the item marked "creating"
// finds the article it made. Another article of the same title, not yet
// begun, is still created.
func TestResumedImportDoesNotCreateTwice(t *testing.T) {
	r := newRig(t, "", false)
	ctx := context.Background()
	first := r.engine()
	if err := first.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	zipped := mustZip(t, "manifest.json", `{"format": "qcadmin-knowledge-base/1", "articles": []}`,
		"articles/1.md", "---\ntitle: Twin\ntags: [\"twins\"]\n---\nThe first.\n",
		"articles/2.md", "---\ntitle: Twin\ntags: [\"twins\"]\n---\nThe second.\n")
	articles, err := jobs.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := jobs.Plan(ctx, r.client(), articles, 50)
	if err != nil {
		t.Fatal(err)
	}
	s := jobs.Start{Identity: "ana@example.com", ScenarioID: sandbox.DemoScenarioID, Token: r.token}
	id, err := first.StageImport(ctx, s, plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.ApplyImport(ctx, s, id); err != nil {
		t.Fatal(err)
	}
	// The run that was stopped hard: it marked the first item, and Quickchat created its article.
	made, err := r.client().CreateArticle(ctx, apiclient.ArticleCreate{Title: "Twin", Content: "The first.", Type: "Article"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.ExecContext(ctx, r.db.Rebind(`UPDATE bulk_job_items SET creating_utc = ? WHERE job_id = ? AND seq = 0`),
		time.Now().UTC().Format(time.RFC3339Nano), id); err != nil {
		t.Fatal(err)
	}

	second := r.engine()
	t.Cleanup(func() { second.Stop(ctx) })
	j := r.wait(second, id, 30*time.Second)
	items, _ := second.Items(ctx, id)
	if j.State != jobs.Done || j.Failed != 0 {
		t.Fatalf("resumed import ended %s, %d failed: %+v", j.State, j.Failed, items)
	}
	list, err := r.client().ListArticles(ctx, apiclient.ListArticlesParams{Title: "Twin", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var twins []apiclient.Article
	for _, a := range list.Items {
		if a.Title == "Twin" {
			twins = append(twins, a)
		}
	}
	if len(twins) != 2 {
		t.Fatalf("%d articles titled Twin after the resumed import, want 2 (the one found and the second file's)", len(twins))
	}
	if items[0].ArticleID != made.ID || !strings.Contains(items[0].Message, "not created twice") {
		t.Errorf("the interrupted item names article %d (%q), want the one it had made, %d", items[0].ArticleID, items[0].Message, made.ID)
	}
	if items[1].ArticleID == made.ID {
		t.Error("the second file took the first file's article")
	}
	// The found article got what the create had not yet done: its tags.
	got, err := r.client().GetArticle(ctx, made.ID)
	if err != nil || len(got.Tags) != 1 || got.Tags[0] != "twins" {
		t.Errorf("the found article's tags: %v (%v)", got.Tags, err)
	}
}
