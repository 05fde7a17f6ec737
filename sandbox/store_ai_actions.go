package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AI action types, as the API spells them.
const (
	actionHTTPRequest   = "http_request"
	actionRemoteMCP     = "remote_mcp"
	actionShopify       = "shopify"
	actionKnowledgeBase = "knowledge_base"
)

// aiActionRecord is one stored AI action. Setup is what a dashboard-made action needs to run (a request
// URL, an MCP server, a Shopify store), as JSON; the API does not show it, but it decides is_valid.
type aiActionRecord struct {
	ID                   int64
	Type                 string
	Name                 string
	Description          string
	Icon                 *string
	IconColor            *string
	Active               bool
	Tag                  *string // knowledge_base actions only
	ParameterDescription string  // knowledge_base actions only
	Setup                string
}

const aiActionColumns = "id, type, name, description, icon, icon_color, is_active, tag, parameter_description, setup"

func scanAIAction(row rowScanner) (aiActionRecord, error) {
	var a aiActionRecord
	err := row.Scan(&a.ID, &a.Type, &a.Name, &a.Description, &a.Icon, &a.IconColor, &a.Active, &a.Tag, &a.ParameterDescription, &a.Setup)
	return a, err
}

// aiActions returns the scenario's actions in the order they were made, and the tags its articles use.
func (st *store) aiActions(ctx context.Context, scenarioID string) ([]aiActionRecord, map[string]bool, error) {
	actions := []aiActionRecord{}
	var tags map[string]bool
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+aiActionColumns+" FROM ai_actions WHERE scenario_id = ? ORDER BY id", scenarioID)
		if err != nil {
			return err
		}
		for rows.Next() {
			a, err := scanAIAction(rows)
			if err != nil {
				rows.Close()
				return err
			}
			actions = append(actions, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		tags, err = tagsInUse(ctx, tx, scenarioID)
		return err
	})
	return actions, tags, err
}

// aiAction returns one action of the scenario and whether its tag is used by an article, or errNotFound.
func (st *store) aiAction(ctx context.Context, scenarioID string, id int64) (aiActionRecord, bool, error) {
	var a aiActionRecord
	var tagUsed bool
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, tagUsed, err = loadAIAction(ctx, tx, scenarioID, id)
		return err
	})
	return a, tagUsed, err
}

func loadAIAction(ctx context.Context, q querier, scenarioID string, id int64) (aiActionRecord, bool, error) {
	a, err := scanAIAction(q.QueryRowContext(ctx, "SELECT "+aiActionColumns+" FROM ai_actions WHERE scenario_id = ? AND id = ?", scenarioID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, errNotFound
	}
	if err != nil || a.Tag == nil {
		return a, false, err
	}
	var used bool
	err = q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM article_tags t JOIN articles a ON a.id = t.article_id
		WHERE a.scenario_id = ? AND t.tag = ?)`, scenarioID, *a.Tag).Scan(&used)
	return a, used, err
}

// tagsInUse is the set of tags the scenario's articles carry, published or not.
func tagsInUse(ctx context.Context, q querier, scenarioID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE a.scenario_id = ?`, scenarioID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := map[string]bool{}
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return nil, err
		}
		tags[tag] = true
	}
	return tags, rows.Err()
}

// insertAIAction stores a new (created or seeded) action and returns its id.
func insertAIAction(ctx context.Context, q querier, scenarioID string, a aiActionRecord, now time.Time) (int64, error) {
	if a.Setup == "" {
		a.Setup = "{}"
	}
	res, err := q.ExecContext(ctx, `INSERT INTO ai_actions (scenario_id, type, name, description, icon, icon_color, is_active, tag,
		parameter_description, setup, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		scenarioID, a.Type, a.Name, a.Description, a.Icon, a.IconColor, a.Active, a.Tag, a.ParameterDescription, a.Setup, micros(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// createAIAction stores a new action and returns it with whether its tag is in use.
func (st *store) createAIAction(ctx context.Context, scenarioID string, a aiActionRecord) (aiActionRecord, bool, error) {
	var tagUsed bool
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertAIAction(ctx, tx, scenarioID, a, st.now())
		if err != nil {
			return err
		}
		a, tagUsed, err = loadAIAction(ctx, tx, scenarioID, id)
		return err
	})
	return a, tagUsed, err
}

// updateAIAction applies change to a stored action and saves it, unless change returns an error;
// errNotFound when the scenario has no such action.
func (st *store) updateAIAction(ctx context.Context, scenarioID string, id int64, change func(a *aiActionRecord, tagUsed bool) error) (aiActionRecord, bool, error) {
	var a aiActionRecord
	var tagUsed bool
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, tagUsed, err = loadAIAction(ctx, tx, scenarioID, id); err != nil {
			return err
		}
		if err := change(&a, tagUsed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ai_actions SET name = ?, description = ?, is_active = ?, tag = ?, parameter_description = ?
			WHERE scenario_id = ? AND id = ?`, a.Name, a.Description, a.Active, a.Tag, a.ParameterDescription, scenarioID, id); err != nil {
			return err
		}
		a, tagUsed, err = loadAIAction(ctx, tx, scenarioID, id)
		return err
	})
	return a, tagUsed, err
}

// deleteAIAction removes an action, or returns errNotFound.
func (st *store) deleteAIAction(ctx context.Context, scenarioID string, id int64) error {
	res, err := st.db.ExecContext(ctx, "DELETE FROM ai_actions WHERE scenario_id = ? AND id = ?", scenarioID, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errNotFound
	}
	return nil
}
