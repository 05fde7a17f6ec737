package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for Load.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func mustLoad(t *testing.T, args []string, getenv func(string) string) *Config {
	t.Helper()
	c, err := Load(args, getenv)
	if err != nil {
		t.Fatalf("Load(%q): %v", args, err)
	}
	return c
}

const testKeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

func TestLoadDefaults(t *testing.T) {
	c := mustLoad(t, nil, env())
	checks := []struct {
		name      string
		got, want any
	}{
		{"Mode", c.Mode, ModeDemo},
		{"Addr", c.Addr, "127.0.0.1:8080"}, // the demo signs anyone in with one click: this machine only
		{"SandboxAddr", c.SandboxAddr, "127.0.0.1:8081"},
		{"APIOrigin", c.APIOrigin, "http://127.0.0.1:8081"},
		{"LegacyChatURL", c.LegacyChatURL, "http://127.0.0.1:8081/chat"},
		{"DataDir", c.DataDir, "./data"},
		{"SecretKey", len(c.SecretKey), 0},
		{"SandboxSecret", c.SandboxSecret, ""},
		{"RateLimits", c.RateLimits, true},
		{"RequestTimeout", c.RequestTimeout, 15 * time.Second},
		{"SessionIdle", c.SessionIdle, 8 * time.Hour},
		{"SessionLifetime", c.SessionLifetime, 168 * time.Hour},
		{"SecureCookies", c.SecureCookies, false},
		{"LogLevel", c.LogLevel, slog.LevelInfo},
		{"LogFormat", c.LogFormat, "text"},
		{"Languages", strings.Join(c.Languages, ","), "en,de,fr,es,it,pl,pt,nl"},
		{"TokenScope", c.TokenScope, "write_all"},
		{"TokenScenario", c.TokenScenario, ""},
		{"HealthURL", c.HealthURL, "http://127.0.0.1:8080/healthz"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestOnlyTheDemoListensOnThisMachineByDefault(t *testing.T) {
	serve := mustLoad(t, []string{"serve"}, env("QCADMIN_API_ORIGIN", "https://app.quickchat.ai", "QCADMIN_SECRET_KEY", testKeyHex))
	if serve.Addr != ":8080" {
		t.Errorf("serve mode listens on %q by default, want :8080", serve.Addr)
	}
	demo := mustLoad(t, nil, env("QCADMIN_ADDR", ":8080"))
	if demo.Addr != ":8080" {
		t.Errorf("a demo told to listen on :8080 listens on %q", demo.Addr)
	}
}

func TestLoadEnv(t *testing.T) {
	c := mustLoad(t, []string{"serve"}, env(
		"QCADMIN_ADDR", "0.0.0.0:9000",
		"QCADMIN_API_ORIGIN", "https://app.quickchat.ai/",
		"QCADMIN_LEGACY_CHAT_URL", "https://chat.example.com/chat",
		"QCADMIN_DATA_DIR", "/var/lib/qcadmin",
		"QCADMIN_SECRET_KEY", testKeyHex,
		"QCADMIN_RATE_LIMITS", "false",
		"QCADMIN_REQUEST_TIMEOUT", "5s",
		"QCADMIN_SESSION_IDLE", "30m",
		"QCADMIN_SESSION_LIFETIME", "24h",
		"QCADMIN_SECURE_COOKIES", "false",
		"QCADMIN_LOG_LEVEL", "debug",
		"QCADMIN_LOG_FORMAT", "json",
		"QCADMIN_LANGUAGES", " EN, de ,en",
	))
	if c.Mode != ModeServe || c.Addr != "0.0.0.0:9000" || c.APIOrigin != "https://app.quickchat.ai" ||
		c.LegacyChatURL != "https://chat.example.com/chat" || c.DataDir != "/var/lib/qcadmin" {
		t.Errorf("addresses: %+v", c)
	}
	if fmt.Sprintf("%x", c.SecretKey) != testKeyHex {
		t.Errorf("SecretKey = %x", c.SecretKey)
	}
	if c.RateLimits || c.RequestTimeout != 5*time.Second || c.SessionIdle != 30*time.Minute ||
		c.SessionLifetime != 24*time.Hour || c.SecureCookies {
		t.Errorf("limits and sessions: %+v", c)
	}
	if c.LogLevel != slog.LevelDebug || c.LogFormat != "json" {
		t.Errorf("log: %v %q", c.LogLevel, c.LogFormat)
	}
	if !slices.Equal(c.Languages, []string{"en", "de"}) {
		t.Errorf("Languages = %q, want lower-cased and without repeats", c.Languages)
	}
	if c.HealthURL != "http://127.0.0.1:9000/healthz" {
		t.Errorf("HealthURL = %q, want the loopback address of the console", c.HealthURL)
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	getenv := env(
		"QCADMIN_ADDR", ":7000",
		"QCADMIN_SANDBOX_ADDR", "127.0.0.1:7001",
		"QCADMIN_DATA_DIR", "/from/env",
		"QCADMIN_RATE_LIMITS", "true",
	)
	c := mustLoad(t, []string{"--addr", "127.0.0.1:9090", "-sandbox-addr=127.0.0.1:9091", "--data-dir", "/from/flag", "--rate-limits=false"}, getenv)
	if c.Addr != "127.0.0.1:9090" || c.SandboxAddr != "127.0.0.1:9091" || c.DataDir != "/from/flag" || c.RateLimits {
		t.Errorf("flags did not win over env: %+v", c)
	}
	if c.APIOrigin != "http://127.0.0.1:9091" {
		t.Errorf("demo APIOrigin = %q, want the sandbox address from the flag", c.APIOrigin)
	}

	c = mustLoad(t, []string{"--rate-limits"}, env("QCADMIN_RATE_LIMITS", "false"))
	if !c.RateLimits {
		t.Error("a bare --rate-limits should turn rate limits on")
	}
}

func TestSubcommands(t *testing.T) {
	t.Run("serve", func(t *testing.T) {
		c := mustLoad(t, []string{"serve", "--api-origin", "https://app.quickchat.ai"}, env())
		if c.Mode != ModeServe || c.APIOrigin != "https://app.quickchat.ai" {
			t.Errorf("got %q %q", c.Mode, c.APIOrigin)
		}
		if !c.SecureCookies {
			t.Error("serve mode should default to Secure cookies")
		}
		if c.LegacyChatURL != "https://chat.quickchat.ai/chat" {
			t.Errorf("LegacyChatURL = %q", c.LegacyChatURL)
		}
	})
	t.Run("sandbox", func(t *testing.T) {
		c := mustLoad(t, []string{"sandbox", "--sandbox-addr", "0.0.0.0:8081", "--rate-limits=false"}, env())
		if c.Mode != ModeSandbox || c.SandboxAddr != "0.0.0.0:8081" || c.RateLimits {
			t.Errorf("got %+v", c)
		}
		if _, err := Load([]string{"sandbox", "--addr", ":1"}, env()); err == nil {
			t.Error("sandbox mode should not take the console's --addr")
		}
	})
	t.Run("token", func(t *testing.T) {
		c := mustLoad(t, []string{"token"}, env())
		if c.Mode != ModeToken || c.TokenScope != "write_all" || c.TokenScenario != "" {
			t.Errorf("got %+v", c)
		}
		c = mustLoad(t, []string{"token", "--scope", "read_all", "--scenario", "abc_123-X"}, env())
		if c.TokenScope != "read_all" || c.TokenScenario != "abc_123-X" {
			t.Errorf("got %q %q", c.TokenScope, c.TokenScenario)
		}
	})
	t.Run("healthcheck", func(t *testing.T) {
		c := mustLoad(t, []string{"healthcheck"}, env("QCADMIN_ADDR", ":9999"))
		if c.Mode != ModeHealthcheck || c.HealthURL != "http://127.0.0.1:9999/healthz" {
			t.Errorf("got %q %q", c.Mode, c.HealthURL)
		}
		c = mustLoad(t, []string{"healthcheck", "--url", "http://console:8080/healthz"}, env())
		if c.HealthURL != "http://console:8080/healthz" {
			t.Errorf("HealthURL = %q", c.HealthURL)
		}
	})
	t.Run("demo ignores an API origin from the environment", func(t *testing.T) {
		c := mustLoad(t, nil, env("QCADMIN_API_ORIGIN", "https://app.quickchat.ai"))
		if c.APIOrigin != "http://127.0.0.1:8081" {
			t.Errorf("APIOrigin = %q, want the sandbox", c.APIOrigin)
		}
	})
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"serve", "-h"}, {"token", "--help"}} {
		if _, err := Load(args, env()); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("Load(%q) = %v, want flag.ErrHelp", args, err)
		}
	}
}

// TestLoadErrors checks that each bad setting is refused with a message that
// names the setting and says what is allowed.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  []string
		want []string // substrings of the error
	}{
		{"serve without origin", []string{"serve"}, nil, []string{"--api-origin", "QCADMIN_API_ORIGIN"}},
		{"origin with path", []string{"serve", "--api-origin", "https://app.quickchat.ai/v1/api"}, nil, []string{"api-origin", "no path"}},
		{"origin with query", []string{"serve"}, []string{"QCADMIN_API_ORIGIN", "https://app.quickchat.ai?x=1"}, []string{"QCADMIN_API_ORIGIN", "no path, query"}},
		{"ftp origin", []string{"serve", "--api-origin", "ftp://app.quickchat.ai"}, nil, []string{"api-origin", "http:// or https://"}},
		{"relative origin", []string{"serve", "--api-origin", "app.quickchat.ai"}, nil, []string{"api-origin", "absolute"}},
		{"bad duration", nil, []string{"QCADMIN_REQUEST_TIMEOUT", "15"}, []string{"QCADMIN_REQUEST_TIMEOUT", "positive duration"}},
		{"negative duration", nil, []string{"QCADMIN_SESSION_IDLE", "-1h"}, []string{"QCADMIN_SESSION_IDLE", "positive duration"}},
		{"idle beyond lifetime", nil, []string{"QCADMIN_SESSION_IDLE", "200h"}, []string{"QCADMIN_SESSION_IDLE", "QCADMIN_SESSION_LIFETIME"}},
		{"short key", nil, []string{"QCADMIN_SECRET_KEY", "abcd"}, []string{"QCADMIN_SECRET_KEY", "64 hex characters"}},
		{"non-hex key", nil, []string{"QCADMIN_SECRET_KEY", strings.Repeat("zz", 32)}, []string{"QCADMIN_SECRET_KEY", "hex"}},
		{"short sandbox secret", nil, []string{"QCADMIN_SANDBOX_SECRET", "hunter2"}, []string{"QCADMIN_SANDBOX_SECRET", "32 characters"}},
		{"bad language", nil, []string{"QCADMIN_LANGUAGES", "en,english"}, []string{"QCADMIN_LANGUAGES", `"english"`, "ISO 639-1"}},
		{"unknown language", nil, []string{"QCADMIN_LANGUAGES", "en,xx"}, []string{"QCADMIN_LANGUAGES", `"xx"`}},
		{"empty language", nil, []string{"QCADMIN_LANGUAGES", "en,,de"}, []string{"QCADMIN_LANGUAGES"}},
		{"bad scope", []string{"token", "--scope", "admin"}, nil, []string{"scope", "read_all or write_all"}},
		{"bad scenario", []string{"token", "--scenario", "a b"}, nil, []string{"scenario"}},
		{"bad addr", []string{"--addr", "8080"}, nil, []string{"addr", "host:port"}},
		{"bad port", nil, []string{"QCADMIN_SANDBOX_ADDR", "127.0.0.1:99999"}, []string{"QCADMIN_SANDBOX_ADDR", "port"}},
		{"bad bool", nil, []string{"QCADMIN_RATE_LIMITS", "maybe"}, []string{"QCADMIN_RATE_LIMITS"}},
		{"bad log level", nil, []string{"QCADMIN_LOG_LEVEL", "loud"}, []string{"QCADMIN_LOG_LEVEL", "debug, info, warn or error"}},
		{"bad log format", nil, []string{"QCADMIN_LOG_FORMAT", "xml"}, []string{"QCADMIN_LOG_FORMAT", "text or json"}},
		{"bad health url", []string{"healthcheck", "--url", "/healthz"}, nil, []string{"url", "absolute"}},
		{"unknown subcommand", []string{"serv"}, nil, []string{`"serv"`, "serve, sandbox, token, healthcheck or migrate"}},
		{"unknown flag", []string{"serve", "--api", "x"}, nil, []string{"serve", "-api"}},
		{"flag of another subcommand", []string{"--scope", "read_all"}, nil, []string{"demo", "-scope"}},
		{"subcommand after flags", []string{"--data-dir", "/x", "serve"}, nil, []string{"subcommand comes first"}},
		{"stray argument", []string{"serve", "--api-origin", "https://a.b", "extra"}, nil, []string{`"extra"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.args, env(tc.env...))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestErrorsNeverEchoSecrets(t *testing.T) {
	badKey := strings.Repeat("q", 64)
	_, err := Load(nil, env("QCADMIN_SECRET_KEY", badKey))
	if err == nil || strings.Contains(err.Error(), badKey) {
		t.Errorf("error %v, want one that does not contain the key", err)
	}
	shortSecret := "short-but-secret"
	_, err = Load(nil, env("QCADMIN_SANDBOX_SECRET", shortSecret))
	if err == nil || strings.Contains(err.Error(), shortSecret) {
		t.Errorf("error %v, want one that does not contain the secret", err)
	}
}

func TestSummaryMasksSecrets(t *testing.T) {
	sandboxSecret := "sandbox-secret-0123456789-0123456789"
	c := mustLoad(t, nil, env("QCADMIN_SECRET_KEY", testKeyHex, "QCADMIN_SANDBOX_SECRET", sandboxSecret))
	attrs := c.Summary()
	var all strings.Builder
	got := map[string]string{}
	for _, a := range attrs {
		fmt.Fprintf(&all, "%s=%s\n", a.Key, a.Value)
		got[a.Key] = a.Value.String()
	}
	text := all.String()
	for _, secret := range []string{testKeyHex, strings.ToUpper(testKeyHex), string(c.SecretKey), sandboxSecret} {
		if strings.Contains(text, secret) {
			t.Fatalf("summary reveals a secret:\n%s", text)
		}
	}
	if got["secret_key"] != "set (masked)" || got["sandbox_secret"] != "set (masked)" {
		t.Errorf("secret_key %q, sandbox_secret %q, want both \"set (masked)\"", got["secret_key"], got["sandbox_secret"])
	}
	for _, key := range []string{"mode", "addr", "sandbox_addr", "api_origin", "data_dir", "rate_limits", "session_idle", "languages"} {
		if _, ok := got[key]; !ok {
			t.Errorf("summary lacks %q:\n%s", key, text)
		}
	}
	if _, ok := got["token_scope"]; ok {
		t.Error("demo summary should leave out the token subcommand's settings")
	}
}

// TestSettingsTable keeps the help and the README table complete: every
// setting has a way in, its documented default parses, and the texts name it.
func TestSettingsTable(t *testing.T) {
	usage, table := Usage(), MarkdownTable()
	for _, s := range settings() {
		if s.env == "" && s.flag == "" {
			t.Errorf("%s: neither env nor flag", s.name)
		}
		if s.env != "" && s.env != "QCADMIN_"+strings.ToUpper(s.name) {
			t.Errorf("%s: env %s, want QCADMIN_ + upper snake of the name", s.name, s.env)
		}
		if s.help == "" || len(s.modes) == 0 || s.set == nil || s.get == nil {
			t.Errorf("%s: incomplete row", s.name)
		}
		if s.def != "" {
			if err := s.set(&Config{}, s.def); err != nil {
				t.Errorf("%s: default %q does not parse: %v", s.name, s.def, err)
			}
		}
		for _, name := range []string{s.env, s.flag} {
			if name != "" && (!strings.Contains(usage, name) || !strings.Contains(table, name)) {
				t.Errorf("%s missing from Usage or MarkdownTable", name)
			}
		}
	}
	if n := strings.Count(table, "\n"); n != len(settings())+2 {
		t.Errorf("table has %d lines, want a header, a rule and one row per setting", n)
	}
	for _, m := range subcommands {
		if !strings.Contains(usage, "qcadmin "+string(m)) {
			t.Errorf("Usage does not show the %s subcommand", m)
		}
	}
}

func TestLoadReportsEveryBadSetting(t *testing.T) {
	_, err := Load([]string{"--addr", "x"}, env("QCADMIN_LOG_FORMAT", "xml", "QCADMIN_SESSION_IDLE", "soon"))
	if err == nil {
		t.Fatal("Load succeeded, want an error")
	}
	for _, name := range []string{"QCADMIN_LOG_FORMAT", "QCADMIN_SESSION_IDLE", "-addr"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not mention %s", err, name)
		}
	}
}
