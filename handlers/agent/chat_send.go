package agent

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// SendChat sends the message through the realtime chat (the session's token)
// or the legacy chat (the agent's API key, kept in the session), and shows the
// conversation with the reply. Its other buttons change the form and send nothing.
func (h *Handlers) SendChat(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm
	in, op := readChatInput(form), form.Get("op")
	ctx := c.Request().Context()
	api := h.API(c)
	notice := ""
	show := func(errs map[string]string, focus string) error {
		m := h.chatView(c, in, errs)
		m.Focus, m.Notice = focus, notice
		if in.ConvID != "" {
			if lines, err := h.chatLines(ctx, api, in.ConvID, false); err == nil {
				m.Lines = lines
			} else {
				m.LogNote = "The conversation so far could not be read. " + web.Describe(err)
			}
		}
		return h.renderChat(c, m)
	}
	switch op {
	case "forget-key":
		h.forgetLegacyKey(c)
		notice = "API key forgotten."
		return show(nil, "api_key")
	case "demo-key":
		if h.DemoAPIKey != "" {
			h.useDemoKey(c)
			in.Legacy = true
			notice = "The legacy chat now uses the demo agent's API key, which stays on this server."
		}
		return show(nil, "text")
	case "", "send":
	default:
		return show(nil, in.applyChatRowOp(op))
	}

	errs := in.check()
	key, _ := h.legacyKey(c)
	if in.Legacy && in.APIKey != "" {
		key = in.APIKey
	}
	if in.Legacy && key == "" {
		errs["api_key"] = "Type the agent's API key to use the legacy chat, or send through the realtime chat."
	}
	if len(errs) > 0 {
		return show(errs, "text")
	}
	metadata, _ := in.metadata()
	scenario := h.Account(c).ScenarioID
	var reply *apiclient.ChatReply
	var err error
	if in.Legacy {
		reply, err = api.LegacyChat(ctx, h.LegacyChatURL, apiclient.LegacyChatMessage{APIKey: key, ScenarioID: scenario, Text: in.Text,
			ConvID: in.ConvID, MessageContext: in.MessageContext, ClientMetadata: metadata, SkipReply: in.SkipReply})
	} else {
		reply, err = api.Chat(ctx, apiclient.ChatMessage{ScenarioID: scenario, Text: in.Text, ConvID: in.ConvID, ClientMetadata: metadata})
	}
	if err != nil {
		return h.chatRefused(c, in, err, show)
	}
	if in.Legacy && in.APIKey != "" {
		h.keepLegacyKey(c, in.APIKey) // kept only once Quickchat took it
	}
	sent := in.Text
	in.Text, in.ConvID, in.APIKey = "", reply.ConvID, ""
	m := h.chatView(c, in, nil)
	m.Focus = "text"
	if m.Lines, err = h.chatLines(ctx, api, reply.ConvID, true); err != nil {
		m.Lines = h.exchangeLines(sent, reply)
		m.LogNote = "Only the last exchange is shown: the conversation could not be read back. " + web.Describe(err)
	}
	if in.SkipReply && in.Legacy {
		m.LogNote = "Added without a reply (skip_reply)."
	}
	if n := len(m.Lines); n > 0 && m.Lines[n-1].Latest {
		m.Lines[n-1].Matches = h.questionMatches(ctx, api, sent)
	}
	return h.renderChat(c, m)
}

// chatRefused shows why Quickchat did not take the message, keeping it. A
// refused API key is forgotten; a refused token signs the person out.
func (h *Handlers) chatRefused(c echo.Context, in chatInput, err error, show func(map[string]string, string) error) error {
	errs := map[string]string{}
	var apiErr *apiclient.APIError
	status := 0
	if errors.As(err, &apiErr) {
		status = apiErr.Status
	}
	switch {
	case status == http.StatusUnauthorized && in.Legacy:
		h.forgetLegacyKey(c)
		errs["api_key"] = "Quickchat did not accept this API key, so it was forgotten: " + apiErr.Message
	case status == http.StatusUnauthorized:
		return h.Failure(c, err)
	case status == http.StatusNotFound && in.ConvID != "":
		errs[""] = "Quickchat no longer has this conversation; start a new one. (" + apiErr.Message + ")"
	default:
		switch refusedField(err, "text", "client_metadata", "message_context") {
		case "text":
			errs["text"] = web.Describe(err)
		case "client_metadata":
			errs["metadata"] = web.Describe(err)
		case "message_context":
			errs["message_context"] = web.Describe(err)
		default:
			errs[""] = "The message was not sent. " + web.Describe(err)
		}
	}
	return show(errs, "text")
}
