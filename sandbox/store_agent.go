package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// Kinds of agent_settings rows: each holds one configuration object of the agent as JSON.
const (
	kindChatbot = "chatbot" // the chatbot settings without the three fields kb_settings keeps
	kindWidget  = "widget"
	kindHandoff = "handoff"
)

// loadAgentSetting reads the scenario's configuration of the given kind over v, which holds the defaults:
// a scenario never written to, and keys a database from an older qcadmin lacks, keep them.
func loadAgentSetting(ctx context.Context, q querier, scenarioID, kind string, v any) error {
	var value string
	err := q.QueryRowContext(ctx, "SELECT value FROM agent_settings WHERE scenario_id = ? AND kind = ?", scenarioID, kind).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(value), v)
}

// saveAgentSetting stores v as the scenario's configuration of the given kind, replacing what was there.
func saveAgentSetting(ctx context.Context, q querier, scenarioID, kind string, v any) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO agent_settings (scenario_id, kind, value) VALUES (?, ?, ?)
		ON CONFLICT (scenario_id, kind) DO UPDATE SET value = excluded.value`, scenarioID, kind, string(value))
	return err
}

// agentSetting returns the scenario's configuration of a kind, starting from def.
func agentSetting[T any](ctx context.Context, st *store, scenarioID, kind string, def T) (T, error) {
	v := def
	err := loadAgentSetting(ctx, st.db, scenarioID, kind, &v)
	return v, err
}

// updateAgentSetting applies change to the stored configuration (def when none is stored) and saves the
// result in one transaction, unless change returns an error, which is passed on.
func updateAgentSetting[T any](ctx context.Context, st *store, scenarioID, kind string, def T, change func(*T) error) (T, error) {
	v := def
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		if err := loadAgentSetting(ctx, tx, scenarioID, kind, &v); err != nil {
			return err
		}
		if err := change(&v); err != nil {
			return err
		}
		return saveAgentSetting(ctx, tx, scenarioID, kind, v)
	})
	return v, err
}
