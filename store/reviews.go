package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"qcadmin/database"
	"strings"
	"time"
)

// A review's verdicts, as stored here and in the conversation's metadata.
const (
	VerdictGood       = "good"
	VerdictNeedsWork  = "needs_work"
	VerdictUnreviewed = "unreviewed"
)

// Review is one verdict a person gave on a conversation through the console.
type Review struct {
	ID             int64
	ScenarioID     string // the agent the conversation belongs to
	ConversationID string
	Verdict        string // VerdictGood, VerdictNeedsWork or VerdictUnreviewed
	Note           string
	Reviewer       string // the person, as the console knows them
	At             time.Time
}

// Reviews keeps every review made through the console, so a conversation's
// review is a thread, not the last word: two people reviewing at once both
// stay in it. The latest review also goes to the conversation's metadata, for
// Quickchat's own exports; the thread lives here. Safe for concurrent use.
type Reviews struct {
	db    *database.DB
	local LocalLocks // Lock on SQLite
}

// MaxThread bounds how many reviews Thread returns, newest first.
const MaxThread = 200

// latestChunk is how many conversation ids one Latest query asks about,
// below SQLite's limit on bound parameters (PostgreSQL's is higher).
const latestChunk = 400

// NewReviews opens the review threads in the console's database.
func NewReviews(db *database.DB) (*Reviews, error) {
	return &Reviews{db: db}, nil
}

// Add keeps one review and returns it as stored (with its id, and At in UTC,
// now when it was zero).
func (r *Reviews) Add(ctx context.Context, rv Review) (Review, error) {
	if rv.ScenarioID == "" || rv.ConversationID == "" || rv.Verdict == "" {
		return Review{}, errors.New("store: a review needs an agent, a conversation and a verdict")
	}
	if rv.At.IsZero() {
		rv.At = time.Now()
	}
	rv.At = rv.At.UTC()
	err := r.db.QueryRowContext(ctx, r.db.Rebind(`INSERT INTO conversation_reviews
		(scenario_id, conversation_id, verdict, note, reviewer, at_utc) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		rv.ScenarioID, rv.ConversationID, rv.Verdict, rv.Note, rv.Reviewer, rv.At.Format(timeLayout)).Scan(&rv.ID)
	if err != nil {
		return Review{}, fmt.Errorf("store: keep the review: %w", err)
	}
	return rv, nil
}

const reviewColumns = `id, scenario_id, conversation_id, verdict, note, reviewer, at_utc`

// Thread returns one conversation's reviews, newest first (at most MaxThread).
func (r *Reviews) Thread(ctx context.Context, scenarioID, conversationID string) ([]Review, error) {
	rows, err := r.db.QueryContext(ctx, r.db.Rebind(`SELECT `+reviewColumns+` FROM conversation_reviews
		WHERE scenario_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?`), scenarioID, conversationID, MaxThread)
	if err != nil {
		return nil, fmt.Errorf("store: read the review thread: %w", err)
	}
	return scanReviews(rows)
}

// Latest returns the newest review of each of the conversations that has
// one, by conversation id: one query per few hundred ids, for a list's badges
// or an export's page.
func (r *Reviews) Latest(ctx context.Context, scenarioID string, conversationIDs ...string) (map[string]Review, error) {
	out := map[string]Review{}
	for len(conversationIDs) > 0 {
		chunk := conversationIDs[:min(latestChunk, len(conversationIDs))]
		conversationIDs = conversationIDs[len(chunk):]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, scenarioID)
		for _, id := range chunk {
			args = append(args, id)
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		rows, err := r.db.QueryContext(ctx, r.db.Rebind(`SELECT `+reviewColumns+` FROM conversation_reviews WHERE id IN (
			SELECT MAX(id) FROM conversation_reviews WHERE scenario_id = ? AND conversation_id IN (`+marks+`) GROUP BY conversation_id)`), args...)
		if err != nil {
			return nil, fmt.Errorf("store: read the latest reviews: %w", err)
		}
		reviews, err := scanReviews(rows)
		if err != nil {
			return nil, err
		}
		for _, rv := range reviews {
			out[rv.ConversationID] = rv
		}
	}
	return out, nil
}

func scanReviews(rows *sql.Rows) ([]Review, error) {
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var rv Review
		var at string
		if err := rows.Scan(&rv.ID, &rv.ScenarioID, &rv.ConversationID, &rv.Verdict, &rv.Note, &rv.Reviewer, &at); err != nil {
			return nil, fmt.Errorf("store: read a review: %w", err)
		}
		t, err := time.Parse(timeLayout, at)
		if err != nil {
			return nil, fmt.Errorf("store: review %d has a bad time %q: %w", rv.ID, at, err)
		}
		rv.At = t.UTC()
		out = append(out, rv)
	}
	return out, rows.Err()
}
