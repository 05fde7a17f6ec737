package sandbox

import (
	"context"
	"path/filepath"
	"testing"
)

func TestStorePragmasAndOddPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data dir?with#odd%chars")
	e := newEnvWith(t, Config{DataDir: dir})
	ctx := context.Background()
	var journal string
	var foreignKeys, version int
	db := e.sb.store.db
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", journal, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys); err != nil || foreignKeys != 1 {
		t.Errorf("foreign_keys = %d (%v), want 1", foreignKeys, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != len(migrations()) {
		t.Errorf("user_version = %d (%v), want %d", version, err, len(migrations()))
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "sandbox.db*"))
	if len(matches) == 0 {
		t.Errorf("sandbox.db not created inside %q", dir)
	}
}
