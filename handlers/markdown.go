package handlers

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Markdown renders article content for previews: one goldmark instance made at
// start, raw HTML left out, and the output sanitized before it reaches a page.
type Markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// NewMarkdown builds the renderer with GitHub-flavoured tables, lists and links.
func NewMarkdown() *Markdown {
	policy := bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(true)
	return &Markdown{
		md:     goldmark.New(goldmark.WithExtensions(extension.GFM)),
		policy: policy,
	}
}

// Render returns safe HTML for src; content goldmark cannot render comes back escaped.
func (m *Markdown) Render(src string) string {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return m.policy.Sanitize("<pre>" + src + "</pre>")
	}
	return m.policy.Sanitize(buf.String())
}
