package apiclient

import (
	"context"
	"net/http"
)

// ListTags returns every tag used by the Knowledge Base's articles.
func (c *Client) ListTags(ctx context.Context) ([]string, error) {
	tags, err := call[[]string](ctx, c, request{method: http.MethodGet, route: "knowledge_base/tags/"})
	if err != nil {
		return nil, err
	}
	if *tags == nil {
		return []string{}, nil // the API answered null
	}
	return *tags, nil
}
