package static

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
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

// withoutSpace is CSS with comments and all whitespace outside strings gone:
// two stylesheets that agree on it differ at most in comments and whitespace.
func withoutSpace(src []byte) string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return b.String()
			}
			i += end + 3
		case c == '"' || c == '\'':
			j := bytes.IndexByte(src[i+1:], c)
			b.Write(src[i : i+j+2])
			i += j + 1
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestCompactCSSOnlyDropsCommentsAndSpace(t *testing.T) {
	for _, name := range newAssets(t).Names() {
		if !strings.HasSuffix(name, ".css") {
			continue
		}
		src := embedded(t, name)
		out := compact(name, src)
		if bytes.Contains(out, []byte("/*")) || bytes.Contains(out, []byte("\n  ")) {
			t.Errorf("%s: compacted still has comments or indentation", name)
		}
		// Dropping ";" before "}" is the one change besides whitespace.
		want := strings.ReplaceAll(withoutSpace(src), ";}", "}")
		if got := withoutSpace(out); got != want {
			t.Errorf("%s: compacting changed more than comments and whitespace", name)
		}
		if len(out) >= len(src) {
			t.Errorf("%s: compacted %d bytes, source %d", name, len(out), len(src))
		}
	}
	// Whitespace that separates tokens stays.
	for in, want := range map[string]string{
		"a  :hover { color : red ; }":                  "a :hover{color : red}",
		".a > .b , .c {margin:0 auto;}\n\n/* x */ d{}": ".a>.b,.c{margin:0 auto}d{}",
		`p::before { content: "a  /* b */  c"; }`:      `p::before{content: "a  /* b */  c"}`,
		"@media (min-width: 1px) {\n  .a { b: c; }\n}": "@media (min-width: 1px){.a{b: c}}",
	} {
		if got := strings.TrimSpace(string(compactCSS([]byte(in)))); got != want {
			t.Errorf("compactCSS(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompactJS(t *testing.T) {
	in := "(function () {\n  // a comment line\n  var a = 1; // kept\n\n  return a;\n})();\n"
	if got, want := string(compactJS([]byte(in))), "(function () {\nvar a = 1; // kept\nreturn a;\n})();\n"; got != want {
		t.Errorf("compactJS = %q, want %q", got, want)
	}
	for _, risky := range []string{"var s = `\n  // not a comment\n`;\n", "var s = 'a\\\n  // b';\n"} {
		if got := string(compactJS([]byte(risky))); got != risky {
			t.Errorf("compactJS changed %q to %q", risky, got)
		}
	}
	if got := compact("vendor/htmx.min.js", embedded(t, "vendor/htmx.min.js")); !bytes.Equal(got, embedded(t, "vendor/htmx.min.js")) {
		t.Errorf("the vendored file was changed")
	}
}
