package apiclient

import (
	"context"
	"net/http"
)

// ChatbotSettings describe how the agent talks to visitors: its persona,
// how inventive and how long its replies are, how it greets them, and the
// name, purpose and standing instructions it shares with the Knowledge Base
// settings.
type ChatbotSettings struct {
	Personality     int    `json:"personality"`      // a preset persona, 0 to 13
	Profession      string `json:"profession"`       // such as "helpful_assistant"; at most 200 characters
	CreativityLevel int    `json:"creativity_level"` // 0 deterministic, 1 balanced, 2 creative
	Greeting        string `json:"greeting"`         // HTML, at most 1000 characters
	Greeting2       string `json:"greeting2"`
	Header          string `json:"header"`
	Header2         string `json:"header2"`
	LanguageChosen  string `json:"language_chosen"` // a language code such as "en"
	ReplyLength     int    `json:"reply_length"`    // 0 short, 1 medium, 2 long
	// OneWordDescription is the agent's name, at most 200 characters.
	OneWordDescription string `json:"one_word_description"`
	// ShortDescription is the agent's purpose (its system prompt), at most
	// 2000 characters.
	ShortDescription string `json:"short_description"`
	// AICommands are standing instructions: at most 500 characters each,
	// 5000 in all.
	AICommands []string `json:"ai_commands"`
}

// ChatbotSettingsUpdate is the body of UpdateChatbotSettings: only the
// fields that are set are sent. AICommands replaces the whole list.
type ChatbotSettingsUpdate struct {
	Personality        *int      `json:"personality,omitempty"`
	Profession         *string   `json:"profession,omitempty"`
	CreativityLevel    *int      `json:"creativity_level,omitempty"`
	Greeting           *string   `json:"greeting,omitempty"`
	Greeting2          *string   `json:"greeting2,omitempty"`
	Header             *string   `json:"header,omitempty"`
	Header2            *string   `json:"header2,omitempty"`
	LanguageChosen     *string   `json:"language_chosen,omitempty"`
	ReplyLength        *int      `json:"reply_length,omitempty"`
	OneWordDescription *string   `json:"one_word_description,omitempty"`
	ShortDescription   *string   `json:"short_description,omitempty"`
	AICommands         *[]string `json:"ai_commands,omitempty"`
}

const chatbotSettingsRoute = "chatbot_settings"

// GetChatbotSettings returns how the agent talks to visitors.
func (c *Client) GetChatbotSettings(ctx context.Context) (*ChatbotSettings, error) {
	return call[ChatbotSettings](ctx, c, request{method: http.MethodGet, route: chatbotSettingsRoute})
}

// UpdateChatbotSettings changes the settings set in u and returns them all.
// A value outside the API's limits (see ChatbotSettings) is refused with a
// 422 *APIError carrying the API's reason.
//
// inferred: see shared spec EXTRA.md
func (c *Client) UpdateChatbotSettings(ctx context.Context, u ChatbotSettingsUpdate) (*ChatbotSettings, error) {
	if u.AICommands != nil && *u.AICommands == nil {
		u.AICommands = &[]string{} // a nil list would be sent as null, not as "no commands"
	}
	return call[ChatbotSettings](ctx, c, request{method: http.MethodPatch, route: chatbotSettingsRoute, body: u})
}
