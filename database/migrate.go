package database

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// migrationLockID names the advisory lock replicas take while they migrate
// PostgreSQL, so that replicas starting together apply each migration once.
const migrationLockID = 0x7163_6164_6d69_6e // "qcadmin"

// Migrate brings the database's schema up to what this binary needs,
// applying the migrations it lacks, and reports how many it applied. On
// PostgreSQL it holds an advisory lock meanwhile: a replica starting while
// another migrates waits for it, then finds nothing left to do.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.migrator()
	if err != nil {
		return 0, err
	}
	done, err := p.Up(ctx)
	if err != nil {
		return len(done), fmt.Errorf("migrate the console's %s database: %w", db.Dialect, err)
	}
	return len(done), nil
}

// SchemaVersion is the newest migration applied to the database, and the
// newest this binary has.
func (db *DB) SchemaVersion(ctx context.Context) (applied, known int64, err error) {
	p, err := db.migrator()
	if err != nil {
		return 0, 0, err
	}
	if applied, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, err
	}
	for _, s := range p.ListSources() {
		known = max(known, s.Version)
	}
	return applied, known, nil
}

func (db *DB) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.Dialect.String())
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Try every second for up to five minutes: a replica that
		// started a long migration holds the lock that long.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.DB, sub, opts...)
}

// Setup opens the database url names and brings its schema up to date: what
// a console replica does when it starts.
func Setup(ctx context.Context, url string) (*DB, error) {
	db, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// jobsLockID names the advisory lock replicas take while they apply the job
// queue's own schema, which has no lock of its own: two replicas starting
// together would otherwise both apply the same step, and one would stop.
const jobsLockID = migrationLockID + 1

// WithSchemaLock runs migrate while no other replica runs it: on PostgreSQL
// under a session advisory lock held on a connection of its own, which a
// replica starting meanwhile waits for; on SQLite, where one process owns
// the file, as it is.
func (db *DB) WithSchemaLock(ctx context.Context, migrate func() error) error {
	if db.Dialect != Postgres {
		return migrate()
	}
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(jobsLockID)); err != nil {
		return err
	}
	defer func() {
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(unlockCtx, "SELECT pg_advisory_unlock($1)", int64(jobsLockID)); err != nil {
			conn.Conn().Close(unlockCtx) // a closed session lets go of its locks
		}
	}()
	return migrate()
}
