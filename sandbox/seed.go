package sandbox

import (
	"context"
	"database/sql"
	"time"
)

// seededKey marks, in the meta table, that the demo agent was created; it is created once, so edits survive restarts.
const seededKey = "demo_seeded_at"

// seedArticle is one demo article; ages are in days before the first start.
type seedArticle struct {
	Title       string
	Type        string // "" means Article
	Description string
	URL         string            // set for pages imported from the website
	LangURLs    map[string]string // language code → the localized page of the article
	Tags        []string
	Published   bool
	Versions    int // saved versions so far; 0 means 1
	CreatedAgo  int
	EditedAgo   int
	Content     string
}

// seedDemo creates the demo agent's knowledge base unless the database has had it before.
func seedDemo(ctx context.Context, st *store, now time.Time) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if _, done, err := metaValue(ctx, tx, seededKey); err != nil || done {
			return err
		}
		if err := seedSettings(ctx, tx); err != nil {
			return err
		}
		for i, sa := range demoArticles() {
			// Spread the hours too, so no two articles share a timestamp and the order is stable.
			jitter := time.Duration(i*37%600) * time.Minute
			id, err := insertArticle(ctx, tx, DemoScenarioID, sa.record(now.Add(-jitter)))
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

func seedSettings(ctx context.Context, q querier) error {
	_, err := q.ExecContext(ctx, `INSERT INTO kb_settings (scenario_id, one_word_description, short_description, ai_commands, retrain_state)
		VALUES (?, ?, ?, ?, ?)`,
		DemoScenarioID,
		"Vela",
		"Vela is the customer support assistant of Velora Bikes, a European maker and retailer of electric bikes. "+
			"Vela answers questions about orders, delivery, returns, warranty, batteries, maintenance, payment and riding, "+
			"using only the Velora knowledge base. When the knowledge base has no answer, Vela offers to hand the conversation to the support team.",
		`["Be friendly and concise; use the customer's language.",`+
			`"Never promise delivery dates or refunds that the knowledge base does not state.",`+
			`"For safety issues (brakes, battery damage, smoke or swelling) tell the rider to stop using the bike and contact support at once.",`+
			`"Ask for the order number before discussing a specific order."]`,
		retrainUpToDate)
	return err
}

// record turns a seed entry into a stored article as of now.
func (sa seedArticle) record(now time.Time) articleRecord {
	day := 24 * time.Hour
	created := now.Add(-time.Duration(sa.CreatedAgo) * day).UTC()
	updated := now.Add(-time.Duration(sa.EditedAgo) * day).UTC()
	a := articleRecord{
		ArticleID: newArticleID(), Type: sa.Type, Title: sa.Title, Description: sa.Description, Content: sa.Content,
		Tags: sa.Tags, State: stateDraft, DeployState: deployNotDeployed,
		Version: max(sa.Versions, 1), MaxAvailableVersion: max(sa.Versions, 1),
		Created: created, Updated: updated,
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
