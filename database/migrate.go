package database

import (
	"context"
	"database/sql/driver"
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
// under a session advisory lock, taken the way goose takes the migrations'
// (tried every second for up to five minutes) on a connection of its own;
// on SQLite, where one process owns the file, as it is.
func (db *DB) WithSchemaLock(ctx context.Context, migrate func() error) error {
	if db.Dialect != Postgres {
		return migrate()
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(jobsLockID), lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := locker.SessionLock(ctx, conn); err != nil {
		return err
	}
	defer func() {
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if locker.SessionUnlock(unlockCtx, conn) != nil {
			// Drop the connection instead of returning it to the pool: its
			// session ends, and with it the lock.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return migrate()
}
