package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/handlers/articles"
	"qcadmin/handlers/auditlog"
)

// routes is every page of the console, in one place, grouped by area.
func (h *Handlers) routes(e *echo.Echo) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/static/*", echo.WrapHandler(h.Static))

	pages := e.Group("", h.kit.Session, h.identify)
	pages.GET("/", h.home)
	pages.GET("/login", h.loginForm)
	pages.POST("/login", h.loginSubmit)
	pages.POST("/login/demo", h.loginDemo)
	pages.POST("/logout", h.logout)
	pages.GET("/admin/sessions", h.adminSessions, h.requireAdmin)
	pages.POST("/admin/sessions/revoke", h.adminRevoke, h.requireAdmin)

	signedIn := pages.Group("", h.requireAccount, h.requireRole, h.auditContext)
	signedIn.POST("/agents/switch", h.agentSwitch)

	// Knowledge base: articles, their editor, language versions and history; search, paragraphs, tags.
	kb := &articles.Handlers{
		Kit: h.kit, API: func(c echo.Context) articles.API { return h.api(c) },
		Markdown: h.Markdown, Languages: h.Languages, Audit: h.Audit,
	}
	signedIn.GET("/articles", kb.List)
	signedIn.GET("/articles/new", kb.New)
	signedIn.POST("/articles/new", kb.Create)
	signedIn.POST("/articles/preview", kb.Preview)
	signedIn.POST("/articles/delete", kb.Delete)
	signedIn.GET("/articles/:id", kb.Edit)
	signedIn.POST("/articles/:id", kb.Save)
	signedIn.GET("/articles/:id/lang-urls", kb.LangURLs)
	signedIn.POST("/articles/:id/lang-urls/:lang", kb.SaveLangURL)
	signedIn.GET("/articles/:id/history", kb.History)
	signedIn.GET("/articles/:id/history/:entry", kb.Compare)
	signedIn.POST("/articles/:id/restore", kb.Restore)
	signedIn.GET("/search", kb.Search)
	signedIn.GET("/tags", kb.Tags)
	signedIn.GET("/paragraphs", kb.Paragraphs)

	// Inbox: conversations, their metadata and team review, the CSV export.
	signedIn.GET("/conversations", h.conversationList)
	signedIn.GET("/conversations/export.csv", h.conversationExport)
	signedIn.GET("/conversations/:id", h.conversationView)
	signedIn.POST("/conversations/:id/metadata", h.conversationMetadataSave)
	signedIn.POST("/conversations/:id/review", h.conversationReviewSave)

	// Agent configuration: knowledge base and chatbot settings, AI actions, widget, handoff, ratings, the chat playground.
	signedIn.GET("/settings", h.settingsPage)
	signedIn.POST("/settings", h.settingsSave)
	signedIn.POST("/settings/retrain", h.settingsRetrain)
	signedIn.GET("/settings/retrain", h.settingsRetrainState)
	signedIn.GET("/ai-actions", h.aiActionListPage)
	signedIn.POST("/ai-actions/new", h.aiActionCreate)
	signedIn.GET("/ai-actions/tag-coverage", h.aiActionTagCoverage)
	signedIn.GET("/ai-actions/:id", h.aiActionEdit)
	signedIn.POST("/ai-actions/:id", h.aiActionSave)
	signedIn.POST("/ai-actions/:id/active", h.aiActionToggle)
	signedIn.POST("/ai-actions/:id/delete", h.aiActionDelete)
	signedIn.POST("/settings/chatbot", h.chatbotSettingsSave)
	signedIn.POST("/settings/chatbot/preview", h.chatbotGreetingPreview)
	signedIn.GET("/widget", h.widgetPage)
	signedIn.POST("/widget", h.widgetSave)
	signedIn.POST("/widget/preview", h.widgetPreviewPart)
	signedIn.GET("/handoff", h.handoffPage)
	signedIn.POST("/handoff", h.handoffSave)
	signedIn.GET("/chat", h.chatPage)
	signedIn.POST("/chat", h.chatSend)
	signedIn.GET("/ratings", h.ratingsPage)
	signedIn.POST("/ratings", h.ratingsSave)

	// Imports and sources.
	signedIn.GET("/imports", h.importPage)
	signedIn.POST(uploadRoute, h.importFiles, h.uploadBodyLimit)
	signedIn.POST("/imports/website", h.importWebsite)
	signedIn.POST("/imports/sitemap", h.importSitemap)
	signedIn.POST("/imports/links", h.importLinks)
	signedIn.POST("/imports/youtube", h.importYouTube)
	signedIn.GET("/sources", h.sourcePage)
	signedIn.POST("/sources/intercom/refresh", h.sourceRefresh)
	signedIn.POST("/sources/:source/import", h.sourceImport)
	signedIn.POST("/sources/:source/delete", h.sourceDelete)

	// Audit log.
	auditLog := &auditlog.Handlers{Kit: h.kit, Audit: h.Audit}
	signedIn.GET("/audit", auditLog.List)
	signedIn.GET("/audit/export.csv", auditLog.Export)
	signedIn.GET("/audit/:id", auditLog.Entry)
}
