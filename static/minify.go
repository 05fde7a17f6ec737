package static

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifier writes the console's own stylesheets and scripts as they are
// served: without comments and whitespace, local names in scripts shortened,
// colours and numbers in their shortest form. A browser reads the same rules
// and runs the same statements; see minify_test.go.
var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.Add("text/javascript", &js.Minifier{})
	return m
}()

// minified is what is served of an embedded file: the console's stylesheets
// and scripts minified, the vendored htmx files (minified by their authors) as
// they are. A file the minifier cannot read is an error, not a file served
// half-understood.
func minified(name string, src []byte) ([]byte, error) {
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
