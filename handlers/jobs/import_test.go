package jobs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/jobs"
	"qcadmin/sandbox"
)

// upload posts zipped to the import page as the browser's form does.
func upload(t *testing.T, c *consoletest.Console, zipped []byte, header ...string) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("zip", "knowledge-base.zip")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(zipped)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Server.URL+"/jobs/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// makeZip is a zip of files, in order: name, then content.
func makeZip(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const goodManifest = `{
  "format": "qcadmin-knowledge-base/1",
  "articles": []
}
`

func article(id int64, title, state string) string {
	return fmt.Sprintf("---\nid: %d\ntitle: %q\ntype: \"Article\"\ntags: [\"kb\"]\nstate: %q\n---\nSome text.\n\n", id, title, state)
}

// exportThroughPages exports the articles tagged tag with the export job, as people do, and downloads the zip.
func exportThroughPages(t *testing.T, c *consoletest.Console, tag string) []byte {
	t.Helper()
	form := url.Values{"scope": {"filter"}, "action": {"export"}, "tags_filter": {tag}, "confirm": {"yes"}}
	if res, _ := c.Post("/articles/bulk", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("export start = %d", res.StatusCode)
	}
	list, _ := c.Jobs.List(context.Background(), sandbox.DemoScenarioID, 1)
	job := "/jobs/" + strconv.FormatInt(list[0].ID, 10)
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("export ended %s", state)
	}
	res, body := c.Get(job + "/export.zip")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", res.StatusCode)
	}
	return []byte(body)
}

func TestImportDryRunThenApply(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 3, "kb-import")
	c.SignIn()
	zipped := exportThroughPages(t, c, "kb-import")

	// Edit one article in the zip and add a new one without an id.
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		text := b.String()
		if strings.Contains(text, "id: "+strconv.FormatInt(ids[1], 10)+"\n") {
			text = strings.Replace(strings.Replace(text, "Text.", "Text, now with more.\nA second line.", 1), `"Draft kb-import 1"`, `"Draft kb-import 1, renamed"`, 1)
		}
		files = append(files, f.Name, text)
	}
	files = append(files, "articles/new-one.md", "---\ntitle: Brand new\ntags: [\"kb-import\"]\nstate: published\n---\nFresh content.\n")
	res, body := upload(t, c, makeZip(t, files...))
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("kb-import-dry-run")).Length() != 1 {
		t.Fatalf("dry run: %d %s", res.StatusCode, doc.Find(consoletest.TestID("notice")).Text())
	}
	rows := doc.Find(consoletest.TestID("kb-import-row"))
	count := func(action string) int { return rows.Filter(`[data-action="` + action + `"]`).Length() }
	if count("create") != 1 || count("update") != 1 || count("unchanged") != 2 {
		t.Errorf("dry run lists %d create, %d update, %d unchanged; want 1, 1, 2", count("create"), count("update"), count("unchanged"))
	}
	upd := rows.Filter(`[data-action="update"]`)
	if f := upd.Find(`[data-field="title"]`).Text(); !strings.Contains(f, "Draft kb-import 1 → Draft kb-import 1, renamed") {
		t.Errorf("the update's title change reads %q", f)
	}
	if ins := upd.Find(consoletest.TestID("diff-ins")).Text(); !strings.Contains(ins, "Text, now with more.") || !strings.Contains(ins, "A second line.") {
		t.Errorf("the update's content diff adds %q", ins)
	}
	if del := upd.Find(consoletest.TestID("diff-del")).Text(); !strings.Contains(del, "Text.") {
		t.Errorf("the update's content diff removes %q", del)
	}
	if got := doc.Find(consoletest.TestID("kb-import-summary")).Text(); !strings.Contains(got, "1 article to create, 1 to update, 2 unchanged") {
		t.Errorf("summary %q", got)
	}
	// Nothing is written by the dry run.
	if a, _ := c.SandboxClient().GetArticle(context.Background(), ids[1]); a.Title != "Draft kb-import 1" {
		t.Errorf("the dry run changed the article: %q", a.Title)
	}
	apply, ok := doc.Find(`form[action$="/apply"]`).Attr("action")
	if !ok {
		t.Fatal("the dry run offers no Apply")
	}
	res, _ = c.Post(apply, url.Values{})
	job := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(job, "/jobs/") {
		t.Fatalf("apply = %d → %q", res.StatusCode, job)
	}
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("import ended %s", state)
	}
	_, body = c.Get(job)
	doc = consoletest.Parse(t, body)
	items := doc.Find(consoletest.TestID("job-item"))
	if items.Length() != 4 || items.Filter(`[data-outcome="changed"]`).Length() != 2 || items.Filter(`[data-outcome="unchanged"]`).Length() != 2 {
		t.Errorf("the job lists %d items, %d changed", items.Length(), items.Filter(`[data-outcome="changed"]`).Length())
	}
	a, err := c.SandboxClient().GetArticle(context.Background(), ids[1])
	if err != nil || a.Title != "Draft kb-import 1, renamed" || a.Content != "Text, now with more.\nA second line." {
		t.Errorf("after the import: %+v %v", a, err)
	}
	page, _ := c.SandboxClient().ListArticles(context.Background(), apiclient.ListArticlesParams{Title: "Brand new", Limit: 5})
	if page == nil || len(page.Items) != 1 || page.Items[0].State != "published" {
		t.Errorf("the new article: %+v", page)
	}
	audited := 0
	for _, e := range c.Entries() {
		if strings.Contains(e.Summary, "import job") && e.Identity != "" {
			audited++
		}
	}
	if audited < 3 { // the update, the create and the new article's tags
		t.Errorf("%d writes of the import audited under its starter, want 3", audited)
	}
	if res, _ := c.Post(apply, url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("applying twice: %d, want 404", res.StatusCode)
	}
}

func TestImportRefusesBadZips(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	big := make([]byte, jobs.MaxImportUpload+1024)
	rand.Read(big)
	cases := []struct {
		name   string
		zipped []byte
		status int
		want   string
	}{
		{"not a zip", []byte("hello, world"), 422, "not a zip file"},
		{"no manifest", makeZip(t, "articles/1.md", article(0, "A", "draft")), 422, "no manifest.json"},
		{"manifest not JSON", makeZip(t, "manifest.json", "{\n  \"format\": 1\n}\n"), 422, "manifest.json, line 2"},
		{"another format", makeZip(t, "manifest.json", "{\n  \"articles\": [],\n  \"format\": \"other/1\"\n}\n"), 422, "manifest.json, line 3"},
		{"path escapes", makeZip(t, "manifest.json", goodManifest, "../evil.md", article(0, "A", "draft")), 422, "../evil.md: its path leaves"},
		{"absolute path", makeZip(t, "manifest.json", goodManifest, "/etc/evil.md", article(0, "A", "draft")), 422, "/etc/evil.md: its path leaves"},
		{"duplicate ids", makeZip(t, "manifest.json", goodManifest, "articles/a.md", article(7, "A", "draft"), "articles/b.md", article(7, "B", "draft")), 422, "articles/b.md, line 2: it has id 7, as articles/a.md does"},
		{"bad state", makeZip(t, "manifest.json", goodManifest, "articles/a.md", article(7, "A", "gone")), 422, "articles/a.md, line 6: “state” must be draft or published"},
		{"unknown field", makeZip(t, "manifest.json", goodManifest, "articles/a.md", "---\ntitle: A\nauthor: me\n---\nx\n"), 422, "articles/a.md, line 3: “author” is not a field"},
		{"no front matter", makeZip(t, "manifest.json", goodManifest, "articles/a.md", "# Just text\n"), 422, "articles/a.md, line 1"},
		{"not UTF-8", makeZip(t, "manifest.json", goodManifest, "articles/a.md", article(7, "A", "draft")+"fine\n\xff\xfe latin-1\n"), 422, "articles/a.md, line 11: it is not UTF-8"},
		{"file too large", makeZip(t, "manifest.json", goodManifest, "articles/a.md", article(7, "A", "draft")+strings.Repeat("a", 2<<20)), 422, "articles/a.md: it unpacks to more than 1 MB"},
		{"manifest lists a missing file", makeZip(t, "manifest.json", "{\n\"format\": \"qcadmin-knowledge-base/1\",\n\"articles\": [\n{\"id\": 1, \"file\": \"articles/1.md\"}\n]}\n"), 422, "manifest.json, line 4: it lists articles/1.md"},
		{"upload too large", big, 413, "larger than 20 MB"},
	}
	before, _ := c.SandboxClient().ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 1})
	for _, tc := range cases {
		res, body := upload(t, c, tc.zipped)
		msg := consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text()
		if res.StatusCode != tc.status || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want %d naming %q", tc.name, res.StatusCode, msg, tc.status, tc.want)
		}
	}
	after, _ := c.SandboxClient().ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 1})
	if before.Count != after.Count {
		t.Errorf("refused zips changed the knowledge base: %d articles, were %d", after.Count, before.Count)
	}
	if list, _ := c.Jobs.List(context.Background(), sandbox.DemoScenarioID, 10); len(list) != 0 {
		t.Errorf("refused zips started %d jobs", len(list))
	}
}

func TestReadersCannotImport(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita, ana := consoletest.As("rita@velora.example", "support"), consoletest.As("ana@velora.example", "editors")
	_, body := c.Get("/jobs", rita...)
	if consoletest.Parse(t, body).Find(consoletest.TestID("jobs-import")).Length() != 0 {
		t.Error("a reader's jobs page offers the import")
	}
	if res, _ := c.Get("/jobs/import", rita...); res.StatusCode != http.StatusForbidden {
		t.Errorf("a reader's import page: %d, want 403", res.StatusCode)
	}
	if res, _ := upload(t, c, makeZip(t, "manifest.json", goodManifest, "articles/a.md", article(0, "A", "draft")), rita...); res.StatusCode != http.StatusForbidden {
		t.Errorf("a reader's upload: %d, want 403", res.StatusCode)
	}
	if res, _ := c.Post("/jobs/import/1/apply", url.Values{}, rita...); res.StatusCode != http.StatusForbidden {
		t.Errorf("a reader's apply: %d, want 403", res.StatusCode)
	}
	c.FreshBrowser()
	_, body = c.Get("/jobs", ana...)
	if consoletest.Parse(t, body).Find(consoletest.TestID("jobs-import")).Length() != 1 {
		t.Error("an editor's jobs page offers no import")
	}
	if res, _ := c.Get("/jobs/import", ana...); res.StatusCode != http.StatusOK {
		t.Errorf("an editor's import page: %d", res.StatusCode)
	}
}

// The demo agent's articles, exported through the pages and imported into an
// empty agent through the pages, come out the same.
func TestExportThenImportIntoAnEmptyAgent(t *testing.T) {
	c := consoletest.New(t)
	drafts(t, c, 3, "carry-over")
	c.SignIn()
	zipped := exportThroughPages(t, c, "carry-over")

	token, err := c.Sandbox.Token("empty-agent", sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c.FreshBrowser()
	c.SignInWith(token)
	res, body := upload(t, c, zipped)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(`[data-testid="kb-import-row"][data-action="create"]`).Length() != 3 {
		t.Fatalf("dry run into an empty agent: %d %s", res.StatusCode, doc.Find(consoletest.TestID("kb-import-summary")).Text())
	}
	apply, _ := doc.Find(`form[action$="/apply"]`).Attr("action")
	res, _ = c.Post(apply, url.Values{})
	if state, _ := watch(t, c, res.Header.Get("Location")); state != "done" {
		t.Fatalf("import ended %s", state)
	}
	src := c.SandboxClient()
	dst := apiclient.New(c.API.URL, token)
	want, _ := src.ListArticles(context.Background(), apiclient.ListArticlesParams{Tags: []string{"carry-over"}, Limit: 10})
	got, _ := dst.ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 10})
	if len(want.Items) != 3 || len(got.Items) != 3 {
		t.Fatalf("exported %d, the empty agent has %d", len(want.Items), len(got.Items))
	}
	byTitle := map[string]int64{}
	for _, a := range got.Items {
		byTitle[a.Title] = a.ID
	}
	for _, w := range want.Items {
		a, _ := src.GetArticle(context.Background(), w.ID)
		b, err := dst.GetArticle(context.Background(), byTitle[w.Title])
		if err != nil {
			t.Fatalf("%q did not come over: %v", w.Title, err)
		}
		if a.Content != b.Content || a.State != b.State || a.Type != b.Type || strings.Join(a.Tags, ",") != strings.Join(b.Tags, ",") {
			t.Errorf("%q came over as %q %s %s %v, want %q %s %s %v", w.Title, b.Content, b.State, b.Type, b.Tags, a.Content, a.State, a.Type, a.Tags)
		}
	}
}

// The dry run lists the language URLs an import links (as a field of its
// diff) and says how long applying takes, counting each article's calls.
func TestImportDryRunShowsLanguageURLsAndItsTime(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 2, "kb-langs")
	c.SignIn()
	zipped := exportThroughPages(t, c, "kb-langs")
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		text := b.String()
		if strings.Contains(text, "id: "+strconv.FormatInt(ids[0], 10)+"\n") {
			text = strings.Replace(text, "state: ", `language_urls: {"de": "https://example.com/de/a"}`+"\nstate: ", 1)
		}
		files = append(files, f.Name, text)
	}
	files = append(files, "articles/new.md", "---\ntitle: Neu\ntags: [\"kb-langs\"]\nstate: published\n"+
		`language_urls: {"de": "https://example.com/de/neu", "fr": "https://example.com/fr/neu"}`+"\n---\nNeu.\n")
	res, body := upload(t, c, makeZip(t, files...))
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("dry run: %d %s", res.StatusCode, doc.Find(consoletest.TestID("notice")).Text())
	}
	rows := doc.Find(consoletest.TestID("kb-import-row"))
	upd := rows.Filter(`[data-action="update"]`)
	if f := upd.Find(`[data-field="language URL (de)"]`).Text(); upd.Length() != 1 || !strings.Contains(f, "none → https://example.com/de/a") {
		t.Errorf("the update of a language URL reads %q (%d updates)", f, upd.Length())
	}
	if n := rows.Filter(`[data-action="unchanged"]`).Length(); n != 1 {
		t.Errorf("%d unchanged, want the other article", n)
	}
	created := rows.Filter(`[data-action="create"]`)
	if created.Find(`[data-field^="language URL"]`).Length() != 2 {
		t.Errorf("the new article's language URLs are not listed: %q", created.Text())
	}
	// Writes: the update's language URL; the new article, its tags and state, two URLs.
	// Reads: both articles, the update's language URL.
	if got := doc.Find(consoletest.TestID("kb-import-estimate")).Text(); !strings.Contains(got, "less than a minute") || !strings.Contains(got, "5 writes and 3 reads") {
		t.Errorf("estimate %q", got)
	}

	apply, _ := doc.Find(`form[action$="/apply"]`).Attr("action")
	res, _ = c.Post(apply, url.Values{})
	job := res.Header.Get("Location")
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("import ended %s", state)
	}
	if u, err := c.SandboxClient().GetLangURL(context.Background(), ids[0], "de"); err != nil || u != "https://example.com/de/a" {
		t.Errorf("after the import the German address is %q (%v)", u, err)
	}
}
