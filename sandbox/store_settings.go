package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Retrain states the sandbox shows; EXTRA.md also lists null (never trained) and "failed".
const (
	retrainToBeRetrained = "to_be_retrained"
	retrainInProgress    = "in_progress"
	retrainUpToDate      = "up_to_date"
)

// A requested retrain waits retrainQueued, then runs for retrainRunning; the sandbox trains nothing, it keeps the clock.
const (
	retrainQueued  = 2 * time.Second
	retrainRunning = 5 * time.Second
)

// errRetrainInProgress refuses a retrain while another one runs.
var errRetrainInProgress = errors.New("retrain in progress")

// kbSettings is the knowledge base's settings object, exactly as the API shows it.
type kbSettings struct {
	OneWordDescription string   `json:"one_word_description"`
	ShortDescription   string   `json:"short_description"`
	AICommands         []string `json:"ai_commands"`
	RetrainState       *string  `json:"retrain_state"`
}

// settingsPatch holds the writable settings fields; nil means "leave as is".
type settingsPatch struct {
	OneWordDescription *string   `json:"one_word_description"`
	ShortDescription   *string   `json:"short_description"`
	AICommands         *[]string `json:"ai_commands"`
}

// settings returns the scenario's settings; a scenario never written to has empty ones.
func (st *store) settings(ctx context.Context, scenarioID string) (kbSettings, error) {
	return loadSettings(ctx, st.db, scenarioID, st.now())
}

// loadSettings reads the settings as of now, which decides how far a requested retrain has got.
func loadSettings(ctx context.Context, q querier, scenarioID string, now time.Time) (kbSettings, error) {
	s := kbSettings{AICommands: []string{}}
	var commands string
	var started *int64
	err := q.QueryRowContext(ctx,
		"SELECT one_word_description, short_description, ai_commands, retrain_state, retrain_started_at FROM kb_settings WHERE scenario_id = ?",
		scenarioID).Scan(&s.OneWordDescription, &s.ShortDescription, &commands, &s.RetrainState, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s.RetrainState = retrainStateAt(s.RetrainState, started, now)
	if err := json.Unmarshal([]byte(commands), &s.AICommands); err != nil {
		return s, err
	}
	if s.AICommands == nil {
		s.AICommands = []string{}
	}
	return s, nil
}

// updateSettings applies p (creating the row on first write) and returns the full settings.
func (st *store) updateSettings(ctx context.Context, scenarioID string, p settingsPatch) (kbSettings, error) {
	var s kbSettings
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		if err := applySettingsPatch(ctx, tx, scenarioID, p); err != nil {
			return err
		}
		var err error
		s, err = loadSettings(ctx, tx, scenarioID, st.now())
		return err
	})
	return s, err
}

// applySettingsPatch writes p's fields (creating the row on first write); the chatbot settings call
// writes the same three fields through it, so both endpoints show one stored value.
func applySettingsPatch(ctx context.Context, q querier, scenarioID string, p settingsPatch) error {
	if err := ensureSettings(ctx, q, scenarioID); err != nil {
		return err
	}
	if p.OneWordDescription != nil {
		if _, err := q.ExecContext(ctx, "UPDATE kb_settings SET one_word_description = ? WHERE scenario_id = ?", *p.OneWordDescription, scenarioID); err != nil {
			return err
		}
	}
	if p.ShortDescription != nil {
		if _, err := q.ExecContext(ctx, "UPDATE kb_settings SET short_description = ? WHERE scenario_id = ?", *p.ShortDescription, scenarioID); err != nil {
			return err
		}
	}
	if p.AICommands != nil {
		commands, err := json.Marshal(nonNil(*p.AICommands))
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, "UPDATE kb_settings SET ai_commands = ? WHERE scenario_id = ?", string(commands), scenarioID); err != nil {
			return err
		}
	}
	return nil
}

func ensureSettings(ctx context.Context, q querier, scenarioID string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO kb_settings (scenario_id) VALUES (?) ON CONFLICT (scenario_id) DO NOTHING", scenarioID)
	return err
}

// setRetrainState records that the knowledge base changed (or finished training). It stops the retrain
// clock: a retrain that started before the change trained on the old knowledge, so a new one is needed.
func setRetrainState(ctx context.Context, q querier, scenarioID, state string) error {
	if err := ensureSettings(ctx, q, scenarioID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "UPDATE kb_settings SET retrain_state = ?, retrain_started_at = NULL WHERE scenario_id = ?", state, scenarioID)
	return err
}

// retrainStateAt derives how far a requested retrain has got by now from when it was requested.
func retrainStateAt(stored *string, startedAt *int64, now time.Time) *string {
	if stored == nil || startedAt == nil || *stored != retrainToBeRetrained {
		return stored
	}
	state := retrainToBeRetrained
	switch elapsed := now.Sub(fromMicros(*startedAt)); {
	case elapsed >= retrainQueued+retrainRunning:
		state = retrainUpToDate
	case elapsed >= retrainQueued:
		state = retrainInProgress
	}
	return &state
}

// startRetrain requests a retrain of the knowledge base and returns the state it shows now; a request
// while one waits in the queue changes nothing, one while a retrain runs is errRetrainInProgress.
func (st *store) startRetrain(ctx context.Context, scenarioID string) (string, error) {
	var state string
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSettings(ctx, tx, scenarioID); err != nil {
			return err
		}
		var stored *string
		var started *int64
		if err := tx.QueryRowContext(ctx, "SELECT retrain_state, retrain_started_at FROM kb_settings WHERE scenario_id = ?",
			scenarioID).Scan(&stored, &started); err != nil {
			return err
		}
		now := st.now()
		if cur := retrainStateAt(stored, started, now); cur != nil && started != nil {
			switch *cur {
			case retrainInProgress:
				return errRetrainInProgress
			case retrainToBeRetrained:
				state = *cur
				return nil
			}
		}
		state = retrainToBeRetrained
		_, err := tx.ExecContext(ctx, "UPDATE kb_settings SET retrain_state = ?, retrain_started_at = ? WHERE scenario_id = ?",
			state, micros(now), scenarioID)
		return err
	})
	return state, err
}

// nonNil turns a nil slice into an empty one, so JSON shows [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
