package store_test

import (
	"context"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func TestFixesLinkConversationsAndArticlesBothWays(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		fixes := newReviews(t, db).Fixes()
		ctx := context.Background()
		three := 3
		at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
		first, err := fixes.Add(ctx, store.Fix{ScenarioID: "s1", ConversationID: "c1", ConversationLabel: "#7", ArticleID: 42, ArticleTitle: "Returns", Version: &three, Fixer: "Ana", At: at})
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || !first.At.Equal(at) || first.At.Location() != time.UTC {
			t.Errorf("stored %+v", first)
		}
		// A draft has no version; a second conversation answered by the same article.
		if _, err := fixes.Add(ctx, store.Fix{ScenarioID: "s1", ConversationID: "c2", ConversationLabel: "#8", ArticleID: 42, ArticleTitle: "Returns (draft)", Fixer: "Bo"}); err != nil {
			t.Fatal(err)
		}
		// Another agent's link with the same ids stays apart.
		if _, err := fixes.Add(ctx, store.Fix{ScenarioID: "s2", ConversationID: "c1", ArticleID: 42}); err != nil {
			t.Fatal(err)
		}

		byConv, err := fixes.ForConversation(ctx, "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		if len(byConv) != 1 || byConv[0].ArticleID != 42 || byConv[0].ArticleTitle != "Returns" || byConv[0].Version == nil || *byConv[0].Version != 3 ||
			byConv[0].Fixer != "Ana" || byConv[0].ConversationLabel != "#7" || !byConv[0].At.Equal(at) {
			t.Errorf("conversation c1's fixes: %+v", byConv)
		}
		byArticle, err := fixes.ForArticle(ctx, "s1", 42)
		if err != nil {
			t.Fatal(err)
		}
		if len(byArticle) != 2 || byArticle[0].ConversationID != "c2" || byArticle[0].Version != nil || byArticle[1].ConversationID != "c1" {
			t.Errorf("article 42's fixes, newest first: %+v", byArticle)
		}
		if none, err := fixes.ForArticle(ctx, "s1", 43); err != nil || len(none) != 0 {
			t.Errorf("an article nobody linked: %v, %v", none, err)
		}
		if _, err := fixes.Add(ctx, store.Fix{ScenarioID: "s1", ConversationID: "c1"}); err == nil {
			t.Error("a fix with no article was kept")
		}
	})
}
