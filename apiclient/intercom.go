package apiclient

import (
	"context"
	"net/http"
)

// IntercomRefresh is the body of RefreshIntercom. Empty fields are not sent,
// so the API's defaults apply: every imported article is refreshed, and new
// ones are fetched.
type IntercomRefresh struct {
	ArticleIDs       []int64 `json:"article_ids,omitempty"`        // only these articles; empty: all
	FetchNewArticles *bool   `json:"fetch_new_articles,omitempty"` // nil: the API's default, true
}

// ImportIntercom imports every article of the agent's Intercom help center
// and returns them. It counts against the HEAVY rate tier.
func (c *Client) ImportIntercom(ctx context.Context) ([]Article, error) {
	return listOrEmpty(call[[]Article](ctx, c, request{method: http.MethodPost, route: "knowledge_base/intercom/import", tier: tierHeavy}))
}

// DeleteIntercom removes every article imported from Intercom.
func (c *Client) DeleteIntercom(ctx context.Context) error {
	return c.do(ctx, request{method: http.MethodPost, route: "knowledge_base/intercom/delete"}, nil)
}

// DiffIntercom compares the articles imported from Intercom with Intercom as
// it is now.
func (c *Client) DiffIntercom(ctx context.Context) ([]ArticleDiff, error) {
	return listOrEmpty(call[[]ArticleDiff](ctx, c, request{method: http.MethodGet, route: "knowledge_base/intercom/articles_diff"}))
}

// RefreshIntercom fetches the imported articles again from Intercom (those
// in ArticleIDs, or all), and new ones unless FetchNewArticles is false. It
// counts against the HEAVY rate tier.
func (c *Client) RefreshIntercom(ctx context.Context, in IntercomRefresh) error {
	return c.do(ctx, request{method: http.MethodPost, route: "knowledge_base/intercom/refresh_articles", body: in, tier: tierHeavy}, nil)
}
