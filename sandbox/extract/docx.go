package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// MaxDOCXPart caps how much XML one part of a Word document may unpack to: a small upload must not
// inflate into gigabytes (a zip bomb).
const MaxDOCXPart = 64 << 20

// DOCX returns the text of a Word document: one paragraph per block, separated by blank lines,
// headings as Markdown headings and list items as "- " lines. It fails with ErrNotZIP, ErrNotWord,
// ErrTooLarge, ErrDamaged (a part cannot be unpacked), ErrMalformedXML or ErrNoText.
func DOCX(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", ErrNotZIP
	}
	var doc, styles *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			doc = f
		case "word/styles.xml":
			styles = f
		}
	}
	if doc == nil {
		return "", ErrNotWord
	}
	levels := map[string]int{}
	if styles != nil {
		// Styles only name the headings; a document whose styles cannot be read still has its text.
		if raw, err := readZIPPart(styles); err == nil {
			levels = headingStyles(raw)
		}
	}
	raw, err := readZIPPart(doc)
	if errors.Is(err, ErrTooLarge) {
		return "", err
	}
	if err != nil {
		return "", fail(ErrDamaged, err)
	}
	text, err := docxText(raw, levels)
	if err != nil {
		return "", fail(ErrMalformedXML, err)
	}
	if text == "" {
		return "", ErrNoText
	}
	return text, nil
}

// readZIPPart unpacks one file of the archive, refusing to go beyond MaxDOCXPart.
func readZIPPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > MaxDOCXPart {
		return nil, ErrTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, MaxDOCXPart+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxDOCXPart {
		return nil, ErrTooLarge
	}
	return raw, nil
}

func newXMLDecoder(raw []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.CharsetReader = charset.NewReaderLabel
	return dec
}

// attr returns the value of the attribute with the local name, in any namespace.
func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// headingStyles maps paragraph style ids to heading levels, from the style names Word gives them in
// every language ("heading 1", "Title"), so a German "Überschrift1" style is still a heading.
func headingStyles(raw []byte) map[string]int {
	levels := map[string]int{}
	dec := newXMLDecoder(raw)
	var id string
	for {
		tok, err := dec.Token()
		if err != nil {
			return levels
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "style":
			id = attr(el, "styleId")
		case "name":
			if level := headingLevel(attr(el, "val")); id != "" && level > 0 {
				levels[id] = level
			}
		}
	}
}

// headingLevel reads a style name or id: "Title" is level 1, "heading 2" or "Heading2" level 2.
func headingLevel(name string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if n == "title" {
		return 1
	}
	if rest, ok := strings.CutPrefix(n, "heading"); ok {
		if level, err := strconv.Atoi(rest); err == nil && level >= 1 {
			return min(level, 6)
		}
	}
	return 0
}

// docxParagraph is a paragraph being read; paragraphs nest when a text box sits inside one.
type docxParagraph struct {
	text  strings.Builder
	level int
	list  bool
}

// docxText reads word/document.xml.
func docxText(raw []byte, styleLevels map[string]int) (string, error) {
	dec := newXMLDecoder(raw)
	var stack []*docxParagraph
	var blocks []string
	inText, inRun, total := false, 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		var cur *docxParagraph
		if len(stack) > 0 {
			cur = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				stack = append(stack, &docxParagraph{})
			case "r":
				inRun++
			case "t":
				inText = true
			case "tab":
				if cur != nil && inRun > 0 {
					cur.text.WriteByte('\t')
				}
			case "br", "cr":
				if cur != nil && inRun > 0 {
					cur.text.WriteByte('\n')
				}
			case "pStyle":
				if cur != nil {
					id := attr(t, "val")
					if level, ok := styleLevels[id]; ok {
						cur.level = level
					} else {
						cur.level = headingLevel(id)
					}
				}
			case "outlineLvl":
				if n, err := strconv.Atoi(attr(t, "val")); cur != nil && err == nil && n >= 0 && n < 6 && cur.level == 0 {
					cur.level = n + 1
				}
			case "numPr":
				if cur != nil {
					cur.list = true
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				if cur != nil {
					stack = stack[:len(stack)-1]
					if block := cur.markdown(); block != "" {
						blocks = append(blocks, block)
						total += len(block)
					}
				}
			case "r":
				inRun = max(inRun-1, 0)
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText && cur != nil {
				cur.text.Write(t)
			}
		}
		if total > MaxText {
			break
		}
	}
	return strings.Join(blocks, "\n\n"), nil
}

// markdown renders a finished paragraph; an empty one renders as nothing.
func (p *docxParagraph) markdown() string {
	lines := strings.Split(p.text.String(), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimSpace(spaceRun.ReplaceAllString(line, " "))
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	switch {
	case text == "":
		return ""
	case p.level > 0:
		return strings.Repeat("#", p.level) + " " + strings.ReplaceAll(text, "\n", " ")
	case p.list:
		return "- " + text
	}
	return text
}
