// Package agent is the agent's configuration pages: the knowledge base and
// chatbot settings (name, system prompt, instructions, persona, greeting) and
// retraining, AI actions and their Knowledge Base actions, the chat widget
// with its preview, handoff to people, conversation ratings, and the chat
// playground that talks to the agent as a visitor would.
package agent

import (
	"context"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/markdown"
	"qcadmin/web"
)

// Handlers serves the configuration of the signed-in agent.
type Handlers struct {
	*web.Kit
	// API is a Quickchat client bound to the request's session.
	API func(echo.Context) API
	// Markdown sanitizes the greetings, welcome messages and replies shown as HTML.
	Markdown *markdown.Renderer
	// Languages are the console's language codes, offered first for the chatbot's language.
	Languages []string
	// LegacyChatURL is the legacy chat's address (api_key in the body), for the playground.
	LegacyChatURL string
	// DemoAPIKey is the demo agent's legacy chat key, kept server-side; empty outside demo mode.
	DemoAPIKey string
}

// API is what the agent's configuration pages need from Quickchat (see audit.API).
type API interface {
	// Knowledge base settings
	GetKnowledgeBase(ctx context.Context) (*apiclient.KnowledgeBaseSettings, error)
	UpdateKnowledgeBase(ctx context.Context, u apiclient.KnowledgeBaseSettingsUpdate) (*apiclient.KnowledgeBaseSettings, error)
	RetrainKnowledgeBase(ctx context.Context) error

	// Articles and tags, for the coverage of a Knowledge Base action's tag
	ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	ListTags(ctx context.Context) ([]string, error)
	// SearchArticles finds the articles that match a playground question.
	SearchArticles(ctx context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error)

	// Conversations and ratings
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
	GetRatingConfiguration(ctx context.Context) (*apiclient.RatingConfiguration, error)
	UpdateRatingConfiguration(ctx context.Context, u apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error)

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
