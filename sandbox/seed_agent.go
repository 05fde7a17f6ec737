package sandbox

import (
	"context"
	"database/sql"
	"time"

	"qcadmin/sandbox/seed"
)

// agentSeededKey marks, in the meta table, that the demo agent's configuration (chatbot settings, widget,
// handoff, AI actions) was created. It is separate from seededKey, so a database from before these
// existed gets them once, on its next start, and later edits are never overwritten.
const agentSeededKey = "demo_agent_seeded_at"

// seedDemoAgent configures the demo agent unless the database has had its configuration before.
func seedDemoAgent(ctx context.Context, st *store, now time.Time) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if _, done, err := metaValue(ctx, tx, agentSeededKey); err != nil || done {
			return err
		}
		agent, err := demoAgent()
		if err != nil {
			return err
		}
		for kind, v := range map[string]any{
			kindChatbot: agent.Chatbot.chatbotCore,
			kindWidget:  agent.Widget,
			kindHandoff: agent.Handoff,
		} {
			if err := saveAgentSetting(ctx, tx, DemoScenarioID, kind, v); err != nil {
				return err
			}
		}
		for i, a := range seed.AIActions() {
			if _, err := insertAIAction(ctx, tx, DemoScenarioID, seedAIActionRecord(a), now.Add(time.Duration(i-10)*24*time.Hour)); err != nil {
				return err
			}
		}
		return setMetaValue(ctx, tx, agentSeededKey, now.UTC().Format(time.RFC3339))
	})
}

// seedAIActionRecord turns a seed action into a stored one.
func seedAIActionRecord(a seed.AIAction) aiActionRecord {
	orNil := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return aiActionRecord{
		Type: a.Type, Name: a.Name, Description: a.Description, Icon: orNil(a.Icon), IconColor: orNil(a.IconColor),
		Active: a.Active, Tag: orNil(a.Tag), ParameterDescription: a.ParameterDescription, Setup: a.Setup,
	}
}
