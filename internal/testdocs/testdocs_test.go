package testdocs

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// pdfPages reads each page's text back with the library the sandbox's extractor uses.
func pdfPages(t *testing.T, data []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		text, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		pages = append(pages, strings.TrimPrefix(text, "\n")) // the reader starts each new line of text with "\n"
	}
	return pages
}

func TestPDFTextRoundTripsThroughTheExtractor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages []string
		want  []string // each page's text
	}{
		{"delimiters and backslash", []string{`a (b) c\d`}, []string{`a (b) c\d`}},
		{"unbalanced and doubled", []string{`)( \\ \( end\`}, []string{`)( \\ \( end\`}},
		{"WinAnsi beyond ASCII", []string{"café – 5 € “quoted”"}, []string{"café – 5 € “quoted”"}},
		{"lines and pages", []string{"first line\nsecond (line)", "page two"}, []string{"first line\nsecond (line)", "page two"}},
		{"an empty page has no text", []string{"", "after"}, []string{"", "after"}},
		{"no pages is one empty page", nil, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := PDF(tc.pages...)
			if !bytes.HasPrefix(data, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(data, []byte("%%EOF\n")) {
				t.Errorf("not framed as a PDF: %q … %q", data[:12], data[len(data)-8:])
			}
			if got := pdfPages(t, data); !slices.Equal(got, tc.want) {
				t.Errorf("read back %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPDFRefusesTextItsFontCannotHold(t *testing.T) {
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), `'ż'`) {
			t.Errorf("recovered %v, want a panic naming 'ż'", v)
		}
	}()
	PDF("żaba")
}

// docxParts unzips a DOCX, failing unless every part is well-formed XML.
func docxParts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && f.Name != "[Content_Types].xml" {
			t.Errorf("the first part is %s, want [Content_Types].xml", f.Name)
		}
		for d := xml.NewDecoder(bytes.NewReader(b)); ; {
			if _, err := d.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", f.Name, err, b)
			}
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// docxText reads word/document.xml back as paragraphs of text, tabs and breaks as "\t" and "\n".
func docxText(t *testing.T, doc string) []string {
	t.Helper()
	var paras []string
	var cur strings.Builder
	inText := false
	for d := xml.NewDecoder(strings.NewReader(doc)); ; {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return paras
		} else if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "p":
				cur.Reset()
			case "t":
				inText = true
			case "tab":
				if tok.Name.Space == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" && len(tok.Attr) == 0 {
					cur.WriteString("\t")
				}
			case "br":
				cur.WriteString("\n")
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "p":
				paras = append(paras, cur.String())
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
}

func TestDOCXIsWellFormedAndEscaped(t *testing.T) {
	want := []string{`<&> "quoted" 'single'`, "tab\there", "line\nbreak", "]]> & </w:t>"}
	parts := docxParts(t, DOCX(want...))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no %s among %d parts", name, len(parts))
		}
	}
	if _, ok := parts["word/styles.xml"]; ok {
		t.Error("a document without styles has a styles part")
	}
	if got := docxText(t, parts["word/document.xml"]); !slices.Equal(got, want) {
		t.Errorf("paragraphs %q, want %q", got, want)
	}
}

func TestDOCXStylesListsAndRuns(t *testing.T) {
	d := Document{
		Paragraphs: []Paragraph{
			{Style: `Head"1`, Runs: []string{"Title & more"}},
			{List: true, Runs: []string{"one ", "two"}},
			{},
		},
		Styles: map[string]string{`Head"1`: "heading <1>", "Plain": "normal"},
	}
	parts := docxParts(t, d.DOCX())
	if got := docxText(t, parts["word/document.xml"]); !slices.Equal(got, []string{"Title & more", "one two", ""}) {
		t.Errorf("paragraphs %q", got)
	}
	doc := parts["word/document.xml"]
	if !strings.Contains(doc, `<w:pStyle w:val="Head&#34;1"/>`) || !strings.Contains(doc, `<w:numPr>`) {
		t.Errorf("paragraph properties missing:\n%s", doc)
	}
	st := parts["word/styles.xml"]
	if !strings.Contains(st, `w:styleId="Head&#34;1"><w:name w:val="heading &lt;1&gt;"/>`) || strings.Index(st, "Head") > strings.Index(st, "Plain") {
		t.Errorf("styles part, want sorted and escaped:\n%s", st)
	}
	if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="styles.xml"`) || !strings.Contains(parts["[Content_Types].xml"], "/word/styles.xml") {
		t.Errorf("the styles part is not declared: %q", parts)
	}
}

func TestHelpSite(t *testing.T) {
	site := HelpSite(t,
		Page{Path: "/docs", Title: "Help & support", Body: `<a href="/docs/returns">Returns</a>`, Unlisted: true},
		Page{Path: "/docs/returns", Title: "Returns", Body: `<p>Within 30 days.</p>`},
		Page{Path: "/blog/a&b", Title: "News", Body: `<p>New.</p>`},
	)
	get := func(path string) (int, string, string) {
		t.Helper()
		res, err := http.Get(site.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	if code, ctype, body := get("/docs"); code != 200 || ctype != "text/html; charset=utf-8" ||
		body != `<!DOCTYPE html><html><head><title>Help &amp; support</title></head><body><a href="/docs/returns">Returns</a></body></html>` {
		t.Errorf("/docs: %d %q %s", code, ctype, body)
	}
	code, ctype, body := get("/sitemap.xml")
	want := `<url><loc>` + site.URL + `/docs/returns</loc></url><url><loc>` + site.URL + `/blog/a&amp;b</loc></url></urlset>`
	if code != 200 || ctype != "application/xml" || !strings.HasSuffix(body, want) {
		t.Errorf("sitemap: %d %q %s", code, ctype, body)
	}
	if err := xml.Unmarshal([]byte(body), new(struct{})); err != nil {
		t.Errorf("the sitemap is not XML: %v", err)
	}
	if code, _, _ := get("/docs/missing"); code != http.StatusNotFound {
		t.Errorf("a missing page answers %d", code)
	}
}
