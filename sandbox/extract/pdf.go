package extract

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// Bounds of PDF text extraction: a crafted file (a page tree that loops, a million pages) must end
// in an answer, not in a read that never returns.
const (
	maxPDFPages     = 2000
	maxPDFTreeNodes = 10_000
	maxPDFTreeDepth = 32
	pdfTimeout      = 20 * time.Second
)

// PDF returns the text of a PDF, pages separated by blank lines. It fails with ErrTimeout, ErrEncrypted,
// ErrNoText (a scanned image, say) or ErrDamaged.
func PDF(data []byte) (string, error) {
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1) // buffered: a reader that outlives the timeout can still finish and be collected
	go func() {
		text, err := pdfText(data)
		done <- result{text, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(pdfTimeout):
		return "", ErrTimeout
	}
	switch {
	case errors.Is(res.err, pdf.ErrInvalidPassword), res.err != nil && strings.Contains(res.err.Error(), "encrypt"):
		return "", ErrEncrypted
	case res.err != nil:
		return "", fail(ErrDamaged, res.err)
	}
	text := tidy(res.text)
	if text == "" {
		return "", ErrNoText
	}
	return text, nil
}

// pdfText walks the page tree itself, with bounds, and asks the library for each page's text.
// The library panics on some malformed files; a panic becomes an error.
func pdfText(data []byte) (text string, err error) {
	defer func() {
		if v := recover(); v != nil {
			text, err = "", fmt.Errorf("malformed PDF: %v", v)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var pages []pdf.Value
	nodes := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		nodes++
		if v.IsNull() || depth > maxPDFTreeDepth || nodes > maxPDFTreeNodes || len(pages) >= maxPDFPages {
			return
		}
		if kids := v.Key("Kids"); kids.Kind() == pdf.Array {
			for i := 0; i < kids.Len(); i++ {
				walk(kids.Index(i), depth+1)
			}
			return
		}
		pages = append(pages, v)
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)

	var b strings.Builder
	for _, v := range pages {
		t, err := pdf.Page{V: v}.GetPlainText(nil)
		if err != nil {
			continue // one unreadable page should not lose the others
		}
		b.WriteString(t)
		b.WriteString("\n\n")
		if b.Len() > MaxText {
			break
		}
	}
	return b.String(), nil
}

var (
	blankRun  = regexp.MustCompile(`\n{3,}`)
	spaceRun  = regexp.MustCompile(`[ \t\f\v\x{00A0}]+`)
	ctrlChars = regexp.MustCompile(`[\x00-\x08\x0B\x0E-\x1F\x7F]`)
)

// tidy trims every line, collapses runs of spaces and blank lines, and drops control characters.
func tidy(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = ctrlChars.ReplaceAllString(s, "")
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimSpace(spaceRun.ReplaceAllString(line, " "))
	}
	return strings.TrimSpace(blankRun.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
