package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

func newAudit(t *testing.T, db *database.DB) (*store.Audit, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	a, err := store.NewAudit(db, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return a, &logs
}

func record(t *testing.T, a *store.Audit, e store.Entry) {
	t.Helper()
	if err := a.Record(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

var day = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func TestRecordKeepsEveryFieldAndLogsWithoutBodies(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, logs := newAudit(t, db)
		in := store.Entry{
			At: day.In(time.FixedZone("CET", 3600)), Identity: "ana@example.com", ClientIP: "10.0.0.7", RequestID: "req-1",
			Agent: "Shop agent", ScenarioID: "sc1", Action: "article.update", TargetIDs: []string{"42"},
			Summary: "Updated “Returns”", Before: `{"content":"old"}`, After: `{"content":"new text"}`, Status: 200,
		}
		record(t, a, in)
		got, err := a.Get(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		want := in
		want.ID, want.At = 1, day
		if fmt.Sprint(got) != fmt.Sprint(want) || got.At.Location() != time.UTC {
			t.Errorf("stored\n%+v\nwant\n%+v", got, want)
		}
		var line map[string]any
		if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
			t.Fatalf("the audit line is not one JSON object: %v\n%s", err, logs)
		}
		for k, v := range map[string]any{"msg": "audit", "identity": "ana@example.com", "client_ip": "10.0.0.7", "request_id": "req-1",
			"agent": "Shop agent", "scenario_id": "sc1", "action": "article.update", "summary": "Updated “Returns”",
			"status": 200.0, "before_len": 17.0, "after_len": 22.0, "id": 1.0, "stored": true} {
			if line[k] != v {
				t.Errorf("log %s = %v, want %v", k, line[k], v)
			}
		}
		if strings.Contains(logs.String(), "new text") {
			t.Errorf("the log line carries a body: %s", logs)
		}
		if _, err := a.Get(context.Background(), 99); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(99) = %v, want ErrNotFound", err)
		}
	})
}

func TestTheLogIsAppendOnlyInSQL(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, _ := newAudit(t, db)
		record(t, a, store.Entry{Action: "article.update", TargetIDs: []string{"1"}, Status: 200})
		refused := []string{
			`UPDATE audit_entries SET identity = 'someone else'`,
			`DELETE FROM audit_entries`,
			`UPDATE audit_targets SET target = '2'`,
			`DELETE FROM audit_targets`,
		}
		if db.Dialect == database.Postgres {
			refused = append(refused, `TRUNCATE audit_targets, audit_entries`)
		}
		for _, q := range refused {
			_, err := db.Exec(q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want the append-only refusal", q, err)
			}
		}
		// Opening it again (the next start) keeps the entries and the triggers.
		if _, err := store.NewAudit(db, nil); err != nil {
			t.Fatal(err)
		}
		got, n, err := a.List(context.Background(), store.Filter{Target: "1"})
		if err != nil || n != 1 || got[0].Identity != "" {
			t.Errorf("after the refused changes: %+v, %d entries, %v; want the one entry as recorded", got, n, err)
		}
	})
}

// Replicas on one PostgreSQL database share the log: what one records,
// another lists at once, and their entries interleave in one order.
func TestTheLogIsSharedByReplicas(t *testing.T) {
	url := pgtest.URL(t)
	replicaA, _ := newAudit(t, pgtest.Setup(t, url))
	replicaB, _ := newAudit(t, pgtest.Setup(t, url))
	ctx := context.Background()
	record(t, replicaA, store.Entry{ScenarioID: "sc1", Identity: "ana", Action: "article.update", TargetIDs: []string{"7"}, After: `{"content":"from A"}`, Status: 200})
	got, n, err := replicaB.List(ctx, store.Filter{ScenarioID: "sc1"})
	if err != nil || n != 1 || got[0].Identity != "ana" || got[0].After != `{"content":"from A"}` {
		t.Fatalf("replica B lists %+v (%d, %v); want replica A's entry", got, n, err)
	}
	record(t, replicaB, store.Entry{ScenarioID: "sc1", Identity: "bo", Action: "article.publish", TargetIDs: []string{"7"}, Before: `{"content":"from A"}`, After: `{"content":"from A"}`, Status: 200})
	versions, err := replicaA.ArticleVersions(ctx, "sc1", 7)
	if err != nil || len(versions) != 2 || versions[0].Identity != "bo" || versions[1].Identity != "ana" {
		t.Fatalf("replica A reads the article's versions as %+v, %v; want B's then A's", versions, err)
	}
	if people, _, err := replicaA.Facets(ctx, "sc1"); err != nil || fmt.Sprint(people) != "[ana bo]" {
		t.Errorf("replica A's people: %v %v", people, err)
	}
}

func TestListFilters(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, _ := newAudit(t, db)
		entries := []store.Entry{
			{At: day, Identity: "ana", ScenarioID: "sc1", Action: "article.update", TargetIDs: []string{"1"}, Status: 200},
			{At: day.Add(time.Hour), Identity: "bo", ScenarioID: "sc1", Action: "article.publish", TargetIDs: []string{"2"}, Status: 200},
			{At: day.Add(24 * time.Hour), Identity: "ana", ScenarioID: "sc1", Action: "articles.delete", TargetIDs: []string{"1", "2"}, Status: 204},
			{At: day.Add(48 * time.Hour), Identity: "ana", ScenarioID: "sc1", Action: "kb_settings.update", Status: 403, ErrorCode: "PERMISSION_DENIED"},
			{At: day, Identity: "ana", ScenarioID: "other", Action: "article.update", TargetIDs: []string{"1"}, Status: 200},
		}
		for _, e := range entries {
			record(t, a, e)
		}
		cases := []struct {
			name string
			f    store.Filter
			ids  []int64
		}{
			{"agent", store.Filter{ScenarioID: "sc1"}, []int64{4, 3, 2, 1}},
			{"person", store.Filter{ScenarioID: "sc1", Identity: "ana"}, []int64{4, 3, 1}},
			{"exact action", store.Filter{ScenarioID: "sc1", Action: "article.update"}, []int64{1}},
			{"action group", store.Filter{ScenarioID: "sc1", Action: "article"}, []int64{2, 1}},
			{"a group is not a prefix", store.Filter{ScenarioID: "sc1", Action: "art"}, nil},
			{"target", store.Filter{ScenarioID: "sc1", Target: "2"}, []int64{3, 2}},
			{"from", store.Filter{ScenarioID: "sc1", From: day.Add(time.Hour)}, []int64{4, 3, 2}},
			{"to is exclusive", store.Filter{ScenarioID: "sc1", To: day.Add(24 * time.Hour)}, []int64{2, 1}},
			{"range", store.Filter{ScenarioID: "sc1", From: day.Add(time.Minute), To: day.Add(25 * time.Hour)}, []int64{3, 2}},
			{"combined", store.Filter{ScenarioID: "sc1", Identity: "ana", Target: "1", Action: "articles"}, []int64{3}},
			{"like characters are literal", store.Filter{Action: "%"}, nil},
			{"every agent", store.Filter{Identity: "ana", Action: "article.update"}, []int64{5, 1}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := a.List(context.Background(), tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if ids := idsOf(got); fmt.Sprint(ids) != fmt.Sprint(tc.ids) || total != len(tc.ids) {
					t.Errorf("ids %v total %d, want %v", ids, total, tc.ids)
				}
			})
		}
	})
}

func TestListPagesAndEachReadsEverything(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, _ := newAudit(t, db)
		for i := range 520 {
			record(t, a, store.Entry{At: day.Add(time.Duration(i) * time.Minute), ScenarioID: "sc1", Action: "metadata.set", TargetIDs: []string{"c"}, Status: 200})
		}
		record(t, a, store.Entry{ScenarioID: "sc2", Action: "metadata.set", Status: 200})
		got, total, err := a.List(context.Background(), store.Filter{ScenarioID: "sc1", Limit: 20, Offset: 40})
		if err != nil {
			t.Fatal(err)
		}
		if total != 520 || len(got) != 20 || got[0].ID != 480 || got[19].ID != 461 {
			t.Errorf("page: total %d, %d rows from %d to %d", total, len(got), got[0].ID, got[len(got)-1].ID)
		}
		if got, _, _ := a.List(context.Background(), store.Filter{ScenarioID: "sc1", Limit: 10_000}); len(got) != store.MaxLimit {
			t.Errorf("an oversized page has %d rows, want %d", len(got), store.MaxLimit)
		}
		if got, _, _ := a.List(context.Background(), store.Filter{ScenarioID: "sc1"}); len(got) != store.DefaultLimit {
			t.Errorf("the default page has %d rows, want %d", len(got), store.DefaultLimit)
		}
		var ids []int64
		err = a.Each(context.Background(), store.Filter{ScenarioID: "sc1", Limit: 5, From: day.Add(5 * time.Minute)}, func(e store.Entry) error {
			ids = append(ids, e.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 515 || ids[0] != 520 || ids[514] != 6 {
			t.Errorf("Each read %d entries, from %d to %d", len(ids), ids[0], ids[len(ids)-1])
		}
		stop := errors.New("stop")
		n := 0
		if err := a.Each(context.Background(), store.Filter{}, func(store.Entry) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Errorf("Each did not stop at fn's error: %v after %d", err, n)
		}
	})
}

func TestArticleVersionsAreTheArticleEntriesWithContent(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, _ := newAudit(t, db)
		for _, e := range []store.Entry{
			{ScenarioID: "sc1", Action: "article.create", TargetIDs: []string{"7"}, After: `{"content":"v1"}`, Status: 201},
			{ScenarioID: "sc1", Action: "article.update", TargetIDs: []string{"7"}, Before: `{"content":"v1"}`, After: `{"content":"v2"}`, Status: 200},
			{ScenarioID: "sc1", Action: "lang_url.set", TargetIDs: []string{"7"}, After: `"https://example.com/de"`, Status: 200},
			{ScenarioID: "sc1", Action: "article.update", TargetIDs: []string{"8"}, After: `{"content":"other"}`, Status: 200},
			{ScenarioID: "sc2", Action: "article.update", TargetIDs: []string{"7"}, After: `{"content":"other agent"}`, Status: 200},
			{ScenarioID: "sc1", Action: "article.publish", TargetIDs: []string{"7"}, Status: 403, ErrorCode: "PERMISSION_DENIED"},
			{ScenarioID: "sc1", Action: "article.publish", TargetIDs: []string{"7"}, Before: `{"content":"v2"}`, After: `{"content":"v2"}`, Status: 200},
			{ScenarioID: "sc1", Action: "articles.delete", TargetIDs: []string{"7"}, Before: `[{"content":"v2"}]`, Status: 204},
		} {
			record(t, a, e)
		}
		got, err := a.ArticleVersions(context.Background(), "sc1", 7)
		if err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(got); fmt.Sprint(ids) != "[7 2 1]" {
			t.Errorf("versions %v, want [7 2 1]", ids)
		}
	})
}

func TestFacetsListAnAgentsPeopleAndActions(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, _ := newAudit(t, db)
		record(t, a, store.Entry{ScenarioID: "sc1", Identity: "bo", Action: "review.set"})
		record(t, a, store.Entry{ScenarioID: "sc1", Identity: "ana", Action: "article.update"})
		record(t, a, store.Entry{ScenarioID: "sc1", Identity: "ana", Action: "review.set"})
		record(t, a, store.Entry{ScenarioID: "sc2", Identity: "cy", Action: "metadata.set"})
		people, actions, err := a.Facets(context.Background(), "sc1")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(people) != "[ana bo]" || fmt.Sprint(actions) != "[article.update review.set]" {
			t.Errorf("facets %v %v", people, actions)
		}
	})
}

func idsOf(entries []store.Entry) []int64 {
	var ids []int64
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	return ids
}
