package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"qcadmin/handlers/consoletest"
	"qcadmin/identity"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func loadAgents(t *testing.T, file string, env map[string]string) (*identity.Agents, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "agents.toml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	return identity.LoadAgents(path, func(k string) string { return env[k] }, time.Now())
}

func TestAgentsFileRefusals(t *testing.T) {
	c := consoletest.New(t)
	token := c.Token("write_all", time.Hour)
	missing := filepath.Join(t.TempDir(), "absent")
	cases := []struct {
		name, file string
		want       []string
	}{
		{"token inline", `[[agent]]
name = "Velora support"
token = "` + token + `"`, []string{`"Velora support"`, "never written in the agents file", "token_env", "token_file"}},
		{"unquoted token", "[[agent]]\nname = \"Velora support\"\ntoken_env = " + token + "\n", []string{"line 3", "not valid TOML"}},
		{"env var not set", "[[agent]]\nname = \"Velora support\"\ntoken_env = \"VELORA_MISSING\"\n", []string{`"Velora support"`, "VELORA_MISSING", "not set"}},
		{"both sources", "[[agent]]\nname = \"A\"\ntoken_env = \"T\"\ntoken_file = \"/x\"\n", []string{`"A"`, "exactly one"}},
		{"no source", "[[agent]]\nname = \"A\"\n", []string{`"A"`, "exactly one"}},
		{"unreadable file", "[[agent]]\nname = \"A\"\ntoken_file = \"" + missing + "\"\n", []string{`"A"`, missing, "no such file"}},
		{"no name", "[[agent]]\ntoken_env = \"T\"\n", []string{"agent 1 has no name"}},
		{"twice", "[[agent]]\nname = \"A\"\ntoken_env = \"T\"\n[[agent]]\nname = \"a\"\ntoken_env = \"T\"\n", []string{"listed twice"}},
		{"unknown key", "[[agent]]\nname = \"A\"\ntoken_env = \"T\"\nwriters = [\"x\"]\n", []string{`"agent.writers"`}},
		{"no agents", "# nothing yet\n", []string{"no agents"}},
		{"not a token", "[[agent]]\nname = \"A\"\ntoken_env = \"NOT_A_TOKEN\"\n", []string{`"A"`, "not a Quickchat API token"}},
		{"expired token", "[[agent]]\nname = \"A\"\ntoken_env = \"EXPIRED\"\n", []string{`"A"`, "expired on"}},
	}
	env := map[string]string{"T": token, "NOT_A_TOKEN": "hello", "EXPIRED": expiredToken()}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadAgents(t, tc.file, env)
			if err == nil {
				t.Fatal("loaded, want a start-up error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, part := range strings.Split(token, ".") {
				if strings.Contains(err.Error(), part) {
					t.Fatalf("the error repeats the token: %q", err)
				}
			}
		})
	}
}

func TestAgentsFromEnvAndFile(t *testing.T) {
	c := consoletest.New(t)
	token := c.Token("read_all", time.Hour)
	secret := filepath.Join(t.TempDir(), "velora")
	if err := os.WriteFile(secret, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	agents, err := loadAgents(t, `
[[agent]]
name = "From env"
token_env = "VELORA_TOKEN"
read_groups = ["support"]

[[agent]]
name = "From file"
token_file = "`+secret+`"
write_groups = [" editors "]
`, map[string]string{"VELORA_TOKEN": token})
	if err != nil {
		t.Fatal(err)
	}
	if agents.Len() != 2 {
		t.Errorf("%d agents, want 2", agents.Len())
	}
}

// agentNames lists the switcher's agents on a page, or the one agent when there is nothing to switch.
func agentNames(t *testing.T, body string) []string {
	t.Helper()
	doc := consoletest.Parse(t, body)
	var names []string
	doc.Find(consoletest.TestID("agent-switcher") + " option").Each(func(_ int, s *goquery.Selection) { names = append(names, strings.TrimSpace(s.Text())) })
	if len(names) == 0 {
		names = append(names, doc.Find(consoletest.TestID("agent-label")).Text())
	}
	return names
}

func TestGroupsDecideTheAgents(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	cases := []struct {
		name    string
		headers []string
		want    []string
	}{
		{"editors write both", consoletest.As("ana@velora.example", "editors"), []string{"Velora support (write)", "Velora shop (write)"}},
		{"support reads one", consoletest.As("rita@velora.example", "support"), []string{"Velora support"}},
		{"write beats read", consoletest.As("sam@velora.example", "support,shop"), []string{"Velora support (read)", "Velora shop (write)"}},
		{"no groups header: the default role", consoletest.As("guest@velora.example", ""), []string{"Velora support (read)", "Velora shop (read)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.FreshBrowser()
			res, body := c.Get("/articles", tc.headers...)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /articles = %d", res.StatusCode)
			}
			if got := agentNames(t, body); !slices.Equal(got, tc.want) {
				t.Errorf("agents %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("nothing shared", func(t *testing.T) {
		c.FreshBrowser()
		res, body := c.Get("/articles", consoletest.As("mo@velora.example", "marketing")...)
		doc := consoletest.Parse(t, body)
		if res.StatusCode != http.StatusForbidden || doc.Find(consoletest.TestID("no-agent")).Length() != 1 {
			t.Fatalf("GET /articles = %d, want 403 with the no-agent page", res.StatusCode)
		}
		if !strings.Contains(doc.Find(consoletest.TestID("no-agent")).Text(), "ask your admin") && !strings.Contains(doc.Find(consoletest.TestID("no-agent")).Text(), "Ask your admin") {
			t.Errorf("no-agent page: %q", doc.Find(consoletest.TestID("no-agent")).Text())
		}
		if doc.Find(consoletest.TestID("logout")).Length() != 1 {
			t.Error("the no-agent page offers no way to sign out")
		}
	})
}

func TestSwitchingAgents(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	sam := consoletest.As("sam@velora.example", "support,shop")
	if _, body := c.Get("/articles", sam...); consoletest.Parse(t, body).Find(consoletest.TestID("new-article")).Length() != 0 {
		t.Fatal("sam starts on Velora support, where his role is read")
	}
	before := c.SessionCookie()
	res, _ := c.Post("/agents/switch", url.Values{"agent": {"Velora shop"}}, sam...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		t.Fatalf("switch = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c.SessionCookie() == before {
		t.Error("switching agents kept the session token")
	}
	_, body := c.Get("/articles", sam...)
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("agent-label")).Text(); got != "Velora shop" {
		t.Errorf("agent after the switch %q", got)
	}
	if doc.Find(consoletest.TestID("new-article")).Length() != 1 {
		t.Error("sam has no write controls on Velora shop, where his role is write")
	}
	if !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "Velora shop") {
		t.Errorf("flash %q", doc.Find(consoletest.TestID("flash")).Text())
	}

	rita := consoletest.As("rita@velora.example", "support")
	c.FreshBrowser()
	c.Get("/articles", rita...)
	res, _ = c.Post("/agents/switch", url.Values{"agent": {"Velora shop"}}, rita...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("rita switching to an agent not shared with her = %d, want 403", res.StatusCode)
	}
	if _, body := c.Get("/articles", rita...); consoletest.Parse(t, body).Find(consoletest.TestID("agent-label")).Text() != "Velora support" {
		t.Error("a refused switch changed rita's agent")
	}
	// Nobody signs in with a token where agents are provisioned.
	res, _ = c.Post("/login", url.Values{"token": {c.Token("write_all", time.Hour)}}, rita...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("pasting a token beside provisioned agents = %d, want 403", res.StatusCode)
	}
}
