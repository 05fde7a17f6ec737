// Package display is how the console names things to people: an untitled
// article, a language, a count of things, a size. Pages, the audit log and
// the sandbox all say them the same way.
package display

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/dustin/go-humanize/english"
)

// Title is an article's title, or "Untitled article" when it has none.
func Title(title string) string {
	if strings.TrimSpace(title) == "" {
		return "Untitled article"
	}
	return title
}

// languageNames are the English names of the languages qcadmin offers by default.
var languageNames = map[string]string{
	"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
	"pl": "Polish", "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish",
	"fi": "Finnish", "no": "Norwegian", "cs": "Czech", "uk": "Ukrainian", "ja": "Japanese",
}

// Language is the English name of an ISO 639-1 code, or the code in capitals.
func Language(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return strings.ToUpper(code)
}

// Count says how many things there are: "1 article", "1,200 articles".
func Count(n int, one, many string) string {
	return english.Plural(n, one, many)
}

// Word is the singular or plural word for n things, without the number.
func Word(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Bytes says a size in the one unit convention the console uses, powers of
// 1024 named as such: "900 B", "512 KiB", "1.5 MiB", "20 MiB".
func Bytes(n int64) string {
	if n < 0 {
		n = 0
	}
	return strings.Replace(humanize.IBytes(uint64(n)), ".0 ", " ", 1)
}

// OnOff says a switch's position: "on" or "off".
func OnOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// Languages are the codes Language knows by name.
func Languages() []string { return slices.Sorted(maps.Keys(languageNames)) }

// OrDash is s, or a dash when there is nothing to show.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// UTC is an exact time as the console shows it: 2026-11-29 18:13:35 UTC.
func UTC(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") + " UTC" }

// Ago says how long before now t was, coarsely: "just now", "5 min ago", "3 d ago", then the date.
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " min ago"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d.Hours())) + " h ago"
	case d < 30*24*time.Hour:
		return strconv.Itoa(int(d.Hours()/24)) + " d ago"
	}
	return t.UTC().Format("2 Jan 2006")
}

// Identifier reads one of Quickchat's machine names as words:
// "customer_support_agent" → "Customer support agent", "HELPFUL_THUMBS" →
// "Helpful thumbs". Anything that is not such a name comes back unchanged.
func Identifier(s string) string {
	if !isIdentifier(s) {
		return s
	}
	words := strings.ToLower(strings.ReplaceAll(s, "_", " "))
	return strings.ToUpper(words[:1]) + words[1:]
}

// isIdentifier says s is a snake_case or SCREAMING_SNAKE_CASE machine name.
func isIdentifier(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	lower, upper := true, true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			upper = false
		case r >= 'A' && r <= 'Z':
			lower = false
		case r == '_' || r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return lower || upper
}

// deployStates say whether the agent answers from an article's saved text:
// in a sentence, and in a list row's few words (where a draft says nothing
// more than its state badge).
var deployStates = map[string]struct{ long, short string }{
	"deployed":     {"Live: the agent answers from it", "live"},
	"not_deployed": {"Not live yet: retrain to include it", "not live yet"},
	"draft":        {"Not live: a draft", ""},
}

// DeployState says an article's deploy_state in words; "—" when the API gives none.
func DeployState(s string) string {
	if w, ok := deployStates[s]; ok {
		return w.long
	}
	return OrDash(Identifier(s))
}

// DeployStateShort is DeployState for a list row: "live", "not live yet", or nothing.
func DeployStateShort(s string) string {
	if w, ok := deployStates[s]; ok {
		return w.short
	}
	return strings.ToLower(Identifier(s))
}

// actionTypes name the API's AI action types.
var actionTypes = map[string]string{
	"knowledge_base": "Knowledge Base",
	"http_request":   "HTTP request",
	"remote_mcp":     "Remote MCP server",
	"shopify":        "Shopify",
}

// ActionType names an AI action's type, or reads an unknown one as words.
func ActionType(t string) string {
	if l, ok := actionTypes[t]; ok {
		return l
	}
	return Identifier(t)
}

// ratingQuestions are the questions Quickchat can ask a visitor, by code.
var ratingQuestions = map[string]string{
	"HELPFUL_THUMBS":    "Was this helpful? (thumbs up or down)",
	"EXPERIENCE_THUMBS": "How was your experience? (thumbs up or down)",
	"EXPERIENCE_STARS":  "How was your experience? (1 to 5 stars)",
	"NPS":               "How likely are you to recommend us? (0 to 10, Net Promoter Score)",
}

// RatingQuestion is the question a rating code asks, or the code read as words.
func RatingQuestion(code string) string {
	if q, ok := ratingQuestions[code]; ok {
		return q
	}
	return Identifier(code)
}

// RatingQuestionCodes are the codes RatingQuestion knows, in Quickchat's order.
func RatingQuestionCodes() []string {
	return []string{"HELPFUL_THUMBS", "EXPERIENCE_THUMBS", "EXPERIENCE_STARS", "NPS"}
}

// Timestamp is a time Quickchat sent, as the console shows it.
type Timestamp struct {
	Text  string // "18 Oct 2026" for a date; "2026-12-01 01:31:22 UTC" for a time, which the browser turns into local time
	Exact string // the exact UTC time on hover; empty for a bare date
	ISO   string // for <time datetime>; empty when s was not a time
}

// APITimestamp reads one of Quickchat's timestamps, an RFC 3339 time or a
// bare date, never showing the raw string when it can be read.
func APITimestamp(s string) Timestamp {
	// A date first when it has a date's length: a list shows one a row, and
	// a failed parse as a time costs an error each.
	if len(s) == len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return Timestamp{Text: t.Format("2 Jan 2006"), ISO: s}
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		utc := UTC(t)
		return Timestamp{Text: utc, Exact: utc, ISO: t.UTC().Format(time.RFC3339)}
	}
	return Timestamp{Text: OrDash(s)}
}
