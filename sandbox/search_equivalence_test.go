package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// referenceRanking is search ranking at its most straightforward, as it stood before rankings were
// remembered: one query counts the matches, another ranks them all with bm25 and keeps the best top;
// a case-sensitive search re-checks every match, best first, against its original text.
func referenceRanking(ctx context.Context, tx *sql.Tx, scenarioID string, q searchQuery, top int) ([]int64, int, error) {
	match := `scope : "` + scopeToken(scenarioID) + `" AND ` + q.ftsMatch()
	rank := rankAllFields
	if !q.WithMeta {
		rank = rankContentOnly
	}
	var ids []int64
	count := 0
	if !q.CaseSensitive {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", match).Scan(&count); err != nil {
			return nil, 0, err
		}
		rows, err := tx.QueryContext(ctx, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY "+rank+", rowid LIMIT ?", match, top)
		if err != nil {
			return nil, 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, 0, err
			}
			ids = append(ids, id)
		}
		return ids, count, rows.Err()
	}
	rows, err := tx.QueryContext(ctx, "SELECT rowid, title, url, tags, content FROM articles_fts WHERE articles_fts MATCH ? ORDER BY "+rank+", rowid", match)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title, url, tags, content string
		if err := rows.Scan(&id, &title, &url, &tags, &content); err != nil {
			return nil, 0, err
		}
		fields := []string{content}
		if q.WithMeta {
			fields = append(fields, title, url, tags)
		}
		if q.matchesAny(fields...) {
			count++
			if len(ids) < top {
				ids = append(ids, id)
			}
		}
	}
	return ids, count, rows.Err()
}

// referenceSearch answers a search request the straightforward way, rendered as the handler renders it.
func referenceSearch(t *testing.T, st *store, scenarioID string, rawQuery string) searchResponse {
	t.Helper()
	vals, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatal(err)
	}
	req, err := parseSearch(vals)
	if err != nil {
		t.Fatalf("%s: %v", rawQuery, err)
	}
	resp := searchResponse{ArticleSnippets: []articleSnippet{}, ArticleSnapshots: articlePage{Items: []articleJSON{}, Limit: req.Data}}
	if len(req.Query.Words) == 0 {
		return resp
	}
	ctx := context.Background()
	err = st.inReadTx(ctx, func(tx *sql.Tx) error {
		ids, count, err := referenceRanking(ctx, tx, scenarioID, req.Query, max(req.Display, req.Data))
		if err != nil {
			return err
		}
		resp.ArticleSnapshots.Count = count
		records, err := articlesByIDs(ctx, tx, ids)
		if err != nil {
			return err
		}
		if err := fillContent(ctx, tx, records[:min(req.Display, len(records))]); err != nil {
			return err
		}
		for i, a := range records {
			if i < req.Display {
				resp.ArticleSnippets = append(resp.ArticleSnippets, req.Query.snippet(a))
			}
			if i < req.Data {
				resp.ArticleSnapshots.Items = append(resp.ArticleSnapshots.Items, articleView(a, false))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as a client sees it: times and empty lists compare the way they are sent.
	raw, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	var out searchResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkAgainstReference runs a search through the handler and fails unless its answer (ids, order,
// snippets with their character offsets, counts, page fields) is the reference's.
func checkAgainstReference(e *testEnv, tok, scenarioID, rawQuery string) searchResponse {
	e.t.Helper()
	var got searchResponse
	e.do("GET", searchPath+"?"+rawQuery, tok, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &got)
	want := referenceSearch(e.t, e.sb.store, scenarioID, rawQuery)
	if !reflect.DeepEqual(got, want) {
		e.t.Fatalf("%s:\n got ids %v count %d\nwant ids %v count %d\n got %+v\nwant %+v", rawQuery,
			snapshotIDs(got), got.ArticleSnapshots.Count, snapshotIDs(want), want.ArticleSnapshots.Count, got, want)
	}
	return got
}

// equivalenceCorpus fills two scenarios with generated articles: mixed case, drafts, urls, shared words.
func equivalenceCorpus(t *testing.T, e *testEnv, scenarios []string, n int) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 11))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchVocabulary)-1))
	now := e.clock.Now()
	err := e.sb.store.inTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			title, content, tags := benchArticle(r, zipf)
			if r.IntN(4) == 0 { // shouting and capitals, for the case-sensitive searches
				words := strings.Fields(content)
				for k := range words {
					if r.IntN(6) == 0 {
						words[k] = strings.ToUpper(words[k])
					}
				}
				content = strings.Join(words, " ")
			}
			a := articleRecord{
				ArticleID: newArticleID(), Type: typeArticle, Title: title, Content: content, Tags: tags,
				State: statePublished, DeployState: deployDeployed, Version: 1, MaxAvailableVersion: 1, Created: now, Updated: now,
			}
			if r.IntN(10) == 0 {
				a.State = stateDraft
			}
			if r.IntN(5) == 0 {
				u := fmt.Sprintf("https://help.example.com/%s/%d", benchVocabulary[30+r.IntN(len(benchVocabulary)-30)], i)
				a.URL = &u
			}
			if _, err := insertArticle(ctx, tx, scenarios[r.IntN(len(scenarios))], a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// randomSearch draws a search request: one to three words (some repeated, some unknown, in any case) and any flags.
func randomSearch(r *rand.Rand) string {
	var words []string
	for range 1 + r.IntN(3) {
		w := benchVocabulary[r.IntN(len(benchVocabulary))]
		switch r.IntN(8) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = strings.ToUpper(w[:1]) + w[1:]
		case 2:
			w = "zz" + w // in no article
		case 3:
			if len(words) > 0 {
				w = words[0]
			}
		}
		words = append(words, w)
	}
	v := url.Values{"query": {strings.Join(words, " ")}}
	for _, flag := range []string{"is_case_insensitive", "with_title_url_and_tags", "strict_search"} {
		if r.IntN(3) == 0 {
			v.Set(flag, []string{"true", "false"}[r.IntN(2)])
		}
	}
	if r.IntN(2) == 0 {
		v.Set("num_of_display_articles", fmt.Sprint(1+r.IntN(maxDisplayArticles)))
	}
	if r.IntN(2) == 0 {
		v.Set("num_of_data_articles", fmt.Sprint(1+r.IntN(maxDataArticles)))
	}
	return v.Encode()
}

// TestSearchMatchesReference compares the served searches, first and remembered, with the reference
// over a generated corpus, and again after every kind of write, in the scenario and beside it.
func TestSearchMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a corpus")
	}
	e := newEnv(t)
	scenarios := []string{"search-ref-a", "search-ref-b"}
	equivalenceCorpus(t, e, scenarios, 1500)
	tok := e.token(scenarios[0], ScopeWrite)
	r := rand.New(rand.NewPCG(3, 5))
	var queries []string
	for _, q := range benchQueries {
		queries = append(queries, url.Values{"query": {q}}.Encode())
	}
	for range 250 {
		queries = append(queries, randomSearch(r))
	}
	matched := 0
	for _, q := range queries {
		first := checkAgainstReference(e, tok, scenarios[0], q)
		checkAgainstReference(e, tok, scenarios[0], q) // remembered
		// Another page size of the same search is answered from the same remembered ranking.
		vals, _ := url.ParseQuery(q)
		vals.Set("num_of_data_articles", fmt.Sprint(1+r.IntN(maxDataArticles)))
		vals.Set("num_of_display_articles", fmt.Sprint(1+r.IntN(maxDisplayArticles)))
		checkAgainstReference(e, tok, scenarios[0], vals.Encode())
		if first.ArticleSnapshots.Count > 0 {
			matched++
		}
	}
	if matched < len(queries)/2 {
		t.Fatalf("only %d of %d searches matched anything", matched, len(queries))
	}
	e.sb.store.search.mu.Lock()
	remembered := len(e.sb.store.search.entries)
	e.sb.store.search.mu.Unlock()
	if remembered == 0 {
		t.Fatal("no search ranking was remembered")
	}

	// Every write changes what some search answers: rankings remembered before it must not be served after it.
	watched := queries[:len(benchQueries)]
	recheck := func(what string) {
		t.Helper()
		for _, q := range watched {
			checkAgainstReference(e, tok, scenarios[0], q)
		}
		t.Logf("after %s: %d searches agree", what, len(watched))
	}
	recheck("nothing")
	fresh := e.publish(tok, "Battery charge brake pads", "Battery battery charge. Brake pads and tyre pressure. Return policy, refund, firmware update.", "batteries")
	recheck("publishing an article")
	e.do("PATCH", articlesPath+itoa(fresh.ID), tok, map[string]any{"title": "Range", "content": "Range and squeak.", "save_mode": "publish"}).wantStatus(t, http.StatusOK)
	recheck("editing it")
	e.do("PATCH", articlesPath+itoa(fresh.ID), tok, map[string]any{"content": "Battery draft."}).wantStatus(t, http.StatusOK)
	recheck("taking it back to draft")
	e.publish(e.token(scenarios[1], ScopeWrite), "Battery", strings.Repeat("battery charge ", 200))
	recheck("publishing in another scenario") // bm25's statistics span the whole index
	var some searchResponse
	e.do("GET", searchPath+"?query=battery", tok, nil).decode(t, &some)
	e.do("DELETE", articlesPath, tok, snapshotIDs(some)[:3]).wantStatus(t, http.StatusOK)
	recheck("deleting the best matches")
}

// TestSearchCacheGenerations checks the rules that keep a remembered ranking from outliving a write.
func TestSearchCacheGenerations(t *testing.T) {
	var c searchCache
	gen := c.generation()
	c.put("k", gen, rankedSearch{ids: []int64{1}, count: 1})
	if r, ok := c.get("k", gen); !ok || r.count != 1 {
		t.Fatal("a ranking put in the current generation is not served")
	}
	c.invalidate()
	if _, ok := c.get("k", c.generation()); ok {
		t.Fatal("a ranking outlived a write")
	}
	stale := c.generation()
	c.invalidate() // a write committed while a ranking was being computed from an older snapshot
	c.put("k", stale, rankedSearch{ids: []int64{2}, count: 1})
	if _, ok := c.get("k", c.generation()); ok {
		t.Fatal("a ranking computed before a write was remembered after it")
	}
	for i := range searchCacheEntries + 10 {
		c.put(fmt.Sprint(i), c.generation(), rankedSearch{})
	}
	if len(c.entries) > searchCacheEntries {
		t.Fatalf("%d entries remembered, at most %d", len(c.entries), searchCacheEntries)
	}
}

// TestSearchWritesDuringSearches searches while another request keeps rewriting the matching article:
// every answer must show either the old or the new text, never a ranking of one with the other's count.
func TestSearchWritesDuringSearches(t *testing.T) {
	e := newEnv(t)
	tok := e.token("search-race", ScopeWrite)
	a := e.publish(tok, "Alpha", "alpha")
	done := make(chan struct{})
	go func() {
		defer close(done)
		words := []string{"alpha", "beta"}
		for i := range 40 {
			body := fmt.Sprintf(`{"content":%q,"save_mode":"publish"}`, words[i%2])
			rec := e.sb.Handler()
			req := newRequest("PATCH", articlesPath+itoa(a.ID), body)
			req.Header.Set("Authorization", "Bearer "+tok)
			w := &discardWriter{h: http.Header{}}
			rec.ServeHTTP(w, req)
			time.Sleep(time.Millisecond)
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		for _, word := range []string{"alpha", "beta"} {
			var r searchResponse
			e.do("GET", searchPath+"?query="+word+"&with_title_url_and_tags=false", tok, nil).wantStatus(t, http.StatusOK).decode(t, &r)
			if n := r.ArticleSnapshots.Count; n != len(r.ArticleSnapshots.Items) || len(r.ArticleSnippets) != n {
				t.Fatalf("%s: count %d with %d items and %d snippets", word, n, len(r.ArticleSnapshots.Items), len(r.ArticleSnippets))
			}
		}
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
