package sessions

import (
	"path/filepath"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// sqliteDB is a migrated SQLite database in a temp dir, for what only the
// embedded default does (rows kept in memory).
func sqliteDB(t *testing.T) *database.DB {
	t.Helper()
	return pgtest.Setup(t, filepath.Join(t.TempDir(), "console.db"))
}
