package imports_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
)

// externalArticle is one article on the outside of a simulated source.
type externalArticle struct {
	ID                int64  `json:"id"`
	Title             string `json:"title"`
	ImportedArticleID *int64 `json:"imported_article_id"`
}

// external changes the outside of a sandbox source, as someone editing the help centre would.
func external(c *consoletest.Console, method, source, id, body string) []externalArticle {
	c.T.Helper()
	path := c.API.URL + "/sandbox/sources/" + source + "/articles"
	if id != "" {
		path += "/" + id
	}
	req, _ := http.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.Token("write_all", time.Hour))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		c.T.Fatalf("%s %s: %d", method, path, res.StatusCode)
	}
	var list []externalArticle
	if method == http.MethodGet {
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			c.T.Fatal(err)
		}
	}
	return list
}

// diff reads the comparison table of a source: article id → "internal/external".
func diffOf(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	consoletest.Parse(t, body).Find(consoletest.TestID("diff-row")).Each(func(_ int, row *goquery.Selection) {
		out[row.AttrOr("data-id", "")] = row.Find(consoletest.TestID("internal")).AttrOr("data-diff", "") + "/" + row.Find(consoletest.TestID("external")).AttrOr("data-diff", "")
	})
	return out
}

// follow posts a form and loads where the console sends the browser.
func follow(c *consoletest.Console, path string, form url.Values) string {
	c.T.Helper()
	res, body := c.Post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		c.T.Fatalf("POST %s: %d, want a redirect\n%s", path, res.StatusCode, body)
	}
	_, body = c.Get(res.Header.Get("Location"))
	return body
}

func TestSourceImportThenTheDiffShowsWhatChangedOutside(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/sources?source=shopify")
	doc := consoletest.Parse(t, body)
	if !strings.Contains(doc.Find(consoletest.TestID("source-empty")).Text(), "Import to copy this source's articles into the knowledge base") {
		t.Fatalf("before any import: %q", doc.Find(consoletest.TestID("source")).Text())
	}
	if doc.Find(consoletest.TestID("source-delete")).Length() != 0 {
		t.Error("Delete all is offered with nothing imported")
	}

	body = follow(c, "/sources/shopify/import", nil)
	doc = consoletest.Parse(t, body)
	outside := external(c, http.MethodGet, "shopify", "", "")
	if !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "Imported "+strconv.Itoa(len(outside))+" articles from Shopify") {
		t.Errorf("flash %q", doc.Find(consoletest.TestID("flash")).Text())
	}
	diff := diffOf(t, body)
	if len(diff) != len(outside) || len(outside) < 2 {
		t.Fatalf("%d diff rows for %d articles outside", len(diff), len(outside))
	}
	for id, d := range diff {
		if d != "UNCHANGED/UNCHANGED" {
			t.Errorf("article %s right after the import: %s", id, d)
		}
	}
	first := doc.Find(consoletest.TestID("diff-row")).First()
	if href := first.Find("td.title a").AttrOr("href", ""); href != "/articles/"+first.AttrOr("data-id", "") {
		t.Errorf("the snapshot's title links to %q", href)
	}

	changed, removed := outside[0], outside[1]
	external(c, http.MethodPatch, "shopify", strconv.FormatInt(changed.ID, 10), `{"content":"New prices from Monday."}`)
	external(c, http.MethodDelete, "shopify", strconv.FormatInt(removed.ID, 10), "")
	_, body = c.Get("/sources?source=shopify")
	diff = diffOf(t, body)
	if got := diff[strconv.FormatInt(*changed.ImportedArticleID, 10)]; got != "UNCHANGED/CHANGED" {
		t.Errorf("the article changed outside: %s", got)
	}
	if got := diff[strconv.FormatInt(*removed.ImportedArticleID, 10)]; got != "UNCHANGED/REMOVED" {
		t.Errorf("the article removed outside: %s", got)
	}
	counts := consoletest.Parse(t, body).Find(consoletest.TestID("diff-counts")).Text()
	for _, want := range []string{"1 changed at the source", "1 removed at the source", "0 edited here"} {
		if !strings.Contains(counts, want) {
			t.Errorf("counts %q lack %q", counts, want)
		}
	}
}

func TestIntercomRefreshesOnlyTheTickedArticles(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	body := follow(c, "/sources/intercom/import", nil)
	if consoletest.Parse(t, body).Find(consoletest.TestID("refresh-form")).Length() != 1 {
		t.Fatal("no refresh form for Intercom")
	}
	outside := external(c, http.MethodGet, "intercom", "", "")
	a, b := outside[0], outside[1]
	for _, x := range []externalArticle{a, b} {
		external(c, http.MethodPatch, "intercom", strconv.FormatInt(x.ID, 10), `{"title":"`+x.Title+` (updated)"}`)
	}
	idA, idB := strconv.FormatInt(*a.ImportedArticleID, 10), strconv.FormatInt(*b.ImportedArticleID, 10)

	// Nothing ticked: the console says so and asks Quickchat nothing.
	res, body := c.Post("/sources/intercom/refresh", url.Values{"scope": {"selected"}, "fetch_new_articles": {"true"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(), "Tick the articles to refresh") {
		t.Fatalf("refresh with nothing ticked: %d %q", res.StatusCode, consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text())
	}

	body = follow(c, "/sources/intercom/refresh", url.Values{"scope": {"selected"}, "article_ids": {idA}})
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Refreshed 1 article from Intercom") {
		t.Errorf("flash %q", got)
	}
	diff := diffOf(t, body)
	if diff[idA] != "UNCHANGED/UNCHANGED" || diff[idB] != "UNCHANGED/CHANGED" {
		t.Fatalf("after refreshing %s only: %s is %s, %s is %s", idA, idA, diff[idA], idB, diff[idB])
	}
}

func TestDeleteAllOfASourceAsksFirst(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	follow(c, "/sources/shopify/import", nil)
	n := len(external(c, http.MethodGet, "shopify", "", ""))
	res, body := c.Post("/sources/shopify/delete", nil)
	doc := consoletest.Parse(t, body)
	heading := doc.Find(consoletest.TestID("confirm-source-delete") + " h1").Text()
	if res.StatusCode != http.StatusOK || heading != "Delete "+strconv.Itoa(n)+" articles imported from Shopify?" {
		t.Fatalf("%d, confirmation %q", res.StatusCode, heading)
	}
	if got := len(diffOf(t, getBody(c, "/sources?source=shopify"))); got != n {
		t.Fatalf("asking deleted something: %d of %d left", got, n)
	}
	body = follow(c, "/sources/shopify/delete", url.Values{"confirm": {"yes"}})
	doc = consoletest.Parse(t, body)
	if !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "Deleted "+strconv.Itoa(n)+" articles imported from Shopify") || doc.Find(consoletest.TestID("source-empty")).Length() != 1 {
		t.Fatalf("after deleting: flash %q, diff rows %d", doc.Find(consoletest.TestID("flash")).Text(), doc.Find(consoletest.TestID("diff-row")).Length())
	}
}

func getBody(c *consoletest.Console, path string) string {
	c.T.Helper()
	_, body := c.Get(path)
	return body
}

func TestSourcesForReadOnlyTokens(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	follow(c, "/sources/intercom/import", nil)
	c.Post("/logout", nil)
	c.SignInWith(c.Token("read_all", time.Hour))
	_, body := c.Get("/sources?source=intercom")
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("diff-row")).Length() == 0 {
		t.Fatalf("a read-only token sees no diff:\n%s", doc.Find(consoletest.TestID("source")).Text())
	}
	if n := doc.Find(consoletest.TestID("source") + " form, " + consoletest.TestID("source") + " input[type=checkbox]").Length(); n != 0 {
		t.Errorf("a read-only token sees %d write controls", n)
	}
	// Other sources compare through a POST, which Quickchat refuses to read-only tokens: the page says so.
	_, body = c.Get("/sources?source=shopify")
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(); !strings.Contains(got, "Quickchat compares Shopify only for tokens that can write") {
		t.Errorf("a read-only token's Shopify page: %q", got)
	}
	for _, path := range []string{"/sources/intercom/import", "/sources/shopify/import", "/sources/intercom/refresh"} {
		res, body := c.Post(path, url.Values{"scope": {"all"}})
		if got := consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text(); res.StatusCode != http.StatusOK || !strings.Contains(got, "This token is read-only") {
			t.Errorf("forced POST %s: %d %q", path, res.StatusCode, got)
		}
	}
}

// sourceFake is a Quickchat whose source calls fail the test: for names the console must refuse itself.
type sourceFake struct {
	importFake
}

func (f sourceFake) DiffSource(_ context.Context, source string) ([]apiclient.ArticleDiff, error) {
	f.t.Errorf("DiffSource(%q) reached Quickchat", source)
	return nil, consoletest.ErrFake
}

func (f sourceFake) ImportSource(_ context.Context, source string) ([]apiclient.Article, error) {
	f.t.Errorf("ImportSource(%q) reached Quickchat", source)
	return nil, consoletest.ErrFake
}

func TestSourcePickerRefusesNamesQuickchatWouldNot(t *testing.T) {
	c := consoletest.New(t, consoletest.WithAPI(sourceFake{importFake{t: t}}))
	c.SignIn()
	for _, name := range []string{"Zendesk", "help centre", strings.Repeat("a", 41), "../articles"} {
		res, body := c.Get("/sources?source=" + url.QueryEscape(name))
		doc := consoletest.Parse(t, body)
		if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("#source-error").Text(), "is not a source name") {
			t.Errorf("%q: %d %q", name, res.StatusCode, doc.Find("#source-error").Text())
		}
		if got := doc.Find("#source").AttrOr("value", ""); got != name {
			t.Errorf("the picker lost %q: %q", name, got)
		}
	}
	if res, _ := c.Post("/sources/Bad%20Name/import", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("import of a bad name: %d", res.StatusCode)
	}
}

func TestAnyTypedSourceCanBeImported(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	body := follow(c, "/sources/help_desk-2/import", nil)
	doc := consoletest.Parse(t, body)
	if doc.Find(`[data-testid="source"][data-source="help_desk-2"]`).Length() != 1 || len(diffOf(t, body)) == 0 {
		t.Fatalf("importing a typed source: %q", doc.Find("main").Text())
	}
	if doc.Find(consoletest.TestID("refresh-form")).Length() != 0 {
		t.Error("a source other than Intercom offers a refresh")
	}
}

// Importing or refreshing again replaces edits made here, so the buttons ask first once there are any.
func TestReimportAsksBeforeOverwritingEditsMadeHere(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	body := follow(c, "/sources/intercom/import", nil)
	doc := consoletest.Parse(t, body)
	if _, asks := doc.Find(consoletest.TestID("refresh-all")).Attr("data-confirm"); asks {
		t.Fatal("Refresh all asks although nothing was edited here")
	}
	var first int64
	for id := range diffOf(t, body) {
		first, _ = strconv.ParseInt(id, 10, 64)
		break
	}
	if first == 0 {
		t.Fatal("nothing imported")
	}
	api := apiclient.New(c.API.URL, c.Token("write_all", time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	mine := "Edited in the console."
	if _, err := api.UpdateArticle(t.Context(), first, apiclient.ArticleUpdate{Content: &mine, SaveMode: apiclient.SaveDraft}); err != nil {
		t.Fatal(err)
	}
	_, body = c.Get("/sources?source=intercom")
	doc = consoletest.Parse(t, body)
	for _, button := range []string{"source-import", "refresh-all", "refresh-selected"} {
		msg, asks := doc.Find(consoletest.TestID(button)).Attr("data-confirm")
		if !asks || !strings.Contains(msg, "1 article was edited here") {
			t.Errorf("%s: data-confirm %q, want a warning about the edit", button, msg)
		}
	}
}

// Badges read in sentence case, and Delete all sits apart from Import, after the list.
func TestSourceBadgesAndDeleteAllPlacement(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	body := follow(c, "/sources/shopify/import", nil)
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("diff-row")).First().Find(consoletest.TestID("external")).Text(); got != "Unchanged" {
		t.Errorf("badge %q", got)
	}
	if doc.Find(".source-head "+consoletest.TestID("source-delete")).Length() != 0 {
		t.Error("Delete all sits beside Import")
	}
	if doc.Find(consoletest.TestID("diff")+" ~ form "+consoletest.TestID("source-delete")).Length() == 0 && doc.Find(".table-wrap ~ form "+consoletest.TestID("source-delete")).Length() == 0 {
		t.Error("Delete all does not come after the list")
	}
}

// The sources page lists the sources Quickchat's reference names and every source imported through the
// console, each with its comparison summed up, instead of asking for a name.
func TestSourcesListsTheAgentsSources(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	list := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		_, body := c.Get("/sources")
		consoletest.Parse(t, body).Find(consoletest.TestID("source-item")).Each(func(_ int, s *goquery.Selection) {
			out[s.AttrOr("data-source", "")] = strings.TrimSpace(s.Find(consoletest.TestID("source-total")).Text() + " | " + s.Find(consoletest.TestID("source-since")).Text())
		})
		return out
	}
	got := list()
	if len(got) != 2 || got["intercom"] != "Nothing imported yet |" || got["shopify"] != "Nothing imported yet |" {
		t.Fatalf("before any import: %v", got)
	}
	follow(c, "/sources/help_desk-2/import", nil)
	outside := external(c, http.MethodGet, "help_desk-2", "", "")
	external(c, http.MethodPatch, "help_desk-2", strconv.FormatInt(outside[0].ID, 10), `{"content":"Changed outside."}`)
	got = list()
	want := strconv.Itoa(len(outside)) + " articles | 1 changed at the source"
	if got["help_desk-2"] != want || got["shopify"] != "Nothing imported yet |" {
		t.Fatalf("after importing help_desk-2: %v, want help_desk-2 %q", got, want)
	}
	_, body := c.Get("/sources")
	if href := consoletest.Parse(t, body).Find(`[data-source="help_desk-2"] a`).AttrOr("href", ""); href != "/sources?source=help_desk-2" {
		t.Errorf("the listed source links to %q", href)
	}

	// Past the sources compared side by side, every other source is still listed, linked.
	for i := range 7 {
		follow(c, "/sources/shop-"+strconv.Itoa(i)+"/import", nil)
	}
	_, body = c.Get("/sources")
	doc := consoletest.Parse(t, body)
	if n := doc.Find(consoletest.TestID("source-item")).Length(); n != 10 {
		t.Fatalf("%d sources listed, want all 10", n)
	}
	last := doc.Find(consoletest.TestID("source-item")).Last()
	if href := last.Find("a").AttrOr("href", ""); !strings.HasPrefix(href, "/sources?source=") || !strings.Contains(last.Text(), "open it to compare") {
		t.Errorf("the tenth source: %q links to %q", strings.TrimSpace(last.Text()), href)
	}
}

// An import marks the articles that were new at the source, and shows the text it changed in each article
// changed there as a line diff.
func TestImportShowsNewArticlesAndWhatChanged(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	follow(c, "/sources/shopify/import", nil)
	outside := external(c, http.MethodGet, "shopify", "", "")
	changed := outside[0]
	external(c, http.MethodPatch, "shopify", strconv.FormatInt(changed.ID, 10), `{"content":"New prices from Monday."}`)
	external(c, http.MethodPost, "shopify", "", `{"title":"Gift cards","content":"Gift cards never expire."}`)

	// The import answers with a redirect, so reloading the page that follows cannot import twice.
	body := follow(c, "/sources/shopify/import", nil)
	doc := consoletest.Parse(t, body)
	var fresh []string
	doc.Find(consoletest.TestID("diff-row")).Each(func(_ int, row *goquery.Selection) {
		if row.Find(consoletest.TestID("new")).Length() == 1 {
			fresh = append(fresh, strings.TrimSpace(row.Find("td.title").Text()))
		}
	})
	if len(fresh) != 1 || fresh[0] != "Gift cards" {
		t.Errorf("marked new: %v, want the one added at the source", fresh)
	}
	if got := doc.Find(consoletest.TestID("diff-new")).Text(); got != "1 new at the source, imported now" {
		t.Errorf("counts say %q", got)
	}
	changes := doc.Find(consoletest.TestID("source-change"))
	if changes.Length() != 1 || changes.Find("h4").Text() != changed.Title {
		t.Fatalf("%d changes shown: %q", changes.Length(), changes.Find("h4").Text())
	}
	if got := changes.Find(consoletest.TestID("diff-ins")).Text(); !strings.Contains(got, "New prices from Monday.") {
		t.Errorf("added lines %q", got)
	}
	if changes.Find(consoletest.TestID("diff-del")).Length() == 0 {
		t.Error("the text the import replaced is not shown")
	}
	if doc.Find(`link[href*="diff"]`).Length() == 0 {
		t.Error("the page with a diff does not load diff.css")
	}

	// The next visit (or a reload) compares again from scratch: nothing is new any more.
	_, body = c.Get("/sources?source=shopify")
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("new")).Length() != 0 || doc.Find(consoletest.TestID("source-changes")).Length() != 0 {
		t.Error("a later visit still marks the import's articles")
	}
}

// An article edited here links to its history, where the console's saves show as diffs.
func TestAnArticleEditedHereLinksToItsEdits(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	body := follow(c, "/sources/shopify/import", nil)
	var first int64
	for id := range diffOf(t, body) {
		first, _ = strconv.ParseInt(id, 10, 64)
		break
	}
	api := apiclient.New(c.API.URL, c.Token("write_all", time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	mine := "Edited in the console."
	if _, err := api.UpdateArticle(t.Context(), first, apiclient.ArticleUpdate{Content: &mine, SaveMode: apiclient.SaveDraft}); err != nil {
		t.Fatal(err)
	}
	_, body = c.Get("/sources?source=shopify")
	row := consoletest.Parse(t, body).Find(`[data-testid="diff-row"][data-id="` + strconv.FormatInt(first, 10) + `"]`)
	if href := row.Find("a.edits-link").AttrOr("href", ""); href != "/articles/"+strconv.FormatInt(first, 10)+"/history" {
		t.Errorf("the edited article's link to its edits: %q", href)
	}
}

// A refresh that fetches new Intercom articles marks them new on the page after it, once.
func TestIntercomRefreshMarksTheArticlesItFetched(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	follow(c, "/sources/intercom/import", nil)
	external(c, http.MethodPost, "intercom", "", `{"title":"Night riding","content":"Switch the lights on."}`)
	body := follow(c, "/sources/intercom/refresh", url.Values{"scope": {"all"}, "fetch_new_articles": {"true"}})
	doc := consoletest.Parse(t, body)
	var fresh []string
	doc.Find(consoletest.TestID("diff-row")).Each(func(_ int, row *goquery.Selection) {
		if row.Find(consoletest.TestID("new")).Length() == 1 {
			fresh = append(fresh, strings.TrimSpace(row.Find("td.title").Text()))
		}
	})
	if len(fresh) != 1 || fresh[0] != "Night riding" {
		t.Errorf("marked new after the refresh: %v", fresh)
	}
	if doc.Find(consoletest.TestID("source-changes")).Length() != 0 {
		t.Error("a refresh that changed no text shows changes")
	}
}
