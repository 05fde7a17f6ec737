// Package static holds the console's stylesheet, script and vendored htmx,
// and serves them under content-hash URLs so browsers may cache them forever:
// a new release changes the URL, never the bytes behind an old one.
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
)

// URLPrefix is where Handler expects to be mounted.
const URLPrefix = "/static/"

// hashLen is how many hex digits of the sha256 go into a URL.
const hashLen = 10

//go:embed app.css app.js imports.js review.js vendor/htmx.min.js widget.js
var files embed.FS

// contentTypes is fixed here rather than read from the host's mime tables,
// which differ between machines.
var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
}

// Assets embeds app.css, app.js and vendor/htmx.min.js and serves them under
// content-hash URLs such as /static/app.3f9a1c2b7d.css.
type Assets struct {
	byName map[string]*asset // "app.css"
	byURL  map[string]*asset // "app.3f9a1c2b7d.css", without URLPrefix
	names  []string
}

type asset struct {
	url         string // full path, "/static/app.3f9a1c2b7d.css"
	contentType string
	etag        string
	raw         []byte
	gzipped     []byte
}

// New reads the embedded files and computes their hashes and gzip variants
// once, at start.
func New() (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		gz, err := gzipBytes(raw)
		if err != nil {
			return fmt.Errorf("static: compress %s: %w", name, err)
		}
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])[:hashLen]
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hash + ext
		ct, ok := contentTypes[ext]
		if !ok {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		it := &asset{url: URLPrefix + hashed, contentType: ct, etag: `"` + hash + `"`, raw: raw, gzipped: gz}
		a.byName[name] = it
		a.byURL[hashed] = it
		a.names = append(a.names, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	slices.Sort(a.names)
	return a, nil
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
// Responses are already compressed when the client accepts gzip, so a gzip
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
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			// Each encoding is its own representation and needs its own strong ETag.
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

// acceptsGzip reports whether an Accept-Encoding header allows gzip, honouring
// an explicit refusal such as "gzip;q=0".
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" {
			continue
		}
		for param := range strings.SplitSeq(params, ";") {
			key, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(key), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
