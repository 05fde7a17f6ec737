package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// ratingConfig is the conversation rating configuration, exactly as the API shows it.
type ratingConfig struct {
	Active        bool     `json:"conv_rating_active"`
	PopupActive   bool     `json:"conv_rating_popup_active"`
	QuestionCodes []string `json:"conv_rating_question_codes"`
}

// defaultRatingConfig is what a scenario shows before anyone changes it: the configuration Quickchat documents.
func defaultRatingConfig() ratingConfig {
	return ratingConfig{Active: true, PopupActive: true, QuestionCodes: []string{"HELPFUL_THUMBS", "EXPERIENCE_THUMBS"}}
}

// ratingConfig returns the scenario's rating configuration.
func (st *store) ratingConfig(ctx context.Context, scenarioID string) (ratingConfig, error) {
	return loadRatingConfig(ctx, st.db, scenarioID)
}

func loadRatingConfig(ctx context.Context, q querier, scenarioID string) (ratingConfig, error) {
	c := defaultRatingConfig()
	var codes string
	err := q.QueryRowContext(ctx, "SELECT active, popup_active, question_codes FROM conversation_rating_settings WHERE scenario_id = ?",
		scenarioID).Scan(&c.Active, &c.PopupActive, &codes)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.QuestionCodes = nil
	if err := json.Unmarshal([]byte(codes), &c.QuestionCodes); err != nil {
		return c, err
	}
	c.QuestionCodes = nonNil(c.QuestionCodes)
	return c, nil
}

// updateRatingConfig applies change to the stored configuration and saves the result, unless change returns an error.
func (st *store) updateRatingConfig(ctx context.Context, scenarioID string, change func(*ratingConfig) error) (ratingConfig, error) {
	var c ratingConfig
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = loadRatingConfig(ctx, tx, scenarioID); err != nil {
			return err
		}
		if err := change(&c); err != nil {
			return err
		}
		codes, err := json.Marshal(nonNil(c.QuestionCodes))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO conversation_rating_settings (scenario_id, active, popup_active, question_codes)
			VALUES (?, ?, ?, ?) ON CONFLICT (scenario_id) DO UPDATE SET
			active = excluded.active, popup_active = excluded.popup_active, question_codes = excluded.question_codes`,
			scenarioID, c.Active, c.PopupActive, string(codes))
		return err
	})
	return c, err
}
