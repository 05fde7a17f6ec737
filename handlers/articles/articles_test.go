package articles_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

func TestArticleListPagesAndFilters(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/articles")
	doc := consoletest.Parse(t, body)
	rows := doc.Find(consoletest.TestID("article-row"))
	if rows.Length() != 25 {
		t.Fatalf("first page shows %d rows, want the default 25", rows.Length())
	}
	pagerText := doc.Find(consoletest.TestID("pager")).Text()
	if !strings.Contains(pagerText, "1–25 of") {
		t.Fatalf("pager = %q", pagerText)
	}
	next, ok := doc.Find(`[data-testid=pager] a[rel=next]`).Attr("href")
	if !ok || next != "/articles?offset=25" {
		t.Fatalf("next link = %q", next)
	}
	if load, ok := doc.Find(`#f-tags`).Attr("hx-get"); !ok {
		t.Fatal("the tag menu has no way to load the tags")
	} else if _, menu := c.Get(load, "HX-Request", "true"); consoletest.Parse(t, "<select>"+menu+"</select>").Find("option").Length() < 3 {
		t.Fatal("the tag menu offers fewer than two tags")
	}

	_, body = c.Get(next)
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("pager")).Text(); !strings.Contains(got, "26–") {
		t.Fatalf("second page pager = %q", got)
	}

	// A filter is a shareable URL, and every row honours it.
	_, body = c.Get("/articles?tags=shipping&limit=10")
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("article-row")).Length() == 0 {
		t.Fatal("no articles tagged shipping")
	}
	doc.Find(consoletest.TestID("article-row")).Each(func(_ int, s *goquery.Selection) {
		if !strings.Contains(s.Find(".chips").Text(), "shipping") {
			t.Errorf("row %q is not tagged shipping", s.Find("td.title").Text())
		}
	})
	if v, _ := doc.Find(`#f-tags option[selected]`).Attr("value"); v != "shipping" {
		t.Errorf("the tag menu shows %q selected", v)
	}
	if v, _ := doc.Find(`#f-limit option[selected]`).Attr("value"); v != "10" {
		t.Errorf("the page-size menu shows %q selected", v)
	}
}

func TestArticleListAnswersHtmxWithTheResultsOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/articles?title=zzzz-nothing", "HX-Request", "true")
	if strings.Contains(body, "<html") || strings.Contains(body, "<nav class=\"nav\"") {
		t.Fatal("an htmx request got the whole page")
	}
	if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "HX-Request") {
		t.Errorf("Vary = %q, want HX-Request", vary)
	}
	if doc := consoletest.Parse(t, body); !strings.Contains(doc.Find(consoletest.TestID("empty")).Text(), "No articles match") {
		t.Fatalf("empty result fragment: %s", body)
	}
	// A history restore needs the whole page even though htmx asks.
	_, body = c.Get("/articles?title=zzzz-nothing", "HX-Request", "true", "HX-History-Restore-Request", "true")
	if !strings.Contains(body, "<html") {
		t.Fatal("a history restore got a fragment")
	}
}

func TestCreateEditPublishAndDeleteAnArticle(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Post("/articles/new", url.Values{
		"title": {"Lost keys"}, "type": {"Article"}, "tags": {"account, keys, account"},
		"content": {"# Lost keys\n\nWe can **cut a new key**."}, "save_mode": {"draft"},
	})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/articles/") {
		t.Fatalf("create = %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	page := res.Header.Get("Location")
	_, body = c.Get(page)
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Draft saved") {
		t.Errorf("flash = %q", got)
	}
	if got, _ := doc.Find("#tags").Attr("value"); got != "account, keys" {
		t.Errorf("tags = %q, want the de-duplicated list", got)
	}
	if got := doc.Find(".page-header .badge").Text(); got != "draft" {
		t.Errorf("state = %q", got)
	}
	if got := doc.Find(consoletest.TestID("preview") + " strong").Text(); got != "cut a new key" {
		t.Errorf("preview strong = %q", got)
	}

	res, _ = c.Post(page, url.Values{"title": {"Lost keys"}, "tags": {"account"}, "content": {"Bring proof of purchase."}, "save_mode": {"publish"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish = %d", res.StatusCode)
	}
	_, body = c.Get(page)
	doc = consoletest.Parse(t, body)
	if got := doc.Find(".page-header .badge").Text(); got != "published" {
		t.Errorf("state after publish = %q", got)
	}
	if got := doc.Find("textarea#content").Text(); got != "Bring proof of purchase." {
		t.Errorf("content after publish = %q", got)
	}
	if meta := doc.Find(consoletest.TestID("meta")).Text(); !strings.Contains(strings.ToLower(meta), "live") || strings.Contains(meta, "deployed") {
		t.Errorf("metadata does not say in words whether the agent answers from it: %q", meta)
	}

	id := strings.TrimPrefix(page, "/articles/")
	_, body = c.Post("/articles/delete", url.Values{"ids": {id}})
	confirm := consoletest.Parse(t, body).Find(consoletest.TestID("confirm-delete")).Text()
	if !strings.Contains(confirm, "Lost keys") || !strings.Contains(confirm, "Delete 1 article") {
		t.Fatalf("confirmation = %q", confirm)
	}
	if res, _ := c.Get(page); res.StatusCode != http.StatusOK {
		t.Fatal("asking for confirmation deleted the article")
	}
	res, _ = c.Post("/articles/delete", url.Values{"ids": {id}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		t.Fatalf("confirmed delete = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Get("/articles")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Deleted 1 article") {
		t.Errorf("flash after delete = %q", got)
	}
	if res, _ := c.Get(page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted article page = %d, want 404", res.StatusCode)
	}
}

func TestRefusedSavesKeepEverythingTyped(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	longTitle := strings.Repeat("Ä", 501)
	res, body := c.Post("/articles/new", url.Values{"title": {longTitle}, "tags": {"x"}, "content": {"Kept text ✓"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused create = %d, want the form again", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find("textarea#content").Text(); got != "Kept text ✓" {
		t.Errorf("content = %q", got)
	}
	if got, _ := doc.Find("#title").Attr("value"); got != longTitle {
		t.Error("the over-long title was not kept")
	}
	if doc.Find("#title-error").Text() == "" && doc.Find(consoletest.TestID("notice")).Text() == "" {
		t.Error("no message says why the save was refused")
	}

	res, body = c.Post("/articles/new", url.Values{"title": {"Only a title"}, "content": {"  "}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("#content-error").Text(), "Write some content") {
		t.Fatalf("empty content: %d %q", res.StatusCode, doc.Find("#content-error").Text())
	}
	if got, _ := doc.Find("#title").Attr("value"); got != "Only a title" {
		t.Errorf("title = %q", got)
	}
}

func TestReadOnlyTokensSeeNoWriteControlsAndForcedWritesExplain(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token("read_all", time.Hour))
	_, body := c.Get("/articles")
	doc := consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("new-article") + `, input[name=ids], ` + consoletest.TestID("bulk-delete")).Length(); n != 0 {
		t.Fatalf("a read-only session sees %d write controls", n)
	}
	href, _ := doc.Find("td.title a").First().Attr("href")
	_, body = c.Get(href)
	doc = consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("save-draft") + ", " + consoletest.TestID("publish") + ", " + consoletest.TestID("delete-article")).Length(); n != 0 {
		t.Fatalf("a read-only article page has %d write buttons", n)
	}
	res, body := c.Post("/articles/new", url.Values{"title": {"Forced"}, "content": {"Typed by a reader"}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "Insufficient token scope. Required: write_all") {
		t.Fatalf("forced write: %d, notice %q", res.StatusCode, doc.Find(consoletest.TestID("notice")).Text())
	}
	if got := doc.Find("textarea#content").Text(); got != "Typed by a reader" {
		t.Errorf("content = %q", got)
	}
}

func TestUnknownArticleIsNotFound(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	for _, path := range []string{"/articles/999999", "/articles/abc"} {
		res, body := c.Get(path)
		if res.StatusCode != http.StatusNotFound || consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Length() != 1 {
			t.Errorf("GET %s = %d, want the 404 page", path, res.StatusCode)
		}
	}
	res, _ := c.Post("/articles/delete", url.Values{"ids": {"12", "<script>"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("delete with a bad id = %d, want 400", res.StatusCode)
	}
}

func TestPreviewIsSanitized(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Post("/articles/preview", url.Values{"content": {"<script>alert(1)</script>\n\n[x](javascript:alert(1)) **ok**\n\n| a | b |\n|---|---|\n| 1 | 2 |"}}, "HX-Request", "true")
	if strings.Contains(body, "<script") || strings.Contains(body, "javascript:") {
		t.Fatalf("preview is not inert: %s", body)
	}
	doc := consoletest.Parse(t, body)
	if doc.Find("strong").Text() != "ok" || doc.Find("table td").Length() != 2 {
		t.Fatalf("preview lost the Markdown: %s", body)
	}
}

func TestSavingOverANewerVersionIsAConflictThenOverwrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/articles")
	href, _ := consoletest.Parse(t, body).Find("td.title a").First().Attr("href")
	_, body = c.Get(href)
	base, _ := consoletest.Parse(t, body).Find(`input[name=base_version]`).Attr("value")
	if base == "" || base == "0" {
		t.Fatalf("the editor does not carry the version it started from: %q", base)
	}

	// A colleague saves the article meanwhile, through the API.
	other := apiclient.New(c.API.URL, c.Token("write_all", time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	theirs := "Their newer text."
	id, _ := strconv.ParseInt(strings.TrimPrefix(href, "/articles/"), 10, 64)
	if _, err := other.UpdateArticle(context.Background(), id, apiclient.ArticleUpdate{Content: &theirs, SaveMode: apiclient.SaveDraft}); err != nil {
		t.Fatal(err)
	}

	form := url.Values{"title": {"Mine"}, "content": {"My text, typed before theirs."}, "save_mode": {"draft"}, "base_version": {base}}
	res, body := c.Post(href, form)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("conflict")).Length() != 1 {
		t.Fatalf("saving over a newer version = %d, conflict shown: %d", res.StatusCode, doc.Find(consoletest.TestID("conflict")).Length())
	}
	if !strings.Contains(doc.Find(consoletest.TestID("conflict")).Text(), theirs) {
		t.Error("the conflict does not show the saved version")
	}
	if doc.Find("textarea#content").Text() != "My text, typed before theirs." {
		t.Fatal("the conflict lost the edit")
	}
	saved, _ := other.GetArticle(context.Background(), id)
	if saved.Content != theirs {
		t.Fatal("a conflicting save overwrote without asking")
	}

	// Saving again from the conflict view overwrites: it now starts from their version.
	newBase, _ := doc.Find(`input[name=base_version]`).Attr("value")
	form.Set("base_version", newBase)
	if res, _ := c.Post(href, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("overwrite = %d", res.StatusCode)
	}
	saved, _ = other.GetArticle(context.Background(), id)
	if saved.Content != "My text, typed before theirs." {
		t.Fatalf("after overwriting the article holds %q", saved.Content)
	}
}

func TestArticleDeletedWhileEditingKeepsTheText(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Short-lived"}, "content": {"Gone soon."}})
	href := res.Header.Get("Location")
	id := strings.TrimPrefix(href, "/articles/")
	c.Post("/articles/delete", url.Values{"ids": {id}, "confirm": {"yes"}})
	res, body := c.Post(href, url.Values{"title": {"Short-lived"}, "content": {"My last edit."}, "base_version": {"1"}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("notice")).Text(), "deleted while you were editing") {
		t.Fatalf("%d %q", res.StatusCode, doc.Find(consoletest.TestID("notice")).Text())
	}
	if action, _ := doc.Find(consoletest.TestID("article-form")).Attr("action"); action != "/articles/new" {
		t.Errorf("the kept text would be saved to %q, want a new article", action)
	}
	if doc.Find("textarea#content").Text() != "My last edit." {
		t.Fatal("the edit was lost")
	}
}

func TestPagingPastTheEndGoesToTheLastPage(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Get("/articles?limit=10&offset=99990")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a page past the end = %d, want a redirect to the last page", res.StatusCode)
	}
	_, body := c.Get(res.Header.Get("Location"))
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("article-row")).Length() == 0 || doc.Find(consoletest.TestID("empty")).Length() != 0 {
		t.Fatalf("the last page (%s) shows no rows", res.Header.Get("Location"))
	}
	if res, _ := c.Get("/paragraphs?offset=99990"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("paragraphs past the end = %d, want a redirect", res.StatusCode)
	}
	if res, _ := c.Get("/articles?title=zzzz-nothing&offset=50"); res.StatusCode != http.StatusOK {
		t.Errorf("an empty filtered list past its start = %d, want its empty state", res.StatusCode)
	}
}

// A new draft has no version number (null in the newer edition), so the
// editor's base is a digest of the saved article: two saves of the same
// draft from stale forms still conflict.
func TestTwoSavesOfANewDraftFromStaleFormsConflict(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Returns"}, "content": {"Returns within 30 days."}})
	href := res.Header.Get("Location")
	_, body := c.Get(href)
	base, _ := consoletest.Parse(t, body).Find(`input[name=base_version]`).Attr("value")
	if !strings.HasPrefix(base, "d-") {
		t.Fatalf("a never published draft's base = %q, want a digest", base)
	}
	form := url.Values{"title": {"Returns"}, "content": {"Mine."}, "save_mode": {"draft"}, "base_version": {base}}
	if res, _ := c.Post(href, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save = %d", res.StatusCode)
	}
	form.Set("content", "Theirs, from the same stale form.")
	res, body = c.Post(href, form)
	if res.StatusCode != http.StatusOK || consoletest.Parse(t, body).Find(consoletest.TestID("conflict")).Length() != 1 {
		t.Fatalf("second save from the stale form = %d, no conflict shown", res.StatusCode)
	}
}

// The editor's details speak in words: one id, times that are not raw API
// strings (local time in the browser, exact UTC on hover), whether the agent answers from it.
func TestEditorDetailsSpeakInWords(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get(c.FirstArticle(t))
	meta := consoletest.Parse(t, body).Find(consoletest.TestID("meta"))
	var labels []string
	meta.Find("dt").Each(func(_ int, s *goquery.Selection) { labels = append(labels, s.Text()) })
	ids := 0
	for _, l := range labels {
		if strings.Contains(strings.ToUpper(l), "ID") {
			ids++
		}
	}
	if ids != 1 {
		t.Errorf("%d ids among %q, want one", ids, labels)
	}
	if raw := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:|not_deployed|\bdeployed\b`).FindString(meta.Text()); raw != "" {
		t.Errorf("details show the raw %q: %q", raw, meta.Text())
	}
	times := meta.Find("time")
	if times.Length() < 2 {
		t.Fatalf("%d times in the details", times.Length())
	}
	times.Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("datetime"); !ok {
			t.Errorf("time %q has no datetime", s.Text())
		}
		if _, local := s.Attr("data-local-time"); local && !strings.HasSuffix(s.AttrOr("title", ""), " UTC") {
			t.Errorf("time %q shown in local time has no exact UTC on hover", s.Text())
		}
	})
}

// Beside the editor: the training state, and Retrain now, which comes back to the article.
func TestEditorRetrainsAndComesBack(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := c.FirstArticle(t)
	doc := consoletest.Parse(t, mustGet(t, c, page))
	training := doc.Find(consoletest.TestID("editor-training"))
	if hx, _ := training.Find(consoletest.TestID("retrain-state")).Attr("hx-get"); hx != "/settings/retrain" {
		t.Errorf("the training state loads from %q", hx)
	}
	form := training.Find("form")
	if form.AttrOr("action", "") != "/settings/retrain" || form.Find(`input[name=back]`).AttrOr("value", "") != page {
		t.Fatalf("Retrain now posts to %q with back %q", form.AttrOr("action", ""), form.Find(`input[name=back]`).AttrOr("value", ""))
	}
	res, _ := c.Post("/settings/retrain", url.Values{"back": {page}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("retrain: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := consoletest.Parse(t, mustGet(t, c, page)).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Retraining started") {
		t.Errorf("flash %q", got)
	}
	// Somewhere else than the console is never a destination.
	res, _ = c.Post("/settings/retrain", url.Values{"back": {"//evil.example/"}})
	if loc := res.Header.Get("Location"); strings.Contains(loc, "evil") {
		t.Errorf("retrain sent the browser to %q", loc)
	}
}

// The list speaks in words too: "live" rather than deploy_state's values, dates as people write them.
func TestArticleListSpeaksInWords(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	doc := consoletest.Parse(t, mustGet(t, c, "/articles"))
	rows := doc.Find(consoletest.TestID("article-row"))
	if rows.Length() == 0 {
		t.Fatal("no articles listed")
	}
	live := 0
	rows.Each(func(_ int, r *goquery.Selection) {
		text := r.Text()
		if regexp.MustCompile(`\bnot_deployed\b|\bdeployed\b|\d{4}-\d\d-\d\d`).MatchString(text) {
			t.Errorf("row %q shows a raw value", strings.Join(strings.Fields(text), " "))
		}
		if r.Find(consoletest.TestID("deploy-state")).Text() == "live" {
			live++
		}
	})
	if live == 0 {
		t.Error("no published article says it is live")
	}
}
