package apiclient

import (
	"context"
	"net/http"
)

// The values of ArticleDiff's fields.
const (
	DiffChanged   = "CHANGED"
	DiffUnchanged = "UNCHANGED"
	DiffRemoved   = "REMOVED" // ExternalArticleDiff only: the source no longer has the article
)

// ArticleDiff compares one imported article with its source.
type ArticleDiff struct {
	// InternalArticleDiff says whether the article was edited in the
	// Knowledge Base since it was imported: DiffChanged or DiffUnchanged.
	InternalArticleDiff string `json:"internal_article_diff"`
	// ExternalArticleDiff says whether the source changed it since:
	// DiffChanged, DiffUnchanged or DiffRemoved.
	ExternalArticleDiff string  `json:"external_article_diff"`
	ArticleSnapshot     Article `json:"article_snapshot"`
}

// sourceRequest is a call on an external source such as "intercom" or
// "shopify"; the name is escaped into the path, and refused when it would
// name another path.
func sourceRequest(source, action string, t tier, body any) request {
	return request{method: http.MethodPost, route: "knowledge_base/sources/{source}/" + action, args: []string{source}, tier: t, body: body}
}

// ImportSource imports the articles of an external source (such as
// "intercom" or "shopify") and returns them. It counts against the HEAVY
// rate tier.
func (c *Client) ImportSource(ctx context.Context, source string) ([]Article, error) {
	return listOrEmpty(call[[]Article](ctx, c, sourceRequest(source, "import", tierHeavy, struct{}{})))
}

// DeleteSource removes every article imported from source.
func (c *Client) DeleteSource(ctx context.Context, source string) error {
	return c.do(ctx, sourceRequest(source, "delete", tierWrite, nil), nil)
}

// DiffSource compares the articles imported from source with the source as
// it is now. Though it changes nothing, it is a POST, so it counts against
// the WRITE rate tier.
func (c *Client) DiffSource(ctx context.Context, source string) ([]ArticleDiff, error) {
	return listOrEmpty(call[[]ArticleDiff](ctx, c, sourceRequest(source, "articles_diff", tierWrite, nil)))
}

// listOrEmpty unwraps a list answer; null becomes an empty list.
func listOrEmpty[T any](list *[]T, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	if *list == nil {
		return []T{}, nil
	}
	return *list, nil
}
