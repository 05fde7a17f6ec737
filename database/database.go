// Package database opens the console's own database, where it keeps
// sessions, the audit log, review threads and saved views: SQLite in the data
// dir by default (one process, nothing to set up), or PostgreSQL when
// QCADMIN_DATABASE_URL names one, so that several replicas share one console.
//
// The stores write their SQL once, with ? for arguments, and pass it through
// DB.Rebind; where the two dialects differ, they ask DB.Dialect. The schema of
// each dialect is a series of migrations embedded in the binary (migrations/),
// applied by Migrate.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the kind of database the console keeps its state in.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is the console's database, open and migrated.
type DB struct {
	*sql.DB
	Dialect Dialect
	// Pool is the PostgreSQL connection pool behind *sql.DB (nil on SQLite),
	// for what database/sql cannot do: LISTEN/NOTIFY and pgx's batches.
	Pool *pgxpool.Pool
}

// Open opens the database url names: a postgres:// or postgresql:// URL, or
// else a path to a SQLite file, which is created when missing. It does not
// migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	if IsPostgresURL(url) {
		return OpenPostgres(ctx, url)
	}
	return OpenSQLite(url)
}

// IsPostgresURL reports whether url names a PostgreSQL database.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Close closes the database and, on PostgreSQL, its pool.
func (db *DB) Close() error {
	err := db.DB.Close()
	if db.Pool != nil {
		db.Pool.Close()
	}
	return err
}

// Rebind turns the ? placeholders of q into PostgreSQL's $1, $2… on
// PostgreSQL, and returns q as it is on SQLite. The console's queries put no
// ? in string literals, so every ? is a placeholder.
func (db *DB) Rebind(q string) string {
	if db.Dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// IsUniqueViolation reports whether err is the database refusing a row
// because a unique index already holds its key.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// Ping reports whether the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("%s: %w", db.Dialect, err)
	}
	return nil
}
