package jobs_test

import (
	"archive/zip"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// drafts adds n draft articles tagged tag through the API and returns their ids.
func drafts(t *testing.T, c *consoletest.Console, n int, tag string) []int64 {
	t.Helper()
	api := c.Quickchat()
	ids := make([]int64, n)
	for i := range n {
		a, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: fmt.Sprintf("Draft %s %d", tag, i), Content: "Text."})
		if err != nil {
			t.Fatal(err)
		}
		tags := []string{tag}
		if _, err := api.UpdateArticle(context.Background(), a.ID, apiclient.ArticleUpdate{Tags: &tags}); err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	return ids
}

// watch polls a job's progress card as the page does until it is no longer running.
func watch(t *testing.T, c *consoletest.Console, job string) (state string, polls int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, body := c.Get(job+"/progress", "HX-Request", "true")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("progress: %d\n%s", res.StatusCode, body)
		}
		card := consoletest.Parse(t, body).Find(consoletest.TestID("job-progress"))
		state = card.AttrOr("data-state", "")
		_, polling := card.Attr("hx-trigger")
		if state != "queued" && state != "running" {
			if polling {
				t.Error("a finished job's card still asks for itself")
			}
			return state, polls
		}
		if !polling {
			t.Fatal("a running job's card does not poll")
		}
		if time.Now().After(deadline) {
			t.Fatalf("job still %s after a minute: %s", state, card.Text())
		}
		polls++
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPublishAllMatchingTheFilter(t *testing.T) {
	c := consoletest.NewRateLimited(t)
	ids := drafts(t, c, 6, "spring-sale")
	c.SignIn()

	_, body := c.Get("/articles?tags=spring-sale")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("bulk-all-count")).Text(); !strings.Contains(got, "All 6 matching this filter") {
		t.Errorf("the list names %q, want all 6 matching", got)
	}
	for _, id := range []string{"bulk-publish", "bulk-add-tags", "bulk-remove-tags", "bulk-export", "bulk-all-publish", "bulk-all-export", "bulk-all-delete"} {
		if doc.Find(consoletest.TestID(id)).Length() != 1 {
			t.Errorf("the list offers no %s", id)
		}
	}

	form := url.Values{"scope": {"filter"}, "action": {"publish"}, "tags_filter": {"spring-sale"}}
	res, body := c.Post("/articles/bulk", form)
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("h1").Text(), "Publish all 6 articles matching this filter") {
		t.Fatalf("confirmation: %d %q", res.StatusCode, doc.Find("h1").Text())
	}
	if doc.Find(consoletest.TestID("bulk-retrain")).Length() != 1 {
		t.Error("a bulk publish does not offer to retrain when done")
	}
	form.Set("confirm", "yes")
	form.Set("retrain", "yes")
	res, _ = c.Post("/articles/bulk", form)
	to := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(to, "/articles?tags=spring-sale&job=") {
		t.Fatalf("start = %d → %q", res.StatusCode, to)
	}
	_, body = c.Get(to)
	slot := consoletest.Parse(t, body).Find(consoletest.TestID("job-progress-slot"))
	job := strings.TrimSuffix(slot.AttrOr("hx-get", ""), "/progress")
	if job == "" {
		t.Fatal("the page that started the job shows no progress")
	}
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("job ended %s", state)
	}

	_, body = c.Get(job)
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("job-done")).Text() + "/" + doc.Find(consoletest.TestID("job-total")).Text(); got != "6/6" {
		t.Errorf("job page says %s done", got)
	}
	if note := doc.Find(consoletest.TestID("job-note")).Text(); !strings.Contains(note, "retraining") {
		t.Errorf("the job's note %q does not say the knowledge base is retraining", note)
	}
	rows := doc.Find(consoletest.TestID("job-item"))
	if rows.Length() != 6 || rows.Filter(`[data-outcome="changed"]`).Length() != 6 {
		t.Errorf("job page lists %d items, %d changed; want 6 published", rows.Length(), rows.Filter(`[data-outcome="changed"]`).Length())
	}
	if href, _ := rows.First().Find("a").Attr("href"); !strings.HasPrefix(href, "/articles/") {
		t.Errorf("an item links to %q, not its article", href)
	}
	for _, id := range ids {
		a, err := c.SandboxClient().GetArticle(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.State != "published" {
			t.Errorf("article %d is %s", id, a.State)
		}
	}
	published := 0
	for _, e := range c.Entries() {
		if e.Action == "article.publish" && strings.Contains(e.Summary, "bulk job") {
			published++
			if e.Identity == "" || e.ScenarioID == "" {
				t.Errorf("entry %q has no person or agent", e.Summary)
			}
		}
	}
	if published != 6 {
		t.Errorf("%d publishes audited, want 6", published)
	}
	_, body = c.Get("/jobs")
	doc = consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("job-row")).Length(); n != 1 {
		t.Errorf("the jobs page lists %d jobs, want 1", n)
	}
	if _, polls := doc.Find(consoletest.TestID("jobs-table")).Attr("hx-trigger"); polls {
		t.Error("the jobs table keeps asking for itself with no job running")
	}
}

func TestTagTickedArticles(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 3, "tickets")
	c.SignIn()
	form := url.Values{"action": {"add_tags"}}
	for _, id := range ids {
		form.Add("ids", strconv.FormatInt(id, 10))
	}
	res, body := c.Post("/articles/bulk", form)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("bulk-tags")).Length() != 1 || doc.Find("li").Length() < 3 {
		t.Fatalf("confirmation: %d, tags field %d, %d named", res.StatusCode, doc.Find(consoletest.TestID("bulk-tags")).Length(), doc.Find("li").Length())
	}
	form.Set("confirm", "yes")
	if _, body = c.Post("/articles/bulk", form); !strings.Contains(body, "Name at least one tag") {
		t.Error("a tag job without tags was not refused")
	}
	form.Set("tags", "vip, urgent")
	res, _ = c.Post("/articles/bulk", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start = %d", res.StatusCode)
	}
	jobs, err := c.Jobs.List(context.Background(), "demo-velora-bikes", 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs = %v, %v", jobs, err)
	}
	job := "/jobs/" + strconv.FormatInt(jobs[0].ID, 10)
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("add tags ended %s", state)
	}
	for _, id := range ids {
		a, _ := c.SandboxClient().GetArticle(context.Background(), id)
		if strings.Join(a.Tags, ",") != "tickets,vip,urgent" {
			t.Errorf("article %d tags %v", id, a.Tags)
		}
	}
	form.Set("action", "remove_tags")
	form.Set("tags", "tickets")
	if res, _ = c.Post("/articles/bulk", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove start = %d", res.StatusCode)
	}
	jobs, _ = c.Jobs.List(context.Background(), "demo-velora-bikes", 10)
	if state, _ := watch(t, c, "/jobs/"+strconv.FormatInt(jobs[0].ID, 10)); state != "done" {
		t.Fatalf("remove tags ended %s", state)
	}
	for _, id := range ids {
		a, _ := c.SandboxClient().GetArticle(context.Background(), id)
		if strings.Join(a.Tags, ",") != "vip,urgent" {
			t.Errorf("article %d tags %v after removing tickets", id, a.Tags)
		}
	}
	// Article history has the bulk change, so it can be restored.
	var entries []store.Entry
	for _, e := range c.Entries() {
		if e.Action == "article.update" && strings.Contains(e.Summary, "bulk job") {
			entries = append(entries, e)
		}
	}
	if len(entries) != 6 || entries[0].Before == "" || entries[0].After == "" {
		t.Errorf("%d tag changes audited (want 6), first with before %d and after %d bytes", len(entries), len(entries[0].Before), len(entries[0].After))
	}
}

func TestBulkOverNothingExplainsItself(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Post("/articles/bulk", url.Values{"scope": {"filter"}, "action": {"publish"}, "title": {"no article has this title"}, "confirm": {"yes"}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("bulk-lead")).Text(), "No articles match this filter") {
		t.Errorf("a job over no articles: %d %q", res.StatusCode, doc.Find(consoletest.TestID("bulk-lead")).Text())
	}
	if doc.Find(consoletest.TestID("confirm-bulk-button")).Length() != 0 {
		t.Error("a job over no articles can still be started")
	}
	if res, _ := c.Post("/articles/bulk", url.Values{"action": {"publish"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("no ticked articles: %d, want 400", res.StatusCode)
	}
	if res, _ := c.Post("/articles/bulk", url.Values{"action": {"explode"}, "ids": {"1"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown action: %d, want 400", res.StatusCode)
	}
	if res, _ := c.Get("/jobs/999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing job: %d, want 404", res.StatusCode)
	}
}

func TestReadersSeeNoBulkControlsAndAreRefused(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita, ana := consoletest.As("rita@velora.example", "support"), consoletest.As("ana@velora.example", "editors")
	_, body := c.Get("/articles", rita...)
	doc := consoletest.Parse(t, body)
	for _, id := range []string{"bulk-publish", "bulk-add-tags", "bulk-remove-tags", "bulk-export", "bulk-all-form", "bulk-all-delete"} {
		if doc.Find(consoletest.TestID(id)).Length() != 0 {
			t.Errorf("a reader's article list shows %s", id)
		}
	}
	res, _ := c.Post("/articles/bulk", url.Values{"scope": {"filter"}, "action": {"publish"}, "confirm": {"yes"}}, rita...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a reader's bulk publish: %d, want 403", res.StatusCode)
	}
	c.FreshBrowser()
	_, body = c.Get("/articles", ana...)
	if consoletest.Parse(t, body).Find(consoletest.TestID("bulk-all-form")).Length() != 1 {
		t.Error("an editor's article list offers no bulk job on the filter")
	}
}

func TestExportAllMatchingAsZip(t *testing.T) {
	c := consoletest.New(t)
	drafts(t, c, 4, "zip-me")
	c.SignIn()
	form := url.Values{"scope": {"filter"}, "action": {"export"}, "tags_filter": {"zip-me"}}
	_, body := c.Post("/articles/bulk", form)
	doc := consoletest.Parse(t, body)
	if !strings.Contains(doc.Find("h1").Text(), "Export all 4 articles matching this filter") || doc.Find(consoletest.TestID("bulk-tags")).Length() != 0 {
		t.Fatalf("export confirmation: %q", doc.Find("h1").Text())
	}
	if doc.Find(consoletest.TestID("bulk-retrain")).Length() != 0 {
		t.Error("an export offers to retrain")
	}
	if got := doc.Find(consoletest.TestID("bulk-lang-urls")).Parent().Text(); !strings.Contains(got, "en, de, fr, pl") || !strings.Contains(got, "30 articles a minute") {
		t.Errorf("the language URLs choice says %q", got)
	}
	form.Set("confirm", "yes")
	res, _ := c.Post("/articles/bulk", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start = %d", res.StatusCode)
	}
	list, _ := c.Jobs.List(context.Background(), "demo-velora-bikes", 1)
	job := "/jobs/" + strconv.FormatInt(list[0].ID, 10)
	if res, _ := c.Get(job + "/export.zip"); res.StatusCode != http.StatusNotFound && list[0].Running() {
		t.Errorf("the zip of an unfinished export: %d, want 404", res.StatusCode)
	}
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("export ended %s", state)
	}
	_, body = c.Get(job)
	href, ok := consoletest.Parse(t, body).Find(consoletest.TestID("job-download")).Attr("href")
	if !ok {
		t.Fatal("a finished export offers no download")
	}
	res, body = c.Get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "knowledge-base-") {
		t.Fatalf("download: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 5 || zr.File[len(zr.File)-1].Name != "manifest.json" {
		t.Errorf("the zip holds %d files, want 4 articles and the manifest", len(zr.File))
	}
}

func TestRenameTagFromTheTagsPage(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 2, "faq-old")
	c.SignIn()
	_, body := c.Get("/tags")
	form := consoletest.Parse(t, body).Find(consoletest.TestID("tag-rename"))
	if form.Length() != 1 || form.Find(`option[value="faq-old"]`).Length() != 1 {
		t.Fatal("the tags page offers no rename of faq-old")
	}
	post := url.Values{"action": {"rename_tag"}, "scope": {"filter"}, "tags_filter": {"faq-old"}}
	_, body = c.Post("/articles/bulk", post)
	if h := consoletest.Parse(t, body).Find("h1").Text(); !strings.Contains(h, "Rename the tag “faq-old” on 2 articles") {
		t.Fatalf("rename confirmation %q", h)
	}
	post.Set("confirm", "yes")
	post.Set("tags", "faq-old")
	if _, body = c.Post("/articles/bulk", post); !strings.Contains(body, "other than the tag") {
		t.Error("a rename to the same name was not refused")
	}
	post.Set("tags", "faq")
	if res, _ := c.Post("/articles/bulk", post); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start = %d", res.StatusCode)
	}
	list, _ := c.Jobs.List(context.Background(), "demo-velora-bikes", 1)
	if state, _ := watch(t, c, "/jobs/"+strconv.FormatInt(list[0].ID, 10)); state != "done" {
		t.Fatalf("rename ended %s", state)
	}
	for _, id := range ids {
		a, _ := c.SandboxClient().GetArticle(context.Background(), id)
		if strings.Join(a.Tags, ",") != "faq" {
			t.Errorf("article %d tags %v", id, a.Tags)
		}
	}
}

func TestDeleteAllMatchingWarnsAndCancelStops(t *testing.T) {
	c := consoletest.New(t)
	drafts(t, c, 2, "gone-soon")
	c.SignIn()
	form := url.Values{"scope": {"filter"}, "action": {"delete"}, "tags_filter": {"gone-soon"}}
	_, body := c.Post("/articles/bulk", form)
	if lead := consoletest.Parse(t, body).Find(consoletest.TestID("bulk-lead")).Text(); !strings.Contains(lead, "cannot be undone") {
		t.Errorf("a bulk delete's confirmation does not warn: %q", lead)
	}
	// Cancelling a job: the button posts, the job's page says so, a missing job is 404.
	if res, _ := c.Post("/jobs/424242/cancel", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("cancel of a missing job: %d", res.StatusCode)
	}
	form.Set("confirm", "yes")
	c.Post("/articles/bulk", form)
	list, _ := c.Jobs.List(context.Background(), "demo-velora-bikes", 1)
	job := "/jobs/" + strconv.FormatInt(list[0].ID, 10)
	res, _ := c.Post(job+"/cancel", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != job {
		t.Fatalf("cancel = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	state, _ := watch(t, c, job)
	if state != "cancelled" && state != "done" { // a job this small may finish before the cancel lands
		t.Errorf("after cancel the job is %s", state)
	}
	_, body = c.Get(job)
	if s := consoletest.Parse(t, body).Find(consoletest.TestID("job-summary")).Text(); !strings.Contains(s, "stay done") && !strings.Contains(s, "Finished") {
		t.Errorf("the job's summary %q", s)
	}
}

// A job's page lists its articles a page at a time (an import can hold
// thousands), with the pager the article list has.
func TestJobPageListsItsArticlesAPageAtATime(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 12, "page-me")
	c.SignIn()
	form := url.Values{"scope": {"filter"}, "action": {"export"}, "tags_filter": {"page-me"}, "confirm": {"yes"}}
	if res, _ := c.Post("/articles/bulk", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start = %d", res.StatusCode)
	}
	list, _ := c.Jobs.List(context.Background(), "demo-velora-bikes", 1)
	job := "/jobs/" + strconv.FormatInt(list[0].ID, 10)
	if state, _ := watch(t, c, job); state != "done" {
		t.Fatalf("export ended %s", state)
	}
	page := func(query string) (rows []string, pager, next string) {
		t.Helper()
		_, body := c.Get(job + query)
		doc := consoletest.Parse(t, body)
		doc.Find(consoletest.TestID("job-item")).Each(func(_ int, s *goquery.Selection) {
			rows = append(rows, strings.TrimPrefix(s.Find(".mono").Text(), "#"))
		})
		p := doc.Find(consoletest.TestID("pager"))
		next, _ = p.Find(`a[rel=next]`).Attr("href")
		return rows, strings.TrimSpace(p.Find(".subtle").First().Text()), next
	}
	want := make([]string, len(ids))
	for i, id := range ids {
		want[i] = strconv.FormatInt(id, 10)
	}
	slices.Sort(want)

	all, pager, _ := page("")
	if len(all) != 12 || pager != "" {
		t.Fatalf("the whole job: %d rows, pager %q; want 12 on one page, no pager", len(all), pager)
	}
	first, pager, next := page("?limit=10")
	if len(first) != 10 || pager != "1–10 of 12" || next != job+"?limit=10&offset=10" {
		t.Fatalf("first page: %d rows, %q, next %q", len(first), pager, next)
	}
	second, pager, next := page("?limit=10&offset=10")
	if len(second) != 2 || pager != "11–12 of 12" || next != "" {
		t.Fatalf("second page: %d rows, %q, next %q", len(second), pager, next)
	}
	got := slices.Clone(append(first, second...))
	if !slices.Equal(got, all) {
		t.Errorf("the pages list %q, the whole job %q", got, all)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the pages list articles %q, the job exported %q", got, want)
	}
	// An offset past the end, or a page size not offered, shows the first page.
	if rows, _, _ := page("?offset=999&limit=10"); !slices.Equal(rows, first) {
		t.Errorf("offset past the end lists %q", rows)
	}
	if rows, _, _ := page("?limit=7"); len(rows) != 12 {
		t.Errorf("?limit=7 lists %d rows, want the default page of all 12", len(rows))
	}
}

// Readings of conversations for knowledge gaps run in the background too:
// the jobs page lists the agent's among its jobs, each linking to the gaps
// of its period, and not another agent's.
func TestJobsPageListsGapReadings(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	ctx := context.Background()
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	run, started, err := c.Reviews.Gaps().StartRun(ctx, store.GapRun{ScenarioID: sandbox.DemoScenarioID, Identity: "Ana", From: from, To: from.AddDate(0, 0, 29)})
	if err != nil || !started {
		t.Fatal(started, err)
	}
	if err := c.Reviews.Gaps().Progress(ctx, run.ID, 40, 25, 10, 2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Reviews.Gaps().StartRun(ctx, store.GapRun{ScenarioID: "another-agent", Identity: "Eve", From: from, To: from}); err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/jobs")
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("job-row"))
	if rows.Length() != 1 {
		t.Fatalf("the jobs page lists %d rows, want the agent's one reading:\n%s", rows.Length(), rows.Text())
	}
	link := rows.Find("a")
	if href, _ := link.Attr("href"); href != "/gaps?from=2026-11-01&to=2026-11-30" {
		t.Errorf("the reading links to %q, want its period's gaps", href)
	}
	if got := link.Text(); !strings.Contains(got, "knowledge gaps") || !strings.Contains(got, "2026-11-01") {
		t.Errorf("the reading is named %q", got)
	}
	if got := strings.Join(strings.Fields(rows.Text()), " "); !strings.Contains(got, "Ana") || !strings.Contains(got, "37 / 40") || !strings.Contains(got, "waiting to start") {
		t.Errorf("the reading's row says %q; want who started it, 37 / 40 read and its state", got)
	}
	if _, polls := doc.Find(consoletest.TestID("jobs-table")).Attr("hx-trigger"); !polls {
		t.Error("the jobs table does not refresh itself while a reading is under way")
	}
}
