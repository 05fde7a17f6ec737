package config

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

// Usage is the help text for qcadmin -h: subcommands, flags and environment
// variables, with defaults.
func Usage() string {
	var b strings.Builder
	b.WriteString(`qcadmin: a self-hosted admin console for Quickchat AI agents.

Usage:
  qcadmin [flags]                   demo: the console on :8080 with a seeded sandbox API, no account needed
  qcadmin serve --api-origin URL    the console against the Quickchat API (production)
  qcadmin sandbox [flags]           the sandbox API alone, for testing a Quickchat client offline
  qcadmin token [flags]             print a sandbox token (signed with the sandbox secret)
  qcadmin healthcheck [flags]       exit 0 when the console answers its health check
  qcadmin migrate [flags]           bring the console's database up to this version, then exit

Flags (after the subcommand; they override the environment):
`)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, s := range settings() {
		if s.flag == "" {
			continue
		}
		arg := " " + s.arg
		if s.boolean {
			arg = "[=true|false]"
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n\t  %s; default %s\n", s.flag, arg, s.help, flagModes(s), s.defaultText())
	}
	tw.Flush()

	b.WriteString("\nEnvironment:\n")
	for _, s := range settings() {
		if s.env == "" {
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s (default %s)\n", s.env, s.help, s.defaultText())
	}
	tw.Flush()
	return b.String()
}

// MarkdownTable is the configuration table of the README.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Environment variable | Flag | Default | Modes | Description |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, s := range settings() {
		env, flag := "", ""
		if s.env != "" {
			env = "`" + s.env + "`"
		}
		if s.flag != "" {
			flag = "`--" + s.flag + "`"
		}
		def := s.defaultText()
		if s.defDoc == "" {
			def = "`" + def + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", env, flag, def, modeList(s.modes), s.help)
	}
	return b.String()
}

// flagModes lists the subcommands whose command line takes the flag.
func flagModes(s setting) string {
	var ms []Mode
	for _, m := range s.modes {
		if !s.fixedIn(m) {
			ms = append(ms, m)
		}
	}
	return modeList(ms)
}

func modeList(ms []Mode) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}
