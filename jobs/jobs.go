// Package jobs runs the knowledge base's bulk work in the background: publish
// or tag many articles, on the River job queue kept in the console's own
// database (SQLite, or PostgreSQL shared by replicas), so that a job outlives
// the page that started it, survives a restart and resumes where it stopped.
// A job acts with the token of the person who started it, sealed at rest,
// spends the rate budget after people's page views, and records each article
// it changes in the audit log under that person.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"qcadmin/apiclient"
	"qcadmin/database"
)

// Kind is what a job does to each article.
type Kind string

// The kinds of job.
const (
	Publish    Kind = "publish"
	AddTags    Kind = "add_tags"
	RemoveTags Kind = "remove_tags"
	Export     Kind = "export"     // a zip of Markdown files, one per article
	RenameTag  Kind = "rename_tag" // tag A becomes tag B (a merge when B is in use)
	Delete     Kind = "delete"
)

// Valid reports whether k is a kind of job the console runs.
func (k Kind) Valid() bool {
	return k == Publish || k == AddTags || k == RemoveTags || k == Export || k == RenameTag || k == Delete
}

// Verb is the kind as people read it in a heading: "Publish".
func (k Kind) Verb() string {
	switch k {
	case Publish:
		return "Publish"
	case AddTags:
		return "Add tags to"
	case RemoveTags:
		return "Remove tags from"
	case Export:
		return "Export"
	case RenameTag:
		return "Rename a tag on"
	case Delete:
		return "Delete"
	case Import:
		return "Import"
	}
	return string(k)
}

// States of a job.
const (
	Queued    = "queued"
	Running   = "running"
	Done      = "done"
	Cancelled = "cancelled"
	Failed    = "failed"
)

// Outcomes of one item.
const (
	OutcomeChanged   = "changed"   // published, its tags changed, or exported
	OutcomeUnchanged = "unchanged" // nothing to do: already published, already tagged
	OutcomeFailed    = "failed"
)

// Filter is the article list's filter a job works through: every article
// matching it when the job starts.
type Filter struct {
	Query string `json:"query,omitempty"`
	Title string `json:"title,omitempty"`
	Tags  string `json:"tags,omitempty"`
	Types string `json:"types,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Params lists the list's params for f, a page at offset.
func (f Filter) Params(limit, offset int) apiclient.ListArticlesParams {
	p := apiclient.ListArticlesParams{Limit: limit, Offset: offset, Query: f.Query, Title: f.Title, URL: f.URL}
	if f.Types != "" {
		p.Types = []string{f.Types}
	}
	if f.Tags != "" {
		p.Tags = []string{f.Tags}
	}
	return p
}

// params is what a job was asked to do, kept as JSON in its row.
type params struct {
	IDs    []int64  `json:"ids,omitempty"`
	Filter *Filter  `json:"filter,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	Back   string   `json:"back,omitempty"`
	// Languages are the languages whose URLs an export writes into each file.
	Languages []string `json:"languages,omitempty"`
	// Retrain asks Quickchat to retrain the knowledge base once the job has changed articles.
	Retrain bool `json:"retrain,omitempty"`
}

// Job is one bulk job as its pages show it.
type Job struct {
	ID         int64
	ScenarioID string
	Agent      string
	Identity   string // who started it: the job acts and is audited as them
	Kind       Kind
	Label      string
	Tags       []string
	Filter     *Filter
	Back       string   // the page that started it
	Languages  []string // an export's languages whose URLs it reads
	Retrain    bool     // retrain the knowledge base when done
	Note       string   // what it did after its articles
	State      string
	Total      int
	Done       int // items finished, whatever their outcome
	Failed     int
	Resolved   bool // its items are listed (a filter is resolved when the job starts)
	Error      string
	Created    time.Time
	Started    time.Time
	Finished   time.Time
	cancelAsk  bool
	riverJobID int64
	sealed     []byte
}

// Running reports whether the job still has work ahead.
func (j Job) Running() bool { return j.State == Queued || j.State == Running }

// Item is one article of a job and what happened to it.
type Item struct {
	Seq       int
	ArticleID int64
	Title     string
	Outcome   string // "" while pending
	Message   string
	Body      string // an export's Markdown file
	refused   bool   // Quickchat refused the job's token: the job stops
	cost      Cost   // an import's calls for this article, for the time left
	creating  string // when a run began creating its article (an import), "" before
}

// ErrNotFound is a job that does not exist for this agent.
var ErrNotFound = errors.New("jobs: no such job")

const jobColumns = `id, scenario_id, agent, identity, kind, label, params, sealed_token, state, total, done, failed,
	resolved, cancel_requested, river_job_id, error, note, created_utc, started_utc, finished_utc`

func scanJob(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var kind, p, created, started, finished string
	var resolved, cancel int
	err := row.Scan(&j.ID, &j.ScenarioID, &j.Agent, &j.Identity, &kind, &j.Label, &p, &j.sealed, &j.State,
		&j.Total, &j.Done, &j.Failed, &resolved, &cancel, &j.riverJobID, &j.Error, &j.Note, &created, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return j, ErrNotFound
	}
	if err != nil {
		return j, err
	}
	j.Kind, j.Resolved, j.cancelAsk = Kind(kind), resolved != 0, cancel != 0
	var pp params
	if err := json.Unmarshal([]byte(p), &pp); err == nil {
		j.Tags, j.Filter, j.Back, j.Languages, j.Retrain = pp.Tags, pp.Filter, pp.Back, pp.Languages, pp.Retrain
	}
	j.Created, j.Started, j.Finished = parseTime(created), parseTime(started), parseTime(finished)
	return j, nil
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// jobStore is the jobs' tables in the console's database.
type jobStore struct{ db *database.DB }

func (s jobStore) q(query string) string { return s.db.Rebind(query) }

func (s jobStore) insert(ctx context.Context, j Job, p params) (int64, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return 0, err
	}
	state := j.State
	if state == "" {
		state = Queued
	}
	var id int64
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO bulk_jobs (scenario_id, agent, identity, kind, label, state, params, sealed_token, created_utc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		j.ScenarioID, j.Agent, j.Identity, string(j.Kind), j.Label, state, string(raw), j.sealed, now()).Scan(&id)
	return id, err
}

func (s jobStore) get(ctx context.Context, id int64) (Job, error) {
	return scanJob(s.db.QueryRowContext(ctx, s.q(`SELECT `+jobColumns+` FROM bulk_jobs WHERE id = ?`), id))
}

func (s jobStore) list(ctx context.Context, scenarioID string, limit int) ([]Job, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+jobColumns+` FROM bulk_jobs WHERE scenario_id = ? AND state <> ? ORDER BY id DESC LIMIT ?`), scenarioID, staged, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// items is every article of a job with its outcome, in order; pendingOnly
// keeps those not done yet, with their bodies (an import's article files).
func (s jobStore) items(ctx context.Context, id int64, pendingOnly bool) ([]Item, error) {
	if pendingOnly {
		return s.queryItems(ctx, `SELECT seq, article_id, title, outcome, message, body, creating_utc FROM bulk_job_items
			WHERE job_id = ? AND outcome = '' ORDER BY seq`, id)
	}
	return s.queryItems(ctx, `SELECT seq, article_id, title, outcome, message, '', creating_utc FROM bulk_job_items
		WHERE job_id = ? ORDER BY seq`, id)
}

// itemPage is up to limit articles of a job with their outcomes, in order, from offset.
func (s jobStore) itemPage(ctx context.Context, id int64, offset, limit int) ([]Item, error) {
	return s.queryItems(ctx, `SELECT seq, article_id, title, outcome, message, '', creating_utc FROM bulk_job_items
		WHERE job_id = ? ORDER BY seq LIMIT ? OFFSET ?`, id, limit, offset)
}

// queryItems reads the items a query selects: seq, article_id, title,
// outcome, message, body and creating_utc, in that order.
func (s jobStore) queryItems(ctx context.Context, query string, args ...any) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.Seq, &it.ArticleID, &it.Title, &it.Outcome, &it.Message, &it.Body, &it.creating); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// eachBody calls fn with each exported article of a job, in order, with its Markdown file.
func (s jobStore) eachBody(ctx context.Context, id int64, fn func(Item) error) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT seq, article_id, title, outcome, message, body FROM bulk_job_items
		WHERE job_id = ? AND outcome = ? ORDER BY seq`), id, OutcomeChanged)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.Seq, &it.ArticleID, &it.Title, &it.Outcome, &it.Message, &it.Body); err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	return rows.Err()
}

// setItems lists a job's articles, once: a second call (a job resumed while
// it was listing them) finds them listed and changes nothing.
func (s jobStore) setItems(ctx context.Context, id int64, items []Item) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET resolved = 1, total = ? WHERE id = ? AND resolved = 0`), len(items), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO bulk_job_items (job_id, seq, article_id, title, body,
		creates, writes, reads, lang_writes, lang_reads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, it := range items {
		c := it.cost
		if _, err := stmt.ExecContext(ctx, id, i, it.ArticleID, it.Title, it.Body, c.Creates, c.Writes, c.Reads, c.LangWrites, c.LangReads); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// finishItem records one item's outcome and counts it, once.
func (s jobStore) finishItem(ctx context.Context, id int64, it Item) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE bulk_job_items SET outcome = ?, message = ?, title = ?, body = ?, article_id = ?, finished_utc = ?
		WHERE job_id = ? AND seq = ? AND outcome = ''`), it.Outcome, it.Message, it.Title, it.Body, it.ArticleID, now(), id, it.Seq)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	failed := 0
	if it.Outcome == OutcomeFailed {
		failed = 1
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET done = done + 1, failed = failed + ? WHERE id = ?`), failed, id); err != nil {
		return err
	}
	return tx.Commit()
}

// pendingCost is the calls a job's pending items need, as its import's dry run counted them.
func (s jobStore) pendingCost(ctx context.Context, id int64) (Cost, error) {
	var c Cost
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(creates), 0), COALESCE(SUM(writes), 0), COALESCE(SUM(reads), 0),
		COALESCE(SUM(lang_writes), 0), COALESCE(SUM(lang_reads), 0) FROM bulk_job_items WHERE job_id = ? AND outcome = ''`), id).
		Scan(&c.Creates, &c.Writes, &c.Reads, &c.LangWrites, &c.LangReads)
	return c, err
}

// markCreating records that a run is about to create item seq's article,
// before it asks Quickchat: a run after a hard stop then looks for the
// article before creating another.
func (s jobStore) markCreating(ctx context.Context, id int64, seq int) (string, error) {
	at := now()
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_job_items SET creating_utc = ? WHERE job_id = ? AND seq = ?`), at, id, seq)
	return at, err
}

// recordedArticles are the articles a job's finished items name: an article
// one of them created is no other item's.
func (s jobStore) recordedArticles(ctx context.Context, id int64) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT article_id FROM bulk_job_items WHERE job_id = ? AND outcome <> ''`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var aid int64
		if err := rows.Scan(&aid); err != nil {
			return nil, err
		}
		out[aid] = true
	}
	return out, rows.Err()
}

func (s jobStore) setRiverID(ctx context.Context, id, riverID int64) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET river_job_id = ? WHERE id = ?`), riverID, id)
	return err
}

func (s jobStore) start(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET state = 'running',
		started_utc = CASE WHEN started_utc = '' THEN ? ELSE started_utc END WHERE id = ? AND state IN ('queued', 'running')`), now(), id)
	return err
}

// finish ends a job still under way in state, forgetting its token.
func (s jobStore) finish(ctx context.Context, id int64, state, msg string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET state = ?, error = ?, finished_utc = ?, sealed_token = NULL
		WHERE id = ? AND state IN ('queued', 'running')`), state, msg, now(), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func (s jobStore) setNote(ctx context.Context, id int64, note string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET note = ? WHERE id = ?`), note, id)
	return err
}

func (s jobStore) askCancel(ctx context.Context, id int64, scenarioID string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE bulk_jobs SET cancel_requested = 1 WHERE id = ? AND scenario_id = ?`), id, scenarioID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// cleanTags trims, drops empty and repeated tags, keeping their order.
func cleanTags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		for part := range strings.SplitSeq(t, ",") {
			part = strings.TrimSpace(part)
			if part != "" && !seen[part] {
				seen[part] = true
				out = append(out, part)
			}
		}
	}
	return out
}
