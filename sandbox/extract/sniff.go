package extract

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
)

// Kind is what a file is, judged by its bytes: a name ending in .pdf proves nothing.
type Kind int

const (
	KindUnknown Kind = iota
	KindEmpty
	KindPDF
	KindDOCX
	KindXLSX
	KindPPTX
	KindZIP       // a readable ZIP archive that is no Office document
	KindBrokenZIP // starts like a ZIP archive but cannot be opened
	KindOldOffice // the binary Office format of Word 97-2003 and its siblings
	KindText
	KindPNG
	KindJPEG
	KindGIF
	KindWebP
	KindGzip
	KindHTML
	KindRTF
)

// Sniff tells the kind of a file from its first bytes (and, for ZIP archives, their contents).
func Sniff(data []byte) Kind {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return KindEmpty
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZIP(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return KindOldOffice
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return KindGIF
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return KindWebP
	case bytes.HasPrefix(data, []byte{0x1F, 0x8B}):
		return KindGzip
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return KindRTF
	}
	if _, ok := decodeText(data); ok {
		// HTML is text too, but raw tags make a poor article: web pages go through HTML instead.
		if strings.HasPrefix(http.DetectContentType(data), "text/html") {
			return KindHTML
		}
		return KindText
	}
	return KindUnknown
}

// sniffZIP looks inside a ZIP archive for the part that names an Office document.
func sniffZIP(data []byte) Kind {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return KindBrokenZIP
	}
	kind := KindZIP
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return KindDOCX
		case "xl/workbook.xml":
			kind = KindXLSX
		case "ppt/presentation.xml":
			kind = KindPPTX
		}
	}
	return kind
}
