package audit

import (
	"context"
	"io"

	"qcadmin/apiclient"
)

// API is what the console's pages need from the Quickchat API: a session-bound
// *apiclient.Client provides it, Wrap records its writes, and tests fake the
// parts they exercise.
type API interface {
	// Knowledge base settings
	GetKnowledgeBase(ctx context.Context) (*apiclient.KnowledgeBaseSettings, error)
	UpdateKnowledgeBase(ctx context.Context, u apiclient.KnowledgeBaseSettingsUpdate) (*apiclient.KnowledgeBaseSettings, error)
	RetrainKnowledgeBase(ctx context.Context) error

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

	// Conversations and ratings
	ListConversations(ctx context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error)
	AllConversations(ctx context.Context, p apiclient.ListConversationsParams, pageSize int, each func(*apiclient.Page[apiclient.Conversation]) error) error
	GetConversation(ctx context.Context, id string) (*apiclient.ConversationDetails, error)
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
	GetConversationMetadata(ctx context.Context, id string) (map[string]any, error)
	SetConversationMetadata(ctx context.Context, id string, metadata map[string]any) (map[string]any, error)
	GetRatingConfiguration(ctx context.Context) (*apiclient.RatingConfiguration, error)
	UpdateRatingConfiguration(ctx context.Context, u apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error)

	// Imports and sources
	UploadPDF(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error)
	UploadFile(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error)
	ImportWebsite(ctx context.Context, in apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error)
	ImportSitemap(ctx context.Context, in apiclient.SitemapImport) (*apiclient.LinksResult, error)
	ImportLinks(ctx context.Context, in apiclient.LinkListImport) (*apiclient.LinksResult, error)
	ImportYouTube(ctx context.Context, in apiclient.YouTubeImport) error
	ImportSource(ctx context.Context, source string) ([]apiclient.Article, error)
	DeleteSource(ctx context.Context, source string) error
	DiffSource(ctx context.Context, source string) ([]apiclient.ArticleDiff, error)
	ImportIntercom(ctx context.Context) ([]apiclient.Article, error)
	DeleteIntercom(ctx context.Context) error
	DiffIntercom(ctx context.Context) ([]apiclient.ArticleDiff, error)
	RefreshIntercom(ctx context.Context, in apiclient.IntercomRefresh) error

	// Agent configuration
	GetChatbotSettings(ctx context.Context) (*apiclient.ChatbotSettings, error)
	UpdateChatbotSettings(ctx context.Context, u apiclient.ChatbotSettingsUpdate) (*apiclient.ChatbotSettings, error)
	GetWidgetConfiguration(ctx context.Context) (*apiclient.WidgetConfiguration, error)
	UpdateWidgetConfiguration(ctx context.Context, u apiclient.WidgetConfigurationUpdate) (*apiclient.WidgetConfiguration, error)
	GetHandoffConfiguration(ctx context.Context) (*apiclient.HandoffConfiguration, error)
	PutHandoffConfiguration(ctx context.Context, h apiclient.HandoffConfiguration) (*apiclient.HandoffConfiguration, error)
	ListAIActions(ctx context.Context) ([]apiclient.AIAction, error)
	SetAIActionActive(ctx context.Context, id int64, active bool) (*apiclient.AIAction, error)
	DeleteAIAction(ctx context.Context, id int64) error
	CreateKBAction(ctx context.Context) (*apiclient.KBAction, error)
	GetKBAction(ctx context.Context, id int64) (*apiclient.KBAction, error)
	UpdateKBAction(ctx context.Context, id int64, in apiclient.KBActionInput) (*apiclient.KBAction, error)
	Chat(ctx context.Context, m apiclient.ChatMessage) (*apiclient.ChatReply, error)
	LegacyChat(ctx context.Context, chatURL string, m apiclient.LegacyChatMessage) (*apiclient.ChatReply, error)
}
