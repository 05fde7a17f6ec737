package extract

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Text reads a plain-text or Markdown file: UTF-8 (with or without a byte order mark) or UTF-16 with one.
// Line ends become "\n" and the text is trimmed. It fails with ErrNotUTF8 or ErrNoText.
func Text(data []byte) (string, error) {
	text, ok := decodeText(data)
	if !ok {
		return "", ErrNotUTF8
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	if strings.TrimSpace(text) == "" {
		return "", ErrNoText
	}
	return strings.TrimSpace(text), nil
}

// decodeText returns data as a string when it is text: valid UTF-8 without NUL bytes, or UTF-16 with a BOM.
func decodeText(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data)
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", false
	}
	return string(data), true
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
