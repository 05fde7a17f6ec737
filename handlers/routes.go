package handlers

import (
	"github.com/labstack/echo/v4"

	"qcadmin/handlers/agent"
	"qcadmin/handlers/articles"
	"qcadmin/handlers/auditlog"
	"qcadmin/handlers/gaps"
	"qcadmin/handlers/imports"
	"qcadmin/handlers/inbox"
	"qcadmin/handlers/jobs"
	"qcadmin/handlers/reviews"
)

// routes is every page of the console, in one place, grouped by area.
func (h *Handlers) routes(e *echo.Echo) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/static/*", echo.WrapHandler(h.Static))

	pages := e.Group("", h.kit.Session, h.identify, h.kit.RecordWaits)
	pages.GET("/", h.home)
	pages.GET("/login", h.loginForm)
	pages.POST("/login", h.loginSubmit)
	pages.POST("/login/demo", h.loginDemo)
	pages.POST("/logout", h.logout)
	pages.GET("/admin/sessions", h.adminSessions, h.requireAdmin)
	pages.POST("/admin/sessions/revoke", h.adminRevoke, h.requireAdmin)

	signedIn := pages.Group("", h.requireAccount, h.requireRole, h.auditContext, h.requestDeadline, h.kit.Freshness)
	signedIn.POST("/agents/switch", h.agentSwitch)
	// One stream of live updates per open page: who else is here, saves by others, inbox changes.
	signedIn.GET("/events", h.events)

	// Knowledge base: articles, their editor, language versions and history; search, paragraphs, tags.
	kb := &articles.Handlers{
		Kit: h.kit, API: func(c echo.Context) articles.API { return h.api(c) },
		Markdown: h.Markdown, Languages: h.Languages, Audit: h.Audit, BulkJobs: h.Jobs != nil,
		Fixes: h.Reviews.Fixes(), Identity: h.identity,
		Index: h.Index,
	}
	signedIn.GET("/articles", kb.List)
	signedIn.GET("/articles/new", kb.New)
	signedIn.POST("/articles/new", kb.Create)
	signedIn.POST("/articles/preview", kb.Preview)
	signedIn.POST("/articles/delete", kb.Delete)
	signedIn.GET("/articles/:id", kb.Edit)
	signedIn.POST("/articles/:id", kb.Save)
	signedIn.GET("/articles/:id/lang-urls", kb.LangURLs)
	signedIn.POST("/articles/:id/lang-urls", kb.SaveLangURLs)
	signedIn.POST("/articles/:id/lang-urls/:lang", kb.SaveLangURL)
	signedIn.GET("/articles/:id/history", kb.History)
	signedIn.GET("/articles/:id/history/:entry", kb.Compare)
	signedIn.POST("/articles/:id/restore", kb.Restore)
	signedIn.GET("/search", kb.Search)
	signedIn.GET("/tags", kb.Tags)
	signedIn.GET("/tags/options", kb.TagOptions)
	signedIn.GET("/articles/tag-filter", kb.TagFilter)
	signedIn.GET("/paragraphs", kb.Paragraphs)

	// Inbox: conversations, their metadata and team review, the CSV export.
	conversations := &inbox.Handlers{
		Kit: h.kit, API: func(c echo.Context) inbox.API { return h.api(c) }, Identity: h.identity,
		Markdown: h.Markdown, Languages: h.Languages, ReviewPrefix: h.ReviewPrefix, Reviews: h.Reviews,
		Views: h.Views,
	}
	signedIn.GET("/conversations", conversations.List)
	signedIn.GET("/conversations/export.csv", conversations.Export)
	signedIn.POST("/conversations/views", conversations.SaveView)
	signedIn.GET("/conversations/views/:view/delete", conversations.ConfirmDeleteView)
	signedIn.POST("/conversations/views/:view/delete", conversations.DeleteView)
	signedIn.GET("/conversations/:id", conversations.View)
	signedIn.POST("/conversations/:id/metadata", conversations.SaveMetadata)
	signedIn.POST("/conversations/:id/review", conversations.SaveReview)
	signedIn.GET("/conversations/:id/fix", conversations.Fix)
	signedIn.POST("/conversations/:id/ask-again", conversations.AskAgain)

	// Review overview: conversations per day of a period, how many were reviewed and need work, per channel and reviewer; its CSV.
	reviewOverview := &reviews.Handlers{Kit: h.kit, API: func(c echo.Context) reviews.API { return h.api(c) }, Reviews: h.Reviews}
	signedIn.GET("/reviews", reviewOverview.Page)
	signedIn.GET("/reviews/export.csv", reviewOverview.Export)

	// Knowledge gaps: the period's conversations that went wrong, grouped by topic, with what the knowledge base finds for them.
	knowledgeGaps := &gaps.Handlers{
		Kit: h.kit, API: func(c echo.Context) gaps.API { return h.api(c) }, Reviews: h.Reviews, Gaps: h.Reviews.Gaps(),
		Jobs: h.Jobs, Token: h.token, Identity: h.identity,
	}
	signedIn.GET("/gaps", knowledgeGaps.Page)
	signedIn.POST("/gaps/read", knowledgeGaps.Read)
	signedIn.GET("/gaps/progress", knowledgeGaps.Progress)

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
	signedIn.GET("/ai-actions/new", agentConfig.NewAIAction)
	signedIn.POST("/ai-actions/new", agentConfig.CreateAIAction)
	signedIn.GET("/ai-actions/tag-coverage", agentConfig.TagCoverage)
	signedIn.GET("/ai-actions/:id", agentConfig.EditAIAction)
	signedIn.GET("/ai-actions/:id/problems", agentConfig.ActionProblems)
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
	importing := &imports.Handlers{
		Kit: h.kit, API: func(c echo.Context) imports.API { return h.api(c) },
		Sandbox: h.DemoToken != "", UploadLimit: h.UploadLimit, Budgets: h.Budgets,
		Audit: h.Audit,
	}
	signedIn.GET("/imports", importing.Page)
	signedIn.POST(imports.UploadRoute, importing.UploadFiles, importing.UploadBodyLimit)
	signedIn.POST("/imports/website", importing.ImportWebsite)
	signedIn.POST("/imports/sitemap", importing.ImportSitemap)
	signedIn.POST("/imports/links", importing.ImportLinks)
	signedIn.POST("/imports/youtube", importing.ImportYouTube)
	signedIn.GET("/sources", importing.Sources)
	signedIn.POST("/sources/intercom/refresh", importing.RefreshIntercom)
	signedIn.POST("/sources/:source/import", importing.ImportSource)
	signedIn.POST("/sources/:source/delete", importing.DeleteSource)

	// Bulk jobs: publish and tag many articles in the background; their progress, outcomes and cancel.
	if h.Jobs != nil {
		bulk := &jobs.Handlers{
			Kit: h.kit, Jobs: h.Jobs, API: func(c echo.Context) jobs.API { return h.api(c) },
			Token: h.token, Identity: h.identity, Languages: h.Languages, Gaps: h.Reviews.Gaps(),
		}
		signedIn.POST("/articles/bulk", bulk.Bulk)
		signedIn.GET("/jobs", bulk.List)
		signedIn.GET("/jobs/:id", bulk.Show)
		signedIn.GET("/jobs/:id/progress", bulk.Progress)
		signedIn.GET("/jobs/:id/export.zip", bulk.Download)
		signedIn.POST("/jobs/:id/cancel", bulk.Cancel)
		signedIn.GET(jobs.ImportRoute, bulk.ImportForm)
		signedIn.POST(jobs.ImportRoute, bulk.ImportUpload, bulk.ImportBodyLimit)
		signedIn.POST("/jobs/import/:id/apply", bulk.ImportApply)
	}

	// Audit log.
	auditLog := &auditlog.Handlers{Kit: h.kit, Audit: h.Audit}
	signedIn.GET("/audit", auditLog.List)
	signedIn.GET("/audit/export.csv", auditLog.Export)
	signedIn.GET("/audit/:id", auditLog.Entry)
}
