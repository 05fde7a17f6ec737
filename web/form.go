package web

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// PostForm is the request's form body alone (never the query string); empty when it cannot be read.
func PostForm(c echo.Context) url.Values {
	if _, err := c.FormParams(); err != nil {
		return url.Values{}
	}
	return c.Request().PostForm
}

// UnixNewlines turns a textarea's CRLF line ends into the LF Quickchat stores.
func UnixNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// Lines splits a textarea into its non-empty lines, trimmed.
func Lines(s string) []string {
	out := []string{}
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// CSVSafe keeps a spreadsheet from reading a cell as a formula: visitors write
// titles and names, and "=HYPERLINK(…)" must stay text when someone opens the file.
func CSVSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Tags splits a comma-separated tags field, dropping blanks and repeats.
func Tags(field string) []string {
	tags := []string{}
	seen := map[string]bool{}
	for _, t := range strings.Split(field, ",") {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags
}
