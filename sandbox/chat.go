package sandbox

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"qcadmin/internal/cut"
)

// Limits of a chat message (reference: Realtime Chat, Chat (Legacy Auth)).
const (
	maxChatText          = 4000
	maxMessageContext    = 2000
	maxClientMetadataKey = 5
	maxClientMetadata    = 4096 // bytes of JSON: metadata labels a message, it does not carry documents
	maxConvIDLength      = 100
)

// chatEndpointKey is the chat's rate limit bucket name; chat counts as a write.
const chatEndpointKey = "POST chat"

// chatRequest is the body of POST /chat: the realtime chat's fields plus the legacy chat's api_key,
// message_context and skip_reply (the sandbox takes the latter two with a Bearer token too).
type chatRequest struct {
	APIKey         *string         `json:"api_key"`
	ScenarioID     *string         `json:"scenario_id"`
	Text           *string         `json:"text"`
	ConvID         *string         `json:"conv_id"`
	ClientMetadata json.RawMessage `json:"client_metadata"`
	MessageContext *string         `json:"message_context"`
	SkipReply      *bool           `json:"skip_reply"`
}

// chatMessage is a validated chat request.
type chatMessage struct {
	Text      string // trimmed
	ConvID    string // lower-cased; "" starts a conversation
	Metadata  string // compact JSON object text; "" when none was sent
	Context   string
	SkipReply bool
}

// chatReplyJSON is the realtime chat's answer.
type chatReplyJSON struct {
	ConvID    string `json:"conv_id"`
	Reply     string `json:"reply"`
	OrdNumber int    `json:"ord_number"`
	Src       int    `json:"src"` // 0: the AI answered (the reference shows no other value)
}

// legacyChatReplyJSON is the legacy chat's answer, fields in its reference's order and without src.
type legacyChatReplyJSON struct {
	OrdNumber int    `json:"ord_number"`
	ConvID    string `json:"conv_id"`
	Reply     string `json:"reply"`
}

// APIKey returns the legacy chat API key of a scenario, made and kept the first time it is asked for;
// a website sends it with scenario_id in the body of POST /chat instead of a Bearer token.
func (s *Sandbox) APIKey(scenarioID string) (string, error) {
	if scenarioID == "" {
		return "", errors.New("sandbox: API key needs a scenario id")
	}
	return s.store.chatAPIKey(context.Background(), scenarioID)
}

// chatEndpoint serves POST /chat at the origin: the realtime chat with a Bearer token of either scope
// (a website's backend only talks to its agent), or the legacy chat with api_key and scenario_id in the body.
func (s *Sandbox) chatEndpoint() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.chat(w, r); err != nil {
			writeError(w, r, s.log, err)
		}
	})
}

func (s *Sandbox) chat(w http.ResponseWriter, r *http.Request) error {
	legacy := r.Header.Get("Authorization") == ""
	var p principal
	if !legacy {
		var err error
		if p, err = s.authenticate(r); err != nil {
			return err
		}
		if err := s.limit(w, p.Token); err != nil {
			return err
		}
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	req, err := decodeChatRequest(body)
	if err != nil {
		return err
	}
	if legacy {
		if p, err = s.legacyPrincipal(r.Context(), req); err != nil {
			return err
		}
		if err := s.limit(w, "api_key:"+p.Token); err != nil {
			return err
		}
	} else if req.APIKey != nil {
		return badRequest("Send either 'Authorization: Bearer <API_TOKEN>' or an api_key in the body, not both.")
	}
	if req.ScenarioID == nil {
		return invalid("Field 'scenario_id' is required.")
	}
	if *req.ScenarioID != p.ScenarioID {
		return &apiError{http.StatusForbidden, codePermissionDenied, "scenario_id does not match the token"}
	}
	msg, err := req.validate()
	if err != nil {
		return err
	}
	// The legacy chat lets the caller pick a conversation id: one the agent has not seen starts a conversation.
	convID, messages, reply, err := s.converse(r.Context(), p, msg, chatOptions{startUnknown: legacy})
	if err != nil {
		return err
	}
	if legacy {
		writeJSON(w, http.StatusOK, legacyChatReplyJSON{OrdNumber: messages, ConvID: convID, Reply: reply})
	} else {
		writeJSON(w, http.StatusOK, chatReplyJSON{ConvID: convID, Reply: reply, OrdNumber: messages})
	}
	return nil
}

// chatOptions are what sets one chat call apart from another.
type chatOptions struct {
	startUnknown   bool   // a conv_id the agent has not seen starts a conversation with that id (else 404)
	source         string // the channel of a conversation this call starts; "" is chatSource
	clientMetadata string // client_metadata of a conversation this call starts, JSON object text; "" is {}
}

// converse answers a validated message in the scenario's conversation and stores the exchange; it returns
// the conversation's id, its number of messages and the reply.
func (s *Sandbox) converse(ctx context.Context, p principal, msg chatMessage, opts chatOptions) (string, int, string, error) {
	if msg.ConvID != "" {
		err := conversationExists(ctx, s.store.db, p.ScenarioID, msg.ConvID)
		switch {
		case errors.Is(err, errNotFound) && opts.startUnknown:
			if !chatConvIDPattern.MatchString(msg.ConvID) {
				return "", 0, "", invalid("Field 'conv_id' must be 1 to %d letters, digits, '-', '_', '.', ':' or '@' to start a conversation.", maxConvIDLength)
			}
		case errors.Is(err, errNotFound):
			// An unknown conversation is refused before the agent answers, so nothing is half stored.
			return "", 0, "", conversationNotFound(msg.ConvID)
		case err != nil:
			return "", 0, "", err
		}
	}
	ex := chatExchange{ConvID: msg.ConvID, StartUnknown: opts.startUnknown, Text: msg.Text, SkipReply: msg.SkipReply, Metadata: msg.Metadata,
		Context: msg.Context, Source: opts.source, ClientMetadata: opts.clientMetadata, At: s.now().UTC()}
	if !msg.SkipReply {
		a, err := s.answer(ctx, p.ScenarioID, msg.Text)
		if err != nil {
			return "", 0, "", err
		}
		ex.Reply, ex.Topic = a.Reply, a.Topic
	}
	// What a conversation this exchange may start is about, and in which language.
	settings, err := s.store.chatbotSettings(ctx, p.ScenarioID)
	if err != nil {
		return "", 0, "", err
	}
	ex.Language = settings.LanguageChosen
	if ex.Topic == "" {
		ex.Topic = chatTopicUnanswered
	}
	convID, messages, err := s.store.saveChatExchange(ctx, p.ScenarioID, ex)
	switch {
	case errors.Is(err, errNotFound):
		return "", 0, "", conversationNotFound(msg.ConvID)
	case errors.Is(err, errConvIDTaken):
		return "", 0, "", conflict("Conversation id %s is already in use; choose another conv_id.", cut.Runes(msg.ConvID, 40))
	case err != nil:
		return "", 0, "", err
	}
	return convID, messages, ex.Reply, nil
}

// chatConvIDPattern is what a conversation id picked by the caller may look like: it ends up in URLs.
var chatConvIDPattern = regexp.MustCompile(`^[a-z0-9._:@-]{1,100}$`)

// limit applies the chat's WRITE budget to one caller (a token, or a legacy api_key).
func (s *Sandbox) limit(w http.ResponseWriter, caller string) error {
	if s.limiter == nil {
		return nil
	}
	if wait := s.limiter.wait(caller, chatEndpointKey, tierWrite); wait > 0 {
		return tooManyRequests(w, wait)
	}
	return nil
}

// legacyPrincipal authenticates a legacy chat by the api_key and scenario_id in its body.
func (s *Sandbox) legacyPrincipal(ctx context.Context, req chatRequest) (principal, error) {
	if req.APIKey == nil || *req.APIKey == "" {
		return principal{}, unauthorized("Authentication credentials were not provided. Send 'Authorization: Bearer <API_TOKEN>', " +
			"or api_key and scenario_id in the body (legacy chat).")
	}
	if req.ScenarioID == nil || *req.ScenarioID == "" {
		return principal{}, invalid("Field 'scenario_id' is required.")
	}
	key, err := s.store.chatAPIKey(ctx, *req.ScenarioID)
	if err != nil {
		return principal{}, err
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(*req.APIKey)) != 1 {
		return principal{}, unauthorized("Invalid api_key for this scenario_id.")
	}
	return principal{ScenarioID: *req.ScenarioID, Scope: ScopeWrite, Token: key}, nil
}

// decodeChatRequest reads the chat body; malformed JSON is 400, a wrong shape 422.
func decodeChatRequest(body []byte) (chatRequest, error) {
	var req chatRequest
	err := decodeJSON(body, &req)
	return req, err
}

// validate checks the message and what came with it; scenario_id and api_key are the caller's business.
func (req chatRequest) validate() (chatMessage, error) {
	var m chatMessage
	if req.Text == nil {
		return m, invalid("Field 'text' is required.")
	}
	m.Text = strings.TrimSpace(*req.Text)
	if m.Text == "" {
		return m, invalid("Field 'text' must not be empty.")
	}
	if n := utf8.RuneCountInString(m.Text); n > maxChatText {
		return m, invalid("Field 'text' is too long: %d characters, the limit is %d.", n, maxChatText)
	}
	if req.ConvID != nil {
		m.ConvID = conversationKey(strings.TrimSpace(*req.ConvID))
		if len(m.ConvID) > maxConvIDLength {
			m.ConvID = cut.Runes(m.ConvID, maxConvIDLength+1) // no such conversation, whatever follows
		}
	}
	if req.MessageContext != nil {
		if err := checkLength("message_context", *req.MessageContext, maxMessageContext); err != nil {
			return m, err
		}
		m.Context = strings.TrimSpace(*req.MessageContext)
	}
	if req.SkipReply != nil {
		m.SkipReply = *req.SkipReply
	}
	var err error
	m.Metadata, err = clientMetadata(req.ClientMetadata)
	return m, err
}

// clientMetadata checks client_metadata (an object of at most 5 keys; null means none) and returns it as
// compact JSON text, numbers kept exactly as sent.
func clientMetadata(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return "", nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var value any
	if err := dec.Decode(&value); err != nil {
		return "", badRequest("Malformed JSON in field 'client_metadata'.")
	}
	object, ok := value.(map[string]any)
	if !ok {
		return "", invalid("Field 'client_metadata' must be a JSON object, got %s.", jsonValueKind(value))
	}
	if len(object) > maxClientMetadataKey {
		return "", invalid("Field 'client_metadata' has %d keys; the limit is %d.", len(object), maxClientMetadataKey)
	}
	text, err := json.Marshal(object)
	if err != nil {
		return "", invalid("Field 'client_metadata' cannot be stored: %v.", err)
	}
	if len(text) > maxClientMetadata {
		return "", invalid("Field 'client_metadata' is %d bytes as JSON; the limit is %d.", len(text), maxClientMetadata)
	}
	return string(text), nil
}
