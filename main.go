// Command qcadmin is a self-hosted admin console for Quickchat AI agents, with
// an embedded Quickchat-compatible sandbox API for working offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"qcadmin/apiclient"
	"qcadmin/config"
	"qcadmin/database"
	"qcadmin/events"
	"qcadmin/handlers"
	"qcadmin/identity"
	"qcadmin/internal/residency"
	"qcadmin/jobs"
	"qcadmin/markdown"
	"qcadmin/metrics"
	"qcadmin/sandbox"
	"qcadmin/sessions"
	"qcadmin/static"
	"qcadmin/store"
	"qcadmin/views/layout"
)

// tokenTTL is how long Quickchat's own tokens live: 52 weeks.
const tokenTTL = 52 * 7 * 24 * time.Hour

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, config.Usage())
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "qcadmin: %v\nRun 'qcadmin -h' for the settings.\n", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch cfg.Mode {
	case config.ModeToken:
		err = printToken(cfg, stdout)
	case config.ModeHealthcheck:
		err = healthcheck(ctx, cfg.HealthURL)
	case config.ModeMigrate:
		err = migrate(ctx, cfg, stdout)
	case config.ModeSandbox:
		log.LogAttrs(ctx, slog.LevelInfo, "starting the Quickchat sandbox API", cfg.Summary()...)
		err = serveSandbox(ctx, cfg, log)
	default:
		if err = cfg.EnsureSecretKey(); err == nil {
			log.LogAttrs(ctx, slog.LevelInfo, "starting qcadmin", cfg.Summary()...)
			err = serveConsole(ctx, cfg, log, stderr)
		}
	}
	if err != nil {
		log.Error("qcadmin stopped", "err", err)
		return 1
	}
	return 0
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func openSandbox(cfg *config.Config, log *slog.Logger) (*sandbox.Sandbox, error) {
	return sandbox.Open(sandbox.Config{
		DataDir:        cfg.DataDir,
		Secret:         cfg.SandboxSecret,
		RateLimits:     cfg.RateLimits,
		MetadataSchema: cfg.SandboxMetadataSchema,
		FetchAllow:     cfg.SandboxFetchAllow,
		UploadLimit:    cfg.SandboxUploadLimit,
		Logger:         log.With("component", "sandbox"),
	})
}

// printToken writes a sandbox token, or with --api-key the agent's legacy api_key; the last line is the
// token or key alone, for scripts.
func printToken(cfg *config.Config, w io.Writer) error {
	sb, err := openSandbox(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer sb.Close()
	scenario := cfg.TokenScenario
	if scenario == "" {
		scenario = sandbox.DemoScenarioID
	}
	if cfg.TokenAPIKey {
		key, err := sb.APIKey(scenario)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "# sandbox legacy api_key: scenario %s (legacy chat body, or X-API-Key with scenario-id)\n%s\n", scenario, key)
		return nil
	}
	token, err := sb.Token(scenario, cfg.TokenScope, tokenTTL)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "# sandbox token: scenario %s, scope %s, valid 52 weeks\n%s\n", scenario, cfg.TokenScope, token)
	return nil
}

func healthcheck(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, res.Status)
	}
	return nil
}

func serveSandbox(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	sb, err := openSandbox(cfg, log)
	if err != nil {
		return err
	}
	defer sb.Close()
	return serve(ctx, log, &http.Server{Addr: cfg.SandboxAddr, Handler: sb.Handler()})
}

// serveConsole runs the console, and in demo mode the sandbox it talks to.
func serveConsole(ctx context.Context, cfg *config.Config, log *slog.Logger, stderr io.Writer) error {
	db, err := database.Setup(ctx, databaseURL(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("the console keeps its state in "+db.Dialect.String(), "database", db.Dialect.String())
	sm, err := sessions.New(db, cfg.SecretKey, sessions.Options{
		Idle: cfg.SessionIdle, Lifetime: cfg.SessionLifetime, Secure: cfg.SecureCookies, Logger: log,
	})
	if err != nil {
		return err
	}
	defer sm.Close()
	// Audit lines are JSON whatever the log format or level, so log shippers keep every one as a record.
	auditLog := slog.New(slog.NewJSONHandler(stderr, nil)).With("component", "audit")
	audit, err := store.NewAudit(db, auditLog)
	if err != nil {
		return err
	}
	reviews, err := store.NewReviews(db)
	if err != nil {
		return err
	}
	inboxViews, err := store.NewViews(db)
	if err != nil {
		return err
	}
	assets, err := static.New()
	if err != nil {
		return err
	}

	ready := []handlers.Check{{Name: "console store", Ping: db.Ping}}
	servers := []*http.Server{}
	var demoToken, demoAPIKey string
	demoExposed := false
	if cfg.Mode == config.ModeDemo {
		if demoExposed = listensBeyondLoopback(cfg.Addr); demoExposed {
			log.Warn("demo mode is listening on "+cfg.Addr+" beyond this machine: anyone who reaches this address can sign in and change the demo agent",
				"addr", cfg.Addr, "hint", "listen on 127.0.0.1 (QCADMIN_ADDR=127.0.0.1:8080), or run 'qcadmin serve' behind your sign-in")
		}
		sb, err := openSandbox(cfg, log)
		if err != nil {
			return err
		}
		defer sb.Close()
		if demoToken, err = sb.Token(sandbox.DemoScenarioID, sandbox.ScopeWrite, tokenTTL); err != nil {
			return err
		}
		if demoAPIKey, err = sb.APIKey(sandbox.DemoScenarioID); err != nil {
			return err
		}
		ready = append(ready, handlers.Check{Name: "sandbox store", Ping: sb.Ping})
		servers = append(servers, &http.Server{Addr: cfg.SandboxAddr, Handler: sb.Handler(), ReadHeaderTimeout: 10 * time.Second})
	}

	httpClient := &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 5 * time.Second,
		ForceAttemptHTTP2:   true,
	}}
	// Metrics, when on, hear every call to Quickchat and time every page.
	var met *metrics.Metrics
	var observe []apiclient.Option
	if cfg.MetricsAddr != "" {
		met = metrics.New()
		observe = append(observe, apiclient.WithObserver(met))
	}
	// One read cache for the console: pages viewed by many people, or again
	// within seconds, share their calls to Quickchat; every write through
	// the console forgets what it changes, on every replica.
	budgets, cache, bus, err := replicaState(ctx, db, cfg.RateLimits, log)
	if err != nil {
		return err
	}
	defer bus.Close()
	// Imports and uploads have Quickchat fetch sites or take files: their
	// calls, and the requests that make them, get longer than the rest.
	const heavyTimeout = 2 * time.Minute
	clientOpts := append([]apiclient.Option{
		apiclient.WithHTTPClient(httpClient),
		apiclient.WithBudgets(budgets),
		apiclient.WithCache(cache),
		apiclient.WithTimeout(cfg.RequestTimeout),
		apiclient.WithHeavyTimeout(heavyTimeout),
	}, observe...)
	ready = append(ready, handlers.Check{Name: "quickchat api", Ping: upstreamCheck(httpClient, cfg.APIOrigin)})

	auth, agents, err := sso(ctx, cfg, log)
	if err != nil {
		return err
	}
	if auth.JWT != nil {
		ready = append(ready, handlers.Check{Name: "sso keys", Ping: auth.JWT.Ready})
	}

	// Bulk work runs on the job queue in the console's database, as the person who started it.
	bulk, err := jobs.New(ctx, jobs.Config{
		DB: db, Sealer: sm, Audit: audit, ReviewPrefix: cfg.ReviewPrefix, Budgets: budgets, Log: log,
		Connect: func(token string) handlers.API { return apiclient.New(cfg.APIOrigin, token, clientOpts...) },
		// Progress and heads-ups reach open pages on the bus the pages' streams hear.
		Bus: bus, OnRecorded: handlers.JobHeadsUp(bus, log),
	})
	if err != nil {
		return err
	}
	if err := bulk.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer func() { // running jobs stop after the article in hand and resume at the next start
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := bulk.Stop(stopCtx); err != nil {
			log.Warn("bulk jobs did not stop in time; they resume at the next start", "err", err)
		}
	}()

	e := handlers.New(handlers.Deps{
		Log:      log,
		Sessions: sm,
		Assets:   layout.Assets{CSS: assets.Path("app.css"), JS: assets.Path("app.js"), HTMX: assets.Path("vendor/htmx.min.js"), Review: assets.Path("review.js"), Imports: assets.Path("imports.js"), Widget: assets.Path("widget.js")},
		Static:   assets.Handler(),
		Connect: func(token string) handlers.API {
			return apiclient.New(cfg.APIOrigin, token, clientOpts...)
		},
		// One deadline per browser request, shared by all its calls.
		RequestTimeout:      cfg.RequestTimeout,
		HeavyRequestTimeout: heavyTimeout,

		DemoToken:     demoToken,
		DemoExposed:   demoExposed,
		DemoAPIKey:    demoAPIKey,
		LegacyChatURL: cfg.LegacyChatURL,
		Markdown:      markdown.New(),
		Languages:     cfg.Languages,
		ReviewPrefix:  cfg.ReviewPrefix,
		UploadLimit:   cfg.UploadLimit,
		Budgets:       budgets,
		Ready:         ready,
		Audit:         audit,
		Reviews:       reviews,
		Views:         inboxViews,
		Auth:          auth,
		Agents:        agents,
		Metrics:       met,
		Events:        bus,
		Jobs:          bulk,
	})
	servers = append(servers, &http.Server{Addr: cfg.Addr, Handler: e, ReadHeaderTimeout: 10 * time.Second})
	if srv := metricsServer(cfg.MetricsAddr, met); srv != nil {
		log.Info("serving Prometheus metrics at /metrics on their own listener", "metrics_addr", cfg.MetricsAddr)
		servers = append(servers, srv)
	}
	return serve(ctx, log, servers...)
}

// replicaState makes the rate budgets, the read cache and the event bus:
// shared with the other replicas through PostgreSQL, or this process's own
// on SQLite.
func replicaState(ctx context.Context, db *database.DB, rateLimits bool, log *slog.Logger) (*apiclient.Budgets, *apiclient.Cache, events.Bus, error) {
	var bus events.Bus
	var budgets *apiclient.Budgets
	if db.Dialect == database.Postgres {
		pg, err := events.NewPostgres(ctx, db.Pool, log)
		if err != nil {
			return nil, nil, nil, err
		}
		bus, budgets = pg, apiclient.NewSharedBudgets(db.Pool, rateLimits, log)
	} else {
		bus, budgets = events.NewLocal(), apiclient.NewBudgets(rateLimits)
	}
	// The cache stops hearing the bus when the bus closes.
	cache, _ := apiclient.NewSharedCache(bus, apiclient.CacheConfig{}, log)
	return budgets, cache, bus, nil
}

// databaseURL is where the console keeps its state: QCADMIN_DATABASE_URL,
// or console.db in the data dir.
func databaseURL(cfg *config.Config) string {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL
	}
	return filepath.Join(cfg.DataDir, "console.db")
}

// migrate brings the console's database up to this version's schema and
// says what it did: for a deploy that migrates before it starts replicas.
func migrate(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	db, err := database.Open(ctx, databaseURL(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := jobs.Migrate(ctx, db); err != nil {
		return err
	}
	version, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "qcadmin: applied %d migration(s) to the %s database; its schema is at version %d\n", n, db.Dialect, version)
	return nil
}

// metricsServer serves m at GET /metrics on addr, and nothing else, apart
// from the console so that its port can be kept from the public; nil when
// metrics are off. The metrics carry no tokens, ids or anything people typed.
func metricsServer(addr string, m *metrics.Metrics) *http.Server {
	if addr == "" || m == nil {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
}

// listensBeyondLoopback reports whether a listen address (host:port) is
// reachable from other machines: every interface (":8080", "0.0.0.0:8080",
// "[::]:8080"), a non-loopback IP, or a host name other than localhost,
// which cannot be told without resolving it. Only loopback IPs and
// localhost stay on this machine.
func listensBeyondLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true // cannot tell, so say so
	}
	if strings.EqualFold(host, "localhost") {
		return false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return true // an empty host (every interface) or a name
	}
	return !ip.Unmap().IsLoopback()
}

// sso builds how people are identified and loads the provisioned agents;
// a bad agents file stops start-up, naming the agent at fault.
func sso(ctx context.Context, cfg *config.Config, log *slog.Logger) (identity.Auth, *identity.Agents, error) {
	auth := identity.Auth{
		Mode: cfg.Auth, Header: cfg.AuthHeader, GroupsHeader: cfg.AuthGroupsHeader, NameHeader: cfg.AuthNameHeader,
		TrustedProxies: cfg.TrustedProxies, JWTHeader: cfg.AuthJWTHeader, LogoutURL: cfg.LogoutURL,
		DefaultRole: cfg.DefaultRole, AdminGroups: cfg.AdminGroups,
	}
	if cfg.Auth == config.AuthJWT {
		v, err := identity.NewJWTVerifier(ctx, identity.JWTConfig{
			JWKSURL: cfg.AuthJWKSURL, Issuer: cfg.AuthJWTIssuer, Audience: cfg.AuthJWTAudience, Log: log,
		})
		if err != nil {
			return auth, nil, err
		}
		auth.JWT = v
	}
	if cfg.AgentsFile == "" {
		return auth, nil, nil
	}
	agents, err := identity.LoadAgents(cfg.AgentsFile, os.Getenv, time.Now())
	if err != nil {
		return auth, nil, err
	}
	log.Info("provisioned agents loaded", "file", cfg.AgentsFile, "agents", agents.Len())
	return auth, agents, nil
}

// upstreamCheck treats any HTTP answer from the API origin as reachable: without a token it is a 401.
func upstreamCheck(hc *http.Client, origin string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/v1/api/knowledge_base/", nil)
		if err != nil {
			return err
		}
		res, err := hc.Do(req)
		if err != nil {
			return errors.New("not reachable")
		}
		res.Body.Close()
		return nil
	}
}

// serve runs the servers until ctx ends or one fails, then shuts all down gracefully.
func serve(ctx context.Context, log *slog.Logger, servers ...*http.Server) error {
	// Bind every address before serving any, so a taken port stops start-up cleanly.
	listeners := make([]net.Listener, 0, len(servers))
	for _, srv := range servers {
		ln, err := net.Listen("tcp", srv.Addr)
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return err
		}
		listeners = append(listeners, ln)
	}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		log.Info("listening", "addr", "http://"+listeners[i].Addr().String())
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	// Start-up is over: what it alone read of the executable goes back to the system.
	if before, after, err := residency.Release(); err != nil {
		log.Debug("start-up pages of the executable kept", "err", err)
	} else {
		log.Info("gave back the executable's start-up pages", "resident_before", before.String(), "resident_after", after.String())
	}
	var err error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, srv := range servers {
		if serr := srv.Shutdown(shutdownCtx); serr != nil && err == nil {
			err = serr
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
