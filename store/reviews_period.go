package store

import (
	"context"
	"fmt"
	"time"
)

// ReviewerTally is how many reviews one person gave in a period, by verdict.
type ReviewerTally struct {
	Reviewer   string // as the console knew them; empty when it knew no name
	Reviews    int    // every review, marking unreviewed included
	Good       int
	NeedsWork  int
	Unreviewed int // reviews that took a verdict back
}

// GivenBetween counts the reviews given to an agent's conversations from
// from (inclusive) to to (exclusive), per reviewer, most reviews first: one
// query, one row per person, whatever the number of reviews.
func (r *Reviews) GivenBetween(ctx context.Context, scenarioID string, from, to time.Time) ([]ReviewerTally, error) {
	rows, err := r.db.QueryContext(ctx, r.db.Rebind(`SELECT reviewer, COUNT(*),
			COUNT(*) FILTER (WHERE verdict = 'good'),
			COUNT(*) FILTER (WHERE verdict = 'needs_work'),
			COUNT(*) FILTER (WHERE verdict = 'unreviewed')
		FROM conversation_reviews
		WHERE scenario_id = ? AND at_utc >= ? AND at_utc < ?
		GROUP BY reviewer ORDER BY COUNT(*) DESC, reviewer`),
		scenarioID, from.UTC().Format(timeLayout), to.UTC().Format(timeLayout))
	if err != nil {
		return nil, fmt.Errorf("store: count the reviews of the period: %w", err)
	}
	defer rows.Close()
	var out []ReviewerTally
	for rows.Next() {
		var t ReviewerTally
		if err := rows.Scan(&t.Reviewer, &t.Reviews, &t.Good, &t.NeedsWork, &t.Unreviewed); err != nil {
			return nil, fmt.Errorf("store: read a reviewer's count: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
