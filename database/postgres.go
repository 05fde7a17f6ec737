package database

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// OpenPostgres connects to the PostgreSQL database url names, with a pool
// sized for a console replica, and checks that it answers.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message can quote the URL, password and all.
		return nil, fmt.Errorf("QCADMIN_DATABASE_URL is not a PostgreSQL URL pgx can read (postgres://user:password@host:5432/dbname)")
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "qcadmin"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", cfg.ConnConfig.Host, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return &DB{DB: stdlib.OpenDBFromPool(pool), Dialect: Postgres, Pool: pool}, nil
}

// OwnConn opens a connection to pool's database outside the pool, with the
// pool's settings and params for its session (application_name names it in
// pg_stat_activity): for what holds a session, a LISTEN or a session
// advisory lock, which would otherwise keep a pooled connection from others.
func OwnConn(ctx context.Context, pool *pgxpool.Pool, params map[string]string) (*pgx.Conn, error) {
	cfg := pool.Config().ConnConfig.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	maps.Copy(cfg.RuntimeParams, params)
	return pgx.ConnectConfig(ctx, cfg)
}
