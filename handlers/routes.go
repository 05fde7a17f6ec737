package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/handlers/agent"
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
	signedIn.GET("/articles", h.articleList)
	signedIn.GET("/articles/new", h.articleNew)
	signedIn.POST("/articles/new", h.articleCreate)
	signedIn.POST("/articles/preview", h.articlePreview)
	signedIn.POST("/articles/delete", h.articleDelete)
	signedIn.GET("/articles/:id", h.articleEdit)
	signedIn.POST("/articles/:id", h.articleSave)
	signedIn.GET("/articles/:id/lang-urls", h.langURLPanel)
	signedIn.POST("/articles/:id/lang-urls/:lang", h.langURLSave)
	signedIn.GET("/articles/:id/history", h.articleHistoryPanel)
	signedIn.GET("/articles/:id/history/:entry", h.articleHistoryCompare)
	signedIn.POST("/articles/:id/restore", h.articleRestore)
	signedIn.GET("/search", h.search)
	signedIn.GET("/tags", h.tagList)
	signedIn.GET("/paragraphs", h.paragraphList)

	// Inbox: conversations, their metadata and team review, the CSV export.
	signedIn.GET("/conversations", h.conversationList)
	signedIn.GET("/conversations/export.csv", h.conversationExport)
	signedIn.GET("/conversations/:id", h.conversationView)
	signedIn.POST("/conversations/:id/metadata", h.conversationMetadataSave)
	signedIn.POST("/conversations/:id/review", h.conversationReviewSave)

	// Agent configuration: knowledge base and chatbot settings, AI actions, widget, handoff, ratings, the chat playground.
	agentConfig := &agent.Handlers{
		Kit: h.kit, API: func(c echo.Context) agent.API { return h.api(c) },
		Markdown: h.Markdown, Languages: h.Languages, LegacyChatURL: h.LegacyChatURL, DemoAPIKey: h.DemoAPIKey,
	}
	signedIn.GET("/settings", agentConfig.ShowSettings)
	signedIn.POST("/settings", agentConfig.SaveSettings)
	signedIn.POST("/settings/retrain", agentConfig.Retrain)
	signedIn.GET("/settings/retrain", agentConfig.RetrainState)
	signedIn.GET("/ai-actions", agentConfig.ListAIActions)
	signedIn.POST("/ai-actions/new", agentConfig.CreateAIAction)
	signedIn.GET("/ai-actions/tag-coverage", agentConfig.TagCoverage)
	signedIn.GET("/ai-actions/:id", agentConfig.EditAIAction)
	signedIn.POST("/ai-actions/:id", agentConfig.SaveAIAction)
	signedIn.POST("/ai-actions/:id/active", agentConfig.ToggleAIAction)
	signedIn.POST("/ai-actions/:id/delete", agentConfig.DeleteAIAction)
	signedIn.POST("/settings/chatbot", agentConfig.SaveChatbotSettings)
	signedIn.POST("/settings/chatbot/preview", agentConfig.PreviewGreeting)
	signedIn.GET("/widget", agentConfig.ShowWidget)
	signedIn.POST("/widget", agentConfig.SaveWidget)
	signedIn.POST("/widget/preview", agentConfig.PreviewWidget)
	signedIn.GET("/handoff", agentConfig.ShowHandoff)
	signedIn.POST("/handoff", agentConfig.SaveHandoff)
	signedIn.GET("/chat", agentConfig.OpenChat)
	signedIn.POST("/chat", agentConfig.SendChat)
	signedIn.GET("/ratings", agentConfig.ShowRatings)
	signedIn.POST("/ratings", agentConfig.SaveRatings)

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
