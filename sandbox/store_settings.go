package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// Retrain states the sandbox sets; EXTRA.md also lists null, "in_progress" and "failed".
const (
	retrainToBeRetrained = "to_be_retrained"
	retrainUpToDate      = "up_to_date"
)

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
	return loadSettings(ctx, st.db, scenarioID)
}

func loadSettings(ctx context.Context, q querier, scenarioID string) (kbSettings, error) {
	s := kbSettings{AICommands: []string{}}
	var commands string
	err := q.QueryRowContext(ctx,
		"SELECT one_word_description, short_description, ai_commands, retrain_state FROM kb_settings WHERE scenario_id = ?",
		scenarioID).Scan(&s.OneWordDescription, &s.ShortDescription, &commands, &s.RetrainState)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
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
		if err := ensureSettings(ctx, tx, scenarioID); err != nil {
			return err
		}
		if p.OneWordDescription != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE kb_settings SET one_word_description = ? WHERE scenario_id = ?", *p.OneWordDescription, scenarioID); err != nil {
				return err
			}
		}
		if p.ShortDescription != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE kb_settings SET short_description = ? WHERE scenario_id = ?", *p.ShortDescription, scenarioID); err != nil {
				return err
			}
		}
		if p.AICommands != nil {
			commands, err := json.Marshal(nonNil(*p.AICommands))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE kb_settings SET ai_commands = ? WHERE scenario_id = ?", string(commands), scenarioID); err != nil {
				return err
			}
		}
		var err error
		s, err = loadSettings(ctx, tx, scenarioID)
		return err
	})
	return s, err
}

func ensureSettings(ctx context.Context, q querier, scenarioID string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO kb_settings (scenario_id) VALUES (?) ON CONFLICT (scenario_id) DO NOTHING", scenarioID)
	return err
}

// setRetrainState records that the knowledge base changed (or finished training).
func setRetrainState(ctx context.Context, q querier, scenarioID, state string) error {
	if err := ensureSettings(ctx, q, scenarioID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "UPDATE kb_settings SET retrain_state = ? WHERE scenario_id = ?", state, scenarioID)
	return err
}

// nonNil turns a nil slice into an empty one, so JSON shows [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
