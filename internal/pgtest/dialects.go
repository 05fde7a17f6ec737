package pgtest

import (
	"context"
	"path/filepath"
	"testing"

	"qcadmin/database"
)

// EachURL runs fn with the address of a fresh SQLite file and of a fresh
// PostgreSQL database: the console's state must behave alike in both.
func EachURL(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "console.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, URL(t)) })
}

// EachDB runs fn on a migrated database of each dialect.
func EachDB(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	EachURL(t, func(t *testing.T, url string) { fn(t, Setup(t, url)) })
}

// Setup opens and migrates the database url names, closed when t ends.
// Opening a PostgreSQL URL twice is two replicas on one database.
func Setup(t testing.TB, url string) *database.DB {
	t.Helper()
	db, err := database.Setup(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
