package apiclient

import (
	"context"
	"net/http"
	"net/url"
)

// Paragraph is one chunk of Knowledge Base content, as the agent reads it
// when answering.
type Paragraph struct {
	ID      int64  `json:"id"`
	Content string `json:"content"`
	// ArticleID names the article the paragraph was cut from. The sandbox
	// sends it; Quickchat's reference does not document it, so it may be nil.
	ArticleID *int64 `json:"article_id,omitempty"`
}

// ListParagraphsParams filters ListParagraphs. Zero values are not sent.
type ListParagraphsParams struct {
	Limit  int
	Offset int
	Query  string // searches the content
}

func (p ListParagraphsParams) values() url.Values {
	q := url.Values{}
	setInt(q, "limit", p.Limit)
	setInt(q, "offset", p.Offset)
	setString(q, "query", p.Query)
	return q
}

// ListParagraphs returns one page of the Knowledge Base's paragraphs
// matching p.
func (c *Client) ListParagraphs(ctx context.Context, p ListParagraphsParams) (*Page[Paragraph], error) {
	return call[Page[Paragraph]](ctx, c, request{method: http.MethodGet, route: "knowledge_base/articles/paragraphs", query: p.values()})
}
