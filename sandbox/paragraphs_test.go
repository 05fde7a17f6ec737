package sandbox

import (
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qcadmin/sandbox/extract"
	"qcadmin/sandbox/seed"
)

const paragraphsPath = "/v1/api/knowledge_base/articles/paragraphs"

// prose returns about n characters of sentences starting with word, so a test can tell chunks apart.
func prose(word string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s sentence %d ends here. ", word, i)
	}
	return strings.TrimSpace(b.String())
}

// TestChunkArticle: a Paragraph-type article is one chunk, however long; extract.Chunk cuts the others.
func TestChunkArticle(t *testing.T) {
	long := prose("Long", 2000)
	if got, want := chunkArticle(typeParagraph, long+"\n\n"+long), []string{long + "\n\n" + long}; !slices.Equal(got, want) {
		t.Errorf("paragraph type is one:\n got %q\nwant %q", got, want)
	}
}

// TestChunkArticleKeepsAllText checks, over every seed article, that chunks keep all the text in order within the size limits.
func TestChunkArticleKeepsAllText(t *testing.T) {
	for _, sa := range seed.Articles() {
		typ := cmp(sa.Type, typeArticle)
		chunks := chunkArticle(typ, sa.Content)
		if got := strings.Fields(strings.Join(chunks, " ")); !slices.Equal(got, strings.Fields(sa.Content)) {
			t.Errorf("%q: chunks do not add up to the content", sa.Title)
		}
		for _, c := range chunks {
			if n := utf8.RuneCountInString(c); typ != typeParagraph && n > extract.MaxChunk {
				t.Errorf("%q: chunk of %d characters", sa.Title, n)
			}
			if onlyHeadings(c) {
				t.Errorf("%q: a heading stands alone: %q", sa.Title, c)
			}
		}
	}
}

// onlyHeadings reports whether every line of block is a Markdown heading.
func onlyHeadings(block string) bool {
	for line := range strings.SplitSeq(block, "\n") {
		line = strings.TrimSpace(line)
		hashes := len(line) - len(strings.TrimLeft(line, "#"))
		if hashes < 1 || hashes > 6 || len(line) > hashes && line[hashes] != ' ' {
			return false
		}
	}
	return true
}

func cmp(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func (e *testEnv) paragraphs(tok, query string) paragraphPage {
	e.t.Helper()
	var p paragraphPage
	e.do("GET", paragraphsPath+"?"+encodeQuery(query), tok, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &p)
	return p
}

func TestParagraphsFollowPublishing(t *testing.T) {
	e := newEnv(t)
	tok := e.token("paragraphs", ScopeWrite)
	var a articleJSON
	e.do("POST", articlesPath, tok, map[string]any{"content": "# Care\n\n" + prose("Alpha", 300) + "\n\n" + prose("Beta uniqueword", 300)}).decode(t, &a)
	if p := e.paragraphs(tok, ""); p.Count != 0 || p.Items == nil {
		t.Fatalf("a draft has paragraphs: %+v", p)
	}
	e.do("PATCH", articlesPath+itoa(a.ID), tok, `{"save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	b := e.publish(tok, "Short", "One short answer.")
	var para articleJSON
	e.do("POST", articlesPath, tok, map[string]any{"type": "Paragraph", "content": prose("Gamma", 1800)}).decode(t, &para)
	e.do("PATCH", articlesPath+itoa(para.ID), tok, `{"save_mode":"publish"}`).wantStatus(t, http.StatusOK)

	p := e.paragraphs(tok, "")
	if p.Count != 4 || p.Offset != 0 || p.Limit != 10 || len(p.Items) != 4 {
		t.Fatalf("after publishing: %+v", p)
	}
	wantArticles := []int64{a.ID, a.ID, b.ID, para.ID}
	for i, item := range p.Items {
		if item.ArticleID != wantArticles[i] || item.ID == 0 || item.Content == "" {
			t.Errorf("item %d = %+v, want article %d", i, item, wantArticles[i])
		}
	}
	if !strings.HasPrefix(p.Items[0].Content, "# Care\n\nAlpha sentence 0") || !strings.HasPrefix(p.Items[1].Content, "Beta") {
		t.Errorf("chunks out of order: %.30q, %.30q", p.Items[0].Content, p.Items[1].Content)
	}
	if n := utf8.RuneCountInString(p.Items[3].Content); p.Items[2].Content != "One short answer." || n <= extract.MaxChunk {
		t.Errorf("short article or long Paragraph chunked wrongly: %q, %d characters", p.Items[2].Content, n)
	}

	// Pagination and the query filter.
	if page := e.paragraphs(tok, "limit=2&offset=1"); page.Count != 4 || len(page.Items) != 2 || page.Items[0].ID != p.Items[1].ID || page.Limit != 2 || page.Offset != 1 {
		t.Errorf("page 2 of 2 = %+v", page)
	}
	if page := e.paragraphs(tok, "offset=10"); page.Count != 4 || len(page.Items) != 0 {
		t.Errorf("past the end = %+v", page)
	}
	if page := e.paragraphs(tok, "query=UNIQUEWORD"); page.Count != 1 || page.Items[0].ID != p.Items[1].ID {
		t.Errorf("query filter = %+v", page)
	}
	if page := e.paragraphs(tok, "query=uniqueword alpha"); page.Count != 0 {
		t.Errorf("every query word must occur in the paragraph: %+v", page)
	}
	for _, bad := range []string{"limit=0", "limit=101", "offset=-1", "limit=x"} {
		e.do("GET", paragraphsPath+"?"+bad, tok, nil).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", strings.Split(bad, "=")[0])
	}

	// A draft save takes the article's paragraphs away; publishing brings fresh ones; deleting removes them.
	e.do("PATCH", articlesPath+itoa(a.ID), tok, `{"title":"draft"}`).wantStatus(t, http.StatusOK)
	if page := e.paragraphs(tok, ""); page.Count != 2 || page.Items[0].ArticleID != b.ID {
		t.Errorf("after a draft save: %+v", page)
	}
	e.do("PATCH", articlesPath+itoa(a.ID), tok, map[string]any{"content": prose("Delta", 100), "save_mode": "publish"}).wantStatus(t, http.StatusOK)
	page := e.paragraphs(tok, "")
	if page.Count != 3 || page.Items[0].ArticleID != a.ID || !strings.HasPrefix(page.Items[0].Content, "Delta") || page.Items[0].ID <= p.Items[3].ID {
		t.Errorf("after republishing: %+v", page)
	}
	e.do("DELETE", articlesPath, tok, []int64{para.ID}).wantStatus(t, http.StatusOK)
	if page := e.paragraphs(tok, ""); page.Count != 2 {
		t.Errorf("after deleting: %+v", page)
	}
	if page := e.paragraphs(e.token("paragraphs-other", ScopeRead), ""); page.Count != 0 {
		t.Errorf("paragraphs crossed scenarios: %+v", page)
	}
}

func TestParagraphsOfTheDemoSeed(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Config{DataDir: dir})
	p := e.paragraphs(e.read, "limit=100")
	if p.Count < 45 {
		t.Fatalf("seed has %d paragraphs", p.Count)
	}
	published := map[int64]bool{}
	for _, a := range e.list(e.read, "limit=100").Items {
		published[a.ID] = a.State == "published"
	}
	for _, item := range p.Items {
		if !published[item.ArticleID] {
			t.Errorf("paragraph %d comes from unpublished article %d", item.ID, item.ArticleID)
		}
	}
	if r := e.do("GET", paragraphsPath, e.read, nil); !strings.Contains(string(r.Body), `"article_id":`) {
		t.Errorf("items lack article_id: %.200s", r.Body)
	}

	// A database whose paragraphs table is empty (as after the upgrade) gets them rebuilt on open.
	if _, err := e.sb.store.db.Exec("DELETE FROM paragraphs"); err != nil {
		t.Fatal(err)
	}
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: dir})
	if got := e2.paragraphs(e2.read, "limit=100"); got.Count != p.Count {
		t.Errorf("after rebuild %d paragraphs, want %d", got.Count, p.Count)
	}
}

// TestUpgradeFromFirstSchema opens a database written by the previous qcadmin: search and paragraphs must work at once.
func TestUpgradeFromFirstSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "sandbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	now := micros(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, stmt := range []string{
		migrations()[0],
		"PRAGMA user_version = 1",
		fmt.Sprintf("INSERT INTO meta (key, value) VALUES ('%s', '2026-01-01T00:00:00Z')", seededKey),
		fmt.Sprintf(`INSERT INTO articles (id, scenario_id, article_id, type, title, content, state, deploy_state, version, max_available_version,
			created_at, updated_at, title_fold, search_fold) VALUES
			(7, 'old', 'x', 'Article', 'Kept title', 'Legacy body about walruses.', 'published', 'deployed', 1, 1, %d, %d, '', ''),
			(8, 'old', 'y', 'Article', 'Draft', 'Walruses in a draft.', 'draft', 'not_deployed', 1, 1, %d, %d, '', '')`, now, now, now, now),
		"INSERT INTO article_tags (article_id, position, tag) VALUES (7, 0, 'arctic')",
		"INSERT INTO kb_settings (scenario_id, retrain_state) VALUES ('old', 'to_be_retrained')",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	db.Close()

	e := newEnvWith(t, Config{DataDir: dir})
	tok := e.token("old", ScopeWrite)
	if r := e.search(tok, "query=walruses"); !slices.Equal(snapshotIDs(r), []int64{7}) {
		t.Errorf("search after upgrade: %v", snapshotIDs(r))
	}
	if r := e.search(tok, "query=arctic"); r.ArticleSnapshots.Count != 1 {
		t.Error("tags not indexed by the upgrade")
	}
	if p := e.paragraphs(tok, ""); p.Count != 1 || p.Items[0].ArticleID != 7 {
		t.Errorf("paragraphs after upgrade: %+v", p)
	}
	var s kbSettings
	e.do("GET", settingsPath, tok, nil).wantStatus(t, http.StatusOK).decode(t, &s)
	if s.RetrainState == nil || *s.RetrainState != "to_be_retrained" {
		t.Errorf("retrain_state after upgrade = %v", s.RetrainState)
	}
}
