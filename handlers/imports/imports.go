// Package imports is the pages that bring articles in from elsewhere: the
// imports page (file uploads, a website, a sitemap, a list of links, a YouTube
// video) and the sources page (an external source's articles compared with
// the knowledge base, imported, refreshed from Intercom, or deleted).
package imports

import (
	"context"
	"io"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/web"
)

// Handlers serves the imports and sources pages of the signed-in agent.
type Handlers struct {
	*web.Kit
	// API is a Quickchat client bound to the request's session.
	API func(echo.Context) API
	// Sandbox says the console talks to the embedded sandbox (demo mode), which cannot reach YouTube.
	Sandbox bool
	// UploadLimit is the largest file, in bytes, a person may import; zero means 20 MiB.
	UploadLimit int64
	// Budgets are the process's Quickchat rate budgets, so pages can say when a request waits its turn; may be nil.
	Budgets *apiclient.Budgets
	// Audit is the console's log of writes; the sources list names every source imported through the console. May be nil.
	Audit *store.Audit
}

// API is what imports and sources need from the Quickchat API (see audit.API).
type API interface {
	// File uploads and imports from the web
	UploadPDF(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error)
	UploadFile(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error)
	ImportWebsite(ctx context.Context, in apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error)
	ImportSitemap(ctx context.Context, in apiclient.SitemapImport) (*apiclient.LinksResult, error)
	ImportLinks(ctx context.Context, in apiclient.LinkListImport) (*apiclient.LinksResult, error)
	ImportYouTube(ctx context.Context, in apiclient.YouTubeImport) error

	// External sources, and the articles an import brings up to date
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
	ImportSource(ctx context.Context, source string) ([]apiclient.Article, error)
	DeleteSource(ctx context.Context, source string) error
	DiffSource(ctx context.Context, source string) ([]apiclient.ArticleDiff, error)
	ImportIntercom(ctx context.Context) ([]apiclient.Article, error)
	DeleteIntercom(ctx context.Context) error
	DiffIntercom(ctx context.Context) ([]apiclient.ArticleDiff, error)
	RefreshIntercom(ctx context.Context, in apiclient.IntercomRefresh) error
}
