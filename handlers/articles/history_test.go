package articles_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// historyVersion is one row of the history panel.
type historyVersion struct {
	entry, side, action, person string
	current                     bool
	compare                     string
}

func history(c *consoletest.Console, t *testing.T, page string) []historyVersion {
	t.Helper()
	res, body := c.Get(page+"/history", "HX-Request", "true")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("history panel = %d\n%s", res.StatusCode, body)
	}
	var out []historyVersion
	consoletest.Parse(t, body).Find(consoletest.TestID("history-version")).Each(func(_ int, s *goquery.Selection) {
		v := historyVersion{action: s.Find(".history-action").Text(), current: s.Find(consoletest.TestID("history-current")).Length() == 1}
		v.entry, _ = s.Attr("data-entry")
		v.side, _ = s.Attr("data-side")
		v.compare, _ = s.Find(consoletest.TestID("history-compare")).Attr("href")
		v.person = s.Find(".subtle").Text()
		out = append(out, v)
	})
	return out
}

// threeVersions creates an article and saves it twice; the content of the first holds markup.
func threeVersions(t *testing.T, c *consoletest.Console) string {
	t.Helper()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Returns"}, "content": {"Returns within 30 days.\n<script>alert(1)</script>\nKeep the receipt."}, "tags": {"policy"}})
	page := res.Header.Get("Location")
	c.Post(page, url.Values{"title": {"Returns"}, "content": {"Returns within 60 days.\nKeep the receipt."}, "tags": {"policy"}, "save_mode": {"draft"}})
	c.Post(page, url.Values{"title": {"Returns and refunds"}, "content": {"Returns within 60 days.\nKeep the receipt.\nRefunds in 5 days."}, "tags": {"policy, refunds"}, "save_mode": {"publish"}})
	return page
}

func TestTheArticlePageLoadsItsHistory(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := threeVersions(t, c)
	_, body := c.Get(page)
	ph := consoletest.Parse(t, body).Find("#history")
	if hx, _ := ph.Attr("hx-get"); hx != page+"/history" {
		t.Fatalf("the editor has no history placeholder loading %s: %q", page+"/history", hx)
	}

	got := history(c, t, page)
	// Create makes v1, then tags are set (v2 = v1 with tags); a draft (v3); a publish (v4).
	var actions []string
	for _, v := range got {
		actions = append(actions, v.action)
	}
	if strings.Join(actions, " | ") != "Published | Saved a draft | Saved a draft | Created" {
		t.Fatalf("versions %q", actions)
	}
	if !got[0].current || got[1].current || got[0].compare != "" || got[1].compare == "" {
		t.Errorf("only the newest is current and it has no Compare: %+v", got)
	}
	if !strings.Contains(got[1].person, "Demo agent") || !strings.Contains(got[1].person, "UTC") {
		t.Errorf("who and when: %q", got[1].person)
	}
	doc := consoletest.Parse(t, mustGet(t, c, page+"/history"))
	if doc.Find(consoletest.TestID("history-restore")).Length() != 3 {
		t.Errorf("%d restore buttons, want one per earlier version", doc.Find(consoletest.TestID("history-restore")).Length())
	}
}

func mustGet(t *testing.T, c *consoletest.Console, path string) string {
	t.Helper()
	res, body := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	return body
}

func TestCompareShowsTheChangedLinesAsText(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := threeVersions(t, c)
	versions := history(c, t, page)
	created := versions[len(versions)-1]
	doc := consoletest.Parse(t, mustGet(t, c, created.compare))
	del := doc.Find(consoletest.TestID("diff-del")).Text()
	ins := doc.Find(consoletest.TestID("diff-ins")).Text()
	if !strings.Contains(del, "Returns within 30 days.") || !strings.Contains(del, "<script>alert(1)</script>") ||
		!strings.Contains(ins, "Returns within 60 days.") || !strings.Contains(ins, "Refunds in 5 days.") {
		t.Errorf("diff: del %q, ins %q", del, ins)
	}
	if strings.Contains(doc.Find(consoletest.TestID("diff")).Text(), "Keep the receipt.") == false {
		t.Error("the unchanged line is not shown as context")
	}
	if doc.Find("main script").Length() != 0 {
		t.Error("article content became a script element")
	}
	meta := doc.Find(consoletest.TestID("article-change") + " .change-meta").Text()
	if !strings.Contains(meta, "Returns and refunds") || !strings.Contains(meta, "policy, refunds") {
		t.Errorf("title and tags change = %q", meta)
	}
	if doc.Find(consoletest.TestID("restore-form")).Length() != 1 {
		t.Error("a writer's comparison offers no restore")
	}
	if res, _ := c.Get(page + "/history/" + created.entry + "?side=sideways"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown side = %d", res.StatusCode)
	}
	if res, _ := c.Get("/articles/1/history/" + created.entry); res.StatusCode != http.StatusNotFound {
		t.Errorf("another article's version = %d", res.StatusCode)
	}
}

func TestRestoreWritesAnEarlierVersionBackAsADraft(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := threeVersions(t, c)
	versions := history(c, t, page)
	created := versions[len(versions)-1]
	form := url.Values{"entry": {created.entry}, "side": {created.side}}

	// Restore asks first, showing what it changes.
	res, body := c.Post(page+"/restore", form)
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("h1").Text(), "Restore this version?") || doc.Find(consoletest.TestID("diff-del")).Length() == 0 {
		t.Fatalf("confirmation: %d %q", res.StatusCode, doc.Find("h1").Text())
	}
	base, _ := doc.Find(`input[name="base_version"]`).Attr("value")
	if _, body := c.Get(page); !strings.Contains(consoletest.Parse(t, body).Find("textarea#content").Text(), "60 days") {
		t.Fatal("asking for confirmation restored the version")
	}

	// A save since the comparison asks again: "2" names a version after the one now published (1).
	stale := url.Values{"entry": {created.entry}, "side": {created.side}, "confirm": {"yes"}, "base_version": {"2"}}
	_, body = c.Post(page+"/restore", stale)
	if !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "since you compared") {
		t.Errorf("a stale restore did not ask again")
	}

	form.Set("confirm", "yes")
	form.Set("base_version", base)
	res, _ = c.Post(page+"/restore", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("restore = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc = consoletest.Parse(t, mustGet(t, c, page))
	if got := doc.Find("textarea#content").Text(); got != "Returns within 30 days.\n<script>alert(1)</script>\nKeep the receipt." {
		t.Errorf("content after restore = %q", got)
	}
	if title, _ := doc.Find("#title").Attr("value"); title != "Returns" {
		t.Errorf("title after restore = %q", title)
	}
	if tags, _ := doc.Find("#tags").Attr("value"); tags != "" {
		t.Errorf("tags after restore = %q, want the created version's none", tags)
	}
	if got := doc.Find(".page-header .badge").Text(); got != "draft" {
		t.Errorf("state after restore = %q, want draft", got)
	}
	if flash := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(flash, "Restored the version of") || !strings.Contains(flash, "as a draft") {
		t.Errorf("flash = %q", flash)
	}
	entries := c.Entries()
	last := entries[len(entries)-1]
	if last.Action != "article.restore" || last.Status != http.StatusOK || !strings.Contains(last.Summary, "audit entry #"+created.entry) ||
		!strings.Contains(last.Before, "Refunds in 5 days.") || !strings.Contains(last.After, "30 days") {
		t.Errorf("the restore was recorded as %+v", last)
	}
	if got := history(c, t, page); got[0].action != "Restored an earlier version" || !got[0].current {
		t.Errorf("the restore is not the newest version: %+v", got[0])
	}
}

func TestAnArticleEditedOutsideTheConsoleKeepsTheVersionItFound(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := c.FirstArticle(t)
	_, body := c.Get(page)
	original := consoletest.Parse(t, body).Find("textarea#content").Text()
	c.Post(page, url.Values{"title": {"Edited"}, "content": {"Edited here."}, "save_mode": {"draft"}})
	got := history(c, t, page)
	if len(got) != 2 || got[1].action != "Found in Quickchat before a change" || got[1].side != "before" || strings.Contains(got[1].person, "Demo agent") {
		t.Fatalf("versions %+v", got)
	}
	res, _ := c.Post(page+"/restore", url.Values{"entry": {got[1].entry}, "side": {"before"}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restoring the found version = %d", res.StatusCode)
	}
	if _, body := c.Get(page); consoletest.Parse(t, body).Find("textarea#content").Text() != original {
		t.Error("the version found before the first edit was not restored")
	}
}

func TestReadOnlySessionsCompareButCannotRestore(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := threeVersions(t, c)
	created := history(c, t, page)[3]
	c.Post("/logout", nil)
	c.SignInWith(c.Token("read_all", time.Hour))

	doc := consoletest.Parse(t, mustGet(t, c, page+"/history"))
	if doc.Find(consoletest.TestID("history-version")).Length() != 4 || doc.Find(consoletest.TestID("history-restore")).Length() != 0 {
		t.Errorf("a reader sees %d versions and %d restore buttons", doc.Find(consoletest.TestID("history-version")).Length(), doc.Find(consoletest.TestID("history-restore")).Length())
	}
	doc = consoletest.Parse(t, mustGet(t, c, created.compare))
	if doc.Find(consoletest.TestID("diff")).Length() != 1 || doc.Find(consoletest.TestID("restore-form")).Length() != 0 {
		t.Error("a reader's comparison: no diff, or a restore form")
	}
	res, body := c.Post(page+"/restore", url.Values{"entry": {created.entry}, "side": {"after"}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "read-only") {
		t.Fatalf("a reader's restore = %d, notice %q", res.StatusCode, consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text())
	}
	if _, body := c.Get(page); strings.Contains(consoletest.Parse(t, body).Find("textarea#content").Text(), "30 days") {
		t.Error("a read-only session restored a version")
	}
	entries := c.Entries()
	if last := entries[len(entries)-1]; last.Action != "article.restore" || last.Status != http.StatusForbidden || last.ErrorCode != "PERMISSION_DENIED" {
		t.Errorf("the refused restore was recorded as %+v", last)
	}
}

// The panel says it holds this console's saves, and names Quickchat's own version beside each.
func TestHistorySaysWhatItHoldsWithQuickchatsVersion(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	page := threeVersions(t, c)
	doc := consoletest.Parse(t, mustGet(t, c, page+"/history"))
	if got := doc.Find(consoletest.TestID("history-scope")).Text(); !strings.Contains(got, "Saves made in this console") {
		t.Errorf("the panel does not say what it holds: %q", got)
	}
	versions := doc.Find(consoletest.TestID("history-qc-version"))
	if versions.Length() == 0 {
		t.Fatal("no entry shows Quickchat's version number")
	}
	if got := versions.First().Text(); !strings.HasPrefix(got, "v") || got == "v0" {
		t.Errorf("the newest entry's version reads %q", got)
	}
}
