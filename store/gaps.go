package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"qcadmin/database"
)

// GapTerm is a key term of a visitor's question: its stem groups the forms
// of a word ("charging", "charger"), Word is the form the visitor wrote.
type GapTerm struct {
	Stem string `json:"stem"`
	Word string `json:"word"`
}

// GapRead is what the console learned by reading one conversation for the
// knowledge gaps: its first visitor questions and their key terms, and how
// Quickchat's analysis judged it.
type GapRead struct {
	ScenarioID     string
	ConversationID string
	Ord            int
	Title          string
	LastMessage    time.Time // as the list gave it when read; a later one means it changed since
	ReadAt         time.Time
	Language       string
	Analysed       bool // Quickchat gave its analysis; the fields below are empty otherwise
	Topic          string
	Sentiment      string // positive, neutral or negative
	Resolution     string // resolved, unresolved or assumed_resolved
	Flagged        bool
	Handoff        bool // handed to a human, or waiting for one
	Test           bool // a test chat of the console's playground, not a visitor's
	Questions      []string
	Terms          []GapTerm
}

// GapRun is one background reading of a period's conversations.
type GapRun struct {
	ID         int64
	ScenarioID string
	Identity   string // who started it
	From, To   time.Time
	Sealed     []byte // the token it reads with, sealed; forgotten when it ends
	State      string // queued, running, done or failed
	Total      int    // conversations of the period
	Done       int    // read in this run
	Skipped    int    // read before and unchanged since
	Failed     int
	Error      string
	Created    time.Time
	Started    time.Time
	Updated    time.Time // its last progress
	Finished   time.Time
}

// States of a GapRun.
const (
	GapRunQueued  = "queued"
	GapRunRunning = "running"
	GapRunDone    = "done"
	GapRunFailed  = "failed"
)

// Active reports whether the run still has conversations ahead.
func (r GapRun) Active() bool { return r.State == GapRunQueued || r.State == GapRunRunning }

// Gaps keeps what the console learned from reading conversations for the
// knowledge gaps, and the runs that read them. Safe for concurrent use.
type Gaps struct{ db *database.DB }

// NewGaps opens the knowledge gaps' tables in the console's database.
func NewGaps(db *database.DB) *Gaps { return &Gaps{db: db} }

// Gaps are kept beside the reviews: both are what the team learns from conversations.
func (r *Reviews) Gaps() *Gaps {
	if r == nil {
		return nil
	}
	return NewGaps(r.db)
}

// MaxGapReads bounds how many conversations one Between returns.
const MaxGapReads = 5000

// Keep stores what was read from one conversation, replacing an earlier read.
func (g *Gaps) Keep(ctx context.Context, r GapRead) error {
	if r.ScenarioID == "" || r.ConversationID == "" {
		return errors.New("store: a conversation read needs an agent and a conversation")
	}
	if r.ReadAt.IsZero() {
		r.ReadAt = time.Now()
	}
	questions, err := json.Marshal(orEmpty(r.Questions))
	if err != nil {
		return err
	}
	terms, err := json.Marshal(orEmpty(r.Terms))
	if err != nil {
		return err
	}
	_, err = g.db.ExecContext(ctx, g.db.Rebind(`INSERT INTO gap_reads (scenario_id, conversation_id, ord, title, last_message_utc, read_utc,
		language, analysed, topic, sentiment, resolution, flagged, handoff, test, questions, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (scenario_id, conversation_id) DO UPDATE SET ord = excluded.ord, title = excluded.title,
		last_message_utc = excluded.last_message_utc, read_utc = excluded.read_utc, language = excluded.language,
		analysed = excluded.analysed, topic = excluded.topic, sentiment = excluded.sentiment, resolution = excluded.resolution,
		flagged = excluded.flagged, handoff = excluded.handoff, test = excluded.test, questions = excluded.questions, terms = excluded.terms`),
		r.ScenarioID, r.ConversationID, r.Ord, r.Title, r.LastMessage.UTC().Format(timeLayout), r.ReadAt.UTC().Format(timeLayout),
		r.Language, boolInt(r.Analysed), r.Topic, r.Sentiment, r.Resolution, boolInt(r.Flagged), boolInt(r.Handoff), boolInt(r.Test), string(questions), string(terms))
	if err != nil {
		return fmt.Errorf("store: keep a conversation read: %w", err)
	}
	return nil
}

// LastRead returns, for each of the conversations read before, the last
// message it had then: one query per few hundred ids.
func (g *Gaps) LastRead(ctx context.Context, scenarioID string, conversationIDs ...string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	for len(conversationIDs) > 0 {
		chunk := conversationIDs[:min(latestChunk, len(conversationIDs))]
		conversationIDs = conversationIDs[len(chunk):]
		args := []any{scenarioID}
		for _, id := range chunk {
			args = append(args, id)
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		rows, err := g.db.QueryContext(ctx, g.db.Rebind(`SELECT conversation_id, last_message_utc FROM gap_reads
			WHERE scenario_id = ? AND conversation_id IN (`+marks+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("store: look up conversation reads: %w", err)
		}
		for rows.Next() {
			var id, at string
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return nil, err
			}
			t, _ := time.Parse(timeLayout, at)
			out[id] = t
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Between returns the conversations read whose last message fell from from
// (inclusive) to to (exclusive), latest first, at most MaxGapReads.
func (g *Gaps) Between(ctx context.Context, scenarioID string, from, to time.Time) ([]GapRead, error) {
	rows, err := g.db.QueryContext(ctx, g.db.Rebind(`SELECT scenario_id, conversation_id, ord, title, last_message_utc, read_utc, language,
		analysed, topic, sentiment, resolution, flagged, handoff, test, questions, terms FROM gap_reads
		WHERE scenario_id = ? AND last_message_utc >= ? AND last_message_utc < ? ORDER BY last_message_utc DESC, conversation_id LIMIT ?`),
		scenarioID, from.UTC().Format(timeLayout), to.UTC().Format(timeLayout), MaxGapReads)
	if err != nil {
		return nil, fmt.Errorf("store: read the period's conversation reads: %w", err)
	}
	defer rows.Close()
	var out []GapRead
	for rows.Next() {
		var r GapRead
		var last, read, questions, terms string
		var analysed, flagged, handoff, test int
		if err := rows.Scan(&r.ScenarioID, &r.ConversationID, &r.Ord, &r.Title, &last, &read, &r.Language,
			&analysed, &r.Topic, &r.Sentiment, &r.Resolution, &flagged, &handoff, &test, &questions, &terms); err != nil {
			return nil, fmt.Errorf("store: read a conversation read: %w", err)
		}
		r.LastMessage, _ = time.Parse(timeLayout, last)
		r.ReadAt, _ = time.Parse(timeLayout, read)
		r.Analysed, r.Flagged, r.Handoff, r.Test = analysed != 0, flagged != 0, handoff != 0, test != 0
		_ = json.Unmarshal([]byte(questions), &r.Questions)
		_ = json.Unmarshal([]byte(terms), &r.Terms)
		out = append(out, r)
	}
	return out, rows.Err()
}

// StartRun records a run to be queued, or returns the agent's run already
// under way (started false): one reads at a time per agent.
func (g *Gaps) StartRun(ctx context.Context, r GapRun) (run GapRun, started bool, err error) {
	if r.ScenarioID == "" {
		return GapRun{}, false, errors.New("store: a run needs an agent")
	}
	now := time.Now().UTC()
	cur, ok, err := g.ActiveRun(ctx, r.ScenarioID)
	if err != nil {
		return cur, false, err
	}
	if ok && now.Sub(cur.Updated) > GapRunSilence {
		// Its worker is gone (the queue gave up on it): it must not block the agent's readings for ever.
		if err := g.FinishRun(ctx, cur.ID, GapRunFailed, "This reading stopped making progress; a new one took over."); err != nil {
			return cur, false, err
		}
	} else if ok {
		return cur, false, nil
	}
	r.State, r.Created, r.Updated = GapRunQueued, now, now
	err = g.db.QueryRowContext(ctx, g.db.Rebind(`INSERT INTO gap_runs (scenario_id, identity, from_utc, to_utc, sealed_token, state, created_utc, updated_utc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		r.ScenarioID, r.Identity, r.From.UTC().Format(timeLayout), r.To.UTC().Format(timeLayout), r.Sealed, r.State, r.Created.Format(timeLayout),
		r.Updated.Format(timeLayout)).Scan(&r.ID)
	if database.IsUniqueViolation(err) {
		// Another replica started one at the same moment: join it.
		cur, ok, err := g.ActiveRun(ctx, r.ScenarioID)
		if err == nil && !ok {
			err = errors.New("store: the run under way ended as this one started; start again")
		}
		return cur, false, err
	}
	if err != nil {
		return GapRun{}, false, fmt.Errorf("store: record a run: %w", err)
	}
	// The agent's runs that ended long ago say nothing any more; what they read stays.
	if _, err := g.db.ExecContext(ctx, g.db.Rebind(`DELETE FROM gap_runs WHERE scenario_id = ? AND finished_utc <> '' AND finished_utc < ?`),
		r.ScenarioID, r.Created.Add(-GapRunKept).Format(timeLayout)); err != nil {
		return r, true, fmt.Errorf("store: forget old runs: %w", err)
	}
	return r, true, nil
}

// GapRunSilence is how long a run under way may make no progress before a
// new start takes over from it: far beyond any wait for the rate budget.
const GapRunSilence = 30 * time.Minute

// GapRunKept is how long an ended run is kept: a new run forgets the agent's older ones.
const GapRunKept = 30 * 24 * time.Hour

const gapRunColumns = `id, scenario_id, identity, from_utc, to_utc, sealed_token, state, total, done, skipped, failed, error,
	created_utc, started_utc, updated_utc, finished_utc`

func scanGapRun(row interface{ Scan(...any) error }) (GapRun, error) {
	var r GapRun
	var from, to, created, started, updated, finished string
	if err := row.Scan(&r.ID, &r.ScenarioID, &r.Identity, &from, &to, &r.Sealed, &r.State, &r.Total, &r.Done, &r.Skipped, &r.Failed,
		&r.Error, &created, &started, &updated, &finished); err != nil {
		return r, err
	}
	parse := func(s string) time.Time { t, _ := time.Parse(timeLayout, s); return t }
	r.From, r.To, r.Created, r.Started, r.Updated, r.Finished = parse(from), parse(to), parse(created), parse(started), parse(updated), parse(finished)
	return r, nil
}

// Run returns one run by its id.
func (g *Gaps) Run(ctx context.Context, id int64) (GapRun, error) {
	r, err := scanGapRun(g.db.QueryRowContext(ctx, g.db.Rebind(`SELECT `+gapRunColumns+` FROM gap_runs WHERE id = ?`), id))
	if err != nil {
		return r, fmt.Errorf("store: read run %d: %w", id, err)
	}
	return r, nil
}

// ActiveRun returns the agent's run under way, if any.
func (g *Gaps) ActiveRun(ctx context.Context, scenarioID string) (GapRun, bool, error) {
	return g.oneRun(ctx, `SELECT `+gapRunColumns+` FROM gap_runs WHERE scenario_id = ? AND state IN ('queued', 'running') ORDER BY id DESC LIMIT 1`, scenarioID)
}

// LatestRun returns the agent's newest run, under way or ended, if any.
func (g *Gaps) LatestRun(ctx context.Context, scenarioID string) (GapRun, bool, error) {
	return g.oneRun(ctx, `SELECT `+gapRunColumns+` FROM gap_runs WHERE scenario_id = ? ORDER BY id DESC LIMIT 1`, scenarioID)
}

// Runs returns the agent's newest runs, under way or ended, newest first:
// at most limit of them.
func (g *Gaps) Runs(ctx context.Context, scenarioID string, limit int) ([]GapRun, error) {
	rows, err := g.db.QueryContext(ctx, g.db.Rebind(`SELECT `+gapRunColumns+` FROM gap_runs WHERE scenario_id = ? ORDER BY id DESC LIMIT ?`), scenarioID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list the agent's runs: %w", err)
	}
	defer rows.Close()
	var runs []GapRun
	for rows.Next() {
		r, err := scanGapRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list the agent's runs: %w", err)
		}
		runs = append(runs, r)
	}
	return runs, rows.Err()
}

func (g *Gaps) oneRun(ctx context.Context, query, scenarioID string) (GapRun, bool, error) {
	r, err := scanGapRun(g.db.QueryRowContext(ctx, g.db.Rebind(query), scenarioID))
	if errors.Is(err, sql.ErrNoRows) {
		return GapRun{}, false, nil
	}
	if err != nil {
		return GapRun{}, false, fmt.Errorf("store: read the agent's run: %w", err)
	}
	return r, true, nil
}

// BeginRun marks a queued run running; it reports false for one already ended.
func (g *Gaps) BeginRun(ctx context.Context, id int64) (bool, error) {
	now := time.Now().UTC().Format(timeLayout)
	res, err := g.db.ExecContext(ctx, g.db.Rebind(`UPDATE gap_runs SET state = 'running', updated_utc = ?,
		started_utc = CASE WHEN started_utc = '' THEN ? ELSE started_utc END WHERE id = ? AND state IN ('queued', 'running')`),
		now, now, id)
	if err != nil {
		return false, fmt.Errorf("store: begin run %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Progress records how far a run got: the period's conversations, and how
// many it read, found unchanged or could not read.
func (g *Gaps) Progress(ctx context.Context, id int64, total, done, skipped, failed int) error {
	_, err := g.db.ExecContext(ctx, g.db.Rebind(`UPDATE gap_runs SET total = ?, done = ?, skipped = ?, failed = ?, updated_utc = ? WHERE id = ?`),
		total, done, skipped, failed, time.Now().UTC().Format(timeLayout), id)
	if err != nil {
		return fmt.Errorf("store: record run %d's progress: %w", id, err)
	}
	return nil
}

// FinishRun ends a run under way in state (done or failed), forgetting its token.
func (g *Gaps) FinishRun(ctx context.Context, id int64, state, msg string) error {
	_, err := g.db.ExecContext(ctx, g.db.Rebind(`UPDATE gap_runs SET state = ?, error = ?, finished_utc = ?, sealed_token = NULL
		WHERE id = ? AND state IN ('queued', 'running')`), state, msg, time.Now().UTC().Format(timeLayout), id)
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", id, err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// orEmpty keeps a nil list as [] in JSON.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
