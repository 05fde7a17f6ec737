package apiclient

import (
	"context"
	"net/http"
)

// AIAction is something the agent can do beyond answering from the
// Knowledge Base: call a web service, use a remote MCP server, look up a
// Shopify store, or search a tagged part of the Knowledge Base. Actions are
// made in Quickchat's dashboard (Knowledge Base actions also through
// CreateKBAction); the API lists them, switches them on and off, and
// deletes them.
type AIAction struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`        // at most 100 characters
	Description string  `json:"description"` // when the agent should use it; at most 1000 characters
	IsActive    bool    `json:"is_active"`
	Type        string  `json:"type"` // "http_request", "remote_mcp", "shopify" or "knowledge_base"
	Icon        *string `json:"icon"`
	IconColor   *string `json:"icon_color"`
	IsValid     bool    `json:"is_valid"` // configured well enough to be used
}

// KBAction is a Knowledge Base AI action: when a visitor asks about its
// topic, the agent searches only the articles with its tag.
type KBAction struct {
	AIAction
	Tag *string `json:"tag"` // nil until set; at most 255 characters
	// ParameterDescription says what the agent should search for, taken
	// from the visitor's words; at most 500 characters.
	ParameterDescription string `json:"parameter_description"`
}

// KBActionInput is the body of UpdateKBAction. Every field is required.
type KBActionInput struct {
	Name                 string `json:"name"`
	Description          string `json:"description"`
	ParameterDescription string `json:"parameter_description"`
	Tag                  string `json:"tag"`
}

// The AI action routes, for paths and rate budgets alike.
const (
	aiActionsRoute      = "ai_actions"
	aiActionRoute       = "ai_actions/{id}"
	kbActionCreateRoute = "ai_actions/knowledge_base"
	kbActionRoute       = "ai_actions/{id}/knowledge_base"
)

// ListAIActions returns every AI action of the agent, of every type. The
// API sends them all at once, without pages.
func (c *Client) ListAIActions(ctx context.Context) ([]AIAction, error) {
	actions, err := call[[]AIAction](ctx, c, request{method: http.MethodGet, route: aiActionsRoute})
	if err != nil {
		return nil, err
	}
	if *actions == nil {
		return []AIAction{}, nil // the API answered null
	}
	return *actions, nil
}

// aiActionActive is the body of SetAIActionActive.
type aiActionActive struct {
	IsActive bool `json:"is_active"`
}

// SetAIActionActive switches the AI action on or off and returns it.
//
// inferred: see shared spec EXTRA.md
func (c *Client) SetAIActionActive(ctx context.Context, id int64, active bool) (*AIAction, error) {
	return call[AIAction](ctx, c, request{method: http.MethodPatch, route: aiActionRoute, args: idArg(id), body: aiActionActive{active}})
}

// DeleteAIAction deletes the AI action. An unknown id gives an *APIError
// with Status 404.
//
// inferred: see shared spec EXTRA.md
func (c *Client) DeleteAIAction(ctx context.Context, id int64) error {
	return c.do(ctx, request{method: http.MethodDelete, route: aiActionRoute, args: idArg(id)}, nil)
}

// CreateKBAction adds an empty Knowledge Base AI action, inactive and not
// yet valid, and returns it; UpdateKBAction then names it and gives it a
// tag, and SetAIActionActive switches it on.
func (c *Client) CreateKBAction(ctx context.Context) (*KBAction, error) {
	return call[KBAction](ctx, c, request{method: http.MethodPost, route: kbActionCreateRoute, body: struct{}{}})
}

// GetKBAction returns the Knowledge Base AI action with the given id.
func (c *Client) GetKBAction(ctx context.Context, id int64) (*KBAction, error) {
	return call[KBAction](ctx, c, request{method: http.MethodGet, route: kbActionRoute, args: idArg(id)})
}

// UpdateKBAction replaces the Knowledge Base AI action's name, description,
// parameter description and tag with in's, and returns the action as the
// API now has it.
func (c *Client) UpdateKBAction(ctx context.Context, id int64, in KBActionInput) (*KBAction, error) {
	return call[KBAction](ctx, c, request{method: http.MethodPut, route: kbActionRoute, args: idArg(id), body: in})
}
