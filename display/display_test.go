package display

import (
	"testing"
)

func TestDisplay(t *testing.T) {
	cases := []struct{ got, want string }{
		{Title("  "), "Untitled article"},
		{Title("Returns"), "Returns"},
		{Language("pl"), "Polish"},
		{Language("xx"), "XX"},
		{Count(1, "article", "articles"), "1 article"},
		{Count(0, "article", "articles"), "0 articles"},
		{Count(1200, "page", "pages"), "1,200 pages"},
		{Word(1, "page", "pages"), "page"},
		{Word(2, "page", "pages"), "pages"},
		{Bytes(900), "900 B"},
		{Bytes(1024), "1 KiB"},
		{Bytes(512 << 10), "512 KiB"},
		{Bytes(20 << 20), "20 MiB"},
		{Bytes(3 << 19), "1.5 MiB"},
		{Identifier("customer_support_agent"), "Customer support agent"},
		{Identifier("HELPFUL_THUMBS"), "Helpful thumbs"},
		{Identifier("helpful"), "Helpful"},
		{Identifier("Bike mechanic"), "Bike mechanic"},
		{Identifier("Mixed_Case"), "Mixed_Case"},
		{Identifier("_private"), "_private"},
		{Identifier(""), ""},
		{DeployState("not_deployed"), "Not live yet: retrain to include it"},
		{DeployState("deployed"), "Live: the agent answers from it"},
		{DeployState("being_deployed"), "Being deployed"},
		{DeployState(""), "—"},
		{DeployStateShort("deployed"), "live"},
		{DeployStateShort("not_deployed"), "not live yet"},
		{DeployStateShort("draft"), ""},
		{DeployStateShort("being_deployed"), "being deployed"},
		{ActionType("remote_mcp"), "Remote MCP server"},
		{ActionType("zapier_hook"), "Zapier hook"},
		{RatingQuestion("HELPFUL_THUMBS"), "Was this helpful? (thumbs up or down)"},
		{RatingQuestion("LEGACY_CODE"), "Legacy code"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestAPITimestamp(t *testing.T) {
	cases := []struct {
		in   string
		want Timestamp
	}{
		{"2026-11-29T18:13:35.758637Z", Timestamp{Text: "2026-11-29 18:13:35 UTC", Exact: "2026-11-29 18:13:35 UTC", ISO: "2026-11-29T18:13:35Z"}},
		{"2026-11-29T19:13:35+01:00", Timestamp{Text: "2026-11-29 18:13:35 UTC", Exact: "2026-11-29 18:13:35 UTC", ISO: "2026-11-29T18:13:35Z"}},
		{"2026-01-15", Timestamp{Text: "15 Jan 2026", ISO: "2026-01-15"}},
		{"yesterday", Timestamp{Text: "yesterday"}},
		{"2026-13-45", Timestamp{Text: "2026-13-45"}}, // a date's length, not a date
		{"", Timestamp{Text: "—"}},
	}
	for _, c := range cases {
		if got := APITimestamp(c.in); got != c.want {
			t.Errorf("APITimestamp(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}
