// Package cut shortens text without splitting a character: to a number of
// characters for what people read (titles, excerpts, values quoted in an
// error), or to a number of bytes for what is stored under a byte limit.
// Each walks only as far as it keeps, however long the text.
package cut

import (
	"unicode/utf8"
)

// Runes is the first n characters (code points) of s, or s when it has no
// more than n.
func Runes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n { // no more bytes than n, so no more characters
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// Ellipsis is s when it has at most n characters, else its first n-1
// followed by "…": n characters either way.
func Ellipsis(s string, n int) string {
	if n <= 0 {
		return ""
	}
	kept := Runes(s, n)
	if len(kept) == len(s) {
		return s
	}
	return Runes(kept, n-1) + "…"
}

// Bytes is the longest beginning of s of at most n bytes that ends between
// two characters.
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
