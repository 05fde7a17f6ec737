package config

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// setting is one row of the configuration table: Load, Usage, MarkdownTable
// and Summary all read the same rows, so the help text cannot drift from the code.
type setting struct {
	name    string // key in the start-up log
	env     string // environment variable, empty when there is none
	flag    string // command-line flag without dashes, empty when there is none
	def     string // initial value, fed through set
	defDoc  string // default as the help shows it, when def alone would mislead
	modes   []Mode // where the setting takes effect (and its flag is accepted)
	fixed   []Mode // where the value is derived and cannot be set
	arg     string // what the flag's value is, for the help text
	boolean bool   // the flag may stand alone, as in --rate-limits
	secret  bool   // never echoed, not even in error messages
	help    string
	set     func(c *Config, v string) error
	get     func(c *Config) string
}

var (
	consoleModes = []Mode{ModeDemo, ModeServe}
	serverModes  = []Mode{ModeDemo, ModeServe, ModeSandbox}
	allModes     = []Mode{ModeDemo, ModeServe, ModeSandbox, ModeToken, ModeHealthcheck}
)

// reviewPrefixRE keeps review keys plain, so every JSON Schema and export can name them.
var reviewPrefixRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,32}$`)

func settings() []setting {
	return append(baseSettings(), authSettings()...)
}

func baseSettings() []setting {
	return []setting{
		{
			name: "addr", env: "QCADMIN_ADDR", flag: "addr", arg: "HOST:PORT", def: ":8080",
			defDoc: "127.0.0.1:8080 in demo mode (this machine only); :8080 otherwise",
			modes:  []Mode{ModeDemo, ModeServe, ModeHealthcheck},
			help:   "listen address of the console (host:port)",
			set:    func(c *Config, v string) (err error) { c.Addr, err = parseAddr(v); return },
			get:    func(c *Config) string { return c.Addr },
		},
		{
			name: "sandbox_addr", env: "QCADMIN_SANDBOX_ADDR", flag: "sandbox-addr", arg: "HOST:PORT", def: "127.0.0.1:8081",
			modes: []Mode{ModeDemo, ModeSandbox},
			help:  "listen address of the sandbox API (host:port)",
			set:   func(c *Config, v string) (err error) { c.SandboxAddr, err = parseAddr(v); return },
			get:   func(c *Config) string { return c.SandboxAddr },
		},
		{
			name: "metrics_addr", env: "QCADMIN_METRICS_ADDR", flag: "metrics-addr", arg: "HOST:PORT",
			defDoc: "empty: no metrics",
			modes:  consoleModes,
			help:   "listen address (host:port) of a separate listener that serves Prometheus metrics at /metrics, such as 127.0.0.1:9090; keep it off the public internet",
			set: func(c *Config, v string) (err error) {
				if v == "" {
					c.MetricsAddr = ""
					return nil
				}
				c.MetricsAddr, err = parseAddr(v)
				return
			},
			get: func(c *Config) string {
				if c.MetricsAddr == "" {
					return "off"
				}
				return c.MetricsAddr
			},
		},
		{
			name: "api_origin", env: "QCADMIN_API_ORIGIN", flag: "api-origin", arg: "URL",
			defDoc: "the sandbox in demo mode; required in serve mode",
			modes:  consoleModes, fixed: []Mode{ModeDemo},
			help: "origin of the Quickchat API, e.g. https://app.quickchat.ai (scheme and host only)",
			set:  func(c *Config, v string) (err error) { c.APIOrigin, err = parseOrigin(v); return },
			get:  func(c *Config) string { return c.APIOrigin },
		},
		{
			name: "legacy_chat_url", env: "QCADMIN_LEGACY_CHAT_URL", flag: "legacy-chat-url", arg: "URL", def: "https://chat.quickchat.ai/chat",
			defDoc: "https://chat.quickchat.ai/chat; the sandbox in demo mode",
			modes:  consoleModes, fixed: []Mode{ModeDemo},
			help: "URL of the legacy chat endpoint (api_key in the body)",
			set:  func(c *Config, v string) (err error) { c.LegacyChatURL, err = parseHTTPURL(v); return },
			get:  func(c *Config) string { return c.LegacyChatURL },
		},
		{
			name: "data_dir", env: "QCADMIN_DATA_DIR", flag: "data-dir", arg: "DIR", def: "./data",
			modes: []Mode{ModeDemo, ModeServe, ModeSandbox, ModeToken, ModeMigrate},
			help:  "directory for sandbox.db, console.db and console.key",
			set: func(c *Config, v string) error {
				if strings.TrimSpace(v) == "" {
					return errors.New("want a directory path")
				}
				c.DataDir = v
				return nil
			},
			get: func(c *Config) string { return c.DataDir },
		},
		{
			name: "database_url", env: "QCADMIN_DATABASE_URL", arg: "URL", secret: true,
			defDoc: "console.db in the data dir (one process)",
			modes:  []Mode{ModeDemo, ModeServe, ModeMigrate},
			help:   "postgres://user:password@host:5432/dbname: keep sessions, the audit log, reviews and rate budgets in PostgreSQL, shared by every replica",
			set: func(c *Config, v string) error {
				if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
					return errors.New("want a postgres:// or postgresql:// URL")
				}
				c.DatabaseURL = v
				return nil
			},
			get: func(c *Config) string { return redactURL(c.DatabaseURL) },
		},
		{
			name: "secret_key", env: "QCADMIN_SECRET_KEY", secret: true,
			defDoc: "generated once into console.key in the data dir",
			modes:  consoleModes,
			help:   "64 hex characters (32 bytes) that encrypt API tokens held in sessions",
			set:    func(c *Config, v string) error { return c.setSecretKey(v) },
			get: func(c *Config) string {
				if c.keySource == "" {
					return "not loaded yet"
				}
				return c.keySource
			},
		},
		{
			name: "sandbox_secret", env: "QCADMIN_SANDBOX_SECRET", secret: true,
			defDoc: "generated once by the sandbox into sandbox.secret in the data dir",
			modes:  []Mode{ModeDemo, ModeSandbox, ModeToken},
			help:   "HS256 secret that signs and checks sandbox tokens (at least 32 characters)",
			set: func(c *Config, v string) error {
				if len(v) < 32 {
					return fmt.Errorf("want at least 32 characters, got %d", len(v))
				}
				c.SandboxSecret = v
				return nil
			},
			get: func(c *Config) string {
				if c.SandboxSecret == "" {
					return "kept by the sandbox"
				}
				return "set (masked)"
			},
		},
		{
			name: "sandbox_metadata_schema", env: "QCADMIN_SANDBOX_METADATA_SCHEMA", flag: "sandbox-metadata-schema", arg: "FILE",
			defDoc: "the demo agent's built-in schema",
			modes:  []Mode{ModeDemo, ModeSandbox},
			help:   "JSON Schema file that conversation metadata must follow in the sandbox, for every agent",
			set: func(c *Config, v string) (err error) {
				c.SandboxMetadataSchema, err = parseFile(v, "a JSON Schema file")
				return
			},
			get: func(c *Config) string {
				if c.SandboxMetadataSchema == "" {
					return "built-in"
				}
				return c.SandboxMetadataSchema
			},
		},
		{
			name: "sandbox_fetch_allow", env: "QCADMIN_SANDBOX_FETCH_ALLOW", flag: "sandbox-fetch-allow", arg: "HOSTS", def: "127.0.0.1,localhost,::1",
			modes: []Mode{ModeDemo, ModeSandbox},
			help:  "comma-separated hosts (host or host:port) the sandbox's website, sitemap and link imports may fetch from",
			set:   func(c *Config, v string) (err error) { c.SandboxFetchAllow, err = parseHostList(v); return },
			get:   func(c *Config) string { return strings.Join(c.SandboxFetchAllow, ",") },
		},
		{
			name: "sandbox_upload_limit", env: "QCADMIN_SANDBOX_UPLOAD_LIMIT", flag: "sandbox-upload-limit", arg: "SIZE", def: "20MB",
			modes: []Mode{ModeDemo, ModeSandbox},
			help:  "largest file the sandbox's file upload accepts: bytes, or a size such as 512KB or 20MB (KB, MB and GB count in 1024s)",
			set:   func(c *Config, v string) (err error) { c.SandboxUploadLimit, err = parseByteSize(v); return },
			get:   func(c *Config) string { return formatByteSize(c.SandboxUploadLimit) },
		},
		{
			name: "rate_limits", env: "QCADMIN_RATE_LIMITS", flag: "rate-limits", def: "true", boolean: true,
			modes: serverModes,
			help:  "the sandbox enforces the API's rate tiers and the console budgets its calls to stay under them",
			set:   func(c *Config, v string) (err error) { c.RateLimits, err = strconv.ParseBool(v); return },
			get:   func(c *Config) string { return strconv.FormatBool(c.RateLimits) },
		},
		{
			name: "review_prefix", env: "QCADMIN_REVIEW_PREFIX", def: "review_",
			modes: consoleModes,
			help:  "start of the conversation metadata keys that hold team review state (status, note, by, at): letters, digits and _ only",
			set: func(c *Config, v string) error {
				if !reviewPrefixRE.MatchString(v) {
					return fmt.Errorf("want 1 to 32 letters, digits or underscores, such as review_")
				}
				c.ReviewPrefix = v
				return nil
			},
			get: func(c *Config) string { return c.ReviewPrefix },
		},
		{
			name: "upload_limit", env: "QCADMIN_UPLOAD_LIMIT", flag: "upload-limit", arg: "SIZE", def: "20MB",
			modes: consoleModes,
			help:  "largest file a person may import on the console's imports page: bytes, or a size such as 512KB or 20MB",
			set:   func(c *Config, v string) (err error) { c.UploadLimit, err = parseByteSize(v); return },
			get:   func(c *Config) string { return formatByteSize(c.UploadLimit) },
		},
		{
			name: "request_timeout", env: "QCADMIN_REQUEST_TIMEOUT", def: "15s",
			modes: consoleModes,
			help:  "deadline of one browser request, shared by all its calls to the Quickchat API and its waits for the rate budget (imports get 2m; each file of an upload gets 2m of its own)",
			set:   func(c *Config, v string) (err error) { c.RequestTimeout, err = parsePositiveDuration(v); return },
			get:   func(c *Config) string { return c.RequestTimeout.String() },
		},
		{
			name: "session_idle", env: "QCADMIN_SESSION_IDLE", def: "8h",
			modes: consoleModes,
			help:  "a session ends after this long without a request",
			set:   func(c *Config, v string) (err error) { c.SessionIdle, err = parsePositiveDuration(v); return },
			get:   func(c *Config) string { return c.SessionIdle.String() },
		},
		{
			name: "session_lifetime", env: "QCADMIN_SESSION_LIFETIME", def: "168h",
			modes: consoleModes,
			help:  "a session ends this long after sign-in, however active",
			set:   func(c *Config, v string) (err error) { c.SessionLifetime, err = parsePositiveDuration(v); return },
			get:   func(c *Config) string { return c.SessionLifetime.String() },
		},
		{
			name: "secure_cookies", env: "QCADMIN_SECURE_COOKIES",
			defDoc: "true in serve mode, false in demo mode",
			modes:  consoleModes,
			help:   "mark the session cookie Secure with the __Host- prefix; needs HTTPS, directly or at a proxy (set false to serve plain HTTP beyond localhost)",
			set:    func(c *Config, v string) (err error) { c.SecureCookies, err = strconv.ParseBool(v); return },
			get:    func(c *Config) string { return strconv.FormatBool(c.SecureCookies) },
		},
		{
			name: "log_level", env: "QCADMIN_LOG_LEVEL", def: "info",
			modes: allModes,
			help:  "debug, info, warn or error",
			set:   func(c *Config, v string) (err error) { c.LogLevel, err = parseLogLevel(v); return },
			get:   func(c *Config) string { return strings.ToLower(c.LogLevel.String()) },
		},
		{
			name: "log_format", env: "QCADMIN_LOG_FORMAT", def: "text",
			modes: allModes,
			help:  "text or json",
			set:   func(c *Config, v string) (err error) { c.LogFormat, err = oneOf(v, "text", "json"); return },
			get:   func(c *Config) string { return c.LogFormat },
		},
		{
			name: "languages", env: "QCADMIN_LANGUAGES", def: "en,de,fr,es,it,pl,pt,nl",
			modes: consoleModes,
			help:  "comma-separated ISO 639-1 codes offered for article languages",
			set:   func(c *Config, v string) (err error) { c.Languages, err = parseLanguages(v); return },
			get:   func(c *Config) string { return strings.Join(c.Languages, ",") },
		},
		{
			name: "token_scope", flag: "scope", arg: "SCOPE", def: "write_all",
			modes: []Mode{ModeToken},
			help:  "scope of the printed token: read_all or write_all",
			set:   func(c *Config, v string) (err error) { c.TokenScope, err = oneOf(v, "read_all", "write_all"); return },
			get:   func(c *Config) string { return c.TokenScope },
		},
		{
			name: "token_scenario", flag: "scenario", arg: "ID",
			defDoc: "the demo agent's scenario",
			modes:  []Mode{ModeToken},
			help:   "scenario_id claim of the printed token",
			set: func(c *Config, v string) error {
				if !scenarioPattern.MatchString(v) {
					return errors.New("want 1 to 64 letters, digits, '-' or '_'")
				}
				c.TokenScenario = v
				return nil
			},
			get: func(c *Config) string { return c.TokenScenario },
		},
		{
			name: "token_api_key", flag: "api-key", def: "false", boolean: true,
			modes: []Mode{ModeToken},
			help:  "print the agent's legacy api_key (legacy chat, the MCP client's X-API-Key) instead of a token",
			set:   func(c *Config, v string) (err error) { c.TokenAPIKey, err = strconv.ParseBool(v); return },
			get:   func(c *Config) string { return strconv.FormatBool(c.TokenAPIKey) },
		},
		{
			name: "health_url", flag: "url", arg: "URL",
			defDoc: "http://127.0.0.1:PORT/healthz with the port of --addr",
			modes:  []Mode{ModeHealthcheck},
			help:   "URL the healthcheck fetches; exit status 0 when it answers 200",
			set:    func(c *Config, v string) (err error) { c.HealthURL, err = parseHTTPURL(v); return },
			get:    func(c *Config) string { return c.HealthURL },
		},
	}
}

func (s setting) in(m Mode) bool      { return slices.Contains(s.modes, m) }
func (s setting) fixedIn(m Mode) bool { return slices.Contains(s.fixed, m) }

// envError names the variable and what is allowed, and leaves out secret values.
func (s setting) envError(v string, err error) error {
	if s.secret {
		return fmt.Errorf("%s: %w", s.env, err)
	}
	return fmt.Errorf("%s=%q: %w", s.env, v, err)
}

// defaultText is the default as the help shows it.
func (s setting) defaultText() string {
	if s.defDoc != "" {
		return s.defDoc
	}
	if s.def == "" {
		return "empty"
	}
	return s.def
}

var scenarioPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func parseAddr(v string) (string, error) {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return "", errors.New("want host:port, e.g. :8080 or 127.0.0.1:8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", errors.New("want a port number from 1 to 65535")
	}
	return v, nil
}

// localURL is an http URL this machine can dial to reach a listener on addr,
// so ":8080" and "0.0.0.0:8080" become loopback addresses.
func localURL(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || net.ParseIP(host).IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func parseHTTPURL(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("want an absolute http:// or https:// URL")
	}
	if u.User != nil {
		return "", errors.New("want a URL without user name or password")
	}
	return v, nil
}

// parseOrigin accepts scheme and host only, because the API's paths
// (/v1/api/, /v1/api_core/, /chat) are appended to it.
func parseOrigin(v string) (string, error) {
	if _, err := parseHTTPURL(v); err != nil {
		return "", err
	}
	u, _ := url.Parse(v)
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", errors.New("want scheme and host only, e.g. https://app.quickchat.ai (no path, query or fragment)")
	}
	return u.Scheme + "://" + u.Host, nil
}

// parseFile wants an existing regular file, so a typo stops start-up.
func parseFile(v, what string) (string, error) {
	if strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("want the path of %s", what)
	}
	info, err := os.Stat(v)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("no such file; want the path of %s", what)
	case err != nil:
		return "", fmt.Errorf("cannot read it: %w", err)
	case info.IsDir():
		return "", fmt.Errorf("is a directory; want the path of %s", what)
	}
	return v, nil
}

func oneOf(v string, allowed ...string) (string, error) {
	if !slices.Contains(allowed, v) {
		return "", fmt.Errorf("want %s", strings.Join(allowed, " or "))
	}
	return v, nil
}

func parsePositiveDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, errors.New("want a positive duration such as 30s, 15m or 8h")
	}
	return d, nil
}

func parseLogLevel(v string) (slog.Level, error) {
	switch strings.ToLower(v) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, errors.New("want debug, info, warn or error")
}

func parseLanguages(v string) ([]string, error) {
	var langs []string
	for part := range strings.SplitSeq(v, ",") {
		code := strings.ToLower(strings.TrimSpace(part))
		if !isISO6391(code) {
			return nil, fmt.Errorf("%q is not an ISO 639-1 language code; want two-letter codes such as en,de,fr", strings.TrimSpace(part))
		}
		if !slices.Contains(langs, code) {
			langs = append(langs, code)
		}
	}
	return langs, nil
}

// iso6391 lists every ISO 639-1 code, so a typo such as "dr" is caught at start.
const iso6391 = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy " +
	"da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz " +
	"ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv " +
	"mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu " +
	"rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty " +
	"ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"

func isISO6391(code string) bool {
	return len(code) == 2 && strings.Contains(" "+iso6391+" ", " "+code+" ")
}

func (c *Config) setSecretKey(v string) error {
	key, err := decodeKey(v)
	if err != nil {
		return err
	}
	c.SecretKey = key
	c.keySource = "set (masked)"
	return nil
}

// decodeKey never puts the key material into its error.
func decodeKey(v string) ([]byte, error) {
	v = strings.TrimSpace(v)
	if len(v) != 64 {
		return nil, fmt.Errorf("want 64 hex characters (32 bytes), got %d characters; generate one with: openssl rand -hex 32", len(v))
	}
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, errors.New("want 64 hex characters (0-9, a-f); generate one with: openssl rand -hex 32")
	}
	return key, nil
}

// redactURL is a database URL as the log may show it: without its password.
func redactURL(v string) string {
	if v == "" {
		return "console.db in the data dir"
	}
	u, err := url.Parse(v)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}
