package sandbox

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// makePDF writes a minimal valid PDF by hand: one page per entry of pages, each line its own text
// object in Helvetica, with a correct cross-reference table.
func makePDF(t testing.TB, pages ...[]string) []byte {
	t.Helper()
	var objects []string
	kids := make([]string, len(pages))
	// Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
	objects = append(objects, "<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, lines := range pages {
		pageObj, contentObj := 4+2*i, 5+2*i
		kids[i] = fmt.Sprintf("%d 0 R", pageObj)
		var stream strings.Builder
		y := 740
		for _, line := range lines {
			esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(line)
			fmt.Fprintf(&stream, "BT /F1 12 Tf 72 %d Td (%s) Tj ET\n", y, esc)
			y -= 16
		}
		objects = append(objects,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", contentObj),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", stream.Len(), stream.String()))
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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

// docxPara is one paragraph of a generated Word document.
type docxPara struct {
	Style string // paragraph style id, e.g. "Heading1"; "" for body text
	List  bool
	Runs  []string // text runs; "\t" and "\n" inside become tabs and breaks
}

// makeDOCX writes a minimal Word document with archive/zip: content types, the document and, when
// styles is non-nil, a styles part mapping style ids to names.
func makeDOCX(t testing.TB, paras []docxPara, styles map[string]string) []byte {
	t.Helper()
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + ns + "><w:body>")
	for _, p := range paras {
		doc.WriteString("<w:p>")
		if p.Style != "" || p.List {
			doc.WriteString("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>")
			if p.Style != "" {
				fmt.Fprintf(&doc, `<w:pStyle w:val="%s"/>`, p.Style)
			}
			if p.List {
				doc.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
			}
			doc.WriteString("</w:pPr>")
		}
		for _, run := range p.Runs {
			doc.WriteString("<w:r><w:rPr><w:b/></w:rPr>")
			for _, piece := range strings.FieldsFunc(strings.NewReplacer("\t", "\x00\t\x00", "\n", "\x00\n\x00").Replace(run), func(r rune) bool { return r == 0 }) {
				switch piece {
				case "\t":
					doc.WriteString("<w:tab/>")
				case "\n":
					doc.WriteString("<w:br/>")
				default:
					fmt.Fprintf(&doc, `<w:t xml:space="preserve">%s</w:t>`, html.EscapeString(piece))
				}
			}
			doc.WriteString("</w:r>")
		}
		doc.WriteString("</w:p>")
	}
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)

	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	write := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	write("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	write("word/document.xml", doc.String())
	if styles != nil {
		var st strings.Builder
		st.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:styles ` + ns + `>`)
		for id, name := range styles {
			fmt.Fprintf(&st, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/></w:style>`, id, name)
		}
		st.WriteString(`</w:styles>`)
		write("word/styles.xml", st.String())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadRequest builds a multipart upload of data in field under fileName (no file name: a plain form value).
func uploadRequest(t testing.TB, path, token, field, fileName string, data []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("note", "sent by the test"); err != nil {
		t.Fatal(err)
	}
	if field != "" {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if fileName != "" {
			w, err = mw.CreateFormFile(field, fileName)
		} else {
			w, err = mw.CreateFormField(field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}
