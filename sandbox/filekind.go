package sandbox

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"unicode/utf16"
)

// fileKind is what an uploaded file is, judged by its bytes: a name ending in .pdf proves nothing.
type fileKind int

const (
	kindUnknown fileKind = iota
	kindEmpty
	kindPDF
	kindDOCX
	kindXLSX
	kindPPTX
	kindZIP       // a readable ZIP archive that is no Office document
	kindBrokenZIP // starts like a ZIP archive but cannot be opened
	kindOldOffice // the binary Office format of Word 97-2003 and its siblings
	kindText
	kindPNG
	kindJPEG
	kindGIF
	kindWebP
	kindGzip
	kindHTML
	kindRTF
)

// sniffFile tells the kind of a file from its first bytes (and, for ZIP archives, their contents).
func sniffFile(data []byte) fileKind {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return kindEmpty
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return kindPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZIP(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return kindOldOffice
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return kindJPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return kindGIF
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return kindWebP
	case bytes.HasPrefix(data, []byte{0x1F, 0x8B}):
		return kindGzip
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return kindRTF
	}
	if _, ok := decodeText(data); ok {
		// HTML is text too, but an article of raw tags helps nobody; the website import converts pages.
		if strings.HasPrefix(http.DetectContentType(data), "text/html") {
			return kindHTML
		}
		return kindText
	}
	return kindUnknown
}

// sniffZIP looks inside a ZIP archive for the part that names an Office document.
func sniffZIP(data []byte) fileKind {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return kindBrokenZIP
	}
	kind := kindZIP
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return kindDOCX
		case "xl/workbook.xml":
			kind = kindXLSX
		case "ppt/presentation.xml":
			kind = kindPPTX
		}
	}
	return kind
}

// describe names the kind for "it starts like …" in messages.
func (k fileKind) describe() string {
	switch k {
	case kindEmpty:
		return "an empty file"
	case kindPDF:
		return "a PDF"
	case kindDOCX:
		return "a Word document (.docx)"
	case kindXLSX:
		return "an Excel workbook (.xlsx)"
	case kindPPTX:
		return "a PowerPoint presentation (.pptx)"
	case kindZIP, kindBrokenZIP:
		return "a ZIP archive"
	case kindOldOffice:
		return "an old Office document (.doc, .xls or .ppt; save it as .docx)"
	case kindText:
		return "plain text"
	case kindPNG:
		return "a PNG image"
	case kindJPEG:
		return "a JPEG image"
	case kindGIF:
		return "a GIF image"
	case kindWebP:
		return "a WebP image"
	case kindGzip:
		return "a gzip archive"
	case kindHTML:
		return "an HTML page (import pages with import_external/website)"
	case kindRTF:
		return "an RTF document"
	}
	return "binary data of an unknown kind"
}

// decodeUTF16 decodes UTF-16 text that starts with a byte order mark.
func decodeUTF16(data []byte) (string, bool) {
	if len(data)%2 != 0 {
		return "", false
	}
	bigEndian := data[0] == 0xFE
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if bigEndian {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	text := string(utf16.Decode(units))
	if strings.ContainsRune(text, 0) || strings.ContainsRune(text, '\uFFFD') {
		return "", false
	}
	return text, true
}
