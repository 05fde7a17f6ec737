package identity

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"qcadmin/apiclient"
	"qcadmin/sessions"
)

// Agents are the agents an administrator provisioned in QCADMIN_AGENTS_FILE:
// people see the ones their groups allow and never handle their tokens.
type Agents struct {
	list []Agent
}

// Agent is one agent of the file, its token read once at start.
type Agent struct {
	name        string
	token       string
	claims      apiclient.TokenClaims
	readGroups  []string
	writeGroups []string
}

// agentEntry is one [[agent]] table as written. Token is there only to
// refuse a token written inline.
type agentEntry struct {
	Name        string   `toml:"name"`
	TokenEnv    string   `toml:"token_env"`
	TokenFile   string   `toml:"token_file"`
	ReadGroups  []string `toml:"read_groups"`
	WriteGroups []string `toml:"write_groups"`
	Token       any      `toml:"token"`
}

const maxProvisionedName = 100

// LoadAgents reads and checks the agents file at start: every agent named
// once, its token from an environment variable (looked up with getenv) or a
// file, and a Quickchat token that has not expired. Errors name the agent and
// where its token should come from, never the token.
func LoadAgents(path string, getenv func(string) string, now time.Time) (*Agents, error) {
	var file struct {
		Agent []agentEntry `toml:"agent"`
	}
	md, err := toml.DecodeFile(path, &file)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			// The parser's message may quote the line, and the line may be a pasted token.
			return nil, fmt.Errorf("agents file %s: line %d, column %d is not valid TOML (write values in quotes, as in name = \"Velora support\")", path, perr.Position.Line, perr.Position.Col)
		}
		return nil, fmt.Errorf("agents file %s: %w", path, err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, fmt.Errorf("unknown key %q; an agent has name, token_env or token_file, read_groups and write_groups", k.String()))
	}
	if len(file.Agent) == 0 {
		errs = append(errs, errors.New(`no agents: add one as [[agent]] with name = "…" and token_env = "…"`))
	}
	a := &Agents{}
	for i, e := range file.Agent {
		p, err := e.load(i, getenv, now)
		if err == nil && slices.ContainsFunc(a.list, func(q Agent) bool { return strings.EqualFold(q.name, p.name) }) {
			err = fmt.Errorf("agent %q is listed twice; names must differ", p.name)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a.list = append(a.list, p)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("agents file %s: %w", path, err)
	}
	return a, nil
}

func (e agentEntry) load(i int, getenv func(string) string, now time.Time) (Agent, error) {
	name := strings.TrimSpace(e.Name)
	switch {
	case name == "":
		return Agent{}, fmt.Errorf("agent %d has no name", i+1)
	case len(name) > maxProvisionedName || !printable(name):
		return Agent{}, fmt.Errorf("agent %d: the name is longer than %d characters or holds control characters", i+1, maxProvisionedName)
	case e.Token != nil:
		return Agent{}, fmt.Errorf("agent %q: a token is never written in the agents file; put it in an environment variable (token_env) or a file readable by qcadmin only (token_file)", name)
	case (e.TokenEnv == "") == (e.TokenFile == ""):
		return Agent{}, fmt.Errorf("agent %q: set exactly one of token_env (an environment variable's name) and token_file (a file's path)", name)
	}
	var token string
	if e.TokenEnv != "" {
		if token = strings.TrimSpace(getenv(e.TokenEnv)); token == "" {
			return Agent{}, fmt.Errorf("agent %q: environment variable %s is empty or not set", name, e.TokenEnv)
		}
	} else {
		b, err := os.ReadFile(e.TokenFile)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return Agent{}, fmt.Errorf("agent %q: cannot read token_file %s: %w", name, e.TokenFile, err)
		}
		if token = strings.TrimSpace(string(b)); token == "" {
			return Agent{}, fmt.Errorf("agent %q: token_file %s is empty", name, e.TokenFile)
		}
	}
	claims, err := apiclient.ParseTokenClaims(token)
	if err != nil {
		return Agent{}, fmt.Errorf("agent %q: %w", name, err)
	}
	if !claims.ExpiresAt.IsZero() && !now.Before(claims.ExpiresAt) {
		return Agent{}, fmt.Errorf("agent %q: its token expired on %s; create a new one in the Quickchat dashboard", name, claims.ExpiresAt.UTC().Format("2 January 2006"))
	}
	return Agent{name: name, token: token, claims: claims, readGroups: trimmed(e.ReadGroups), writeGroups: trimmed(e.WriteGroups)}, nil
}

func trimmed(groups []string) []string {
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// Len is how many agents the file provisions.
func (a *Agents) Len() int { return len(a.list) }

// Choice is an agent a person may use, and with which role.
type Choice struct {
	Name string
	Role string
}

// Allowed lists the agents p may use, in the file's order, with p's role on
// each: write beats read; when the proxy says nothing about groups,
// defaultRole applies to every agent.
func (a *Agents) Allowed(p sessions.Person, defaultRole string) []Choice {
	var out []Choice
	for _, ag := range a.list {
		if role := ag.RoleOf(p, defaultRole); role != "" {
			out = append(out, Choice{Name: ag.name, Role: role})
		}
	}
	return out
}

// RoleOf is p's role on the agent: write, read, or "" for none.
func (ag Agent) RoleOf(p sessions.Person, defaultRole string) string {
	in := func(groups []string) bool {
		return slices.ContainsFunc(p.Groups, func(g string) bool { return slices.Contains(groups, g) })
	}
	switch {
	case !p.GroupsKnown:
		return defaultRole
	case in(ag.writeGroups):
		return sessions.RoleWrite
	case in(ag.readGroups):
		return sessions.RoleRead
	}
	return ""
}

// Find returns the agent of this name.
func (a *Agents) Find(name string) (Agent, bool) {
	i := slices.IndexFunc(a.list, func(ag Agent) bool { return ag.name == name })
	if i < 0 {
		return Agent{}, false
	}
	return a.list[i], true
}

// Name is the agent's name as the file gives it.
func (ag Agent) Name() string { return ag.name }

// Token is the agent's Quickchat token; it stays on the server.
func (ag Agent) Token() string { return ag.token }

// Claims are what the agent's token says about itself: scenario, scope, expiry.
func (ag Agent) Claims() apiclient.TokenClaims { return ag.claims }
