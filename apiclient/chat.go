package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ChatMessage is what a visitor writes to the agent through the realtime
// chat.
type ChatMessage struct {
	// ScenarioID names the agent; it must be the token's. Left empty, Chat
	// takes it from the token.
	ScenarioID string `json:"scenario_id"`
	Text       string `json:"text"`
	// ConvID continues a conversation; empty starts a new one.
	ConvID string `json:"conv_id,omitempty"`
	// ClientMetadata is attached to the message, at most 5 keys.
	ClientMetadata map[string]any `json:"client_metadata,omitempty"`
}

// ChatReply is the agent's answer to one message.
type ChatReply struct {
	ConvID    string `json:"conv_id"`    // send it with the next message to continue the conversation
	Reply     string `json:"reply"`      // may contain HTML such as <br>
	OrdNumber int    `json:"ord_number"` // the message's number in the conversation
	Src       *int   `json:"src,omitempty"`
}

// maxClientMetadataKeys is how many keys the API takes in a message's
// client_metadata.
const maxClientMetadataKeys = 5

// chatRoute is the realtime chat, served at {origin}/chat.
const chatRoute = "chat"

// Chat sends a message to the agent as a visitor would, authenticated by
// the Client's token, and returns the agent's reply. The exchange becomes
// (or continues) a conversation the conversation list shows. A message
// without text, or with more than 5 client_metadata keys, is refused
// before anything is sent. It counts against the WRITE rate tier.
func (c *Client) Chat(ctx context.Context, m ChatMessage) (*ChatReply, error) {
	const endpoint = http.MethodPost + " " + chatRoute
	if err := checkChatMessage(m.Text, m.ClientMetadata); err != nil {
		return nil, fmt.Errorf("quickchat: %s: %w", endpoint, err)
	}
	if m.ScenarioID == "" {
		id, err := c.scenarioID()
		if err != nil {
			return nil, fmt.Errorf("quickchat: %s: %w", endpoint, err)
		}
		m.ScenarioID = id
	}
	return call[ChatReply](ctx, c, request{method: http.MethodPost, route: chatRoute, url: c.chatURL, body: m})
}

// LegacyChatMessage is a message to the legacy chat, which is authenticated
// by the agent's API key in the body instead of a token.
type LegacyChatMessage struct {
	APIKey string `json:"api_key"` // the agent's API key from Quickchat's dashboard; never shown in errors
	// ScenarioID names the agent. Left empty, LegacyChat takes it from the
	// Client's token.
	ScenarioID string `json:"scenario_id"`
	Text       string `json:"text"`
	ConvID     string `json:"conv_id,omitempty"` // empty starts a new conversation
	// MessageContext is extra context for the agent about this message
	// only; the visitor does not see it.
	MessageContext string         `json:"message_context,omitempty"`
	ClientMetadata map[string]any `json:"client_metadata,omitempty"` // at most 5 keys
	// SkipReply adds the message to the conversation without a reply from
	// the agent.
	SkipReply bool `json:"skip_reply,omitempty"`
}

// LegacyChat sends a message to the legacy chat at chatURL (such as
// "https://chat.quickchat.ai/chat"). The API key in m authenticates it:
// the Client's token is not sent. Neither the API key nor anything that
// contains it appears in the errors returned, even when the server repeats
// it; an address that carries it, or a user name and password, is
// refused. A message without API key or text, or with more than 5
// client_metadata keys, is refused before anything is sent. Its rate
// budget is the address's, in the WRITE tier.
func (c *Client) LegacyChat(ctx context.Context, chatURL string, m LegacyChatMessage) (*ChatReply, error) {
	reply, err := c.legacyChat(ctx, chatURL, m)
	return reply, redactSecret(err, m.APIKey)
}

func (c *Client) legacyChat(ctx context.Context, chatURL string, m LegacyChatMessage) (*ChatReply, error) {
	const what = "quickchat: legacy chat"
	if strings.TrimSpace(m.APIKey) == "" {
		return nil, fmt.Errorf("%s: the message has no API key", what)
	}
	u, err := url.Parse(chatURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("%s: the chat address %q is not an http or https address", what, chatURL)
	case u.User != nil:
		return nil, fmt.Errorf("%s: the chat address must not carry a user name or password", what)
	case strings.Contains(chatURL, m.APIKey) || strings.Contains(u.String(), m.APIKey):
		return nil, fmt.Errorf("%s: the chat address must not carry the API key: it goes in the message", what)
	}
	// The address names the budget: each server counts its own requests.
	route := u.Host + u.EscapedPath()
	if err := checkChatMessage(m.Text, m.ClientMetadata); err != nil {
		return nil, fmt.Errorf("quickchat: POST %s: %w", route, err)
	}
	if m.ScenarioID == "" {
		id, err := c.scenarioID()
		if err != nil {
			return nil, fmt.Errorf("quickchat: POST %s: %w", route, err)
		}
		m.ScenarioID = id
	}
	return call[ChatReply](ctx, c, request{method: http.MethodPost, route: route, url: chatURL, anonymous: true, body: m})
}

// checkChatMessage refuses what the chat would refuse anyway, before it is
// sent.
func checkChatMessage(text string, metadata map[string]any) error {
	if strings.TrimSpace(text) == "" {
		return errors.New("the message has no text")
	}
	if n := len(metadata); n > maxClientMetadataKeys {
		return fmt.Errorf("client_metadata has %d keys; the API takes at most %d", n, maxClientMetadataKeys)
	}
	return nil
}

// scenarioID is the agent the Client's token belongs to.
func (c *Client) scenarioID() (string, error) {
	claims, err := ParseTokenClaims(c.token)
	if err != nil {
		return "", fmt.Errorf("the message names no agent (scenario_id), and the token does not tell: %w", err)
	}
	return claims.ScenarioID, nil
}

// redactSecret returns err with every occurrence of secret in its text
// replaced, so it can be shown and logged. An *APIError stays one (with its
// message redacted); other errors keep answering errors.Is for what they
// wrap, such as context.DeadlineExceeded or ErrRateBudget.
func redactSecret(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	const mask = "[API key]"
	if apiErr, ok := err.(*APIError); ok {
		cp := *apiErr
		cp.Code = strings.ReplaceAll(cp.Code, secret, mask)
		cp.Message = strings.ReplaceAll(cp.Message, secret, mask)
		return &cp
	}
	if !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{text: strings.ReplaceAll(err.Error(), secret, mask), inner: err}
}

// redactedError is an error whose text had a secret removed. It does not
// unwrap: the wrapped errors would still tell the secret.
type redactedError struct {
	text  string
	inner error
}

func (e *redactedError) Error() string { return e.text }

// Is lets errors.Is see the sentinel errors the original wrapped.
func (e *redactedError) Is(target error) bool { return errors.Is(e.inner, target) }

// TestChatKey marks, in a conversation's client metadata, a chat the console
// started to test the agent (the playground, Ask again), so that lists can
// tell it from a visitor's conversation and hide it.
const TestChatKey = "qcadmin_test"

// IsTestChat says whether client metadata marks a test chat of the console.
func IsTestChat(md map[string]any) bool {
	switch v := md[TestChatKey].(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}
