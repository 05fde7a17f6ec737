package static

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestHandlerBrotli(t *testing.T) {
	a := newAssets(t)
	for _, name := range a.Names() {
		t.Run(name, func(t *testing.T) {
			plain := serve(a, http.MethodGet, a.Path(name), nil)
			gz := serve(a, http.MethodGet, a.Path(name), map[string]string{"Accept-Encoding": "gzip"})
			rec := serve(a, http.MethodGet, a.Path(name), map[string]string{"Accept-Encoding": "gzip, deflate, br"})
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			checkHeaders(t, rec.Header(), map[string]string{
				"Content-Encoding": "br",
				"Vary":             "Accept-Encoding",
				"Cache-Control":    "public, max-age=31536000, immutable",
			})
			if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
				t.Errorf("Content-Length = %s, want %s", got, want)
			}
			etag := rec.Header().Get("ETag")
			if etag == plain.Header().Get("ETag") || etag == gz.Header().Get("ETag") {
				t.Errorf("brotli response shares ETag %s with another encoding", etag)
			}
			if rec.Body.Len() >= plain.Body.Len() {
				t.Errorf("brotli body %d bytes, identity %d: not smaller", rec.Body.Len(), plain.Body.Len())
			}
			got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(rec.Body.Bytes())))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain.Body.Bytes()) {
				t.Errorf("decompressed body differs from the identity body")
			}
			if nm := serve(a, http.MethodGet, a.Path(name), map[string]string{"Accept-Encoding": "br", "If-None-Match": etag}); nm.Code != http.StatusNotModified {
				t.Errorf("If-None-Match with the brotli ETag = %d, want 304", nm.Code)
			}
		})
	}
}

func TestEncoding(t *testing.T) {
	tests := map[string]string{
		"":                          "",
		"identity":                  "",
		"gzip":                      "gzip",
		"x-gzip":                    "gzip",
		"br":                        "br",
		"BR":                        "br",
		"gzip, deflate, br":         "br",
		"br, gzip":                  "br",
		"br;q=0.8, gzip":            "gzip",
		"br;q=1.0, gzip;q=0.5":      "br",
		"br;q=0.5, gzip;q=0.5":      "br",
		"br;q=0, gzip":              "gzip",
		"br;q=0, gzip;q=0":          "",
		"br;q=nonsense, gzip":       "gzip",
		"*":                         "br",
		"*;q=0.5, br;q=0":           "gzip",
		"gzip;q=0.2, *;q=0.4":       "br",
		"deflate, zstd":             "",
		"br ; q=0.9 , gzip ; q=0.1": "br",
	}
	for header, want := range tests {
		if got := encoding(header); got != want {
			t.Errorf("encoding(%q) = %q, want %q", header, got, want)
		}
	}
}
