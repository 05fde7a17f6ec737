package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"qcadmin/internal/cut"
)

// AskAgain is one time the console asked a fixed conversation's question
// again, on a test conversation, once the fixing article was published: what
// the agent answered then and now, from which article version, asked by whom.
type AskAgain struct {
	ID                 int64
	FixID              int64
	ScenarioID         string
	ConversationID     string // the conversation the question came from
	Question           string
	OldAnswer          string // the agent's answer in the conversation, as sent (may hold HTML); empty when it could not be read
	NewAnswer          string // the agent's answer on the test conversation, as sent (may hold HTML)
	TestConversationID string // the test conversation the question was asked on
	ArticleID          int64
	ArticleTitle       string
	Version            *int   // the article's published version when asked; nil when the API numbers none
	Training           string // the agent's retrain state when asked, as the API names it; empty when unknown
	Asker              string
	At                 time.Time
}

// MaxAnswer bounds the bytes of an answer kept with an ask; longer answers are cut on a character boundary.
const MaxAnswer = 20000

// MaxAsks bounds how many asks one conversation's list returns, newest first.
const MaxAsks = 50

// AddAsk keeps one ask of a fix's question and returns it as stored (with
// its id, and At in UTC, now when it was zero). The fix must be the
// conversation's.
func (f *Fixes) AddAsk(ctx context.Context, a AskAgain) (AskAgain, error) {
	if a.ScenarioID == "" || a.ConversationID == "" || a.FixID <= 0 || a.ArticleID <= 0 || strings.TrimSpace(a.Question) == "" {
		return AskAgain{}, errors.New("store: an ask needs an agent, a conversation, its fix, the article and the question")
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	a.At = a.At.UTC()
	a.OldAnswer, a.NewAnswer = cut.Bytes(a.OldAnswer, MaxAnswer), cut.Bytes(a.NewAnswer, MaxAnswer)
	var version sql.NullInt64
	if a.Version != nil {
		version = sql.NullInt64{Int64: int64(*a.Version), Valid: true}
	}
	// The fix is checked in the same statement: an ask never lands on another agent's or conversation's fix.
	err := f.db.QueryRowContext(ctx, f.db.Rebind(`INSERT INTO fix_asks
		(fix_id, scenario_id, conversation_id, question, old_answer, new_answer, test_conversation_id,
		 article_id, article_title, version, training, asker, at_utc)
		SELECT id, scenario_id, conversation_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
		FROM conversation_fixes WHERE id = ? AND scenario_id = ? AND conversation_id = ?
		RETURNING id`),
		a.Question, a.OldAnswer, a.NewAnswer, a.TestConversationID, a.ArticleID, a.ArticleTitle, version, a.Training, a.Asker,
		a.At.Format(timeLayout), a.FixID, a.ScenarioID, a.ConversationID).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return AskAgain{}, ErrNoFix
	}
	if err != nil {
		return AskAgain{}, fmt.Errorf("store: keep the ask: %w", err)
	}
	return a, nil
}

// AsksForConversation returns the asks of a conversation's fixes, newest first.
func (f *Fixes) AsksForConversation(ctx context.Context, scenarioID, conversationID string) ([]AskAgain, error) {
	rows, err := f.db.QueryContext(ctx, f.db.Rebind(`SELECT id, fix_id, scenario_id, conversation_id, question, old_answer, new_answer,
		test_conversation_id, article_id, article_title, version, training, asker, at_utc
		FROM fix_asks WHERE scenario_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?`), scenarioID, conversationID, MaxAsks)
	if err != nil {
		return nil, fmt.Errorf("store: read a conversation's asks: %w", err)
	}
	defer rows.Close()
	var out []AskAgain
	for rows.Next() {
		var a AskAgain
		var version sql.NullInt64
		var at string
		if err := rows.Scan(&a.ID, &a.FixID, &a.ScenarioID, &a.ConversationID, &a.Question, &a.OldAnswer, &a.NewAnswer,
			&a.TestConversationID, &a.ArticleID, &a.ArticleTitle, &version, &a.Training, &a.Asker, &at); err != nil {
			return nil, fmt.Errorf("store: read an ask: %w", err)
		}
		if version.Valid {
			v := int(version.Int64)
			a.Version = &v
		}
		t, err := time.Parse(timeLayout, at)
		if err != nil {
			return nil, fmt.Errorf("store: ask %d has a bad time %q: %w", a.ID, at, err)
		}
		a.At = t.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}
