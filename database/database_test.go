package database_test

import (
	"context"
	"sync"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, url string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrateTwiceLeavesOneSchema(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := open(t, url)
		n, err := db.Migrate(ctx)
		if err != nil || n == 0 {
			t.Fatalf("first Migrate = %d, %v; want the migrations applied", n, err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want nothing left to apply", n, err)
		}
		applied, known, err := db.SchemaVersion(ctx)
		if err != nil || applied != known || known < 1 {
			t.Fatalf("SchemaVersion = %d, %d, %v; want the newest applied", applied, known, err)
		}
	})
}

// Replicas that start together migrate one database at once: the advisory
// lock lets one apply the migrations and the others find nothing to do.
func TestMigrateFromSeveralReplicasAtOnce(t *testing.T) {
	url := pgtest.URL(t)
	const replicas = 4
	dbs := make([]*database.DB, replicas)
	for i := range dbs {
		dbs[i] = open(t, url)
	}
	var wg sync.WaitGroup
	applied := make([]int, replicas)
	errs := make([]error, replicas)
	for i, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = db.Migrate(context.Background())
		}()
	}
	wg.Wait()
	total := 0
	for i := range dbs {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	_, known, err := dbs[0].SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if int64(total) != known {
		t.Fatalf("the replicas applied %d migrations between them; want each of the %d once", total, known)
	}
	var tables int
	if err := dbs[0].QueryRow(`SELECT COUNT(*) FROM pg_tables WHERE tablename = 'audit_entries'`).Scan(&tables); err != nil || tables != 1 {
		t.Fatalf("audit_entries tables = %d, %v; want 1", tables, err)
	}
}

func TestRebind(t *testing.T) {
	pg := &database.DB{Dialect: database.Postgres}
	lite := &database.DB{Dialect: database.SQLite}
	q := `SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?`
	if got, want := pg.Rebind(q), `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4`; got != want {
		t.Errorf("Postgres Rebind = %q, want %q", got, want)
	}
	if got := lite.Rebind(q); got != q {
		t.Errorf("SQLite Rebind = %q, want it unchanged", got)
	}
}

func TestUniqueViolationOnBothDialects(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := open(t, url)
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		insert := db.Rebind(`INSERT INTO inbox_views (scenario_id, name, query, created_utc) VALUES (?, ?, '', '2026-01-01T00:00:00.000000Z')`)
		if _, err := db.ExecContext(ctx, insert, "s1", "Open"); err != nil {
			t.Fatal(err)
		}
		_, err := db.ExecContext(ctx, insert, "s1", "OPEN")
		if !database.IsUniqueViolation(err) {
			t.Fatalf("a second view named alike: err = %v; want a unique violation", err)
		}
		if _, err := db.ExecContext(ctx, insert, "s2", "Open"); err != nil {
			t.Fatalf("the same name on another agent: %v", err)
		}
	})
}

// The audit log and the review threads refuse to be rewritten on both dialects.
func TestHistoryTablesAreAppendOnly(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db := open(t, url)
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO conversation_reviews (scenario_id, conversation_id, verdict, at_utc) VALUES (?, ?, ?, ?)`),
			"s1", "c1", "good", "2026-01-01T00:00:00.000000Z"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE conversation_reviews SET verdict = 'needs_work'`, `DELETE FROM conversation_reviews`} {
			if _, err := db.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: accepted; want it refused", q)
			}
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversation_reviews WHERE verdict = 'good'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("reviews left as given = %d, %v; want 1", n, err)
		}
	})
}
