package sandbox

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"

	"qcadmin/internal/cut"
)

// The endpoints the official MCP client (quickchatai/quickchat-ai-mcp) calls: GET /v1/api/mcp/settings
// when it starts, POST /v1/api/mcp/chat for every message. They are in the client's code only, not in
// the reference (shared spec NEWER.md §19, EXTRA.md); the shapes below are the ones the client reads.

// kindMCP is the agent_settings row of the agent's MCP configuration.
const kindMCP = "mcp"

// Limits of the MCP configuration and of a chat call's client name.
const (
	maxMCPName        = 100
	maxMCPDescription = 1000
	maxMCPClientName  = 200
)

// mcpCommandPattern is a tool name MCP clients accept; "" leaves the client's own default (send_message).
var mcpCommandPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// mcpSettings is the agent's MCP configuration, as GET /v1/api/mcp/settings answers it. The client refuses
// to start when active is false or name or description is empty; command names its one tool.
type mcpSettings struct {
	Active      bool   `json:"active"`
	Name        string `json:"name"`
	Command     string `json:"command"`
	Description string `json:"description"`
}

// mcpSettingsPatch is the body of PUT /sandbox/mcp; a field left out keeps its value.
type mcpSettingsPatch struct {
	Active      *bool   `json:"active"`
	Name        *string `json:"name"`
	Command     *string `json:"command"`
	Description *string `json:"description"`
}

// mcpChatRequest is the body the client posts: conv_id is null until the first answer gives it one.
type mcpChatRequest struct {
	ConvID        *string `json:"conv_id"`
	Text          *string `json:"text"`
	MCPClientName *string `json:"mcp_client_name"`
}

// mcpChatReplyJSON is the chat's answer; the client reads conv_id (kept for the next message) and reply.
type mcpChatReplyJSON struct {
	ConvID string `json:"conv_id"`
	Reply  string `json:"reply"`
}

// mcpSource is the channel of conversations started through the MCP chat.
const mcpSource = "mcp"

// defaultMCPSettings is an agent's MCP configuration until it is changed: on, so the client starts.
func defaultMCPSettings(scenarioID string) mcpSettings {
	if scenarioID == DemoScenarioID {
		return mcpSettings{
			Active:  true,
			Name:    "Velora Support",
			Command: "ask_velora_support",
			Description: "Ask Velora's support agent about Velora e-bikes: delivery and assembly, battery range and charging, " +
				"returns, warranty and servicing. It answers from the Velora help center.",
		}
	}
	return mcpSettings{
		Active:      true,
		Name:        "Quickchat AI",
		Command:     "send_message",
		Description: "Send a message to this Quickchat AI agent; it answers from its knowledge base.",
	}
}

func (st *store) mcpSettings(ctx context.Context, scenarioID string) (mcpSettings, error) {
	return agentSetting(ctx, st, scenarioID, kindMCP, defaultMCPSettings(scenarioID))
}

// mcpEndpoint serves an MCP call: authenticated by a Bearer token of either scope (the client only talks to
// its agent) or by the older header pair scenario-id and X-API-Key (the agent's legacy api_key), and
// rate-limited per caller.
func (s *Sandbox) mcpEndpoint(endpoint string, t tier, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.serveMCP(w, r, endpoint, t, h); err != nil {
			writeError(w, r, s.log, err)
		}
	})
}

func (s *Sandbox) serveMCP(w http.ResponseWriter, r *http.Request, endpoint string, t tier, h handlerFunc) error {
	p, err := s.mcpPrincipal(r)
	if err != nil {
		return err
	}
	if s.limiter != nil {
		if wait := s.limiter.wait(p.Token, endpoint, t); wait > 0 {
			return tooManyRequests(w, wait)
		}
	}
	return h(w, r, p)
}

// mcpPrincipal authenticates an MCP call by its Bearer token, or else by scenario-id and X-API-Key.
func (s *Sandbox) mcpPrincipal(r *http.Request) (principal, error) {
	scenarioID := strings.TrimSpace(r.Header.Get("scenario-id"))
	if r.Header.Get("Authorization") != "" {
		p, err := s.authenticate(r)
		if err != nil {
			return principal{}, err
		}
		if scenarioID != "" && scenarioID != p.ScenarioID {
			return principal{}, &apiError{http.StatusForbidden, codePermissionDenied, "scenario-id does not match the token"}
		}
		return p, nil
	}
	key := strings.TrimSpace(r.Header.Get("X-API-Key"))
	if key == "" || scenarioID == "" {
		return principal{}, unauthorized("Authentication credentials were not provided. Send 'Authorization: Bearer <API_TOKEN>', " +
			"or the headers scenario-id and X-API-Key.")
	}
	want, err := s.store.chatAPIKey(r.Context(), scenarioID)
	if err != nil {
		return principal{}, err
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(key)) != 1 {
		return principal{}, unauthorized("Invalid X-API-Key for this scenario-id.")
	}
	// The legacy chat's budget: one caller, whichever of the two calls it makes.
	return principal{ScenarioID: scenarioID, Scope: ScopeWrite, Token: "api_key:" + key}, nil
}

// getMCPSettings serves GET /v1/api/mcp/settings.
func (s *Sandbox) getMCPSettings(w http.ResponseWriter, r *http.Request, p principal) error {
	m, err := s.store.mcpSettings(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// mcpChat serves POST /v1/api/mcp/chat: the agent answers from the knowledge base, like the other chats.
// A conv_id the agent has not seen starts a conversation with that id; the conversation is recorded on
// the mcp channel with the client's name in its client_metadata.
func (s *Sandbox) mcpChat(w http.ResponseWriter, r *http.Request, p principal) error {
	var req mcpChatRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	msg, err := chatRequest{Text: req.Text, ConvID: req.ConvID}.validate()
	if err != nil {
		return err
	}
	opts := chatOptions{startUnknown: true, source: mcpSource}
	if req.MCPClientName != nil {
		name := strings.TrimSpace(*req.MCPClientName)
		if err := checkLength("mcp_client_name", name, maxMCPClientName); err != nil {
			return err
		}
		if name != "" {
			meta, err := json.Marshal(map[string]string{"mcp_client_name": name})
			if err != nil {
				return err
			}
			opts.clientMetadata = string(meta)
		}
	}
	ctx := r.Context()
	settings, err := s.store.mcpSettings(ctx, p.ScenarioID)
	if err != nil {
		return err
	}
	if !settings.Active {
		return &apiError{http.StatusForbidden, codePermissionDenied, "Quickchat MCP is not active for this agent."}
	}
	convID, _, reply, err := s.converse(ctx, p, msg, opts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mcpChatReplyJSON{ConvID: convID, Reply: reply})
	return nil
}

// getSandboxMCP serves GET /sandbox/mcp: the agent's MCP configuration, as the client sees it.
func (s *Sandbox) getSandboxMCP(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.getMCPSettings(w, r, p)
}

// putSandboxMCP serves PUT /sandbox/mcp: changes the agent's MCP configuration (fields left out keep their
// value). An empty name or description is allowed, so the client's refusal can be tried out.
func (s *Sandbox) putSandboxMCP(w http.ResponseWriter, r *http.Request, p principal) error {
	var req mcpSettingsPatch
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.Name != nil {
		if err := checkLength("name", strings.TrimSpace(*req.Name), maxMCPName); err != nil {
			return err
		}
	}
	if req.Description != nil {
		if err := checkLength("description", strings.TrimSpace(*req.Description), maxMCPDescription); err != nil {
			return err
		}
	}
	if req.Command != nil {
		if c := strings.TrimSpace(*req.Command); c != "" && !mcpCommandPattern.MatchString(c) {
			return invalid("Field 'command' must be empty or 1 to 64 letters, digits, '_' or '-' (a tool name), got %q.", cut.Runes(c, 70))
		}
	}
	m, err := updateAgentSetting(r.Context(), s.store, p.ScenarioID, kindMCP, defaultMCPSettings(p.ScenarioID), func(m *mcpSettings) error {
		if req.Active != nil {
			m.Active = *req.Active
		}
		if req.Name != nil {
			m.Name = strings.TrimSpace(*req.Name)
		}
		if req.Command != nil {
			m.Command = strings.TrimSpace(*req.Command)
		}
		if req.Description != nil {
			m.Description = strings.TrimSpace(*req.Description)
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
