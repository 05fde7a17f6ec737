// Package config turns qcadmin's command line and QCADMIN_* environment
// variables into one validated Config, so a bad setting stops the program at
// start with a message that names it, instead of surfacing later in a request.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Mode is what the qcadmin binary runs, chosen by its first argument.
type Mode string

// The modes of qcadmin. Demo is the default, so a bare `qcadmin` gives a
// working console with no Quickchat account.
const (
	ModeDemo        Mode = "demo"
	ModeServe       Mode = "serve"
	ModeSandbox     Mode = "sandbox"
	ModeToken       Mode = "token"
	ModeHealthcheck Mode = "healthcheck"
	ModeMigrate     Mode = "migrate"
)

var subcommands = []Mode{ModeServe, ModeSandbox, ModeToken, ModeHealthcheck, ModeMigrate}

// Config is every setting of one qcadmin process. Load fills and validates it;
// the program passes it (or parts of it) down instead of reading globals.
type Config struct {
	Mode Mode

	Addr          string // console listen address
	SandboxAddr   string // sandbox API listen address
	MetricsAddr   string // listen address of /metrics; empty means no metrics
	APIOrigin     string // Quickchat API origin the console talks to, without a trailing slash
	LegacyChatURL string // the legacy chat endpoint (api_key in the body)
	DataDir       string // where sandbox.db, console.db and console.key live
	// DatabaseURL is where the console keeps its state: a postgres:// URL
	// shared by replicas, or empty for console.db in DataDir.
	DatabaseURL string

	SecretKey     []byte // 32 bytes for AES-GCM of tokens in sessions; see EnsureSecretKey
	SandboxSecret string // HS256 secret of sandbox tokens; empty lets the sandbox keep its own
	// SandboxMetadataSchema is a JSON Schema file every agent's conversation metadata must follow in the
	// sandbox; empty keeps the demo agent's built-in schema.
	SandboxMetadataSchema string
	// SandboxFetchAllow lists the hosts (host or host:port) the sandbox's website, sitemap and link imports may fetch from.
	SandboxFetchAllow []string
	// SandboxUploadLimit is the largest file, in bytes, the sandbox's file upload endpoints accept.
	SandboxUploadLimit int64
	// UploadLimit is the largest file, in bytes, a person may import through the console.
	UploadLimit int64
	// ReviewPrefix starts the conversation metadata keys that hold team review state.
	ReviewPrefix string

	RateLimits      bool          // the sandbox enforces the API's tiers and the console budgets its calls
	RequestTimeout  time.Duration // deadline of one API call
	SessionIdle     time.Duration // sign-out after this long without a request
	SessionLifetime time.Duration // sign-out this long after sign-in, whatever happens
	SecureCookies   bool          // session cookie is Secure and __Host- prefixed

	LogLevel  slog.Level
	LogFormat string // "text" or "json"
	Languages []string

	// Identity behind an SSO proxy and provisioned agents; see auth.go.
	Auth             string         // AuthToken, AuthHeader or AuthJWT
	AuthHeader       string         // header mode: the person's e-mail or user name
	AuthGroupsHeader string         // header mode: comma-separated groups
	AuthNameHeader   string         // header mode: display name
	TrustedProxies   []netip.Prefix // peers whose identity headers and X-Forwarded-For are believed
	AuthJWTHeader    string         // jwt mode: the signed assertion
	AuthJWKSURL      string         // jwt mode: the proxy's public keys
	AuthJWTIssuer    string         // jwt mode: expected iss
	AuthJWTAudience  string         // jwt mode: expected aud
	LogoutURL        string         // where Sign out goes after clearing the session; empty means /login
	AgentsFile       string         // provisioned agents (TOML); empty means people paste tokens
	DefaultRole      string         // RoleRead or RoleWrite, for people whose proxy sends no groups
	AdminGroups      []string       // groups that see /admin/sessions

	TokenScope    string // token subcommand: read_all or write_all
	TokenScenario string // token subcommand: empty means the demo scenario
	TokenAPIKey   bool   // token subcommand: print the agent's legacy api_key instead of a token
	HealthURL     string // healthcheck subcommand: the URL it fetches

	keySource string // how SecretKey was obtained, for the start-up log
}

// Load reads the command line (os.Args[1:]) and the environment through
// getenv. A first argument that is not a flag names the subcommand; without
// one qcadmin runs the demo. Flags override environment variables. When the
// command line asks for help Load returns an error wrapping flag.ErrHelp, and
// the caller prints Usage.
func Load(args []string, getenv func(string) string) (*Config, error) {
	mode := ModeDemo
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if args[0] == "help" {
			return nil, flag.ErrHelp
		}
		mode = Mode(args[0])
		if !slices.Contains(subcommands, mode) {
			return nil, fmt.Errorf("unknown subcommand %q: want serve, sandbox, token, healthcheck or migrate (none runs the demo)", args[0])
		}
		args = args[1:]
	}

	c := &Config{Mode: mode}
	for _, s := range settings() {
		if s.def != "" {
			if err := s.set(c, s.def); err != nil {
				panic("config: bad default for " + s.name + ": " + err.Error())
			}
		}
	}
	given := map[string]bool{} // settings the user chose, so derived defaults leave them alone
	// Every bad setting at once, so a broken deployment is fixed in one go.
	errs := append(c.applyEnv(getenv, given), c.applyFlags(args, given)...)
	if len(errs) > 0 {
		if errors.Is(errs[len(errs)-1], flag.ErrHelp) {
			return nil, flag.ErrHelp
		}
		return nil, errors.Join(errs...)
	}
	if err := c.derive(given); err != nil {
		return nil, err
	}
	return c, nil
}

// applyEnv reads the QCADMIN_* variables; an empty variable counts as unset.
func (c *Config) applyEnv(getenv func(string) string, given map[string]bool) []error {
	var errs []error
	for _, s := range settings() {
		if s.env == "" || s.fixedIn(c.Mode) {
			continue
		}
		if v := getenv(s.env); v != "" {
			if err := s.set(c, v); err != nil {
				errs = append(errs, s.envError(v, err))
			}
			given[s.name] = true
		}
	}
	return errs
}

// applyFlags parses the command line after the subcommand with a flag set of
// the settings that subcommand takes.
func (c *Config) applyFlags(args []string, given map[string]bool) []error {
	fs := flag.NewFlagSet("qcadmin "+string(c.Mode), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // main prints Usage; the flag package's own text would repeat it badly
	fs.Usage = func() {}
	for _, s := range settings() {
		if s.flag == "" || !s.in(c.Mode) || s.fixedIn(c.Mode) {
			continue
		}
		apply := func(v string) error {
			given[s.name] = true
			return s.set(c, v)
		}
		if s.boolean {
			fs.BoolFunc(s.flag, s.help, apply)
		} else {
			fs.Func(s.flag, s.help, apply)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return []error{err}
		}
		return []error{fmt.Errorf("%s: %w (see qcadmin -h)", c.Mode, err)}
	}
	if rest := fs.Args(); len(rest) > 0 {
		if slices.Contains(subcommands, Mode(rest[0])) {
			return []error{fmt.Errorf("unexpected argument %q: the subcommand comes first, as in qcadmin %s --flag value", rest[0], rest[0])}
		}
		return []error{fmt.Errorf("%s: unexpected argument %q (see qcadmin -h)", c.Mode, rest[0])}
	}
	return nil
}

// derive fills the settings whose defaults depend on others and checks the
// rules that span several settings.
func (c *Config) derive(given map[string]bool) error {
	switch c.Mode {
	case ModeDemo:
		// The demo console always talks to its own sandbox, which serves the legacy chat too.
		c.APIOrigin = localURL(c.SandboxAddr)
		c.LegacyChatURL = c.APIOrigin + "/chat"
	case ModeServe:
		if c.APIOrigin == "" {
			return errors.New("serve mode needs the Quickchat API origin: set --api-origin or QCADMIN_API_ORIGIN, e.g. https://app.quickchat.ai")
		}
	}
	if !given["addr"] && c.Mode == ModeDemo {
		// The demo signs anyone in with one click and can write: this machine only, unless asked otherwise.
		c.Addr = "127.0.0.1:8080"
	}
	if !given["secure_cookies"] {
		// Production is reached over HTTPS (directly or through a proxy); the demo runs on plain-HTTP localhost.
		c.SecureCookies = c.Mode == ModeServe
	}
	if !given["health_url"] {
		c.HealthURL = localURL(c.Addr) + "/healthz"
	}
	if slices.Contains(consoleModes, c.Mode) {
		if err := c.checkAuth(); err != nil {
			return err
		}
	}
	if c.MetricsAddr != "" && slices.Contains(consoleModes, c.Mode) {
		if sameListener(c.MetricsAddr, c.Addr) {
			return fmt.Errorf("QCADMIN_METRICS_ADDR (%s) must differ from QCADMIN_ADDR (%s): metrics have a listener of their own", c.MetricsAddr, c.Addr)
		}
		if c.Mode == ModeDemo && sameListener(c.MetricsAddr, c.SandboxAddr) {
			return fmt.Errorf("QCADMIN_METRICS_ADDR (%s) must differ from QCADMIN_SANDBOX_ADDR (%s)", c.MetricsAddr, c.SandboxAddr)
		}
	}
	if c.SessionIdle > c.SessionLifetime {
		return fmt.Errorf("QCADMIN_SESSION_IDLE (%s) must not exceed QCADMIN_SESSION_LIFETIME (%s)", c.SessionIdle, c.SessionLifetime)
	}
	return nil
}

// Summary describes every setting in effect in this mode, for the start-up
// log. Secrets appear only as where they came from, never as values; log it
// after EnsureSecretKey so the key's line says which.
func (c *Config) Summary() []slog.Attr {
	attrs := []slog.Attr{slog.String("mode", string(c.Mode))}
	for _, s := range settings() {
		if s.in(c.Mode) {
			attrs = append(attrs, slog.String(s.name, s.get(c)))
		}
	}
	return attrs
}

// sameListener reports whether two listen addresses would take the same
// port: the same host, or either one every interface.
func sameListener(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(a)
	hb, pb, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil || pa != pb {
		return false
	}
	every := func(h string) bool { return h == "" || net.ParseIP(h).IsUnspecified() }
	return ha == hb || every(ha) || every(hb)
}
