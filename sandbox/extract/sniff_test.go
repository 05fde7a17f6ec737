package extract

import "testing"

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		want Kind
	}{
		{[]byte("%PDF-1.7\n"), KindPDF},
		{[]byte("GIF89a...."), KindGIF},
		{[]byte("\xFF\xD8\xFF\xE0"), KindJPEG},
		{[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), KindWebP},
		{[]byte("\x1F\x8B\x08"), KindGzip},
		{[]byte(`{\rtf1\ansi`), KindRTF},
		{[]byte("<!DOCTYPE html><html><body>x</body></html>"), KindHTML},
		{[]byte("# Heading\n\nText with ünïcödé."), KindText},
		{[]byte("  \n\t"), KindEmpty},
	} {
		if got := Sniff(tc.data); got != tc.want {
			t.Errorf("Sniff(%q) = %v, want %v", tc.data, got, tc.want)
		}
	}
}
