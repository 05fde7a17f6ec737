package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"qcadmin/database"
	"strings"
	"time"
	"unicode/utf8"
)

// View is a named set of inbox filters a team keeps and shares: the query
// string of the conversation list, saved under a name for one agent.
type View struct {
	ID         int64
	ScenarioID string // the agent whose inbox it filters
	Name       string
	Query      string // the list's query string, without "?"
	CreatedBy  string
	CreatedAt  time.Time
}

// Limits of the saved views.
const (
	MaxViewName      = 80   // characters
	MaxViewQuery     = 2000 // bytes of query string
	MaxViewsPerAgent = 50   // views one agent keeps
)

// Errors Add returns for a view it does not keep.
var (
	ErrViewName    = errors.New("store: a view needs a name")
	ErrViewExists  = errors.New("store: a view with this name exists")
	ErrViewsFull   = errors.New("store: this agent keeps as many views as it may")
	ErrViewTooLong = errors.New("store: the view's name or filters are too long")
)

// Views keeps the inbox views of each agent in the console's database. Safe
// for concurrent use, and across replicas on one PostgreSQL database.
type Views struct {
	db *database.DB
	// takeTurns makes saves to one agent's views wait for each other within a
	// transaction, where the insert's count alone cannot: on PostgreSQL two
	// inserts at once each count the views without the other's.
	takeTurns string
}

// NewViews opens the saved views in the console's database.
func NewViews(db *database.DB) (*Views, error) {
	v := &Views{db: db}
	if db.Dialect == database.Postgres {
		v.takeTurns = `SELECT pg_advisory_xact_lock(?::int4, ?::int4)`
	}
	return v, nil
}

const insertView = `INSERT INTO inbox_views (scenario_id, name, query, created_by, created_utc)
	SELECT ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM inbox_views WHERE scenario_id = ?) < ?
	RETURNING id`

// Add keeps a view, refusing an empty or over-long name, a name the agent
// already uses (whatever its case: of ASCII letters on SQLite, of any letter
// on PostgreSQL) and a view past MaxViewsPerAgent. The count
// is checked in the same statement as the insert, after any other save to the
// agent's views is done (SQLite has one writer; on PostgreSQL the agent's
// advisory lock), so two saves at once, from any replicas, cannot pass the
// limit together.
func (v *Views) Add(ctx context.Context, view View) (View, error) {
	view.Name = strings.TrimSpace(view.Name)
	switch {
	case view.ScenarioID == "" || view.Name == "":
		return View{}, ErrViewName
	case utf8.RuneCountInString(view.Name) > MaxViewName || len(view.Query) > MaxViewQuery:
		return View{}, ErrViewTooLong
	}
	if view.CreatedAt.IsZero() {
		view.CreatedAt = time.Now()
	}
	view.CreatedAt = view.CreatedAt.UTC()
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return View{}, fmt.Errorf("store: keep the view: %w", err)
	}
	defer tx.Rollback()
	if v.takeTurns != "" {
		if _, err := tx.ExecContext(ctx, v.db.Rebind(v.takeTurns), lockSpaceViews, lockKey(view.ScenarioID)); err != nil {
			return View{}, fmt.Errorf("store: keep the view: %w", err)
		}
	}
	err = tx.QueryRowContext(ctx, v.db.Rebind(insertView),
		view.ScenarioID, view.Name, view.Query, view.CreatedBy, view.CreatedAt.Format(timeLayout), view.ScenarioID, MaxViewsPerAgent).Scan(&view.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return View{}, ErrViewsFull
	case database.IsUniqueViolation(err):
		return View{}, ErrViewExists
	case err != nil:
		return View{}, fmt.Errorf("store: keep the view: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return View{}, fmt.Errorf("store: keep the view: %w", err)
	}
	return view, nil
}

const viewColumns = `id, scenario_id, name, query, created_by, created_utc`

// List returns the agent's views by name, whatever its case.
func (v *Views) List(ctx context.Context, scenarioID string) ([]View, error) {
	rows, err := v.db.QueryContext(ctx, v.db.Rebind(`SELECT `+viewColumns+` FROM inbox_views
		WHERE scenario_id = ? ORDER BY lower(name), id LIMIT ?`), scenarioID, MaxViewsPerAgent)
	if err != nil {
		return nil, fmt.Errorf("store: read the views: %w", err)
	}
	defer rows.Close()
	var out []View
	for rows.Next() {
		view, err := scanView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, view)
	}
	return out, rows.Err()
}

// Get returns one of the agent's views; ok is false when it has none with this id.
func (v *Views) Get(ctx context.Context, scenarioID string, id int64) (View, bool, error) {
	row := v.db.QueryRowContext(ctx, v.db.Rebind(`SELECT `+viewColumns+` FROM inbox_views WHERE scenario_id = ? AND id = ?`), scenarioID, id)
	view, err := scanView(row)
	if errors.Is(err, sql.ErrNoRows) {
		return View{}, false, nil
	}
	if err != nil {
		return View{}, false, err
	}
	return view, true, nil
}

// Delete removes one of the agent's views, reporting whether there was one.
func (v *Views) Delete(ctx context.Context, scenarioID string, id int64) (bool, error) {
	res, err := v.db.ExecContext(ctx, v.db.Rebind(`DELETE FROM inbox_views WHERE scenario_id = ? AND id = ?`), scenarioID, id)
	if err != nil {
		return false, fmt.Errorf("store: delete the view: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func scanView(row interface{ Scan(...any) error }) (View, error) {
	var view View
	var at string
	if err := row.Scan(&view.ID, &view.ScenarioID, &view.Name, &view.Query, &view.CreatedBy, &at); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return View{}, err
		}
		return View{}, fmt.Errorf("store: read a view: %w", err)
	}
	t, err := time.Parse(timeLayout, at)
	if err != nil {
		return View{}, fmt.Errorf("store: view %d has a bad time %q: %w", view.ID, at, err)
	}
	view.CreatedAt = t.UTC()
	return view, nil
}

// maxReviewers bounds the reviewer names Reviewers returns.
const maxReviewers = 200

// Reviewers are the names that reviewed the agent's conversations through
// the console, most recent reviewer first: the inbox offers them in its
// reviewer filter.
func (r *Reviews) Reviewers(ctx context.Context, scenarioID string) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, r.db.Rebind(`SELECT reviewer FROM conversation_reviews
		WHERE scenario_id = ? AND reviewer != '' GROUP BY reviewer ORDER BY MAX(id) DESC LIMIT ?`), scenarioID, maxReviewers)
	if err != nil {
		return nil, fmt.Errorf("store: read the reviewers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
