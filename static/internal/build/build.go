// Package build turns the console's stylesheets, scripts and vendored htmx
// into the files package static serves, so that the work is done once when
// the files change rather than at every start of the console: static/gen
// writes its output into static/dist, which package static embeds.
//
// For each file it writes the file as served (the console's own stylesheets
// and scripts minified, the vendored htmx files as their authors minified
// them), its gzip and its brotli compression at their best levels, and one
// manifest naming every file with the hash of the bytes served. The output
// depends only on the sources: the same sources always give the same bytes,
// so the committed files can be checked against a fresh run.
package build

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"qcadmin/static/internal/manifest"
)

// sources are the files served, as patterns in the source directory.
var sources = []string{"*.css", "*.js", "vendor/*.js"}

// File is one file of the output: Name is relative to the output directory,
// with slashes.
type File struct {
	Name string
	Data []byte
}

// Sources lists the files of src that are served, sorted.
func Sources(src fs.FS) ([]string, error) {
	var names []string
	for _, pattern := range sources {
		m, err := fs.Glob(src, pattern)
		if err != nil {
			return nil, err
		}
		names = append(names, m...)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("no stylesheets or scripts found")
	}
	return names, nil
}

// Dist is everything package static serves, made from the sources in src:
// for each file its served bytes under its own name, name+".gz" and
// name+".br", then the manifest. The files come sorted by name.
func Dist(src fs.FS) ([]File, error) {
	names, err := Sources(src)
	if err != nil {
		return nil, err
	}
	var out []File
	var listed []manifest.Entry
	for _, name := range names {
		b, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, err
		}
		raw, err := Minify(name, b)
		if err != nil {
			return nil, err
		}
		gz, err := Gzip(raw)
		if err != nil {
			return nil, fmt.Errorf("gzip %s: %w", name, err)
		}
		br, err := Brotli(raw)
		if err != nil {
			return nil, fmt.Errorf("brotli %s: %w", name, err)
		}
		out = append(out, File{name, raw}, File{name + ".br", br}, File{name + ".gz", gz})
		listed = append(listed, manifest.Entry{Hash: manifest.Hash(raw), Name: name})
	}
	out = append(out, File{manifest.Name, manifest.Write(listed)})
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// minifier writes the console's own stylesheets and scripts as they are
// served: without comments and whitespace, local names in scripts shortened,
// colours and numbers in their shortest form. A browser reads the same rules
// and runs the same statements; see static/minify_test.go.
var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.Add("text/javascript", &js.Minifier{})
	return m
}()

// Minify is what is served of a source file: the console's stylesheets and
// scripts minified, the vendored htmx files (minified by their authors) as
// they are. A file the minifier cannot read is an error, not a file served
// half-understood.
func Minify(name string, src []byte) ([]byte, error) {
	var mediatype string
	switch {
	case strings.HasPrefix(name, "vendor/"):
		return src, nil
	case strings.HasSuffix(name, ".css"):
		mediatype = "text/css"
	case strings.HasSuffix(name, ".js"):
		mediatype = "text/javascript"
	default:
		return src, nil
	}
	// The minifier may rewrite its input in place; src stays the caller's.
	out, err := minifier.Bytes(mediatype, bytes.Clone(src))
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return out, nil
}

// Gzip compresses at the best level. The header carries no name and no
// modification time, so the same bytes always compress to the same file.
func Gzip(raw []byte) ([]byte, error) {
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

// Brotli compresses at the best quality with a window just large enough for
// the file: a larger one compresses a file no smaller, and brotli's best
// quality allocates memory in proportion to its window (the default 4 MiB
// window costs hundreds of megabytes of allocations for the console's files).
func Brotli(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	bw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: BrotliWindow(len(raw))})
	if _, err := bw.Write(raw); err != nil {
		return nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// BrotliWindow is the smallest window, in bits, that holds n bytes (brotli's
// window is 2^bits less 16 bytes), within the 10–24 bits brotli allows.
func BrotliWindow(n int) int {
	bits := 10
	for bits < 24 && (1<<bits)-16 < n {
		bits++
	}
	return bits
}
