package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
)

// Article types, states and deploy states, spelled as the API spells them.
const (
	typeArticle   = "Article"
	typeParagraph = "Paragraph"
	typeURL       = "URL"

	stateDraft     = "draft"
	statePublished = "published"

	// deployDraft is what the newer reference shows for a new article. deployDeployed is the sandbox's
	// word for a published one: the reference does not show that value.
	deployDraft    = "draft"
	deployDeployed = "deployed"
	// deployNotDeployed is what older sandbox databases stored for drafts; it reads as deployDraft.
	deployNotDeployed = "not_deployed"
)

// articleRecord is one stored article with its tags; Content is empty when a list left it out.
type articleRecord struct {
	ID          int64
	ArticleID   string
	Type        string
	Title       string
	Description string
	Content     string
	State       string
	URL         *string
	ParentID    *int64
	ParentType  *string
	Shortened   bool
	Tags        []string
	DeployState string
	// Version and MaxAvailableVersion are 0 until the article is first published; the API shows that as null.
	Version             int
	MaxAvailableVersion int
	Created             time.Time
	Updated             time.Time
	Downloaded          *time.Time
	ExternalUpdated     *time.Time
}

// articlePatch is a validated article update; nil fields are left as they are.
type articlePatch struct {
	Content *string
	Title   *string
	Tags    []string // nil: unchanged; empty: remove all tags
	Publish bool
}

// articleFilter is a validated list request; string filters are already lower-cased where matching is case-insensitive.
type articleFilter struct {
	Types      []string
	Tags       []string
	URL        string
	TitleFold  string
	QueryTerms []string
	Limit      int
	Offset     int
}

const articleColumns = `id, article_id, type, title, description, state, url, parent_id, parent_type, shortened,
	deploy_state, version, max_available_version, created_at, updated_at, downloaded_at, external_updated_at`

type rowScanner interface{ Scan(dest ...any) error }

// scanArticle reads articleColumns, followed by content when withContent is set.
func scanArticle(row rowScanner, withContent bool) (articleRecord, error) {
	var a articleRecord
	var created, updated int64
	var downloaded, external *int64
	dest := []any{&a.ID, &a.ArticleID, &a.Type, &a.Title, &a.Description, &a.State, &a.URL, &a.ParentID, &a.ParentType,
		&a.Shortened, &a.DeployState, &a.Version, &a.MaxAvailableVersion, &created, &updated, &downloaded, &external}
	if withContent {
		dest = append(dest, &a.Content)
	}
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.Created, a.Updated = fromMicros(created), fromMicros(updated)
	a.Downloaded, a.ExternalUpdated = optionalTime(downloaded), optionalTime(external)
	a.Tags = []string{}
	return a, nil
}

func optionalTime(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := fromMicros(*us)
	return &t
}

func optionalMicros(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	us := micros(*t)
	return &us
}

// newArticleID makes the legacy string id: short, random, lower case.
func newArticleID() string {
	return strings.ToLower(rand.Text()[:10])
}

// insertArticle stores a (created or seeded) article with its tags, indexes it for search and returns its id.
func insertArticle(ctx context.Context, q querier, scenarioID string, a articleRecord) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO articles (scenario_id, article_id, type, title, description, content, state,
		url, parent_id, parent_type, shortened, deploy_state, version, max_available_version,
		created_at, updated_at, downloaded_at, external_updated_at, title_fold, search_fold)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		scenarioID, a.ArticleID, a.Type, a.Title, a.Description, a.Content, a.State,
		a.URL, a.ParentID, a.ParentType, a.Shortened, a.DeployState, a.Version, a.MaxAvailableVersion,
		micros(a.Created), micros(a.Updated), optionalMicros(a.Downloaded), optionalMicros(a.ExternalUpdated),
		fold(a.Title), searchFold(a.Title, a.Content))
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := replaceTags(ctx, q, id, a.Tags); err != nil {
		return 0, err
	}
	a.ID = id
	return id, indexArticle(ctx, q, scenarioID, a)
}

func replaceTags(ctx context.Context, q querier, articleID int64, tags []string) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM article_tags WHERE article_id = ?", articleID); err != nil {
		return err
	}
	for i, tag := range tags {
		if _, err := q.ExecContext(ctx, "INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)", articleID, i, tag); err != nil {
			return err
		}
	}
	return nil
}

// fold lower-cases text for case-insensitive matching in any script (SQLite's lower() only knows ASCII).
func fold(s string) string { return strings.ToLower(s) }

func searchFold(title, content string) string { return fold(title) + "\n" + fold(content) }

// articleByID reads one whole article of the scenario, or errNotFound.
func articleByID(ctx context.Context, q querier, scenarioID string, id int64) (articleRecord, error) {
	row := q.QueryRowContext(ctx, "SELECT "+articleColumns+", content FROM articles WHERE scenario_id = ? AND id = ?", scenarioID, id)
	a, err := scanArticle(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errNotFound
	}
	if err != nil {
		return a, err
	}
	tags, err := tagsOf(ctx, q, []int64{id})
	a.Tags = nonNil(tags[id])
	return a, err
}

// tagsOf returns the tags of each given article, in the order they were saved.
func tagsOf(ctx context.Context, q querier, ids []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT article_id, tag FROM article_tags WHERE article_id IN ("+placeholders(len(ids))+") ORDER BY article_id, position", anyArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, err
		}
		out[id] = append(out[id], tag)
	}
	return out, rows.Err()
}

func (st *store) article(ctx context.Context, scenarioID string, id int64) (articleRecord, error) {
	var a articleRecord
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = articleByID(ctx, tx, scenarioID, id)
		return err
	})
	return a, err
}

// createArticle stores a new draft article and returns it as saved.
func (st *store) createArticle(ctx context.Context, scenarioID, typ, title, content string) (articleRecord, error) {
	now := st.now().UTC()
	a := articleRecord{
		ArticleID: newArticleID(), Type: typ, Title: title, Content: content, Tags: []string{},
		State: stateDraft, DeployState: deployDraft, Created: now, Updated: now,
	}
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertArticle(ctx, tx, scenarioID, a)
		if err != nil {
			return err
		}
		a, err = articleByID(ctx, tx, scenarioID, id)
		return err
	})
	return a, err
}

// updateArticle saves a new version of the article and re-indexes it; publishing, or unpublishing a
// published article, marks the knowledge base for retraining.
func (st *store) updateArticle(ctx context.Context, scenarioID string, id int64, p articlePatch) (articleRecord, error) {
	var a articleRecord
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := articleByID(ctx, tx, scenarioID, id)
		if err != nil {
			return err
		}
		wasPublished := cur.State == statePublished
		if p.Content != nil {
			cur.Content = *p.Content
		}
		if p.Title != nil {
			cur.Title = *p.Title
		}
		cur.State, cur.DeployState = stateDraft, deployDraft
		if p.Publish {
			cur.State, cur.DeployState = statePublished, deployDeployed
		}
		version := nextVersion(cur.MaxAvailableVersion, p.Publish)
		_, err = tx.ExecContext(ctx, `UPDATE articles SET content = ?, title = ?, state = ?, deploy_state = ?,
			version = ?, max_available_version = ?, updated_at = ?, title_fold = ?, search_fold = ?
			WHERE id = ?`,
			cur.Content, cur.Title, cur.State, cur.DeployState, version, version, micros(st.now()),
			fold(cur.Title), searchFold(cur.Title, cur.Content), id)
		if err != nil {
			return err
		}
		if p.Tags != nil {
			if err := replaceTags(ctx, tx, id, p.Tags); err != nil {
				return err
			}
		}
		// Taking a published article back to draft removes knowledge, just as publishing adds it.
		if p.Publish || wasPublished {
			if err := setRetrainState(ctx, tx, scenarioID, retrainToBeRetrained); err != nil {
				return err
			}
		}
		if a, err = articleByID(ctx, tx, scenarioID, id); err != nil {
			return err
		}
		return indexArticle(ctx, tx, scenarioID, a)
	})
	return a, err
}

// nextVersion is the version a save makes: none (0, shown as null) while an article has never been
// published, then one more than the highest so far.
func nextVersion(maxAvailable int, publish bool) int {
	if maxAvailable == 0 && !publish {
		return 0
	}
	return maxAvailable + 1
}

// listArticles returns one page of matching articles (without content), most recently modified first, and the total match count.
func (st *store) listArticles(ctx context.Context, scenarioID string, f articleFilter) ([]articleRecord, int, error) {
	where, args := articleWhere(scenarioID, f)
	items := []articleRecord{}
	var count int
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM articles WHERE "+where, args...).Scan(&count); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+articleColumns+" FROM articles WHERE "+where+
			" ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			a, err := scanArticle(rows, false)
			if err != nil {
				return err
			}
			items = append(items, a)
			ids = append(ids, a.ID)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tags, err := tagsOf(ctx, tx, ids)
		for i := range items {
			items[i].Tags = nonNil(tags[items[i].ID])
		}
		return err
	})
	return items, count, err
}

// articleWhere builds the WHERE clause of a list request; every filter narrows the result.
func articleWhere(scenarioID string, f articleFilter) (string, []any) {
	conds := []string{"scenario_id = ?"}
	args := []any{scenarioID}
	if len(f.Types) > 0 {
		conds = append(conds, "type IN ("+placeholders(len(f.Types))+")")
		args = append(args, anyArgs(f.Types)...)
	}
	if len(f.Tags) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = articles.id AND t.tag IN ("+placeholders(len(f.Tags))+"))")
		args = append(args, anyArgs(f.Tags)...)
	}
	// instr, unlike LIKE, treats every character of the needle literally.
	if f.URL != "" {
		conds = append(conds, "instr(url, ?) > 0")
		args = append(args, f.URL)
	}
	if f.TitleFold != "" {
		conds = append(conds, "instr(title_fold, ?) > 0")
		args = append(args, f.TitleFold)
	}
	for _, term := range f.QueryTerms {
		conds = append(conds, "instr(search_fold, ?) > 0")
		args = append(args, term)
	}
	return strings.Join(conds, " AND "), args
}

// deleteArticles deletes all the given articles of the scenario, or none: when any is missing it returns the missing ids.
func (st *store) deleteArticles(ctx context.Context, scenarioID string, ids []int64) (missing []int64, err error) {
	err = st.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT id, state FROM articles WHERE scenario_id = ? AND id IN ("+placeholders(len(ids))+")",
			append([]any{scenarioID}, anyArgs(ids)...)...)
		if err != nil {
			return err
		}
		found := map[int64]bool{}
		published := false
		for rows.Next() {
			var id int64
			var state string
			if err := rows.Scan(&id, &state); err != nil {
				rows.Close()
				return err
			}
			found[id] = true
			published = published || state == statePublished
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if !found[id] {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			return nil
		}
		return removeArticles(ctx, tx, scenarioID, ids, published)
	})
	return missing, err
}

// removeArticles deletes articles (at most maxDeleteIDs a statement) with
// their search index entries; removing published knowledge changes what the
// agent knows, just as publishing does, so it then asks for a retrain.
func removeArticles(ctx context.Context, tx *sql.Tx, scenarioID string, ids []int64, published bool) error {
	for chunk := range slices.Chunk(ids, maxDeleteIDs) {
		if err := unindexArticles(ctx, tx, chunk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM articles WHERE id IN ("+placeholders(len(chunk))+")", anyArgs(chunk)...); err != nil {
			return err
		}
	}
	if published {
		return setRetrainState(ctx, tx, scenarioID, retrainToBeRetrained)
	}
	return nil
}

// tags returns the distinct tags of the scenario's articles, sorted.
func (st *store) tags(ctx context.Context, scenarioID string) ([]string, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT DISTINCT t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id
		WHERE a.scenario_id = ? ORDER BY t.tag`, scenarioID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := []string{}
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return nil, err
		}
		tags = append(tags, tag)
	}
	return tags, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// anyArgs turns values into query arguments.
func anyArgs[T any](values []T) []any {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return args
}
