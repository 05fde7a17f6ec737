// Package sandbox is qcadmin's embedded Quickchat API: a faithful, persistent implementation of the
// public Quickchat REST API (same paths, fields, status codes and error envelope) with a seeded demo agent,
// so the console, and any other Quickchat client, works offline.
//
// It is an independent implementation of the contract and shares no code with apiclient.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// DemoScenarioID is the scenario id of the seeded demo agent.
const DemoScenarioID = "demo-velora-bikes"

// Token scopes, as Quickchat names them: write_all includes everything read_all allows.
const (
	ScopeRead  = "read_all"
	ScopeWrite = "write_all"
)

// Config configures a Sandbox.
type Config struct {
	DataDir    string           // sandbox.db and (when Secret is empty) sandbox.secret live here; created if missing
	Secret     string           // HS256 key for tokens; when empty, read from DataDir/sandbox.secret or generated there (0600)
	RateLimits bool             // enforce the per-token, per-endpoint rate limit tiers (off for benchmarks and tests)
	Logger     *slog.Logger     // nil discards logs
	Now        func() time.Time // nil means time.Now; tests use it to control token expiry and timestamps
	// MetadataSchema is a JSON Schema file that every scenario's conversation metadata must follow, in place
	// of the demo agent's built-in one; Open fails when it is missing or not a valid schema.
	MetadataSchema string
	// FetchAllow lists the hosts (host or host:port) website, sitemap and link imports may fetch from;
	// empty means loopback only (127.0.0.1, localhost, ::1).
	FetchAllow []string
	// UploadLimit is the largest file, in bytes, the file upload endpoints accept; 0 means 20 MiB.
	UploadLimit int64
}

// defaultUploadLimit is the upload limit when Config.UploadLimit is unset.
const defaultUploadLimit = 20 << 20

// Sandbox is a running sandbox API backed by SQLite. It is safe for concurrent use.
type Sandbox struct {
	store   *store
	secret  []byte
	log     *slog.Logger
	now     func() time.Time
	limiter *rateLimiter // nil when rate limits are off
	schemas metadataSchemas
	fetcher *fetcher // the only way imports reach the network
	upload  int64    // the upload limit in bytes
	handler http.Handler
}

// Open opens (creating and migrating if needed) the sandbox database in cfg.DataDir and seeds the demo
// agent the first time the database is created. Close the Sandbox when done.
func Open(cfg Config) (*Sandbox, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("sandbox: Config.DataDir is required")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox: create data dir: %w", err)
	}
	s := &Sandbox{log: cfg.Logger, now: cfg.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	secret, err := loadSecret(cfg.Secret, filepath.Join(cfg.DataDir, secretFileName))
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s.secret = []byte(secret)
	if s.schemas, err = loadMetadataSchemas(cfg.MetadataSchema); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if s.fetcher, err = newFetcher(cfg.FetchAllow); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s.upload = cfg.UploadLimit
	if s.upload <= 0 {
		s.upload = defaultUploadLimit
	}
	ctx := context.Background()
	s.store, err = openStore(ctx, filepath.Join(cfg.DataDir, "sandbox.db"), s.now)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if err := seedDemo(ctx, s.store, s.now()); err != nil {
		s.store.close()
		return nil, fmt.Errorf("sandbox: seed demo agent: %w", err)
	}
	if err := seedDemoConversations(ctx, s.store, s.now()); err != nil {
		s.store.close()
		return nil, fmt.Errorf("sandbox: seed demo conversations: %w", err)
	}
	if err := seedDemoAgent(ctx, s.store, s.now()); err != nil {
		s.store.close()
		return nil, fmt.Errorf("sandbox: seed demo agent configuration: %w", err)
	}
	if cfg.RateLimits {
		s.limiter = newRateLimiter(s.now)
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler serving the Quickchat API paths (/v1/api/…, /v1/api_core/…) and an index at /.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Ping reports whether the database answers.
func (s *Sandbox) Ping(ctx context.Context) error { return s.store.ping(ctx) }

// Close closes the database. Requests still in flight fail.
func (s *Sandbox) Close() error { return s.store.close() }
