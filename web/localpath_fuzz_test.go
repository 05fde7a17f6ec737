package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// Whatever arrives as next=, the destination stays on this console as a browser reads it.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/articles", "//evil.example", "/\t/evil.example", "/\\evil", "https://x", "/a?b=c#d", "/%2F%2Fx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := LocalPath(next)
		if got == "/articles" {
			return
		}
		if got != next {
			t.Fatalf("LocalPath(%q) = %q: it should return the input or the fallback", next, got)
		}
		// What a browser would do: drop tabs and newlines, read backslashes as slashes.
		browser := strings.ReplaceAll(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, got), "\\", "/")
		u, err := url.Parse(browser)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("LocalPath(%q) = %q, which a browser reads as %q: off this console", next, got, browser)
		}
	})
}
