package apiclient

import (
	"context"
	"net/http"
)

// langURLRoute names the language URLs of an article, for paths and rate
// budgets alike.
const langURLRoute = "knowledge_base/articles/{article_id}/lang_urls/{language}"

// langURL is the body of the language URL calls, both ways.
type langURL struct {
	URL string `json:"url"`
}

func langURLRequest(method string, articleID int64, language string, body any) request {
	return request{method: method, route: langURLRoute, args: append(idArg(articleID), language), body: body}
}

// GetLangURL returns the address of the article's version in language (a
// code such as "en" or "pt-BR"). When the article has none yet the error is
// an *APIError with Status 404; see IsStatus.
func (c *Client) GetLangURL(ctx context.Context, articleID int64, language string) (string, error) {
	out, err := call[langURL](ctx, c, langURLRequest(http.MethodGet, articleID, language, nil))
	if err != nil {
		return "", err
	}
	return out.URL, nil
}

// CreateLangURL links the article to its version in language at url and
// returns the address as the API keeps it. An article has at most one
// address per language: to change it, use UpdateLangURL.
func (c *Client) CreateLangURL(ctx context.Context, articleID int64, language, url string) (string, error) {
	out, err := call[langURL](ctx, c, langURLRequest(http.MethodPost, articleID, language, langURL{URL: url}))
	if err != nil {
		return "", err
	}
	return out.URL, nil
}

// UpdateLangURL changes the address of the article's version in language
// and returns it as the API keeps it.
func (c *Client) UpdateLangURL(ctx context.Context, articleID int64, language, url string) (string, error) {
	out, err := call[langURL](ctx, c, langURLRequest(http.MethodPatch, articleID, language, langURL{URL: url}))
	if err != nil {
		return "", err
	}
	return out.URL, nil
}

// DeleteLangURL removes the address of the article's version in language.
func (c *Client) DeleteLangURL(ctx context.Context, articleID int64, language string) error {
	return c.do(ctx, langURLRequest(http.MethodDelete, articleID, language, nil), nil)
}
