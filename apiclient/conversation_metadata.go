package apiclient

import (
	"context"
	"net/http"
)

// conversationMetadata is the body of the metadata calls, both ways.
type conversationMetadata struct {
	Metadata map[string]any `json:"metadata"`
}

func metadataRequest(method, id string, body any) request {
	return request{method: method, core: true, route: "conversations/{conv_id}/metadata", args: []string{id}, body: body, exactNumbers: true}
}

// GetConversationMetadata returns what the team stored about the
// conversation (its review state, a ticket id …). Numbers come as
// json.Number, so they keep every digit and go back unchanged through
// SetConversationMetadata. A conversation without metadata gives an empty
// map.
func (c *Client) GetConversationMetadata(ctx context.Context, id string) (map[string]any, error) {
	return c.metadata(ctx, metadataRequest(http.MethodGet, id, nil))
}

// SetConversationMetadata replaces the conversation's metadata with metadata
// (nil stores an empty object) and returns it as the API now has it. When
// the agent has a metadata schema, the API checks metadata against it and
// answers 422 with the reason.
func (c *Client) SetConversationMetadata(ctx context.Context, id string, metadata map[string]any) (map[string]any, error) {
	if metadata == nil {
		metadata = map[string]any{} // nil would be sent as null, not as "nothing stored"
	}
	return c.metadata(ctx, metadataRequest(http.MethodPost, id, conversationMetadata{Metadata: metadata}))
}

func (c *Client) metadata(ctx context.Context, r request) (map[string]any, error) {
	out, err := call[conversationMetadata](ctx, c, r)
	if err != nil {
		return nil, err
	}
	if out.Metadata == nil {
		return map[string]any{}, nil // the API answered null or left it out
	}
	return out.Metadata, nil
}
