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

func TestChunkArticle(t *testing.T) {
	long := prose("Long", 2000)
	for name, tc := range map[string]struct {
		typ, content string
		want         []string
	}{
		"empty":                  {typeArticle, " \n\n ", nil},
		"paragraph type is one":  {typeParagraph, long + "\n\n" + long, []string{long + "\n\n" + long}},
		"heading kept with text": {typeArticle, "# Title\n\n" + prose("One", 300) + "\n\n## Section\n\n" + prose("Two", 300), []string{"# Title\n\n" + prose("One", 300), "## Section\n\n" + prose("Two", 300)}},
		"short ones merged":      {typeArticle, "Tiny one.\n\nTiny two.\n\n" + prose("Big", 300), []string{"Tiny one.\n\nTiny two.\n\n" + prose("Big", 300)}},
		"short last joins":       {typeArticle, prose("Big", 300) + "\n\nTiny tail.", []string{prose("Big", 300) + "\n\nTiny tail."}},
		"short alone stays":      {typeArticle, "Just this.", []string{"Just this."}},
		"crlf and padding":       {typeArticle, "\r\n  " + prose("A", 250) + "\r\n\r\n" + prose("B", 250) + "  \r\n", []string{prose("A", 250), prose("B", 250)}},
		"fenced code stays whole": {typeArticle, prose("Intro", 250) + "\n\n```\ncode line\n\nmore code\n" + strings.Repeat("x", 200) + "\n```",
			[]string{prose("Intro", 250), "```\ncode line\n\nmore code\n" + strings.Repeat("x", 200) + "\n```"}},
	} {
		if got := chunkArticle(tc.typ, tc.content); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}

func TestChunkArticleSplitsLongAtSentences(t *testing.T) {
	content := "## Long section\n" + prose("Many", 4000)
	chunks := chunkArticle(typeArticle, content)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks for 4000 characters", len(chunks))
	}
	for i, c := range chunks {
		if n := runeLen(c); n > maxChunk || n < minChunk {
			t.Errorf("chunk %d has %d characters", i, n)
		}
		if !strings.HasSuffix(c, "ends here.") {
			t.Errorf("chunk %d does not end at a sentence: …%q", i, c[max(0, len(c)-20):])
		}
	}
	if !strings.HasPrefix(chunks[0], "## Long section\nMany sentence 0") {
		t.Errorf("first chunk lost the heading: %.40q", chunks[0])
	}
	if got := strings.Fields(strings.Join(chunks, " ")); !slices.Equal(got, strings.Fields(content)) {
		t.Error("splitting lost or reordered text")
	}

	// One sentence without an end is cut at spaces, never mid-word.
	words := strings.TrimSpace(strings.Repeat("żółw ", 700))
	chunks = chunkArticle(typeArticle, words)
	for i, c := range chunks {
		if runeLen(c) > maxChunk || strings.Trim(c, "żółw ") != "" || !strings.HasSuffix(c, "żółw") {
			t.Errorf("chunk %d of a run-on sentence: %d characters, ends %q", i, runeLen(c), c[max(0, len(c)-8):])
		}
	}
	if got := strings.Fields(strings.Join(chunks, " ")); len(got) != 700 {
		t.Errorf("run-on sentence kept %d of 700 words", len(got))
	}
}

// TestChunkArticleKeepsAllText checks, over every seed article, that chunks keep all the text in order within the size limits.
func TestChunkArticleKeepsAllText(t *testing.T) {
	for _, sa := range demoArticles() {
		typ := cmp(sa.Type, typeArticle)
		chunks := chunkArticle(typ, sa.Content)
		if got := strings.Fields(strings.Join(chunks, " ")); !slices.Equal(got, strings.Fields(sa.Content)) {
			t.Errorf("%q: chunks do not add up to the content", sa.Title)
		}
		for _, c := range chunks {
			if typ != typeParagraph && runeLen(c) > maxChunk {
				t.Errorf("%q: chunk of %d characters", sa.Title, runeLen(c))
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
	if p.Items[2].Content != "One short answer." || runeLen(p.Items[3].Content) <= maxChunk {
		t.Errorf("short article or long Paragraph chunked wrongly: %q, %d characters", p.Items[2].Content, runeLen(p.Items[3].Content))
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
