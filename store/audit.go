// Package store keeps the console's own state in its database (SQLite in the
// data dir, or PostgreSQL shared by several replicas; see package database):
// the audit log of every write made through the console, the thread of every
// review of a conversation, and the inbox views a team saved. Every query is
// written once and runs on both.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"qcadmin/database"
	"strings"
	"time"
)

// ErrNotFound is returned by Get for an id the log does not hold.
var ErrNotFound = errors.New("store: no such audit entry")

// ArticleActionPrefix starts the action of every entry that carries one
// article's content (article.create, article.update, article.publish,
// article.restore); ArticleVersions reads those.
const ArticleActionPrefix = "article."

// Entry is one write made through the console, as the audit log keeps it.
type Entry struct {
	ID         int64
	At         time.Time // UTC
	Identity   string    // the person, as the console knows them
	ClientIP   string
	RequestID  string
	Agent      string // the agent's label in the console
	ScenarioID string
	Action     string   // e.g. article.update, kb_settings.update
	TargetIDs  []string // what the write touched: article ids, conversation ids, source names…
	Summary    string   // one line a person can read
	// Before and After are the object around the write: for articles the whole
	// article (content in full) as JSON, JSON for other objects, empty when unknown.
	Before, After string
	Status        int    // the API's HTTP status, 0 when no answer came
	ErrorCode     string // the API's error code, or the console's when the call was not answered
}

// OK reports a write the API accepted.
func (e Entry) OK() bool { return e.Status >= 200 && e.Status < 300 }

// Filter narrows List and Each. Zero values match everything.
type Filter struct {
	// ScenarioID keeps one agent's entries: a person signed in to one agent
	// must not read another agent's articles through the log.
	ScenarioID string
	Identity   string
	// Action matches exactly, or as a group: "article" matches article.update.
	Action string
	Target string
	From   time.Time // inclusive
	To     time.Time // exclusive
	Limit  int       // List only; 0 means DefaultLimit, capped at MaxLimit
	Offset int       // List only
}

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// maxVersions bounds an article's history to what a panel can show.
const maxVersions = 200

// Audit is the append-only audit log. Safe for concurrent use.
type Audit struct {
	db  *database.DB
	log *slog.Logger
}

// timeLayout is fixed-width, so text order is time order and range filters use the index.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// NewAudit opens the audit log in the console's database (migrated by
// database.Setup). log gets one "audit" line per entry; nil means slog.Default().
func NewAudit(db *database.DB, log *slog.Logger) (*Audit, error) {
	if log == nil {
		log = slog.Default()
	}
	return &Audit{db: db, log: log}, nil
}

// Record appends e, with anything that looks like a token or an api key
// masked, and writes it as one "audit" log line, even when storing it fails,
// so the log stream still has it.
func (a *Audit) Record(ctx context.Context, e Entry) error {
	e = scrubEntry(e)
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	id, err := a.insert(ctx, e)
	e.ID = id
	a.logLine(ctx, e, err)
	return err
}

func (a *Audit) insert(ctx context.Context, e Entry) (int64, error) {
	targets, err := json.Marshal(nonNil(e.TargetIDs))
	if err != nil {
		return 0, err
	}
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: record audit entry: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, a.db.Rebind(`INSERT INTO audit_entries
		(at_utc, identity, client_ip, request_id, agent, scenario_id, action_name, targets, summary, before_body, after_body, status, error_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.At.Format(timeLayout), e.Identity, e.ClientIP, e.RequestID, e.Agent, e.ScenarioID, e.Action,
		string(targets), e.Summary, e.Before, e.After, e.Status, e.ErrorCode).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: record audit entry: %w", err)
	}
	insertTarget := a.db.Rebind(`INSERT INTO audit_targets (target, entry_id) VALUES (?, ?)`)
	for _, t := range distinct(e.TargetIDs) {
		if _, err := tx.ExecContext(ctx, insertTarget, t, id); err != nil {
			return 0, fmt.Errorf("store: record audit target: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: record audit entry: %w", err)
	}
	return id, nil
}

// logLine writes every field but the bodies, which only say how long they are.
func (a *Audit) logLine(ctx context.Context, e Entry, err error) {
	attrs := []slog.Attr{
		slog.Int64("id", e.ID),
		slog.String("at", e.At.Format(time.RFC3339Nano)),
		slog.String("identity", e.Identity),
		slog.String("client_ip", e.ClientIP),
		slog.String("request_id", e.RequestID),
		slog.String("agent", e.Agent),
		slog.String("scenario_id", e.ScenarioID),
		slog.String("action", e.Action),
		slog.Any("target_ids", nonNil(e.TargetIDs)),
		slog.String("summary", e.Summary),
		slog.Int("before_len", len(e.Before)),
		slog.Int("after_len", len(e.After)),
		slog.Int("status", e.Status),
		slog.String("error_code", e.ErrorCode),
		slog.Bool("stored", err == nil),
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "audit", attrs...)
}

// Get returns one entry, or ErrNotFound.
func (a *Audit) Get(ctx context.Context, id int64) (Entry, error) {
	rows, err := a.db.QueryContext(ctx, a.db.Rebind(`SELECT `+columns+` FROM audit_entries WHERE id = ?`), id)
	if err != nil {
		return Entry{}, err
	}
	entries, err := scanEntries(rows)
	if err != nil {
		return Entry{}, err
	}
	if len(entries) == 0 {
		return Entry{}, ErrNotFound
	}
	return entries[0], nil
}

// List returns one page of the entries f matches, newest first, and how many match in all.
func (a *Audit) List(ctx context.Context, f Filter) ([]Entry, int, error) {
	where, args := f.where()
	var total int
	if err := a.db.QueryRowContext(ctx, a.db.Rebind(`SELECT COUNT(*) FROM audit_entries`+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit entries: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	rows, err := a.db.QueryContext(ctx, a.db.Rebind(`SELECT `+columns+` FROM audit_entries`+where+` ORDER BY id DESC LIMIT ? OFFSET ?`),
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit entries: %w", err)
	}
	entries, err := scanEntries(rows)
	return entries, total, err
}

// eachPage is how many entries Each reads at a time.
const eachPage = 200

// Each calls fn on every entry f matches (ignoring Limit and Offset), newest
// first. It reads a page at a time and holds no database connection while fn
// runs, so a slow download does not hold up the console; entries recorded
// meanwhile are newer than the first one read and are left out.
func (a *Audit) Each(ctx context.Context, f Filter, fn func(Entry) error) error {
	where, args := f.where()
	if where == "" {
		where = " WHERE TRUE"
	}
	last := int64(-1)
	for {
		q := `SELECT ` + columns + ` FROM audit_entries` + where
		pageArgs := args
		if last >= 0 {
			q += ` AND id < ?`
			pageArgs = append(append([]any{}, args...), last)
		}
		rows, err := a.db.QueryContext(ctx, a.db.Rebind(q+` ORDER BY id DESC LIMIT ?`), append(pageArgs, eachPage)...)
		if err != nil {
			return fmt.Errorf("store: read audit entries: %w", err)
		}
		entries, err := scanEntries(rows)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(entries) < eachPage {
			return nil
		}
		last = entries[len(entries)-1].ID
	}
}

// ArticleVersions returns the entries that carry an article's content, newest
// first: each holds the article before the write and what the API answered after.
func (a *Audit) ArticleVersions(ctx context.Context, scenarioID string, articleID int64) ([]Entry, error) {
	rows, err := a.db.QueryContext(ctx, a.db.Rebind(`SELECT `+columns+` FROM audit_entries
		WHERE scenario_id = ? AND action_name LIKE ? ESCAPE '\' AND (before_body != '' OR after_body != '')
		AND id IN (SELECT entry_id FROM audit_targets WHERE target = ?)
		ORDER BY id DESC LIMIT ?`),
		scenarioID, likePrefix(ArticleActionPrefix), fmt.Sprint(articleID), maxVersions)
	if err != nil {
		return nil, fmt.Errorf("store: read article versions: %w", err)
	}
	return scanEntries(rows)
}

// Facets lists the people and actions an agent's log holds, for the filter menus.
func (a *Audit) Facets(ctx context.Context, scenarioID string) (identities, actions []string, err error) {
	if identities, err = a.distinct(ctx, "identity", scenarioID); err != nil {
		return nil, nil, err
	}
	actions, err = a.distinct(ctx, "action_name", scenarioID)
	return identities, actions, err
}

func (a *Audit) distinct(ctx context.Context, column, scenarioID string) ([]string, error) {
	rows, err := a.db.QueryContext(ctx, a.db.Rebind(`SELECT DISTINCT `+column+` FROM audit_entries WHERE scenario_id = ? AND `+column+` != '' ORDER BY 1`), scenarioID)
	if err != nil {
		return nil, fmt.Errorf("store: read audit %s values: %w", column, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if f.ScenarioID != "" {
		add("scenario_id = ?", f.ScenarioID)
	}
	if f.Identity != "" {
		add("identity = ?", f.Identity)
	}
	if f.Action != "" {
		add(`(action_name = ? OR action_name LIKE ? ESCAPE '\')`, f.Action, likePrefix(f.Action+"."))
	}
	if f.Target != "" {
		add("id IN (SELECT entry_id FROM audit_targets WHERE target = ?)", f.Target)
	}
	if !f.From.IsZero() {
		add("at_utc >= ?", f.From.UTC().Format(timeLayout))
	}
	if !f.To.IsZero() {
		add("at_utc < ?", f.To.UTC().Format(timeLayout))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likePrefix matches strings starting with p, taken literally.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

const columns = `id, at_utc, identity, client_ip, request_id, agent, scenario_id, action_name, targets, summary, before_body, after_body, status, error_code`

func scanEntries(rows *sql.Rows) ([]Entry, error) {
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at, targets string
		if err := rows.Scan(&e.ID, &at, &e.Identity, &e.ClientIP, &e.RequestID, &e.Agent, &e.ScenarioID, &e.Action,
			&targets, &e.Summary, &e.Before, &e.After, &e.Status, &e.ErrorCode); err != nil {
			return nil, fmt.Errorf("store: read audit entry: %w", err)
		}
		t, err := time.Parse(timeLayout, at)
		if err != nil {
			return nil, fmt.Errorf("store: audit entry %d has a bad time %q: %w", e.ID, at, err)
		}
		e.At = t.UTC()
		if err := json.Unmarshal([]byte(targets), &e.TargetIDs); err != nil {
			return nil, fmt.Errorf("store: audit entry %d has bad targets: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func distinct(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
