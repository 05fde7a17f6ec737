// Package articles is the knowledge base's pages: the article list and bulk
// delete, the editor (new, edit, save, preview), an article's language
// versions and its history from the audit log (compare, restore), search,
// the paragraph list and the tag list.
package articles

import (
	"context"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/kbindex"
	"qcadmin/markdown"
	"qcadmin/store"
	"qcadmin/web"
)

// Handlers serves the knowledge base of the signed-in agent.
type Handlers struct {
	*web.Kit
	// API is a Quickchat client bound to the request's session.
	API      func(echo.Context) API
	Markdown *markdown.Renderer
	// Languages are the ISO 639-1 codes offered for an article's language versions.
	Languages []string
	Audit     *store.Audit // nil when the console keeps no audit log
	// BulkJobs offers publish and tag actions on many articles, run as background jobs.
	BulkJobs bool
	// Fixes links articles saved from a conversation's fix to that conversation; nil keeps no links.
	Fixes *store.Fixes
	// Identity names who saves: the person the SSO proxy signed in, else the session's label.
	Identity func(echo.Context) string
	// Index is each agent's article index (state filter, sorting, tag counts, paragraphs' titles); nil reads the API's pages only.
	Index *kbindex.Index
}

// API is what the knowledge base's pages need from the Quickchat API (see audit.API).
type API interface {
	// Paragraphs
	ListParagraphs(ctx context.Context, p apiclient.ListParagraphsParams) (*apiclient.Page[apiclient.Paragraph], error)

	// Search and language versions of articles
	SearchArticles(ctx context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error)
	GetLangURL(ctx context.Context, articleID int64, language string) (string, error)
	CreateLangURL(ctx context.Context, articleID int64, language, url string) (string, error)
	UpdateLangURL(ctx context.Context, articleID int64, language, url string) (string, error)
	DeleteLangURL(ctx context.Context, articleID int64, language string) error

	// Articles and tags
	ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
	CreateArticle(ctx context.Context, a apiclient.ArticleCreate) (*apiclient.Article, error)
	UpdateArticle(ctx context.Context, id int64, u apiclient.ArticleUpdate) (*apiclient.Article, error)
	DeleteArticles(ctx context.Context, ids []int64) error
	ListTags(ctx context.Context) ([]string, error)
}
