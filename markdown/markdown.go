// Package markdown is the console's one Markdown renderer: goldmark for the syntax,
// bluemonday for what may reach a page.
package markdown

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// Renderer renders article content for previews: one goldmark instance made at
// start, raw HTML shown as inert text, and the output sanitized before it
// reaches a page.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds the renderer with GitHub-flavoured tables, lists and links.
func New() *Renderer {
	policy := bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(true)
	return &Renderer{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			// Lower priority registers later and wins over goldmark's own HTML renderer (1000).
			goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(inertHTML{}, 100))),
		),
		policy: policy,
	}
}

// Render returns safe HTML for src; content goldmark cannot render comes back escaped.
func (m *Renderer) Render(src string) string {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return m.Sanitize("<pre>" + src + "</pre>")
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
