package apiclient

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Article is a Knowledge Base article or paragraph. List answers leave
// Content empty; GetArticle fills it.
type Article struct {
	ID                    int64    `json:"id"`         // canonical id, used in every path
	ArticleID             string   `json:"article_id"` // legacy id, may be empty
	Type                  string   `json:"type"`       // "Article", "Paragraph" or the read-only "URL"
	Title                 string   `json:"title"`
	Description           string   `json:"description"`
	Content               string   `json:"content"`
	State                 string   `json:"state"` // "draft" or "published"
	URL                   *string  `json:"url"`
	ParentID              *int64   `json:"parent_id"`
	ParentType            *string  `json:"parent_type"`
	Shortened             bool     `json:"shortened"`
	Tags                  []string `json:"tags"`
	CreatedTimestamp      string   `json:"created_timestamp"`
	LastModifiedTimestamp string   `json:"last_modified_timestamp"`
	DeployState           string   `json:"deploy_state"` // "draft" for a new article; absent in the older edition
	// Version and MaxAvailableVersion are numbers in the older edition. The
	// newer one shows them null until the article is first published, so
	// nil means "no version yet"; see Revision for comparing saves.
	Version                                *int    `json:"version"`
	MaxAvailableVersion                    *int    `json:"max_available_version"`
	DownloadedTimestamp                    *string `json:"downloaded_timestamp"`
	LastUpdatedTimestamp                   *string `json:"last_updated_timestamp"`
	LastUpdatedFromExternalSourceTimestamp *string `json:"last_updated_from_external_source_timestamp"`
}

// Revision names the saved state of the article, so an editor can tell
// whether someone saved it since the edit began: two reads of the same
// saved state give the same Revision, and every save that changes the
// article gives a new one. It is max_available_version as a decimal number
// when the API gives one. While that is null (a draft never published, in
// the newer edition) it is a digest, starting "d-", of what a save can
// change: type, title, content, tags, state and the modification
// timestamps. It needs the article's content, so use it on GetArticle's
// answer, not on a list item.
func (a *Article) Revision() string {
	if a.MaxAvailableVersion != nil {
		return strconv.Itoa(*a.MaxAvailableVersion)
	}
	h := sha256.New()
	for _, part := range append([]string{a.Type, a.Title, a.Content, a.State, a.LastModifiedTimestamp, deref(a.LastUpdatedTimestamp)}, a.Tags...) {
		// Each part with its length, so no two lists of parts run together the same way.
		fmt.Fprintf(h, "%d:%s;", len(part), part)
	}
	return "d-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// VersionNumber is max_available_version, or 0 while the article has none.
func (a *Article) VersionNumber() int {
	if a.MaxAvailableVersion == nil {
		return 0
	}
	return *a.MaxAvailableVersion
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ArticleCreate is the body of CreateArticle. Content is required; Type is
// "Article" (the API's default) or "Paragraph".
type ArticleCreate struct {
	Content string `json:"content"`
	Type    string `json:"type,omitempty"`
	Title   string `json:"title,omitempty"`
}

// SaveMode says whether an update stays a draft or goes live.
type SaveMode string

// The save modes of UpdateArticle.
const (
	SaveDraft   SaveMode = "draft"
	SavePublish SaveMode = "publish"
)

// ArticleUpdate is the body of UpdateArticle: only the fields that are set
// are sent. Tags pointing at an empty list clears the article's tags.
type ArticleUpdate struct {
	Content  *string   `json:"content,omitempty"`
	Title    *string   `json:"title,omitempty"`
	Tags     *[]string `json:"tags,omitempty"`
	SaveMode SaveMode  `json:"save_mode,omitempty"` // empty: the API's default, draft
}

// ListArticlesParams filters ListArticles. Zero values are not sent.
type ListArticlesParams struct {
	Limit  int
	Offset int
	Types  []string // "Article", "Paragraph"; sent comma-joined
	Tags   []string // sent comma-joined
	URL    string
	Title  string
	Query  string // searches the content
}

func (p ListArticlesParams) values() url.Values {
	q := url.Values{}
	setInt(q, "limit", p.Limit)
	setInt(q, "offset", p.Offset)
	setList(q, "types", p.Types)
	setList(q, "tags", p.Tags)
	setString(q, "url", p.URL)
	setString(q, "title", p.Title)
	setString(q, "query", p.Query)
	return q
}

// ListArticles returns one page of articles matching p.
func (c *Client) ListArticles(ctx context.Context, p ListArticlesParams) (*Page[Article], error) {
	return call[Page[Article]](ctx, c, request{method: http.MethodGet, route: "knowledge_base/articles/", query: p.values()})
}

// GetArticle returns the article with the given id, content included.
func (c *Client) GetArticle(ctx context.Context, id int64) (*Article, error) {
	return call[Article](ctx, c, request{method: http.MethodGet, route: "knowledge_base/articles/{id}", args: idArg(id)})
}

// CreateArticle adds an article (as a draft) and returns it.
func (c *Client) CreateArticle(ctx context.Context, in ArticleCreate) (*Article, error) {
	return call[Article](ctx, c, request{method: http.MethodPost, route: "knowledge_base/articles/", body: in})
}

// UpdateArticle changes the fields set in u and returns the article as the
// API now has it.
func (c *Client) UpdateArticle(ctx context.Context, id int64, u ArticleUpdate) (*Article, error) {
	if u.Tags != nil && *u.Tags == nil {
		u.Tags = &[]string{} // a nil list would be sent as null, not as "no tags"
	}
	return call[Article](ctx, c, request{method: http.MethodPatch, route: "knowledge_base/articles/{id}", args: idArg(id), body: u})
}

// DeleteArticles deletes the articles with the given ids in one call. An
// empty list deletes nothing and sends nothing.
func (c *Client) DeleteArticles(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return c.do(ctx, request{method: http.MethodDelete, route: "knowledge_base/articles/", body: ids}, nil)
}

func idArg(id int64) []string { return []string{strconv.FormatInt(id, 10)} }

func setInt(q url.Values, key string, v int) {
	if v != 0 {
		q.Set(key, strconv.Itoa(v))
	}
}

func setString(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}

// setList sends a list the API's way: one comma-joined value.
func setList(q url.Values, key string, vs []string) {
	kept := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			kept = append(kept, v)
		}
	}
	setString(q, key, strings.Join(kept, ","))
}
