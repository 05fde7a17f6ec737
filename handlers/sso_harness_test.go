package handlers_test

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
	emailHeader  = "X-Forwarded-Email"
	groupsHeader = "X-Forwarded-Groups"
	nameHeader   = "X-Forwarded-User"
)

// withHeaderAuth identifies people by the proxy's headers, believed only from trusted.
func withHeaderAuth(trusted ...string) option {
	return func(d *handlers.Deps) {
		var prefixes []netip.Prefix
		for _, p := range trusted {
			prefixes = append(prefixes, netip.MustParsePrefix(p))
		}
		d.Auth = identity.Auth{
			Mode: identity.ModeHeader, Header: emailHeader, GroupsHeader: groupsHeader, NameHeader: nameHeader,
			TrustedProxies: prefixes, DefaultRole: sessions.RoleRead, AdminGroups: []string{"ops"},
		}
	}
}

// velora is the agents file of these tests: the demo agent's write_all token
// shared as two agents, so roles (not the token) decide who may write.
const velora = `
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

// withAgents provisions the agents of file; $DEMO in env values stands for the demo agent's token.
func withAgents(t testing.TB, file string, env ...string) option {
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

// logBuffer collects the console's log lines; safe for the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func withLog(w io.Writer) option {
	return func(d *handlers.Deps) {
		d.Log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
}

// as is the headers a trusted proxy adds for a person.
func as(email, groups string) []string {
	h := []string{emailHeader, email}
	if groups != "" {
		h = append(h, groupsHeader, groups)
	}
	return h
}

// freshBrowser forgets the console's cookies, like another person's browser.
func (c *console) freshBrowser() {
	jar, _ := cookiejar.New(nil)
	c.client.Jar = jar
}

// sessionCookie is the browser's current session cookie value.
func (c *console) sessionCookie() string {
	u, _ := url.Parse(c.srv.URL)
	for _, ck := range c.client.Jar.Cookies(u) {
		if ck.Name == sessions.CookieName {
			return ck.Value
		}
	}
	return ""
}
