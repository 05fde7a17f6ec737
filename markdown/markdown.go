// Package markdown is the console's one Markdown renderer: goldmark for the syntax,
// bluemonday for what may reach a page.
package markdown

import (
	"bytes"
	"context"
	"crypto/sha256"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// PreviewLimit is how many characters of Markdown a preview renders. What
// goldmark costs grows faster than the text on some shapes (BENCHMARKS.md,
// "Rendering what a person can make expensive"): with the bounds in bounds.go,
// this much of the worst shape known renders in well under 100 ms here.
const PreviewLimit = 10_000

// The cache keeps this many renderings, and at most this much HTML in all.
const (
	cacheEntries = 256
	cacheBytes   = 8 << 20
)

// Renderer renders article content for previews: one goldmark instance made at
// start, raw HTML shown as inert text, and the output sanitized before it
// reaches a page.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	cache  *cache
}

// Preview is the HTML of the start of some Markdown.
type Preview struct {
	HTML  string
	Shown int // characters rendered
	Total int // characters in the Markdown
}

// Truncated tells whether characters were left out of the preview.
func (p Preview) Truncated() bool { return p.Shown < p.Total }

// New builds the renderer with GitHub-flavoured tables, lists and links.
func New() *Renderer {
	policy := bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(true)
	return &Renderer{
		md: goldmark.New(
			goldmark.WithParser(newParser()),
			goldmark.WithExtensions(gfm...),
			// Lower priority registers later and wins over goldmark's own HTML renderer (1000).
			goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(inertHTML{}, 100))),
		),
		policy: policy,
		cache:  newCache(cacheEntries, cacheBytes),
	}
}

// Render returns safe HTML for the first PreviewLimit characters of src.
func (m *Renderer) Render(src string) string {
	p, _ := m.Preview(context.Background(), src)
	return p.HTML
}

// Preview renders the first PreviewLimit characters of src as safe HTML. The
// same text rendered again comes from the cache. When ctx ends first, Preview
// returns ctx.Err() at once; the render it leaves runs to its end, which the
// limit bounds, and is kept for the next time.
func (m *Renderer) Preview(ctx context.Context, src string) (Preview, error) {
	shown, n := cut(src, PreviewLimit)
	p := Preview{Shown: n, Total: n + utf8.RuneCountInString(src[len(shown):])}
	if err := ctx.Err(); err != nil {
		return p, err
	}
	key := sha256.Sum256([]byte(shown))
	if html, ok := m.cache.get(key); ok {
		p.HTML = html
		return p, nil
	}
	done := make(chan string, 1)
	go func() {
		html := m.render(shown)
		m.cache.add(key, html)
		done <- html
	}()
	select {
	case p.HTML = <-done:
		return p, nil
	case <-ctx.Done():
		return p, ctx.Err()
	}
}

// cut returns the first limit characters of s and how many characters that is.
func cut(s string, limit int) (string, int) {
	n := 0
	for i := range s {
		if n == limit {
			return s[:i], n
		}
		n++
	}
	return s, n
}

// render converts src; content goldmark cannot render comes back escaped.
func (m *Renderer) render(src string) string {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return "<pre>" + template.HTMLEscapeString(src) + "</pre>"
	}
	return m.Sanitize(buf.String())
}

// Sanitize makes HTML from Quickchat or an author safe to place in a page:
// bluemonday's UGC policy, then without id attributes, which the policy keeps
// but which could take over the ids the console's own htmx targets use.
func (m *Renderer) Sanitize(untrusted string) string {
	return withoutIDs(m.policy.Sanitize(untrusted))
}

// withoutIDs drops every id attribute from sanitized HTML.
func withoutIDs(sanitized string) string {
	if !strings.Contains(sanitized, "id=") {
		return sanitized
	}
	var out strings.Builder
	z := html.NewTokenizer(strings.NewReader(sanitized))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs := tok.Attr[:0]
			for _, a := range tok.Attr {
				if a.Key != "id" {
					attrs = append(attrs, a)
				}
			}
			tok.Attr = attrs
			out.WriteString(tok.String())
		default:
			out.Write(z.Raw())
		}
	}
}

// inertHTML renders raw HTML in Markdown as visible, escaped text, so an author
// sees what they wrote (Quickchat may treat it as text too) and nothing runs.
type inertHTML struct{}

func (inertHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindRawHTML, renderRawHTML)
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if entering {
		_, _ = w.WriteString(`<pre class="raw-html"><code>`)
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
		}
		return ast.WalkContinue, nil
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(source)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
		}
	}
	return ast.WalkSkipChildren, nil
}
