package sandbox

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"time"

	"qcadmin/sandbox/seed"
)

// Bounds of the simulated sources: plenty for trying a diff, and no way to grow the database without end.
const (
	maxSourcesPerScenario = 100
	maxExternalArticles   = 500
)

// Diff states, spelled as the API spells them.
const (
	diffChanged   = "CHANGED"
	diffUnchanged = "UNCHANGED"
	diffRemoved   = "REMOVED"
)

var (
	errTooManySources  = errors.New("too many sources")
	errTooManyExternal = errors.New("too many external articles")
)

// externalArticle is an article on the external side of a source.
type externalArticle struct {
	ID       int64
	Source   string
	Title    string
	Content  string
	URL      string
	Revision int
	Created  time.Time
	Updated  time.Time
	Imported *int64 // the knowledge base copy, when there is one
}

// externalEdit is a validated change of an external article; nil fields stay as they are.
type externalEdit struct {
	Title, Content *string
}

// sourceDiff compares one knowledge base copy with its external article.
type sourceDiff struct {
	Internal string
	External string
	Article  articleRecord // the knowledge base copy, without content
}

// copiedHash fingerprints what an import copied, so a later edit of the copy shows as a change.
func copiedHash(title, content string) string {
	sum := sha256.Sum256([]byte(title + "\x00" + content))
	return hex.EncodeToString(sum[:])
}

// ensureSource creates the source with its seed articles the first time a scenario uses it.
func ensureSource(ctx context.Context, q querier, scenarioID, source string, now time.Time) error {
	var exists bool
	if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sources WHERE scenario_id = ? AND name = ?)", scenarioID, source).Scan(&exists); err != nil || exists {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sources WHERE scenario_id = ?", scenarioID).Scan(&n); err != nil {
		return err
	}
	if n >= maxSourcesPerScenario {
		return errTooManySources
	}
	if _, err := q.ExecContext(ctx, "INSERT INTO sources (scenario_id, name, created_at) VALUES (?, ?, ?)", scenarioID, source, micros(now)); err != nil {
		return err
	}
	for i, sa := range seed.SourceArticles(source) {
		// Seed articles were written a while ago, oldest first, so they read like a real help center's.
		at := now.Add(-time.Duration(sa.AgeDays)*24*time.Hour - time.Duration(i)*time.Hour)
		if _, err := insertExternal(ctx, q, scenarioID, source, sa.Title, sa.Content, at); err != nil {
			return err
		}
	}
	return nil
}

// insertExternal adds an article to the external side and gives it the address the source would.
func insertExternal(ctx context.Context, q querier, scenarioID, source, title, content string, at time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO source_articles (scenario_id, source, title, content, url, revision, created_at, updated_at)
		VALUES (?, ?, ?, ?, '', 1, ?, ?)`, scenarioID, source, title, content, micros(at), micros(at))
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, "UPDATE source_articles SET url = ? WHERE id = ?", seed.ExternalURL(source, id, title), id)
	return id, err
}

const externalColumns = `e.id, e.source, e.title, e.content, e.url, e.revision, e.created_at, e.updated_at, l.article_id`

func scanExternal(row rowScanner) (externalArticle, error) {
	var x externalArticle
	var created, updated int64
	err := row.Scan(&x.ID, &x.Source, &x.Title, &x.Content, &x.URL, &x.Revision, &created, &updated, &x.Imported)
	x.Created, x.Updated = fromMicros(created), fromMicros(updated)
	return x, err
}

// externalArticles lists the source's external articles, oldest first, with their knowledge base copies.
func externalArticles(ctx context.Context, q querier, scenarioID, source string) ([]externalArticle, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+externalColumns+` FROM source_articles e
		LEFT JOIN source_links l ON l.scenario_id = e.scenario_id AND l.source = e.source AND l.external_id = e.id
		WHERE e.scenario_id = ? AND e.source = ? ORDER BY e.id`, scenarioID, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []externalArticle{}
	for rows.Next() {
		x, err := scanExternal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func externalByID(ctx context.Context, q querier, scenarioID, source string, id int64) (externalArticle, error) {
	x, err := scanExternal(q.QueryRowContext(ctx, "SELECT "+externalColumns+` FROM source_articles e
		LEFT JOIN source_links l ON l.scenario_id = e.scenario_id AND l.source = e.source AND l.external_id = e.id
		WHERE e.scenario_id = ? AND e.source = ? AND e.id = ?`, scenarioID, source, id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, errNotFound
	}
	return x, err
}

// externalList returns the external side of a source, creating the source on first use.
func (st *store) externalList(ctx context.Context, scenarioID, source string) ([]externalArticle, error) {
	var out []externalArticle
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSource(ctx, tx, scenarioID, source, st.now()); err != nil {
			return err
		}
		var err error
		out, err = externalArticles(ctx, tx, scenarioID, source)
		return err
	})
	return out, err
}

// addExternal writes a new article on the external side.
func (st *store) addExternal(ctx context.Context, scenarioID, source, title, content string) (externalArticle, error) {
	var x externalArticle
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		now := st.now()
		if err := ensureSource(ctx, tx, scenarioID, source, now); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM source_articles WHERE scenario_id = ? AND source = ?", scenarioID, source).Scan(&n); err != nil {
			return err
		}
		if n >= maxExternalArticles {
			return errTooManyExternal
		}
		id, err := insertExternal(ctx, tx, scenarioID, source, title, content, now)
		if err != nil {
			return err
		}
		x, err = externalByID(ctx, tx, scenarioID, source, id)
		return err
	})
	return x, err
}

// editExternal changes an external article; a change of title or content is a new revision.
func (st *store) editExternal(ctx context.Context, scenarioID, source string, id int64, e externalEdit) (externalArticle, error) {
	var x externalArticle
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := externalByID(ctx, tx, scenarioID, source, id)
		if err != nil {
			return err
		}
		title, content := cur.Title, cur.Content
		if e.Title != nil {
			title = *e.Title
		}
		if e.Content != nil {
			content = *e.Content
		}
		if title != cur.Title || content != cur.Content {
			if _, err := tx.ExecContext(ctx, "UPDATE source_articles SET title = ?, content = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
				title, content, micros(st.now()), id); err != nil {
				return err
			}
		}
		x, err = externalByID(ctx, tx, scenarioID, source, id)
		return err
	})
	return x, err
}

// removeExternal deletes an article from the external side; its knowledge base copy stays, and the diff shows it REMOVED.
func (st *store) removeExternal(ctx context.Context, scenarioID, source string, id int64) error {
	res, err := st.db.ExecContext(ctx, "DELETE FROM source_articles WHERE scenario_id = ? AND source = ? AND id = ?", scenarioID, source, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = errNotFound
		}
		return err
	}
	return nil
}

// syncSource copies the external side into the knowledge base: for every external article, its copy is
// created (when fetchNew) or brought up to date. With only set, just those knowledge base articles are
// refreshed; ids that are no copy of this source come back as missing and nothing changes. It returns
// the copies of all external articles that exist, without content, oldest copy first.
func (st *store) syncSource(ctx context.Context, scenarioID, source string, only []int64, fetchNew bool) (snapshots []articleRecord, missing []int64, err error) {
	err = st.inTx(ctx, func(tx *sql.Tx) error {
		now := st.now().UTC()
		if err := ensureSource(ctx, tx, scenarioID, source, now); err != nil {
			return err
		}
		externals, err := externalArticles(ctx, tx, scenarioID, source)
		if err != nil {
			return err
		}
		if only != nil {
			if missing, err = unlinkedIDs(ctx, tx, scenarioID, source, only); err != nil || len(missing) > 0 {
				return err
			}
		}
		var ids []int64
		for _, x := range externals {
			switch {
			case x.Imported == nil && fetchNew:
				id, err := importExternal(ctx, tx, scenarioID, x, now)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			case x.Imported == nil:
			case only == nil || slices.Contains(only, *x.Imported):
				if err := recopyExternal(ctx, tx, scenarioID, *x.Imported, x, now); err != nil {
					return err
				}
				ids = append(ids, *x.Imported)
			default:
				ids = append(ids, *x.Imported)
			}
		}
		slices.Sort(ids)
		snapshots, err = articlesByIDs(ctx, tx, ids)
		return err
	})
	return snapshots, missing, err
}

// unlinkedIDs returns the ids that name no knowledge base copy of the source.
func unlinkedIDs(ctx context.Context, q querier, scenarioID, source string, ids []int64) ([]int64, error) {
	var missing []int64
	for _, id := range ids {
		var exists bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM source_links WHERE article_id = ? AND scenario_id = ? AND source = ?)",
			id, scenarioID, source).Scan(&exists); err != nil {
			return nil, err
		}
		if !exists && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

// importExternal makes the knowledge base copy of an external article: a draft, with parent_type the
// source's name and parent_id the external id.
func importExternal(ctx context.Context, q querier, scenarioID string, x externalArticle, now time.Time) (int64, error) {
	url, parentID, parentType := x.URL, x.ID, x.Source
	a := importedArticle{Type: typeArticle, Title: x.Title, Content: x.Content, URL: &url,
		ParentID: &parentID, ParentType: &parentType, External: true}.record(now)
	id, err := insertArticle(ctx, q, scenarioID, a)
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, "INSERT INTO source_links (article_id, scenario_id, source, external_id, revision, copied_hash) VALUES (?, ?, ?, ?, ?, ?)",
		id, scenarioID, x.Source, x.ID, x.Revision, copiedHash(x.Title, x.Content))
	return id, err
}

// recopyExternal overwrites a knowledge base copy with its external article when they differ. Like any
// save without publishing, that makes a new draft version; taking a published article back to draft
// marks the knowledge base for retraining.
func recopyExternal(ctx context.Context, q querier, scenarioID string, articleID int64, x externalArticle, now time.Time) error {
	cur, err := articleByID(ctx, q, scenarioID, articleID)
	if err != nil {
		return err
	}
	if cur.Title != x.Title || cur.Content != x.Content || cur.URL == nil || *cur.URL != x.URL {
		version := nextVersion(cur.MaxAvailableVersion, false)
		if _, err := q.ExecContext(ctx, `UPDATE articles SET title = ?, content = ?, url = ?, state = ?, deploy_state = ?,
			version = ?, max_available_version = ?, updated_at = ?, downloaded_at = ?, external_updated_at = ?,
			title_fold = ?, search_fold = ? WHERE id = ?`,
			x.Title, x.Content, x.URL, stateDraft, deployDraft, version, version, micros(now), micros(now), micros(now),
			fold(x.Title), searchFold(x.Title, x.Content), articleID); err != nil {
			return err
		}
		if cur.State == statePublished {
			if err := setRetrainState(ctx, q, scenarioID, retrainToBeRetrained); err != nil {
				return err
			}
		}
		a, err := articleByID(ctx, q, scenarioID, articleID)
		if err != nil {
			return err
		}
		if err := indexArticle(ctx, q, scenarioID, a); err != nil {
			return err
		}
	}
	_, err = q.ExecContext(ctx, "UPDATE source_links SET revision = ?, copied_hash = ? WHERE article_id = ?",
		x.Revision, copiedHash(x.Title, x.Content), articleID)
	return err
}

// deleteSourceArticles deletes every knowledge base article that came from the source.
func (st *store) deleteSourceArticles(ctx context.Context, scenarioID, source string) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, state FROM articles WHERE scenario_id = ? AND
			(parent_type = ? OR id IN (SELECT article_id FROM source_links WHERE scenario_id = ? AND source = ?))`,
			scenarioID, source, scenarioID, source)
		if err != nil {
			return err
		}
		var ids []int64
		published := false
		for rows.Next() {
			var id int64
			var state string
			if err := rows.Scan(&id, &state); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
			published = published || state == statePublished
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		return removeArticles(ctx, tx, scenarioID, ids, published)
	})
}

// diffSource compares every knowledge base copy of the source with its external article: internal
// CHANGED when the copy was edited since it was copied, external CHANGED when the external article has a
// newer revision, REMOVED when it no longer exists. A source never imported has no copies, so no diffs.
func (st *store) diffSource(ctx context.Context, scenarioID, source string) ([]sourceDiff, error) {
	out := []sourceDiff{}
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT article_id, external_id, revision, copied_hash FROM source_links WHERE scenario_id = ? AND source = ? ORDER BY article_id",
			scenarioID, source)
		if err != nil {
			return err
		}
		type link struct {
			articleID, externalID int64
			revision              int
			hash                  string
		}
		var links []link
		for rows.Next() {
			var l link
			if err := rows.Scan(&l.articleID, &l.externalID, &l.revision, &l.hash); err != nil {
				rows.Close()
				return err
			}
			links = append(links, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, l := range links {
			a, err := articleByID(ctx, tx, scenarioID, l.articleID)
			if err != nil {
				return err
			}
			d := sourceDiff{Internal: diffUnchanged, External: diffUnchanged}
			if copiedHash(a.Title, a.Content) != l.hash {
				d.Internal = diffChanged
			}
			x, err := externalByID(ctx, tx, scenarioID, source, l.externalID)
			switch {
			case errors.Is(err, errNotFound):
				d.External = diffRemoved
			case err != nil:
				return err
			case x.Revision != l.revision:
				d.External = diffChanged
			}
			a.Content = ""
			d.Article = a
			out = append(out, d)
		}
		return nil
	})
	return out, err
}
