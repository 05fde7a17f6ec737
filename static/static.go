// Package static holds the console's stylesheets, scripts and vendored htmx,
// and serves them under content-hash URLs so browsers may cache them forever:
// a new release changes the URL, never the bytes behind an old one.
//
// Each file is prepared once per process: the console's own stylesheets and
// scripts are minified (tdewolff/minify), and every file is compressed with
// gzip and brotli at their best levels, so a request only picks the bytes its
// Accept-Encoding allows.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// URLPrefix is where Handler expects to be mounted.
const URLPrefix = "/static/"

// hashLen is how many hex digits of the sha256 go into a URL.
const hashLen = 10

//go:embed *.css *.js vendor/htmx.min.js vendor/htmx-ext-sse.min.js
var files embed.FS

// contentTypes is fixed here rather than read from the host's mime tables,
// which differ between machines.
var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
}

// Assets embeds the stylesheets, scripts and vendored htmx (with its SSE extension) and serves
// them under content-hash URLs such as /static/app.3f9a1c2b7d.css.
type Assets struct {
	byName map[string]*asset // "app.css"
	byURL  map[string]*asset // "app.3f9a1c2b7d.css", without URLPrefix
	names  []string
}

type asset struct {
	url         string // full path, "/static/app.3f9a1c2b7d.css"
	contentType string
	etag        string
	raw         []byte // as served without compression: see minified
	gzipped     []byte
	brotli      []byte
}

// New returns the embedded files with their hashes and compressed variants.
// They are prepared once per process, on the first call; the files are
// embedded, so every later call shares the same bytes.
func New() (*Assets, error) {
	return prepared()
}

// prepared does New's work once: compressing every file at the best levels
// takes a noticeable fraction of a second.
var prepared = sync.OnceValues(func() (*Assets, error) {
	files, err := served()
	if err != nil {
		return nil, err
	}
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	for _, f := range files {
		gz, err := gzipBytes(f.raw)
		if err != nil {
			return nil, fmt.Errorf("static: gzip %s: %w", f.name, err)
		}
		br, err := brotliBytes(f.raw)
		if err != nil {
			return nil, fmt.Errorf("static: brotli %s: %w", f.name, err)
		}
		ext := path.Ext(f.name)
		ct, ok := contentTypes[ext]
		if !ok {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		hashed := strings.TrimPrefix(f.url, URLPrefix)
		it := &asset{url: f.url, contentType: ct, etag: `"` + f.hash + `"`, raw: f.raw, gzipped: gz, brotli: br}
		a.byName[f.name] = it
		a.byURL[hashed] = it
		a.names = append(a.names, f.name)
	}
	slices.Sort(a.names)
	return a, nil
})

// servedFile is an embedded file as served, before compression.
type servedFile struct {
	name string // "app.css"
	raw  []byte // minified, see minified
	hash string // contentHash(raw)
	url  string // "/static/app.3f9a1c2b7d.css"
}

// served minifies every embedded file once per process and names each by the
// hash of the bytes served, so a change of minifier can never serve new bytes
// under an old URL.
var served = sync.OnceValues(func() ([]servedFile, error) {
	var out []servedFile
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		raw, err := minified(name, src)
		if err != nil {
			return err
		}
		hash := contentHash(raw)
		ext := path.Ext(name)
		out = append(out, servedFile{name: name, raw: raw, hash: hash, url: URLPrefix + strings.TrimSuffix(name, ext) + "." + hash + ext})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	return out, nil
})

// contentHash is the first hashLen hex digits of the sha256 of a file as
// served.
func contentHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// urls maps every embedded file's name to its URL, without the compression
// New does, for URL.
var urls = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	files, _ := served()
	for _, f := range files {
		m[f.name] = f.url
	}
	return m
})

// URL is the URL Path gives for the named file, for code that has no Assets
// at hand: the layout links a page's own stylesheets by name with it.
// An unknown name comes back as "/static/"+name, which Handler answers with 404.
func URL(name string) string {
	if u, ok := urls()[name]; ok {
		return u
	}
	return URLPrefix + name
}

// Path returns the URL of the named asset, for example
// "/static/app.3f9a1c2b7d.css" for "app.css". An unknown name comes back as
// "/static/"+name, which Handler answers with 404, so a typo in a template
// shows up as a broken link rather than a crash.
func (a *Assets) Path(name string) string {
	if it, ok := a.byName[name]; ok {
		return it.url
	}
	return URLPrefix + name
}

// Names lists the embedded assets by their plain names, sorted.
func (a *Assets) Names() []string {
	return slices.Clone(a.names)
}

// Handler serves the assets at the URLs Path returns; mount it at URLPrefix
// without stripping the prefix. A URL whose hash is not the current one gets
// 404 and is not cached, so a browser holding an old page never caches the
// wrong bytes under it.
//
// Responses are already compressed when the client accepts brotli or gzip
// (brotli when both are equally welcome, it is smaller), so a compressing
// middleware in front of this handler must skip URLPrefix.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			h.Set("Cache-Control", "no-store")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		hashed, mounted := strings.CutPrefix(r.URL.Path, URLPrefix)
		it, ok := a.byURL[hashed]
		if !mounted || !ok {
			h.Set("Cache-Control", "no-store")
			http.NotFound(w, r)
			return
		}
		body, etag := it.raw, it.etag
		// Each encoding is its own representation and needs its own strong ETag.
		switch encoding(r.Header.Get("Accept-Encoding")) {
		case "br":
			body, etag = it.brotli, strings.TrimSuffix(it.etag, `"`)+`.br"`
			h.Set("Content-Encoding", "br")
		case "gzip":
			body, etag = it.gzipped, strings.TrimSuffix(it.etag, `"`)+`.gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("Content-Type", it.contentType)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Vary", "Accept-Encoding")
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})
}

// etagMatches applies If-None-Match's weak comparison to a list of tags.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}

func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// brotliBytes compresses at the best quality with a window just large enough
// for the file: a larger one compresses a file no smaller, and brotli's best
// quality allocates memory in proportion to its window (the default 4 MiB
// window cost over 600 MB of allocations at start and left the process
// holding about 110 MB).
func brotliBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	bw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: brotliWindow(len(raw))})
	if _, err := bw.Write(raw); err != nil {
		return nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// brotliWindow is the smallest window, in bits, that holds n bytes (brotli's
// window is 2^bits less 16 bytes), within the 10–24 bits brotli allows.
func brotliWindow(n int) int {
	bits := 10
	for bits < 24 && (1<<bits)-16 < n {
		bits++
	}
	return bits
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip, honouring
// an explicit refusal such as "gzip;q=0".
func acceptsGzip(header string) bool {
	return quality(header, "gzip") > 0
}

// encoding picks what to send for an Accept-Encoding header: "br", "gzip" or
// "" for the file as it is. The coding with the higher q-value wins; at equal
// values brotli, the smaller. A coding the header does not name, or names with
// q=0, is not used; "*" stands for every coding the header does not name.
func encoding(header string) string {
	br, gz := quality(header, "br"), quality(header, "gzip")
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// quality is the q-value an Accept-Encoding header gives coding ("gzip"
// includes "x-gzip"), 0 when it does not accept it. A q-value that does not
// parse refuses the coding.
func quality(header, coding string) float64 {
	named, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "x-gzip" {
			name = "gzip"
		}
		if name != coding && name != "*" {
			continue
		}
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			key, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(key), "q") {
				v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				if err != nil || v < 0 || v > 1 {
					v = 0
				}
				q = v
				break
			}
		}
		if name == "*" {
			star = max(star, q)
		} else {
			named = max(named, q)
		}
	}
	switch {
	case named >= 0:
		return named
	case star >= 0:
		return star
	}
	return 0
}
