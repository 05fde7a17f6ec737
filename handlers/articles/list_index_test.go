package articles_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
	"qcadmin/kbindex"
	"qcadmin/sandbox"
)

// seedMixed adds n articles through the API, every third one published and
// every fourth tagged "mixed", so the knowledge base spans several list pages.
func seedMixed(t *testing.T, c *consoletest.Console, n int) {
	t.Helper()
	// Straight to the sandbox, without the client's own rate budget.
	api := apiclient.New(c.API.URL, c.Token(sandbox.ScopeWrite, time.Hour), apiclient.WithBudgets(apiclient.NewBudgets(false)))
	ctx := context.Background()
	for i := range n {
		a, err := api.CreateArticle(ctx, apiclient.ArticleCreate{Title: fmt.Sprintf("Seeded %03d %c", (i*37)%n, 'a'+rune(i%26)), Content: "Seeded article body " + strconv.Itoa(i)})
		if err != nil {
			t.Fatal(err)
		}
		u := apiclient.ArticleUpdate{}
		if i%4 == 0 {
			u.Tags = &[]string{"mixed"}
		}
		if i%3 == 0 {
			u.SaveMode = apiclient.SavePublish
		}
		if u.Tags != nil || u.SaveMode != "" {
			if _, err := api.UpdateArticle(ctx, a.ID, u); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// allArticles reads the whole knowledge base straight from the sandbox.
func allArticles(t *testing.T, c *consoletest.Console) []apiclient.Article {
	t.Helper()
	api := c.SandboxClient()
	var out []apiclient.Article
	for offset := 0; ; offset += 100 {
		p, err := api.ListArticles(context.Background(), apiclient.ListArticlesParams{Limit: 100, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if len(p.Items) < 100 {
			return out
		}
	}
}

// rowIDs are the ids of a list page's rows, in order.
func rowIDs(doc *goquery.Document) []int64 {
	var ids []int64
	doc.Find(consoletest.TestID("article-row")).Each(func(_ int, s *goquery.Selection) {
		id, _ := strconv.ParseInt(s.AttrOr("data-id", ""), 10, 64)
		ids = append(ids, id)
	})
	return ids
}

// listIDs pages through a filtered and sorted list in the console and returns every row's id.
func listIDs(t *testing.T, c *consoletest.Console, query string) ([]int64, *goquery.Document) {
	t.Helper()
	var ids []int64
	var first *goquery.Document
	for offset := 0; ; offset += 100 {
		res, body := c.Get("/articles?" + query + "&limit=100&offset=" + strconv.Itoa(offset))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", query, res.StatusCode)
		}
		doc := consoletest.Parse(t, body)
		if first == nil {
			first = doc
		}
		page := rowIDs(doc)
		ids = append(ids, page...)
		if len(page) < 100 {
			return ids, first
		}
	}
}

// The state filter and the orders cover the whole knowledge base across
// list pages, combined with the tag filter, and every page says so.
func TestArticleStateAndOrderOverTheWholeKnowledgeBase(t *testing.T) {
	c := consoletest.New(t)
	seedMixed(t, c, 250)
	c.SignIn()
	all := allArticles(t, c)
	if len(all) < 250 {
		t.Fatalf("the sandbox holds %d articles", len(all))
	}
	byTitle := func(a, b apiclient.Article) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	}
	ids := func(items []apiclient.Article) []int64 {
		out := make([]int64, len(items))
		for i, a := range items {
			out[i] = a.ID
		}
		return out
	}
	drafts := slices.DeleteFunc(slices.Clone(all), func(a apiclient.Article) bool { return a.State != "draft" })
	slices.SortFunc(drafts, byTitle)
	got, doc := listIDs(t, c, "state=draft&sort=title")
	if !slices.Equal(got, ids(drafts)) {
		t.Fatalf("drafts by title: %d rows, want %d; first %v, want %v", len(got), len(drafts), got[:min(5, len(got))], ids(drafts)[:5])
	}
	if note := doc.Find(consoletest.TestID("index-note")).Text(); !strings.Contains(note, "over all "+strconv.Itoa(len(all))+" articles") {
		t.Errorf("note = %q", note)
	}
	if pager := doc.Find(consoletest.TestID("pager")).Text(); !strings.Contains(pager, "of "+strconv.Itoa(len(drafts))) {
		t.Errorf("pager = %q, want the count of drafts %d", pager, len(drafts))
	}
	if next, _ := doc.Find(`[data-testid=pager] a[rel=next]`).Attr("href"); !strings.Contains(next, "state=draft") || !strings.Contains(next, "sort=title") {
		t.Errorf("next page %q loses the state or order", next)
	}
	if doc.Find(`#f-state option[selected]`).AttrOr("value", "") != "draft" || doc.Find(`#f-sort option[selected]`).AttrOr("value", "") != "title" {
		t.Error("the form does not show the state and order chosen")
	}
	heads := doc.Find(consoletest.TestID("sort-head"))
	if title := heads.Eq(0); title.Parent().AttrOr("aria-sort", "") != "ascending" || title.AttrOr("href", "") != "/articles?limit=100&sort=-title&state=draft" {
		t.Errorf("the Title heading: aria-sort %q, link %q", title.Parent().AttrOr("aria-sort", ""), title.AttrOr("href", ""))
	}
	if modified := heads.Eq(1); modified.Parent().AttrOr("aria-sort", "none") != "none" || modified.AttrOr("href", "") != "/articles?limit=100&sort=-modified&state=draft" {
		t.Errorf("the Modified heading links to %q", modified.AttrOr("href", ""))
	}
	if doc.Find(consoletest.TestID("bulk-all-form")).Length() != 0 {
		t.Error("'all matching' bulk actions are offered under a state filter the jobs would not apply")
	}

	// Published, tagged "mixed", latest change first.
	published := slices.DeleteFunc(slices.Clone(all), func(a apiclient.Article) bool {
		return a.State != "published" || !slices.Contains(a.Tags, "mixed")
	})
	slices.SortStableFunc(published, func(a, b apiclient.Article) int {
		ta, _ := time.Parse(time.RFC3339Nano, a.LastModifiedTimestamp)
		tb, _ := time.Parse(time.RFC3339Nano, b.LastModifiedTimestamp)
		return -cmp.Or(ta.Compare(tb), cmp.Compare(a.ID, b.ID))
	})
	if got, _ := listIDs(t, c, "state=published&tags=mixed&sort=-modified"); !slices.Equal(got, ids(published)) || len(got) == 0 {
		t.Errorf("published and mixed, newest first: %v, want %v", got, ids(published))
	}

	// Types comma-joined, as the API takes them, in any letter case.
	if got, _ := listIDs(t, c, "state=draft&sort=title&types=article,PARAGRAPH"); !slices.Equal(got, ids(slices.DeleteFunc(slices.Clone(drafts), func(a apiclient.Article) bool {
		return a.Type != "Article" && a.Type != "Paragraph"
	}))) {
		t.Errorf("drafts of two types: %d rows", len(got))
	}

	// Sorting alone, title Z to A, over every state; the content filter narrows it.
	all2 := slices.Clone(all)
	slices.SortFunc(all2, func(a, b apiclient.Article) int { return -byTitle(a, b) })
	if got, _ := listIDs(t, c, "sort=-title"); !slices.Equal(got, ids(all2)) {
		t.Errorf("all by title, Z to A: %d rows, want %d", len(got), len(all2))
	}
	got, _ = listIDs(t, c, "sort=title&state=all&query=Seeded+article+body+7")
	for _, id := range got {
		a := all[slices.IndexFunc(all, func(a apiclient.Article) bool { return a.ID == id })]
		if !strings.HasPrefix(a.Title, "Seeded") {
			t.Errorf("the content filter let %q through", a.Title)
		}
	}
	if len(got) == 0 {
		t.Error("the content filter and order matched nothing")
	}
}

// A save, a publish, a new article and a delete made in the console show in
// the filtered list at once, without waiting for the index's next reading.
func TestArticleIndexFollowsTheConsolesWrites(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	drafts, _ := listIDs(t, c, "state=draft&sort=title")
	if len(drafts) == 0 {
		t.Fatal("the demo has no drafts")
	}
	href := "/articles/" + strconv.FormatInt(drafts[0], 10)
	_, page := c.Get(href)
	form := url.Values{}
	consoletest.Parse(t, page).Find(`form[data-testid=article-form] input[name], form[data-testid=article-form] textarea[name]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if s.Is("textarea") {
			form.Set(name, s.Text())
		} else {
			form.Set(name, s.AttrOr("value", ""))
		}
	})
	form.Set("title", "Aaa published from the console")
	form.Set("save_mode", "publish")
	if res, body := c.Post(href, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish = %d\n%s", res.StatusCode, body)
	}
	if got, _ := listIDs(t, c, "state=draft&sort=title"); slices.Contains(got, drafts[0]) {
		t.Error("the published article is still listed among drafts")
	}
	got, doc := listIDs(t, c, "state=published&sort=title&title=aaa+PUBLISHED")
	if !slices.Equal(got, drafts[:1]) {
		t.Fatalf("published, titled so: %v, want %v", got, drafts[:1])
	}
	if title := doc.Find(consoletest.TestID("article-row")).First().Find("td.title").Text(); title != "Aaa published from the console" {
		t.Errorf("its row shows %q", title)
	}

	res, _ := c.Post("/articles/new", url.Values{"title": {"Aaa new draft"}, "content": {"Written now."}, "tags": {"fresh"}, "save_mode": {"draft"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d", res.StatusCode)
	}
	created, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/articles/"), 10, 64)
	if got, _ := listIDs(t, c, "state=draft&sort=title&tags=fresh"); !slices.Equal(got, []int64{created}) {
		t.Errorf("the new draft tagged fresh: %v, want [%d]", got, created)
	}

	if res, _ := c.Post("/articles/delete", url.Values{"ids": {strconv.FormatInt(created, 10)}, "confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d", res.StatusCode)
	}
	if got, _ := listIDs(t, c, "state=draft&sort=title"); slices.Contains(got, created) {
		t.Error("the deleted article is still listed")
	}
}

// slowList answers the article list from a fixed knowledge base, holding
// every page after the first until release is closed.
type slowList struct {
	signInOnly
	items   []apiclient.Article
	release chan struct{}
	mu      *sync.Mutex
	asked   *[]apiclient.ListArticlesParams
}

func (f slowList) ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	f.mu.Lock()
	*f.asked = append(*f.asked, p)
	f.mu.Unlock()
	if p.Offset > 0 {
		select {
		case <-f.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	limit := cmp.Or(p.Limit, 25)
	lo := min(p.Offset, len(f.items))
	hi := min(lo+limit, len(f.items))
	return &apiclient.Page[apiclient.Article]{Items: f.items[lo:hi], Offset: p.Offset, Limit: limit, Count: len(f.items)}, nil
}

func (f slowList) GetArticle(_ context.Context, id int64) (*apiclient.Article, error) {
	for _, a := range f.items {
		if a.ID == id {
			return &a, nil
		}
	}
	return nil, &apiclient.APIError{Status: 404, Code: "NOT_FOUND"}
}

// While the index is still being read the list sorts what it has, says how
// much that is, and reloads itself; when it is done it covers everything.
func TestArticleListSaysTheIndexIsStillBeingRead(t *testing.T) {
	var items []apiclient.Article
	for i := range 250 {
		state := "draft"
		if i%2 == 0 {
			state = "published"
		}
		items = append(items, apiclient.Article{ID: int64(i + 1), Type: "Article", Title: fmt.Sprintf("T%03d <b>", 249-i), State: state,
			LastModifiedTimestamp: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC).Format(time.RFC3339Nano)})
	}
	var mu sync.Mutex
	var asked []apiclient.ListArticlesParams
	fake := slowList{items: items, release: make(chan struct{}), mu: &mu, asked: &asked}
	c := consoletest.New(t, consoletest.WithAPI(fake))
	c.SignIn()

	res, body := c.Get("/articles?sort=title&limit=10")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if note := doc.Find(consoletest.TestID("index-note")).Text(); note != "Sorting 100 of 250 articles read so far…" {
		t.Errorf("note while reading = %q", note)
	}
	if poll := doc.Find(consoletest.TestID("index-poll")).AttrOr("hx-get", ""); poll != "/articles?limit=10&sort=title" {
		t.Errorf("the results reload from %q", poll)
	}
	// The rows read so far (ids 1–100, titles T249…T150), sorted.
	if got := rowIDs(doc); len(got) != 10 || got[0] != 100 || got[9] != 91 {
		t.Errorf("rows while reading = %v", got)
	}
	if strings.Contains(body, "T150 <b>") || !strings.Contains(body, "T150 &lt;b&gt;") {
		t.Error("a title reached the page unescaped")
	}

	close(fake.release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body = c.Get("/articles?sort=title&limit=10", "HX-Request", "true")
		doc = consoletest.Parse(t, body)
		if strings.Contains(doc.Find(consoletest.TestID("index-note")).Text(), "over all 250") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index did not finish: %q", doc.Find(consoletest.TestID("index-note")).Text())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := rowIDs(doc); len(got) != 10 || got[0] != 250 {
		t.Errorf("rows when done = %v, want 250 (T000) first", got)
	}
	if doc.Find(consoletest.TestID("index-poll")).Length() != 0 {
		t.Error("the results still reload when the index is complete")
	}
	// The list reads of the index: 3 pages of 100, and the page the list falls back to.
	mu.Lock()
	defer mu.Unlock()
	pages := 0
	for _, p := range asked {
		if p.Limit == kbindex.PageSize {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("the index read %d pages, want 3: %+v", pages, asked)
	}
}

// Without an index (too large a knowledge base) the filter and order apply
// to the page shown, and the page says so in those words.
func TestArticleListFallsBackToThePageShown(t *testing.T) {
	small := kbindex.New(kbindex.Config{MaxArticles: 50})
	t.Cleanup(small.Close)
	c := consoletest.New(t, func(d *handlers.Deps) { d.Index = small })
	c.SignIn()
	_, body := c.Get("/articles?state=published&sort=title")
	doc := consoletest.Parse(t, body)
	if note := doc.Find(consoletest.TestID("index-note")).Text(); !strings.Contains(note, "apply to the page shown") || !strings.Contains(note, "more than 50 articles") {
		t.Errorf("note = %q", note)
	}
	var titles []string
	doc.Find(consoletest.TestID("article-row")).Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.ToLower(s.Find("td.title").Text()))
		if s.Find(".badge").First().Text() == "Draft" {
			t.Errorf("a draft is shown: %q", s.Find("td.title").Text())
		}
	})
	if len(titles) == 0 || !slices.IsSorted(titles) {
		t.Errorf("the page's rows are not sorted by title: %q", titles)
	}
}

// A state or order the list does not know is named, escaped, with a 400.
func TestArticleListNamesBadStateAndOrder(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := c.Get("/articles?state=" + url.QueryEscape(`<script>x</script>`) + "&sort=size")
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", res.StatusCode)
	}
	if strings.Contains(body, "<script>x</script>") {
		t.Fatal("the bad value reached the page unescaped")
	}
	msg := consoletest.Parse(t, body).Find(consoletest.TestID("notice")).Text()
	if !strings.Contains(msg, "The state “<script>x</script>” is not one the list knows") || !strings.Contains(msg, "The order “size”") {
		t.Errorf("message = %q", msg)
	}
	if res, _ := c.Get("/articles?state=Draft&sort=-Modified"); res.StatusCode != http.StatusOK {
		t.Errorf("letter case refused: %d", res.StatusCode)
	}
}
