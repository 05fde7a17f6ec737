package testdocs

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// PDF writes a minimal valid PDF: one page per argument, each line of a page (split at "\n") its own
// text object in 12 pt Helvetica, 16 pt below the one before, with a correct cross-reference table.
// An empty page has no text, as a scan has none; with no arguments the PDF is one such page.
//
// Text is encoded in WinAnsi, the font's encoding, with "(", ")" and "\" escaped, so a reader gets
// back exactly the lines given. A character WinAnsi cannot hold panics: the fixture cannot say it.
func PDF(pages ...string) []byte {
	if len(pages) == 0 {
		pages = []string{""}
	}
	// Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // the page tree, once the pages are numbered
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	kids := make([]string, len(pages))
	for i, page := range pages {
		pageObj, contentObj := 4+2*i, 5+2*i
		kids[i] = fmt.Sprintf("%d 0 R", pageObj)
		var stream strings.Builder
		for j, line := range strings.Split(page, "\n") {
			if line != "" {
				fmt.Fprintf(&stream, "BT /F1 12 Tf 72 %d Td (%s) Tj ET\n", 740-16*j, pdfString(line))
			}
		}
		objects = append(objects,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", contentObj),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", stream.Len(), stream.String()))
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the comment of high bytes marks the file as binary
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString is the inside of a PDF literal string holding s: WinAnsi bytes, with the delimiters and the
// escape character escaped and anything outside printable ASCII written as an octal escape.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			panic(fmt.Sprintf("testdocs.PDF: %q has no WinAnsi code", r))
		}
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
