package static

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"

	"qcadmin/static/internal/build"
)

// names lists the console's own files with the extension ext.
func names(t *testing.T, ext string) []string {
	t.Helper()
	var out []string
	for _, name := range newAssets(t).Names() {
		if strings.HasSuffix(name, ext) && !strings.HasPrefix(name, "vendor/") {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s files", ext)
	}
	return out
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	// The names a stylesheet's rules reach the page by: classes, ids,
	// custom properties, animations.
	cssName = regexp.MustCompile(`[.#][A-Za-z_][\w-]*|--[\w-]+|@keyframes [\w-]+`)
)

// usedNames is the sorted set of cssName matches in a stylesheet, leaving out
// its comments.
func usedNames(css []byte) []string {
	css = cssComment.ReplaceAll(css, nil)
	set := map[string]bool{}
	for _, m := range cssName.FindAll(css, -1) {
		set[string(m)] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestMinifiedStylesheetsKeepEveryName(t *testing.T) {
	for _, name := range names(t, ".css") {
		src := source(t, name)
		out, err := build.Minify(name, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) >= len(src) || bytes.Contains(out, []byte("/*")) || bytes.Contains(out, []byte("\n ")) {
			t.Errorf("%s: %d bytes from %d, still with comments or indentation", name, len(out), len(src))
		}
		if got, want := usedNames(out), usedNames(src); !slices.Equal(got, want) {
			t.Errorf("%s: minified, the stylesheet names %q, the source %q", name, got, want)
		}
		// Every rule is still there: a stylesheet's rules are its blocks.
		if got, want := bytes.Count(out, []byte("{")), bytes.Count(cssComment.ReplaceAll(src, nil), []byte("{")); got != want {
			t.Errorf("%s: %d blocks after minifying, %d before", name, got, want)
		}
	}
}

// stringLiterals collects the text of a script's string literals, found by
// parsing it, leaving out those with escapes or quotes (which a minifier may
// write another way).
type stringLiterals map[string]bool

func (v stringLiterals) Enter(n js.INode) js.IVisitor {
	if lit, ok := n.(*js.LiteralExpr); ok && lit.TokenType == js.StringToken && len(lit.Data) >= 2 {
		if text := lit.Data[1 : len(lit.Data)-1]; !bytes.ContainsAny(text, `\'"`) {
			v[string(text)] = true
		}
	}
	return v
}

func (v stringLiterals) Exit(js.INode) {}

func TestMinifiedScriptsParseAndKeepTheirWords(t *testing.T) {
	for _, name := range names(t, ".js") {
		src := source(t, name)
		out, err := build.Minify(name, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) >= len(src)*3/4 {
			t.Errorf("%s: %d bytes from %d", name, len(out), len(src))
		}
		if _, err := js.Parse(parse.NewInputBytes(out), js.Options{}); err != nil {
			t.Errorf("%s: the minified script does not parse: %v", name, err)
		}
		// What the console says and the names it looks for (messages,
		// selectors, attributes, events) come through word for word.
		ast, err := js.Parse(parse.NewInputBytes(src), js.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		words := stringLiterals{}
		js.Walk(words, ast)
		if len(words) < 3 {
			t.Errorf("%s: found only %d string literals", name, len(words))
		}
		for w := range words {
			if !bytes.Contains(out, []byte(w)) {
				t.Errorf("%s: %q is missing from the minified script", name, w)
			}
		}
	}
}

func TestVendoredFilesAreServedAsTheyAre(t *testing.T) {
	a := newAssets(t)
	for _, name := range []string{"vendor/htmx.min.js", "vendor/htmx-ext-sse.min.js"} {
		src := source(t, name)
		if out, err := build.Minify(name, src); err != nil || !bytes.Equal(out, src) {
			t.Errorf("%s was changed (err %v)", name, err)
		}
		if body := serve(a, http.MethodGet, a.Path(name), nil).Body.Bytes(); !bytes.Equal(body, src) {
			t.Errorf("%s is served with %d bytes, not the %d of vendor/", name, len(body), len(src))
		}
	}
}

func TestMinifiedJSRenamesLocalsOnly(t *testing.T) {
	src := []byte("(function () {\n  // a comment\n  var longName = document.getElementById(\"x\");\n  window.keep = longName + \"\\u00d7\";\n})();\n")
	before := bytes.Clone(src)
	out, err := build.Minify("t.js", src)
	if !bytes.Equal(src, before) {
		t.Errorf("minifying changed its input to %q", src)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, kept := range []string{`document.getElementById("x")`, "window.keep="} {
		if !bytes.Contains(out, []byte(kept)) {
			t.Errorf("minified %q lost %q", out, kept)
		}
	}
	if bytes.Contains(out, []byte("longName")) || bytes.Contains(out, []byte("comment")) {
		t.Errorf("minified %q kept a local name or a comment", out)
	}
}
