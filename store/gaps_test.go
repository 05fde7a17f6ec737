package store_test

import (
	"context"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func TestGapReadsAreKeptReplacedAndReadByPeriod(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		gaps := newReviews(t, db).Gaps()
		ctx := context.Background()
		day := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		first := store.GapRead{ScenarioID: "s1", ConversationID: "c1", Ord: 7, Title: "Battery", LastMessage: day, Language: "en",
			Analysed: true, Topic: "Battery error", Sentiment: "negative", Resolution: "unresolved", Flagged: true,
			Questions: []string{"My display shows <b>E-12</b>"}, Terms: []store.GapTerm{{Stem: "display", Word: "display"}}}
		if err := gaps.Keep(ctx, first); err != nil {
			t.Fatal(err)
		}
		if err := gaps.Keep(ctx, store.GapRead{ScenarioID: "s1", ConversationID: "c2", LastMessage: day.AddDate(0, 0, -10), Handoff: true, Test: true}); err != nil {
			t.Fatal(err)
		}
		// Another agent's read with the same id stays apart.
		if err := gaps.Keep(ctx, store.GapRead{ScenarioID: "s2", ConversationID: "c1", LastMessage: day}); err != nil {
			t.Fatal(err)
		}
		got, err := gaps.Between(ctx, "s1", day.AddDate(0, 0, -1), day.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ConversationID != "c1" || got[0].Ord != 7 || got[0].Topic != "Battery error" || !got[0].Flagged || got[0].Handoff ||
			!got[0].Analysed || len(got[0].Questions) != 1 || got[0].Questions[0] != "My display shows <b>E-12</b>" ||
			len(got[0].Terms) != 1 || got[0].Terms[0].Stem != "display" || !got[0].LastMessage.Equal(day) || got[0].ReadAt.IsZero() {
			t.Errorf("the day's reads: %+v", got)
		}
		// A conversation that changed is read again: the new read replaces the old.
		later := day.Add(time.Hour)
		first.LastMessage, first.Questions, first.Flagged = later, []string{"Still broken"}, false
		if err := gaps.Keep(ctx, first); err != nil {
			t.Fatal(err)
		}
		last, err := gaps.LastRead(ctx, "s1", "c1", "c2", "c3")
		if err != nil {
			t.Fatal(err)
		}
		if len(last) != 2 || !last["c1"].Equal(later) || !last["c2"].Equal(day.AddDate(0, 0, -10)) {
			t.Errorf("last messages as read: %v", last)
		}
		all, err := gaps.Between(ctx, "s1", day.AddDate(0, 0, -30), day.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].ConversationID != "c1" || all[0].Questions[0] != "Still broken" || all[0].Flagged || !all[1].Handoff || !all[1].Test || all[0].Test || all[1].Questions == nil {
			t.Errorf("the month's reads, latest first: %+v", all)
		}
	})
}

func TestGapRunsOneAtATimePerAgent(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		gaps := store.NewGaps(db)
		ctx := context.Background()
		from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		run, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s1", Identity: "Ana", From: from, To: from.AddDate(0, 0, 30), Sealed: []byte("sealed")})
		if err != nil || !started || run.ID == 0 || run.State != store.GapRunQueued {
			t.Fatalf("first run: %+v, %v, %v", run, started, err)
		}
		again, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s1", Identity: "Bo", From: from, To: from.AddDate(0, 0, 7)})
		if err != nil || started || again.ID != run.ID || again.Identity != "Ana" {
			t.Fatalf("a second start joins the first: %+v, %v, %v", again, started, err)
		}
		other, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s2", From: from, To: from})
		if err != nil || !started || other.ID == run.ID {
			t.Fatalf("another agent's run: %+v, %v, %v", other, started, err)
		}
		if ok, err := gaps.BeginRun(ctx, run.ID); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := gaps.Progress(ctx, run.ID, 10, 4, 3, 1); err != nil {
			t.Fatal(err)
		}
		cur, err := gaps.Run(ctx, run.ID)
		if err != nil || cur.State != store.GapRunRunning || cur.Total != 10 || cur.Done != 4 || cur.Skipped != 3 || cur.Failed != 1 ||
			string(cur.Sealed) != "sealed" || cur.Started.IsZero() || !cur.From.Equal(from) || !cur.Active() {
			t.Fatalf("running: %+v, %v", cur, err)
		}
		if err := gaps.FinishRun(ctx, run.ID, store.GapRunDone, ""); err != nil {
			t.Fatal(err)
		}
		done, ok, err := gaps.LatestRun(ctx, "s1")
		if err != nil || !ok || done.State != store.GapRunDone || done.Sealed != nil || done.Finished.IsZero() || done.Active() {
			t.Fatalf("ended, its token forgotten: %+v, %v, %v", done, ok, err)
		}
		if _, ok, err := gaps.ActiveRun(ctx, "s1"); err != nil || ok {
			t.Fatalf("nothing under way: %v, %v", ok, err)
		}
		if ok, err := gaps.BeginRun(ctx, run.ID); err != nil || ok {
			t.Fatalf("an ended run begins again: %v, %v", ok, err)
		}
		next, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s1", From: from, To: from})
		if err != nil || !started || next.ID == run.ID {
			t.Fatalf("after the first ended, a new run: %+v, %v, %v", next, started, err)
		}
		if _, err := gaps.Run(ctx, run.ID); err != nil {
			t.Errorf("a run ended just now was forgotten: %v", err)
		}
		// A run that ended long ago is forgotten when the next one starts.
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE gap_runs SET finished_utc = ? WHERE id = ?`), "2020-01-01T00:00:00.000000Z", run.ID); err != nil {
			t.Fatal(err)
		}
		if err := gaps.FinishRun(ctx, next.ID, store.GapRunDone, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s1", From: from, To: from}); err != nil {
			t.Fatal(err)
		}
		if _, err := gaps.Run(ctx, run.ID); err == nil {
			t.Error("a run that ended long ago is still kept")
		}
		if _, err := gaps.Run(ctx, other.ID); err != nil {
			t.Errorf("another agent's run was forgotten: %v", err)
		}
		// A run silent for longer than GapRunSilence (its worker gone) gives way to a new start.
		stale := time.Now().Add(-store.GapRunSilence - time.Minute).UTC().Format("2006-01-02T15:04:05.000000Z")
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE gap_runs SET updated_utc = ? WHERE id = ?`), stale, other.ID); err != nil {
			t.Fatal(err)
		}
		took, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s2", From: from, To: from})
		if err != nil || !started || took.ID == other.ID {
			t.Fatalf("a new run takes over from a silent one: %+v, %v, %v", took, started, err)
		}
		if gone, err := gaps.Run(ctx, other.ID); err != nil || gone.State != store.GapRunFailed || gone.Error == "" {
			t.Errorf("the silent run: %+v, %v", gone, err)
		}
	})
}

// An agent's runs are listed newest first, a limited number of them, and
// never another agent's.
func TestGapRunsAreListedNewestFirst(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		gaps := store.NewGaps(db)
		ctx := context.Background()
		from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		var ids []int64
		for i := range 3 {
			run, started, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s1", Identity: "Ana", From: from, To: from.AddDate(0, 0, i)})
			if err != nil || !started {
				t.Fatal(started, err)
			}
			ids = append(ids, run.ID)
			if err := gaps.FinishRun(ctx, run.ID, store.GapRunDone, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := gaps.StartRun(ctx, store.GapRun{ScenarioID: "s2", From: from, To: from}); err != nil {
			t.Fatal(err)
		}
		runs, err := gaps.Runs(ctx, "s1", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 2 || runs[0].ID != ids[2] || runs[1].ID != ids[1] || runs[0].State != store.GapRunDone || !runs[0].To.Equal(from.AddDate(0, 0, 2)) {
			t.Fatalf("the agent's two newest runs: %+v; want runs %d and %d", runs, ids[2], ids[1])
		}
		if runs, err := gaps.Runs(ctx, "s3", 10); err != nil || len(runs) != 0 {
			t.Fatalf("an agent with no runs: %v, %v", runs, err)
		}
	})
}
