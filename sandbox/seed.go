package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"qcadmin/sandbox/seed"
)

// seededKey marks, in the meta table, that the demo agent was created; it is created once, so edits survive restarts.
const seededKey = "demo_seeded_at"

// seedDemo creates the demo agent's knowledge base unless the database has had it before.
func seedDemo(ctx context.Context, st *store, now time.Time) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if _, done, err := metaValue(ctx, tx, seededKey); err != nil || done {
			return err
		}
		if err := seedSettings(ctx, tx); err != nil {
			return err
		}
		for i, sa := range seed.Articles() {
			// Spread the hours too, so no two articles share a timestamp and the order is stable.
			jitter := time.Duration(i*37%600) * time.Minute
			id, err := insertArticle(ctx, tx, DemoScenarioID, seedArticleRecord(sa, now.Add(-jitter)))
			if err != nil {
				return err
			}
			if err := insertLangURLs(ctx, tx, id, sa.LangURLs); err != nil {
				return err
			}
		}
		return setMetaValue(ctx, tx, seededKey, now.UTC().Format(time.RFC3339))
	})
}

// seedSettings writes the demo agent's knowledge base settings: the last three fields of its chatbot settings.
func seedSettings(ctx context.Context, q querier) error {
	agent, err := demoAgent()
	if err != nil {
		return err
	}
	commands, err := json.Marshal(agent.Chatbot.AICommands)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO kb_settings (scenario_id, one_word_description, short_description, ai_commands, retrain_state)
		VALUES (?, ?, ?, ?, ?)`,
		DemoScenarioID, agent.Chatbot.OneWordDescription, agent.Chatbot.ShortDescription, string(commands), retrainUpToDate)
	return err
}

// demoAgentConfig is the demo agent's configuration, read from seed.Agent.
type demoAgentConfig struct {
	Chatbot chatbotSettings `json:"chatbot_settings"`
	Widget  widgetConfig    `json:"widget"`
	Handoff handoffConfig   `json:"handoff"`
}

// demoAgent reads seed.Agent strictly: a field the API does not have is an error, not a setting lost.
// The widget starts from a new widget's defaults.
func demoAgent() (demoAgentConfig, error) {
	agent := demoAgentConfig{Widget: defaultWidgetConfig()}
	dec := json.NewDecoder(bytes.NewReader(seed.Agent))
	dec.DisallowUnknownFields()
	err := dec.Decode(&agent)
	return agent, err
}

// seedArticleRecord turns a seed article into a stored article as of now.
func seedArticleRecord(sa seed.Article, now time.Time) articleRecord {
	day := 24 * time.Hour
	created := now.Add(-time.Duration(sa.CreatedAgo) * day).UTC()
	updated := now.Add(-time.Duration(sa.EditedAgo) * day).UTC()
	a := articleRecord{
		ArticleID: newArticleID(), Type: sa.Type, Title: sa.Title, Description: sa.Description, Content: sa.Content,
		Tags: sa.Tags, State: stateDraft, DeployState: deployDraft,
		Version: max(sa.Versions, 1), MaxAvailableVersion: max(sa.Versions, 1),
		Created: created, Updated: updated,
	}
	if !sa.Published && sa.Versions <= 1 {
		a.Version, a.MaxAvailableVersion = 0, 0 // a draft never published has no version yet
	}
	if a.Type == "" {
		a.Type = typeArticle
	}
	if sa.Published {
		a.State, a.DeployState = statePublished, deployDeployed
	}
	if sa.URL != "" {
		url := sa.URL
		a.URL = &url
	}
	if a.Type == typeURL {
		a.Downloaded, a.ExternalUpdated = &updated, &updated
	}
	return a
}
