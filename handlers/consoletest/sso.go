package consoletest

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/handlers"
	"qcadmin/identity"
	"qcadmin/sessions"
)

// The proxy's headers in these tests, as oauth2-proxy names them.
const (
	EmailHeader  = "X-Forwarded-Email"
	GroupsHeader = "X-Forwarded-Groups"
	NameHeader   = "X-Forwarded-User"
)

// WithHeaderAuth identifies people by the proxy's headers, believed only from trusted.
func WithHeaderAuth(trusted ...string) Option {
	return func(d *handlers.Deps) {
		var prefixes []netip.Prefix
		for _, p := range trusted {
			prefixes = append(prefixes, netip.MustParsePrefix(p))
		}
		d.Auth = identity.Auth{
			Mode: identity.ModeHeader, Header: EmailHeader, GroupsHeader: GroupsHeader, NameHeader: NameHeader,
			TrustedProxies: prefixes, DefaultRole: sessions.RoleRead, AdminGroups: []string{"ops"},
		}
	}
}

// Velora is the agents file of these tests: the demo agent's write_all token
// shared as two agents, so roles (not the token) decide who may write.
const Velora = `
[[agent]]
name = "Velora support"
token_env = "VELORA_TOKEN"
read_groups = ["support"]
write_groups = ["editors"]

[[agent]]
name = "Velora shop"
token_env = "VELORA_TOKEN"
write_groups = ["shop", "editors"]
`

// WithAgents provisions the agents of file; $DEMO in env values stands for the demo agent's token.
func WithAgents(t testing.TB, file string, env ...string) Option {
	return func(d *handlers.Deps) {
		path := filepath.Join(t.TempDir(), "agents.toml")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		vars := map[string]string{"VELORA_TOKEN": d.DemoToken}
		for i := 0; i+1 < len(env); i += 2 {
			vars[env[i]] = strings.ReplaceAll(env[i+1], "$DEMO", d.DemoToken)
		}
		agents, err := identity.LoadAgents(path, func(k string) string { return vars[k] }, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		d.Agents = agents
	}
}

// LogBuffer collects the console's log lines; safe for the server's goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// WithLog sends the console's log, debug lines included, to w.
func WithLog(w io.Writer) Option {
	return func(d *handlers.Deps) {
		d.Log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
}

// As is the headers a trusted proxy adds for a person.
func As(email, groups string) []string {
	h := []string{EmailHeader, email}
	if groups != "" {
		h = append(h, GroupsHeader, groups)
	}
	return h
}

// FreshBrowser forgets the console's cookies, like another person's browser.
func (c *Console) FreshBrowser() {
	jar, _ := cookiejar.New(nil)
	c.Client.Jar = jar
}

// SessionCookie is the browser's current session cookie value.
func (c *Console) SessionCookie() string {
	u, _ := url.Parse(c.Server.URL)
	for _, ck := range c.Client.Jar.Cookies(u) {
		if ck.Name == sessions.CookieName {
			return ck.Value
		}
	}
	return ""
}
