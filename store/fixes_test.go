package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

func TestFixesKeepTheQuestionAndTheAsksAgain(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		fixes := newReviews(t, db).Fixes()
		ctx := context.Background()
		question := `Can I return <b>shoes</b> & "boots"?`
		fx, err := fixes.Add(ctx, store.Fix{ScenarioID: "s1", ConversationID: "c1", ConversationLabel: "#7", ArticleID: 42, ArticleTitle: "Returns",
			Fixer: "Ana", Question: question, AnswerEventID: "ev-9"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := fixes.Get(ctx, "s1", "c1", fx.ID)
		if err != nil || got.Question != question || got.AnswerEventID != "ev-9" || got.ArticleID != 42 {
			t.Fatalf("the fix as kept: %+v, %v", got, err)
		}
		// A fix is found only through its own agent and conversation.
		for _, other := range [][2]string{{"s2", "c1"}, {"s1", "c2"}} {
			if _, err := fixes.Get(ctx, other[0], other[1], fx.ID); !errors.Is(err, store.ErrNoFix) {
				t.Errorf("fix %d read through %v: %v", fx.ID, other, err)
			}
		}

		four := 4
		at := time.Date(2026, 5, 2, 9, 30, 0, 0, time.UTC)
		long := strings.Repeat("é", store.MaxAnswer) // twice MaxAnswer in bytes
		first, err := fixes.AddAsk(ctx, store.AskAgain{FixID: fx.ID, ScenarioID: "s1", ConversationID: "c1", Question: question,
			OldAnswer: "I could not find that.", NewAnswer: long, TestConversationID: "t-1", ArticleID: 42, ArticleTitle: "Returns",
			Version: &four, Training: "up_to_date", Asker: "Ana", At: at})
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || len(first.NewAnswer) > store.MaxAnswer || !utf8.ValidString(first.NewAnswer) {
			t.Errorf("stored ask %d with a %d-byte answer", first.ID, len(first.NewAnswer))
		}
		if _, err := fixes.AddAsk(ctx, store.AskAgain{FixID: fx.ID, ScenarioID: "s1", ConversationID: "c1", Question: question,
			NewAnswer: "Returns are free within 30 days.", ArticleID: 42, Asker: "Bo"}); err != nil {
			t.Fatal(err)
		}
		// Another conversation's fix id, or another agent's, keeps nothing.
		if _, err := fixes.AddAsk(ctx, store.AskAgain{FixID: fx.ID, ScenarioID: "s2", ConversationID: "c1", Question: question, ArticleID: 42}); !errors.Is(err, store.ErrNoFix) {
			t.Errorf("an ask on another agent's fix: %v", err)
		}
		if _, err := fixes.AddAsk(ctx, store.AskAgain{FixID: fx.ID, ScenarioID: "s1", ConversationID: "c1", Question: " ", ArticleID: 42}); err == nil {
			t.Error("an ask without a question was kept")
		}

		asks, err := fixes.AsksForConversation(ctx, "s1", "c1")
		if err != nil {
			t.Fatal(err)
		}
		if len(asks) != 2 || asks[0].Asker != "Bo" || asks[0].Version != nil || asks[1].ID != first.ID {
			t.Fatalf("asks, newest first: %+v", asks)
		}
		a := asks[1]
		if a.Question != question || a.OldAnswer != "I could not find that." || a.NewAnswer != first.NewAnswer || a.TestConversationID != "t-1" ||
			a.Version == nil || *a.Version != 4 || a.Training != "up_to_date" || a.ArticleTitle != "Returns" || !a.At.Equal(at) || a.FixID != fx.ID {
			t.Errorf("the ask as read: %+v", a)
		}
		if none, err := fixes.AsksForConversation(ctx, "s2", "c1"); err != nil || len(none) != 0 {
			t.Errorf("another agent's asks: %v, %v", none, err)
		}
	})
}
