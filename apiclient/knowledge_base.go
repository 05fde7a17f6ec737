package apiclient

import (
	"context"
	"net/http"
)

// KnowledgeBaseSettings describe the agent: its name, its purpose (the
// system prompt) and standing instructions.
type KnowledgeBaseSettings struct {
	OneWordDescription string   `json:"one_word_description"` // the agent's name
	ShortDescription   string   `json:"short_description"`    // the agent's purpose
	AICommands         []string `json:"ai_commands"`
	// RetrainState is nil, "to_be_retrained", "in_progress", "up_to_date"
	// or "failed".
	RetrainState *string `json:"retrain_state"`
}

// KnowledgeBaseSettingsUpdate is the body of UpdateKnowledgeBase: only the
// fields that are set are sent. AICommands replaces the whole list.
type KnowledgeBaseSettingsUpdate struct {
	OneWordDescription *string   `json:"one_word_description,omitempty"`
	ShortDescription   *string   `json:"short_description,omitempty"`
	AICommands         *[]string `json:"ai_commands,omitempty"`
}

// GetKnowledgeBase returns the Knowledge Base settings.
func (c *Client) GetKnowledgeBase(ctx context.Context) (*KnowledgeBaseSettings, error) {
	return call[KnowledgeBaseSettings](ctx, c, request{method: http.MethodGet, route: "knowledge_base/"})
}

// UpdateKnowledgeBase changes the settings set in u and returns them all.
func (c *Client) UpdateKnowledgeBase(ctx context.Context, u KnowledgeBaseSettingsUpdate) (*KnowledgeBaseSettings, error) {
	if u.AICommands != nil && *u.AICommands == nil {
		u.AICommands = &[]string{} // a nil list would be sent as null, not as "no commands"
	}
	return call[KnowledgeBaseSettings](ctx, c, request{method: http.MethodPatch, route: "knowledge_base/", body: u})
}

// RetrainKnowledgeBase asks the API to retrain the agent on the Knowledge
// Base as it now stands. The API only accepts the request (202): the
// progress shows in GetKnowledgeBase's RetrainState, which moves from
// "to_be_retrained" to "in_progress" to "up_to_date" (or "failed"). It
// counts against the HEAVY rate tier.
//
// inferred: see shared spec EXTRA.md
func (c *Client) RetrainKnowledgeBase(ctx context.Context) error {
	return c.do(ctx, request{method: http.MethodPost, route: "knowledge_base/retrain", tier: tierHeavy}, nil)
}
