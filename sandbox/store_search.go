package sandbox

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strings"
)

// Rankings of search results: a title hit counts most, then tags, then the url, then the body; the
// scope column only selects the scenario. Content-only searches rank by the body alone.
const (
	rankAllFields   = "bm25(articles_fts, 0.0, 5.0, 1.5, 3.0, 1.0)"
	rankContentOnly = "bm25(articles_fts, 0.0, 0.0, 0.0, 0.0, 1.0)"
)

// scopeToken is the index's word for a scenario: hex spells any scenario id as one token that no
// other id shares (the migration writes it with SQLite's hex()).
func scopeToken(scenarioID string) string {
	return strings.ToUpper(hex.EncodeToString([]byte(scenarioID)))
}

// indexArticle brings the search index and the paragraphs of a.ID in line with the stored article a:
// the agent answers from published articles only, so only they are indexed.
func indexArticle(ctx context.Context, q querier, scenarioID string, a articleRecord) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM articles_fts WHERE rowid = ?", a.ID); err != nil {
		return err
	}
	if a.State == statePublished {
		url := ""
		if a.URL != nil {
			url = *a.URL
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO articles_fts (rowid, scope, title, url, tags, content) VALUES (?, ?, ?, ?, ?, ?)",
			a.ID, scopeToken(scenarioID), a.Title, url, strings.Join(a.Tags, "\n"), a.Content); err != nil {
			return err
		}
	}
	return rebuildParagraphs(ctx, q, scenarioID, a)
}

// unindexArticles drops deleted articles from the search index; their paragraphs and language URLs cascade.
func unindexArticles(ctx context.Context, q querier, ids []int64) error {
	_, err := q.ExecContext(ctx, "DELETE FROM articles_fts WHERE rowid IN ("+placeholders(len(ids))+")", anyArgs(ids)...)
	return err
}

// searchArticles returns the top published articles matching q, best first, and how many match in all.
// Only the first withContent records carry their content: the ones the snippets are cut from.
// The ranking is remembered until the next write (see searchCache); the articles are read afresh.
func (st *store) searchArticles(ctx context.Context, scenarioID string, q searchQuery, top, withContent int) ([]articleRecord, int, error) {
	var records []articleRecord
	key := searchKey(scenarioID, q)
	gen := st.search.generation()
	ranked, hit := st.search.get(key, gen)
	hit = hit && (top <= len(ranked.ids) || len(ranked.ids) == ranked.count)
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if hit {
			if records, err = articlesByIDs(ctx, tx, ranked.ids[:min(top, len(ranked.ids))]); err != nil {
				return err
			}
			// This snapshot began with the first read; a write committed before it has bumped the generation.
			hit = st.search.generation() == gen
		}
		if !hit {
			ids, n, err := rankedMatches(ctx, tx, scenarioID, q, max(top, maxRanked))
			if err != nil {
				return err
			}
			ranked = rankedSearch{ids: ids, count: n}
			st.search.put(key, gen, ranked)
			if records, err = articlesByIDs(ctx, tx, ids[:min(top, len(ids))]); err != nil {
				return err
			}
		}
		return fillContent(ctx, tx, records[:min(withContent, len(records))])
	})
	return records, ranked.count, err
}

// rankedMatches returns the ids of the best top matches and the number of matches.
// The index folds case, so a case-sensitive search re-checks every candidate against its original text.
func rankedMatches(ctx context.Context, tx *sql.Tx, scenarioID string, q searchQuery, top int) ([]int64, int, error) {
	match := `scope : "` + scopeToken(scenarioID) + `" AND ` + q.ftsMatch()
	rank := rankAllFields
	if !q.WithMeta {
		rank = rankContentOnly
	}
	var ids []int64
	if !q.CaseSensitive {
		var count int
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
	count := 0
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

// articlesByIDs reads articles (without content) with their tags, in the order of ids.
func articlesByIDs(ctx context.Context, q querier, ids []int64) ([]articleRecord, error) {
	if len(ids) == 0 {
		return []articleRecord{}, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT "+articleColumns+" FROM articles WHERE id IN ("+placeholders(len(ids))+")", anyArgs(ids)...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]articleRecord, len(ids))
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tags, err := tagsOf(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]articleRecord, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			a.Tags = nonNil(tags[id])
			out = append(out, a)
		}
	}
	return out, nil
}

// fillContent loads the content of the given records.
func fillContent(ctx context.Context, q querier, records []articleRecord) error {
	if len(records) == 0 {
		return nil
	}
	ids := make([]int64, len(records))
	for i, a := range records {
		ids[i] = a.ID
	}
	rows, err := q.QueryContext(ctx, "SELECT id, content FROM articles WHERE id IN ("+placeholders(len(ids))+")", anyArgs(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	content := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		content[id] = c
	}
	for i := range records {
		records[i].Content = content[records[i].ID]
	}
	return rows.Err()
}
