package sessions

import (
	"path/filepath"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// eachURL runs f once on a fresh SQLite file and once on a fresh PostgreSQL
// database, so every behaviour holds in both of the console's dialects.
func eachURL(t *testing.T, f func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "console.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, pgtest.URL(t)) })
}

// eachDB runs f on a migrated database of each dialect, closed when f's test ends.
func eachDB(t *testing.T, f func(t *testing.T, db *database.DB)) {
	t.Helper()
	eachURL(t, func(t *testing.T, url string) { f(t, openTestDB(t, url)) })
}

// sqliteDB is a migrated SQLite database in a temp dir, for what only the
// embedded default does (rows kept in memory).
func sqliteDB(t *testing.T) *database.DB {
	t.Helper()
	return openTestDB(t, filepath.Join(t.TempDir(), "console.db"))
}
