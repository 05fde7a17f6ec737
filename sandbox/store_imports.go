package sandbox

import (
	"context"
	"database/sql"
	"time"
)

// importedArticle is what an upload or an import brings into the knowledge base; the store fills in the rest.
type importedArticle struct {
	Type       string
	Title      string
	Content    string
	URL        *string
	Tags       []string
	Shortened  bool
	ParentID   *int64
	ParentType *string
	External   bool // copied from another system: downloaded_timestamp and last_updated_from_external_source_timestamp are set
}

// record makes the stored form of an imported article: a draft, so nothing reaches the agent before someone reviews it.
func (ia importedArticle) record(now time.Time) articleRecord {
	t := now.UTC()
	a := articleRecord{
		ArticleID: newArticleID(), Type: ia.Type, Title: ia.Title, Content: ia.Content, URL: ia.URL,
		Tags: nonNil(ia.Tags), Shortened: ia.Shortened, ParentID: ia.ParentID, ParentType: ia.ParentType,
		State: stateDraft, DeployState: deployDraft, Created: t, Updated: t,
	}
	if ia.External {
		a.Downloaded, a.ExternalUpdated = &t, &t
	}
	return a
}

// createImportedArticles stores new draft articles in one transaction, through insertArticle like every
// other article, so the search index and paragraphs stay in step; it returns them as saved, in order.
func (st *store) createImportedArticles(ctx context.Context, scenarioID string, items []importedArticle) ([]articleRecord, error) {
	out := make([]articleRecord, 0, len(items))
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		now := st.now()
		for _, ia := range items {
			id, err := insertArticle(ctx, tx, scenarioID, ia.record(now))
			if err != nil {
				return err
			}
			a, err := articleByID(ctx, tx, scenarioID, id)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}
