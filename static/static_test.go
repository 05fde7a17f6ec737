package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"qcadmin/static/internal/build"
	"qcadmin/static/internal/manifest"
)

func newAssets(t *testing.T) *Assets {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// source reads a file as written in static/, before static/gen prepared it.
func source(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		t.Fatalf("read source %s: %v", name, err)
	}
	return b
}

func serve(a *Assets, method, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	return rec
}

func TestNames(t *testing.T) {
	got := newAssets(t).Names()
	want := []string{"agent.css", "app.css", "app.js", "audit.css", "counters.js", "diff.css", "editor.css", "forms.css", "forms.js", "imports.css", "imports.js", "inbox.css", "kb.css", "kept.js", "live.js", "login.css", "merge.js", "palette.css", "palette.js", "review.js", "reviews.css", "tags.js", "vendor/htmx-ext-sse.min.js", "vendor/htmx.min.js", "widget.js"}
	if !slices.Equal(got, want) {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
}

func TestPath(t *testing.T) {
	a := newAssets(t)
	tests := []struct {
		name string
		want *regexp.Regexp
	}{
		{"app.css", regexp.MustCompile(`^/static/app\.([0-9a-f]{10})\.css$`)},
		{"app.js", regexp.MustCompile(`^/static/app\.([0-9a-f]{10})\.js$`)},
		{"vendor/htmx.min.js", regexp.MustCompile(`^/static/vendor/htmx\.min\.([0-9a-f]{10})\.js$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := a.Path(tt.name)
			m := tt.want.FindStringSubmatch(p)
			if m == nil {
				t.Fatalf("Path(%q) = %q, want match for %s", tt.name, p, tt.want)
			}
			// The hash names the bytes served, so a new minifier gives a new URL.
			body := serve(a, http.MethodGet, p, nil).Body.Bytes()
			sum := sha256.Sum256(body)
			if want := hex.EncodeToString(sum[:])[:manifest.HashLen]; m[1] != want {
				t.Errorf("hash in %q = %s, want the sha256 prefix of the bytes served, %s", p, m[1], want)
			}
			if again := a.Path(tt.name); again != p {
				t.Errorf("Path is not stable: %q then %q", p, again)
			}
		})
	}
}

func TestPathUnknownNameIsNotServed(t *testing.T) {
	a := newAssets(t)
	p := a.Path("missing.css")
	if p != "/static/missing.css" {
		t.Fatalf("Path(missing.css) = %q, want /static/missing.css", p)
	}
	if rec := serve(a, http.MethodGet, p, nil); rec.Code != http.StatusNotFound {
		t.Fatalf("GET %s = %d, want 404", p, rec.Code)
	}
}

func TestHandlerServesAssets(t *testing.T) {
	a := newAssets(t)
	wantType := map[string]string{
		".css": "text/css; charset=utf-8",
		".js":  "text/javascript; charset=utf-8",
	}
	for _, name := range a.Names() {
		t.Run(name, func(t *testing.T) {
			rec := serve(a, http.MethodGet, a.Path(name), nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			want, err := build.Minify(name, source(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Errorf("body differs from the minified source file")
			}
			h := rec.Header()
			checkHeaders(t, h, map[string]string{
				"Content-Type":           wantType[path.Ext(name)],
				"Cache-Control":          "public, max-age=31536000, immutable",
				"Vary":                   "Accept-Encoding",
				"X-Content-Type-Options": "nosniff",
				"Content-Encoding":       "",
			})
			if h.Get("ETag") == "" {
				t.Errorf("no ETag")
			}
			if got, want := h.Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
				t.Errorf("Content-Length = %s, want %s", got, want)
			}
		})
	}
}

func TestHandlerGzip(t *testing.T) {
	a := newAssets(t)
	for _, name := range a.Names() {
		t.Run(name, func(t *testing.T) {
			plain := serve(a, http.MethodGet, a.Path(name), nil)
			rec := serve(a, http.MethodGet, a.Path(name), map[string]string{"Accept-Encoding": "br;q=0.8, gzip"})
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			checkHeaders(t, rec.Header(), map[string]string{
				"Content-Encoding": "gzip",
				"Vary":             "Accept-Encoding",
				"Cache-Control":    "public, max-age=31536000, immutable",
			})
			if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
				t.Errorf("Content-Length = %s, want %s", got, want)
			}
			if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
				t.Errorf("gzip and identity responses share ETag %s", plain.Header().Get("ETag"))
			}
			if rec.Body.Len() >= plain.Body.Len() {
				t.Errorf("gzip body %d bytes, identity %d: not smaller", rec.Body.Len(), plain.Body.Len())
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain.Body.Bytes()) {
				t.Errorf("decompressed body differs from the identity body")
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"":                      false,
		"gzip":                  true,
		"GZIP":                  true,
		"gzip, deflate, br":     true,
		"br;q=1.0, gzip;q=0.5":  true,
		"x-gzip":                true,
		"gzip;q=0":              false,
		"gzip; q=0.000":         false,
		"deflate, br":           false,
		"identity":              false,
		"gzip;q=nonsense":       false,
		"br, gzip ; q=1 , zstd": true,
	}
	for header, want := range tests {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestHandlerNotFound(t *testing.T) {
	a := newAssets(t)
	current := a.Path("app.css")
	stale := "/static/app.0123456789.css"
	if stale == current {
		stale = "/static/app.9876543210.css"
	}
	for _, target := range []string{
		stale,
		"/static/app.css", // no hash at all
		"/static/app.js.map",
		"/static/",
		"/static/vendor/",
		"/static/../static.go",
		strings.TrimPrefix(current, "/static"), // mounted with the prefix stripped
	} {
		t.Run(target, func(t *testing.T) {
			rec := serve(a, http.MethodGet, target, nil)
			if rec.Code != http.StatusNotFound {
				t.Fatalf("status = %d, want 404", rec.Code)
			}
			checkHeaders(t, rec.Header(), map[string]string{
				"Cache-Control":          "no-store",
				"X-Content-Type-Options": "nosniff",
				"ETag":                   "",
			})
		})
	}
}

func TestHandlerConditionalAndHead(t *testing.T) {
	a := newAssets(t)
	p := a.Path("app.js")
	first := serve(a, http.MethodGet, p, nil)
	etag := first.Header().Get("ETag")

	for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
		rec := serve(a, http.MethodGet, p, map[string]string{"If-None-Match": inm})
		if rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s: status = %d, want 304", inm, rec.Code)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: 304 carries a body of %d bytes", inm, rec.Body.Len())
		}
	}
	rec := serve(a, http.MethodGet, p, map[string]string{"If-None-Match": `"0000000000"`})
	if rec.Code != http.StatusOK {
		t.Errorf("If-None-Match with an old tag: status = %d, want 200", rec.Code)
	}

	// Range is optional for a server; the whole file is small enough to send.
	rec = serve(a, http.MethodGet, p, map[string]string{"Range": "bytes=0-9"})
	if rec.Code != http.StatusOK || rec.Body.Len() != first.Body.Len() {
		t.Errorf("Range: status %d with %d bytes, want 200 with %d", rec.Code, rec.Body.Len(), first.Body.Len())
	}

	// The identity ETag must not validate the gzip representation.
	rec = serve(a, http.MethodGet, p, map[string]string{"If-None-Match": etag, "Accept-Encoding": "gzip"})
	if rec.Code != http.StatusOK {
		t.Errorf("identity ETag with gzip: status = %d, want 200", rec.Code)
	}

	rec = serve(a, http.MethodHead, p, nil)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d with %d body bytes, want 200 and none", rec.Code, rec.Body.Len())
	}
	if got, want := rec.Header().Get("Content-Length"), first.Header().Get("Content-Length"); got != want || got == "" {
		t.Errorf("HEAD Content-Length = %q, want %q", got, want)
	}
}

func TestHandlerRejectsWrites(t *testing.T) {
	a := newAssets(t)
	rec := serve(a, http.MethodPost, a.Path("app.css"), nil)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST status = %d, want 405", rec.Code)
	}
	if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
		t.Errorf("Allow = %q, want GET, HEAD", got)
	}
}

func checkHeaders(t *testing.T, h http.Header, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}
