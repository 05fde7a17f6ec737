// Package static serves the console's stylesheets, scripts and vendored htmx
// under content-hash URLs so browsers may cache them forever: a new release
// changes the URL, never the bytes behind an old one.
//
// The files are prepared when they change, not when the console starts:
// static/gen (run by `make generate`) minifies the console's own stylesheets
// and scripts, compresses every file with gzip and brotli at their best
// levels, and writes the results with a manifest of their hashes into dist/,
// which is committed and embedded here. At run time a request only picks the
// bytes its Accept-Encoding allows. The sources are the *.css and *.js files
// beside this one and vendor/; go test ./static/ fails while dist/ is not what
// they give.
package static

//go:generate go run ./gen -src . -out dist

import (
	"embed"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"qcadmin/static/internal/manifest"
)

// URLPrefix is where Handler expects to be mounted.
const URLPrefix = "/static/"

// dist holds the files as served, written by static/gen: each file under its
// plain name, with its .gz and .br beside it, and the manifest.
//
//go:embed dist
var dist embed.FS

// manifestName lists every file in dist with the hash of its bytes.
const manifestName = "dist/" + manifest.Name

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
	raw         []byte // as served without compression (minified)
	gzipped     []byte
	brotli      []byte
}

// New returns the embedded files with their hashes and compressed variants,
// all made when the files were generated. The manifest is read once per
// process; every later call shares the same Assets.
func New() (*Assets, error) {
	return prepared()
}

// prepared reads the manifest and looks up each file it names, once.
var prepared = sync.OnceValues(func() (*Assets, error) {
	data, err := dist.ReadFile(manifestName)
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	listed, err := manifest.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("static: %s: %w", manifestName, err)
	}
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	for _, e := range listed {
		hash, name := e.Hash, e.Name
		var bodies [3][]byte
		for i, suffix := range []string{"", ".gz", ".br"} {
			if bodies[i], err = dist.ReadFile("dist/" + name + suffix); err != nil {
				return nil, fmt.Errorf("static: %s names %s: %w", manifestName, name, err)
			}
		}
		ext := path.Ext(name)
		ct, ok := contentTypes[ext]
		if !ok {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		hashed := strings.TrimSuffix(name, ext) + "." + hash + ext
		it := &asset{url: URLPrefix + hashed, contentType: ct, etag: `"` + hash + `"`, raw: bodies[0], gzipped: bodies[1], brotli: bodies[2]}
		a.byName[name] = it
		a.byURL[hashed] = it
		a.names = append(a.names, name)
	}
	slices.Sort(a.names)
	return a, nil
})

// URL is the URL Path gives for the named file, for code that has no Assets
// at hand: the layout links a page's own stylesheets by name with it.
// An unknown name comes back as "/static/"+name, which Handler answers with 404.
func URL(name string) string {
	if a, err := prepared(); err == nil {
		return a.Path(name)
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
