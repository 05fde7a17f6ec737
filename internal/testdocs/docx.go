package testdocs

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Paragraph is one paragraph of a Word document.
type Paragraph struct {
	Style string   // paragraph style id, e.g. "Heading1"; "" for body text
	List  bool     // a list item (numbering 1, level 0)
	Runs  []string // text runs; "\t" and "\n" inside a run become a tab and a line break
}

// Document is a Word document: its paragraphs and, when Styles is non-nil, a styles part that names
// paragraph styles (style id → name, e.g. "berschrift2" → "heading 2").
type Document struct {
	Paragraphs []Paragraph
	Styles     map[string]string
}

// DOCX writes a Word document of plain paragraphs, one per argument ("\t" and "\n" inside become a
// tab and a line break).
func DOCX(paragraphs ...string) []byte {
	d := Document{Paragraphs: make([]Paragraph, len(paragraphs))}
	for i, p := range paragraphs {
		d.Paragraphs[i] = Paragraph{Runs: []string{p}}
	}
	return d.DOCX()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// DOCX writes the document as the smallest package Word opens: content types, the package
// relationships, word/document.xml and, with styles, word/styles.xml and the document's relationship
// to it. All text is XML-escaped. Like Word's own files, every run carries run properties (bold) and a
// styled or listed paragraph carries a tab stop in its properties, which a reader must not take for text.
func (d Document) DOCX() []byte {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + wordNS + "><w:body>")
	for _, p := range d.Paragraphs {
		doc.WriteString("<w:p>")
		if p.Style != "" || p.List {
			doc.WriteString(`<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>`)
			if p.Style != "" {
				fmt.Fprintf(&doc, `<w:pStyle w:val="%s"/>`, escapeXML(p.Style))
			}
			if p.List {
				doc.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
			}
			doc.WriteString("</w:pPr>")
		}
		for _, run := range p.Runs {
			doc.WriteString("<w:r><w:rPr><w:b/></w:rPr>")
			for i, line := range strings.Split(run, "\n") {
				if i > 0 {
					doc.WriteString("<w:br/>")
				}
				for j, piece := range strings.Split(line, "\t") {
					if j > 0 {
						doc.WriteString("<w:tab/>")
					}
					if piece != "" {
						fmt.Fprintf(&doc, `<w:t xml:space="preserve">%s</w:t>`, escapeXML(piece))
					}
				}
			}
			doc.WriteString("</w:r>")
		}
		doc.WriteString("</w:p>")
	}
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)

	const header = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
	const mainType = "application/vnd.openxmlformats-officedocument.wordprocessingml"
	const relNS = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	const relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	types := header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + mainType + `.document.main+xml"/>`
	if d.Styles != nil {
		types += `<Override PartName="/word/styles.xml" ContentType="` + mainType + `.styles+xml"/>`
	}
	parts := [][2]string{
		{"[Content_Types].xml", types + `</Types>`},
		{"_rels/.rels", header + `<Relationships ` + relNS + `>` +
			`<Relationship Id="rId1" Type="` + relType + `officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc.String()},
	}
	if d.Styles != nil {
		var st strings.Builder
		st.WriteString(header + `<w:styles ` + wordNS + `>`)
		for _, id := range slices.Sorted(maps.Keys(d.Styles)) {
			fmt.Fprintf(&st, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/></w:style>`, escapeXML(id), escapeXML(d.Styles[id]))
		}
		st.WriteString(`</w:styles>`)
		parts = append(parts,
			[2]string{"word/_rels/document.xml.rels", header + `<Relationships ` + relNS + `>` +
				`<Relationship Id="rId1" Type="` + relType + `styles" Target="styles.xml"/></Relationships>`},
			[2]string{"word/styles.xml", st.String()})
	}

	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range parts {
		w, err := zw.Create(part[0])
		if err == nil {
			_, err = w.Write([]byte(part[1]))
		}
		if err != nil {
			panic(err) // writing to memory does not fail
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// escapeXML escapes s for XML text and attribute values.
func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
