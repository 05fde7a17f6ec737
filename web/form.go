package web

import (
	"errors"
	"net/http"
	"net/url"
	"qcadmin/display"
	"strconv"
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

// MaxFormFields is the most fields a form may have (Go's own limit on a query).
const MaxFormFields = 10000

// ReadForm reads a posted form once, before any handler, so a form the
// console cannot take is refused with a message that says why and what the
// limit is, and handlers only ever see forms that could be read.
func (k *Kit) ReadForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead || !strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEApplicationForm) {
			return next(c)
		}
		if err := r.ParseForm(); err != nil {
			switch {
			case errors.Is(err, echo.ErrStatusRequestEntityTooLarge):
				return err
			case strings.Contains(err.Error(), "exceeded limit"):
				return echo.NewHTTPError(http.StatusBadRequest, "This form has more than "+display.Count(MaxFormFields, "field", "fields")+", the most the console reads. Nothing was saved; what you typed is still in your browser.")
			}
			return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read, so nothing was saved. Reload the page and try again.")
		}
		return next(c)
	}
}

// ArticleIDs reads the article ids a form's ticked rows sent, each once, in
// order. none and tooMany are the refusals when it sent none or more than max.
func ArticleIDs(raw []string, max int, none, tooMany string) ([]int64, error) {
	if len(raw) == 0 {
		return nil, echo.NewHTTPError(http.StatusBadRequest, none)
	}
	if len(raw) > max {
		return nil, echo.NewHTTPError(http.StatusBadRequest, tooMany)
	}
	ids := make([]int64, 0, len(raw))
	seen := map[int64]bool{}
	for _, s := range raw {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "“"+s+"” is not an article id.")
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}
