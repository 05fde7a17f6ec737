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
