package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"qcadmin/database"
)

// Fix links a conversation the agent answered badly to the article saved to
// answer it better, both ways: the review thread shows the article, the
// article's history the conversation.
type Fix struct {
	ID                int64
	ScenarioID        string // the agent both belong to
	ConversationID    string
	ConversationLabel string // "#12": the number people know the conversation by
	ArticleID         int64
	ArticleTitle      string // as saved
	Version           *int   // the article's version after the save; nil for a draft never published
	Fixer             string // the person who saved the article
	At                time.Time
	// Question is the visitor's question the fix was made from, as the fix
	// page showed it; Ask again asks it. Empty for fixes kept before it was.
	Question string
	// AnswerEventID is the event id of the agent's answer being fixed; empty for its last answer.
	AnswerEventID string
}

// Fixes keeps the links between conversations and the articles that fix them.
// Safe for concurrent use.
type Fixes struct{ db *database.DB }

// MaxFixes bounds how many links one conversation's or one article's list returns, newest first.
const MaxFixes = 100

// Fixes are kept beside the reviews: a fix continues a conversation's review thread.
func (r *Reviews) Fixes() *Fixes {
	if r == nil {
		return nil
	}
	return &Fixes{db: r.db}
}

// Add keeps one link and returns it as stored (with its id, and At in UTC, now when it was zero).
func (f *Fixes) Add(ctx context.Context, fx Fix) (Fix, error) {
	if fx.ScenarioID == "" || fx.ConversationID == "" || fx.ArticleID <= 0 {
		return Fix{}, errors.New("store: a fix needs an agent, a conversation and an article")
	}
	if fx.At.IsZero() {
		fx.At = time.Now()
	}
	fx.At = fx.At.UTC()
	var version sql.NullInt64
	if fx.Version != nil {
		version = sql.NullInt64{Int64: int64(*fx.Version), Valid: true}
	}
	err := f.db.QueryRowContext(ctx, f.db.Rebind(`INSERT INTO conversation_fixes
		(scenario_id, conversation_id, conversation_label, article_id, article_title, version, fixer, at_utc, question, answer_event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		fx.ScenarioID, fx.ConversationID, fx.ConversationLabel, fx.ArticleID, fx.ArticleTitle, version, fx.Fixer, fx.At.Format(timeLayout),
		fx.Question, fx.AnswerEventID).Scan(&fx.ID)
	if err != nil {
		return Fix{}, fmt.Errorf("store: keep the fix: %w", err)
	}
	return fx, nil
}

const fixColumns = `id, scenario_id, conversation_id, conversation_label, article_id, article_title, version, fixer, at_utc, question, answer_event_id`

// ErrNoFix says the console keeps no such fix for the agent and conversation.
var ErrNoFix = errors.New("store: no such fix")

// Get returns one fix of one conversation; ErrNoFix when the agent's
// conversation has no fix with this id.
func (f *Fixes) Get(ctx context.Context, scenarioID, conversationID string, id int64) (Fix, error) {
	rows, err := f.db.QueryContext(ctx, f.db.Rebind(`SELECT `+fixColumns+` FROM conversation_fixes
		WHERE id = ? AND scenario_id = ? AND conversation_id = ?`), id, scenarioID, conversationID)
	if err != nil {
		return Fix{}, fmt.Errorf("store: read a fix: %w", err)
	}
	list, err := scanFixes(rows)
	switch {
	case err != nil:
		return Fix{}, err
	case len(list) == 0:
		return Fix{}, ErrNoFix
	}
	return list[0], nil
}

// ForConversation returns the articles saved to fix one conversation, newest first.
func (f *Fixes) ForConversation(ctx context.Context, scenarioID, conversationID string) ([]Fix, error) {
	rows, err := f.db.QueryContext(ctx, f.db.Rebind(`SELECT `+fixColumns+` FROM conversation_fixes
		WHERE scenario_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?`), scenarioID, conversationID, MaxFixes)
	if err != nil {
		return nil, fmt.Errorf("store: read a conversation's fixes: %w", err)
	}
	return scanFixes(rows)
}

// ForArticle returns the conversations one article was saved to answer, newest first.
func (f *Fixes) ForArticle(ctx context.Context, scenarioID string, articleID int64) ([]Fix, error) {
	rows, err := f.db.QueryContext(ctx, f.db.Rebind(`SELECT `+fixColumns+` FROM conversation_fixes
		WHERE scenario_id = ? AND article_id = ? ORDER BY id DESC LIMIT ?`), scenarioID, articleID, MaxFixes)
	if err != nil {
		return nil, fmt.Errorf("store: read an article's fixes: %w", err)
	}
	return scanFixes(rows)
}

func scanFixes(rows *sql.Rows) ([]Fix, error) {
	defer rows.Close()
	var out []Fix
	for rows.Next() {
		var fx Fix
		var version sql.NullInt64
		var at string
		if err := rows.Scan(&fx.ID, &fx.ScenarioID, &fx.ConversationID, &fx.ConversationLabel, &fx.ArticleID, &fx.ArticleTitle, &version, &fx.Fixer, &at, &fx.Question, &fx.AnswerEventID); err != nil {
			return nil, fmt.Errorf("store: read a fix: %w", err)
		}
		if version.Valid {
			v := int(version.Int64)
			fx.Version = &v
		}
		t, err := time.Parse(timeLayout, at)
		if err != nil {
			return nil, fmt.Errorf("store: fix %d has a bad time %q: %w", fx.ID, at, err)
		}
		fx.At = t.UTC()
		out = append(out, fx)
	}
	return out, rows.Err()
}
