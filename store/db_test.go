package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// eachDB runs fn against a fresh SQLite file and a fresh PostgreSQL
// database, migrated: the stores must behave alike on both.
func eachDB(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	eachURL(t, func(t *testing.T, url string) { fn(t, setupDB(t, url)) })
}

// eachURL runs fn with the address of a fresh SQLite file and of a fresh
// PostgreSQL database, for tests that open one database twice.
func eachURL(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "console.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.URL(t)) })
}

// setupDB opens and migrates the database url names, closed when t ends.
// Opening a PostgreSQL URL twice is two replicas on one database.
func setupDB(t *testing.T, url string) *database.DB {
	t.Helper()
	db, err := database.Setup(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
