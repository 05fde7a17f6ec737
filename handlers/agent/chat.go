package agent

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// Limits of a chat message, as Quickchat takes them.
const (
	maxChatText        = 4000
	maxMessageContext  = 2000
	maxChatMetadataKey = 5
)

// chatRow is one client_metadata key as typed.
type chatRow struct{ Key, Value string }

// chatInput is the playground form as posted, kept verbatim so nothing typed is lost.
type chatInput struct {
	Text, ConvID, MessageContext, APIKey string
	Legacy, SkipReply                    bool
	MarkTest                             bool // add apiclient.TestChatKey to the client metadata
	Metadata                             []chatRow
}

func readChatInput(form url.Values) chatInput {
	in := chatInput{
		Text: web.UnixNewlines(form.Get("text")), ConvID: strings.TrimSpace(form.Get("conv_id")),
		MessageContext: web.UnixNewlines(form.Get("message_context")), APIKey: strings.TrimSpace(form.Get("api_key")),
		Legacy: form.Get("mode") == "legacy", SkipReply: form.Get("skip_reply") == "true",
		MarkTest: form.Get("mark_test") == "true",
	}
	keys, values := form["metadata_key"], form["metadata_value"]
	for i := range max(len(keys), len(values)) {
		var r chatRow
		if i < len(keys) {
			r.Key = keys[i]
		}
		if i < len(values) {
			r.Value = values[i]
		}
		in.Metadata = append(in.Metadata, r)
	}
	return in
}

// metadata is the client_metadata object; a row with neither key nor value is a slot never filled in.
func (in chatInput) metadata() (map[string]any, string) {
	out := map[string]any{}
	for i, r := range in.Metadata {
		key := strings.TrimSpace(r.Key)
		switch {
		case key == "" && strings.TrimSpace(r.Value) == "":
			continue
		case key == "":
			return nil, fmt.Sprintf("Row %d has a value but no key: give it a key or remove it.", i+1)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Sprintf("The key %q appears twice; each key holds one value.", key)
		}
		out[key] = r.Value
	}
	marked := ""
	if _, typed := out[apiclient.TestChatKey]; in.MarkTest && !typed {
		out[apiclient.TestChatKey] = "true"
		marked = ", the test mark included"
	}
	if len(out) > maxChatMetadataKey {
		return nil, fmt.Sprintf("Quickchat takes at most %d client_metadata keys with a message; there are %d%s. Remove %d; nothing was sent.",
			maxChatMetadataKey, len(out), marked, len(out)-maxChatMetadataKey)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
}

// check catches what Quickchat would refuse, before sending anything.
func (in chatInput) check() map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(in.Text) == "" {
		errs["text"] = "Write a message first: Quickchat does not take an empty one."
	} else if n := utf8.RuneCountInString(in.Text); n > maxChatText {
		errs["text"] = tooLong("The message", n, maxChatText)
	}
	if _, problem := in.metadata(); problem != "" {
		errs["metadata"] = problem
	}
	if n := utf8.RuneCountInString(in.MessageContext); in.Legacy && n > maxMessageContext {
		errs["message_context"] = tooLong("The message context", n, maxMessageContext)
	}
	return errs
}

// The playground keeps the agent's legacy chat API key in the session, per agent, sealed like the token, and never renders it.
func legacyKeyName(scenarioID string) string { return "playground.api_key." + scenarioID }
func demoKeyName(scenarioID string) string   { return "playground.demo_key." + scenarioID }

// legacyKey is the API key to send with a legacy chat: the typed one, the demo agent's, or none.
func (h *Handlers) legacyKey(c echo.Context) (key string, demo bool) {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	if h.DemoAPIKey != "" && h.Sessions.GetBool(ctx, demoKeyName(scenario)) {
		return h.DemoAPIKey, true
	}
	key, _ = h.Sessions.Secret(ctx, legacyKeyName(scenario))
	return key, false
}

func (h *Handlers) keepLegacyKey(c echo.Context, key string) {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	h.Sessions.Remove(ctx, demoKeyName(scenario))
	h.Sessions.PutSecret(ctx, legacyKeyName(scenario), key)
}

func (h *Handlers) useDemoKey(c echo.Context) {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	h.Sessions.RemoveSecret(ctx, legacyKeyName(scenario))
	h.Sessions.Put(ctx, demoKeyName(scenario), true)
}

func (h *Handlers) forgetLegacyKey(c echo.Context) {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	h.Sessions.RemoveSecret(ctx, legacyKeyName(scenario))
	h.Sessions.Remove(ctx, demoKeyName(scenario))
}

func chatMetadataID(i int) string { return "chat-md-" + strconv.Itoa(i) }

// chatView builds the panel from what was typed; lines come separately, from Quickchat.
func (h *Handlers) chatView(c echo.Context, in chatInput, errs map[string]string) views.ChatPlayground {
	key, demo := h.legacyKey(c)
	m := views.ChatPlayground{
		ConvID:         in.ConvID,
		Text:           countedField("text", in.Text, maxChatText, errs),
		Legacy:         in.Legacy,
		MaxMetadata:    maxChatMetadataKey,
		MetadataError:  errs["metadata"],
		MessageContext: countedField("message_context", in.MessageContext, maxMessageContext, errs),
		SkipReply:      in.SkipReply,
		MarkTest:       in.MarkTest,
		TestChatKey:    apiclient.TestChatKey,
		KeySet:         key != "",
		KeyIsDemo:      demo,
		DemoAvailable:  h.DemoAPIKey != "",
		KeyError:       errs["api_key"],
		Error:          errs[""],
		ReadOnly:       !h.Account(c).CanWrite(),
	}
	if in.ConvID != "" {
		m.InboxHref = "/conversations/" + url.PathEscape(in.ConvID)
	}
	for i, r := range in.Metadata {
		m.Metadata = append(m.Metadata, views.ChatMetadataRow{Index: i, ID: chatMetadataID(i), Key: r.Key, Value: r.Value})
	}
	return m
}

// chatLines reads the conversation from Quickchat, replies sanitized; latest marks the reply just received.
func (h *Handlers) chatLines(ctx context.Context, api API, convID string, latest bool) ([]views.ChatLine, error) {
	events, _, err := web.ConversationEvents(ctx, api, convID)
	if err != nil {
		return nil, err
	}
	var lines []views.ChatLine
	for _, ev := range events {
		if ev.Type != "message" {
			continue
		}
		lines = append(lines, h.chatLine(ev.Author, ev.Text))
	}
	if latest && len(lines) > 0 && lines[len(lines)-1].Kind != "visitor" {
		lines[len(lines)-1].Latest = true
	}
	return lines, nil
}

// chatLine is one message: the visitor's as text, the agent's and operators' as sanitized HTML.
func (h *Handlers) chatLine(author, text string) views.ChatLine {
	kind, label := web.MessageAuthor(author)
	l := views.ChatLine{Kind: kind, Author: label}
	if kind == "visitor" {
		l.Author, l.Text = "You (as a visitor)", text
		return l
	}
	if l.SafeHTML = h.safeHTML(text); l.SafeHTML == "" {
		l.Text = text // nothing survived the sanitizer: show it inert rather than an empty bubble
	}
	return l
}

// exchangeLines is the message just sent and its reply, for when the conversation cannot be read back.
func (h *Handlers) exchangeLines(text string, reply *apiclient.ChatReply) []views.ChatLine {
	lines := []views.ChatLine{h.chatLine("visitor", text)}
	if reply != nil && reply.Reply != "" {
		l := h.chatLine(web.AssigneeAI, reply.Reply)
		l.Latest = true
		lines = append(lines, l)
	}
	return lines
}

// applyChatRowOp adds or removes a metadata row and returns the id to focus.
func (in *chatInput) applyChatRowOp(op string) string {
	verb, arg, _ := strings.Cut(op, ":")
	if verb == "add-metadata" {
		in.Metadata = append(in.Metadata, chatRow{})
		return chatMetadataID(len(in.Metadata)-1) + "-key"
	}
	i, err := strconv.Atoi(arg)
	if verb != "remove-metadata" || err != nil || i < 0 || i >= len(in.Metadata) {
		return ""
	}
	in.Metadata = slices.Delete(in.Metadata, i, i+1)
	if i < len(in.Metadata) {
		return chatMetadataID(i) + "-key"
	}
	return "metadata-add"
}
