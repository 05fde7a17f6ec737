package sandbox

import (
	"context"
	"database/sql"
	"strings"

	"qcadmin/sandbox/extract"
)

// paragraphRecord is one stored chunk of a published article.
type paragraphRecord struct {
	ID        int64
	ArticleID int64
	Content   string
}

// paragraphFilter is a validated paragraph list request; QueryTerms are lower-cased.
type paragraphFilter struct {
	QueryTerms []string
	Limit      int
	Offset     int
}

// rebuildParagraphs replaces the chunks of article a.ID: a published article gets fresh ones, any other none.
func rebuildParagraphs(ctx context.Context, q querier, scenarioID string, a articleRecord) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM paragraphs WHERE article_id = ?", a.ID); err != nil {
		return err
	}
	if a.State != statePublished {
		return nil
	}
	for i, chunk := range chunkArticle(a.Type, a.Content) {
		if _, err := q.ExecContext(ctx, "INSERT INTO paragraphs (scenario_id, article_id, position, content, content_fold) VALUES (?, ?, ?, ?, ?)",
			scenarioID, a.ID, i, chunk, fold(chunk)); err != nil {
			return err
		}
	}
	return nil
}

// chunkArticle splits an article into the paragraphs the agent answers from: a Paragraph-type article is
// one chunk, other articles are cut by extract.Chunk.
func chunkArticle(typ, content string) []string {
	content = strings.TrimSpace(strings.ReplaceAll(content, "\r\n", "\n"))
	if content == "" {
		return nil
	}
	if typ == typeParagraph {
		return []string{content}
	}
	return extract.Chunk(content)
}

// backfillParagraphs chunks every published article when there are no paragraphs at all, as in a
// database created before paragraphs existed.
func (st *store) backfillParagraphs(ctx context.Context) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM paragraphs)").Scan(&exists); err != nil || exists {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT scenario_id, id, type, content FROM articles WHERE state = ? ORDER BY id", statePublished)
		if err != nil {
			return err
		}
		type pending struct {
			scenarioID string
			a          articleRecord
		}
		var todo []pending
		for rows.Next() {
			p := pending{a: articleRecord{State: statePublished}}
			if err := rows.Scan(&p.scenarioID, &p.a.ID, &p.a.Type, &p.a.Content); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range todo {
			if err := rebuildParagraphs(ctx, tx, p.scenarioID, p.a); err != nil {
				return err
			}
		}
		return nil
	})
}

// listParagraphs returns one page of the scenario's paragraphs, by article and then position, and the total match count.
func (st *store) listParagraphs(ctx context.Context, scenarioID string, f paragraphFilter) ([]paragraphRecord, int, error) {
	conds := []string{"scenario_id = ?"}
	args := []any{scenarioID}
	for _, term := range f.QueryTerms {
		conds = append(conds, "instr(content_fold, ?) > 0")
		args = append(args, term)
	}
	where := strings.Join(conds, " AND ")
	items := []paragraphRecord{}
	var count int
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM paragraphs WHERE "+where, args...).Scan(&count); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, article_id, content FROM paragraphs WHERE "+where+
			" ORDER BY article_id, position LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p paragraphRecord
			if err := rows.Scan(&p.ID, &p.ArticleID, &p.Content); err != nil {
				return err
			}
			items = append(items, p)
		}
		return rows.Err()
	})
	return items, count, err
}
