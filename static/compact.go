package static

import (
	"bytes"
	"strings"
)

// compact is what is served of an embedded file: the console's own
// stylesheets without comments and indentation, its scripts without comment
// lines and indentation, anything else (the vendored, already minified htmx)
// as it is. Only whitespace and comments go, never a token, so the browser
// reads the same rules and statements; see compact_test.go.
func compact(name string, src []byte) []byte {
	if strings.HasPrefix(name, "vendor/") {
		return src
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		return compactCSS(src)
	case strings.HasSuffix(name, ".js"):
		return compactJS(src)
	}
	return src
}

// compactCSS drops comments, turns every run of whitespace into one space, and
// drops that space, and a ";" before "}", next to characters around which CSS
// never needs it: { } ; , >. Strings are copied untouched.
func compactCSS(src []byte) []byte {
	const tight = "{};,>"
	out := make([]byte, 0, len(src))
	space := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				i = len(src)
			} else {
				i += 2 + end + 1
			}
			space = true
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			space = true
			continue
		}
		if space && len(out) > 0 && !strings.ContainsRune(tight, rune(out[len(out)-1])) && !strings.ContainsRune(tight, rune(c)) {
			out = append(out, ' ')
		}
		space = false
		if c == '}' && len(out) > 0 && out[len(out)-1] == ';' {
			out = out[:len(out)-1]
		}
		if c == '"' || c == '\'' {
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			out = append(out, src[i:j]...)
			i = j - 1
			continue
		}
		out = append(out, c)
	}
	return append(out, '\n')
}

// compactJS drops the lines that are only a // comment, blank lines and each
// line's indentation; newlines stay, so automatic semicolon insertion reads
// the script as before. A script with a template literal or a line continued
// with a backslash, where a line's start may be inside a string, is left as it is.
func compactJS(src []byte) []byte {
	if bytes.ContainsRune(src, '`') {
		return src
	}
	lines := bytes.Split(src, []byte("\n"))
	out := make([]byte, 0, len(src))
	for _, line := range lines {
		if bytes.HasSuffix(bytes.TrimRight(line, " \t\r"), []byte(`\`)) {
			return src
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
			continue
		}
		out = append(out, line...)
		out = append(out, '\n')
	}
	return out
}
