package apiclient_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractChat(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	ctx := t.Context()

	before, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}

	// A question the seeded help center answers.
	first, err := c.Chat(ctx, apiclient.ChatMessage{Text: "What is your 30-day return policy?", ClientMetadata: map[string]any{"plan": "pro", "order": 1234567890123}})
	if err != nil {
		t.Fatal(err)
	}
	if first.ConvID == "" || first.OrdNumber < 1 || !strings.Contains(first.Reply, "30 days") {
		t.Fatalf("first reply = %+v", first)
	}
	// Continued in the same conversation.
	second, err := c.Chat(ctx, apiclient.ChatMessage{ConvID: first.ConvID, Text: "How do I pack an e-bike for a return?"})
	if err != nil {
		t.Fatal(err)
	}
	if second.ConvID != first.ConvID || second.OrdNumber <= first.OrdNumber || second.Reply == "" {
		t.Errorf("second reply = %+v after %+v", second, first)
	}

	// The exchange is a conversation like any other.
	after, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1})
	if err != nil || after.Count != before.Count+1 {
		t.Errorf("conversations: %d before, %+v after, %v", before.Count, after, err)
	}
	found, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Query: first.ConvID})
	if err != nil || len(found.Items) != 1 || found.Items[0].ID != first.ConvID {
		t.Fatalf("the chat's conversation by id: %+v, %v", found, err)
	}
	details, err := c.GetConversation(ctx, first.ConvID)
	if err != nil {
		t.Fatal(err)
	}
	if details.ClientMetadata["plan"] != "pro" || details.ClientMetadata["order"] != json.Number("1234567890123") || details.Source == "" {
		t.Errorf("details = %+v", details)
	}
	events, err := c.ListConversationEvents(ctx, first.ConvID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, ev := range events.Items {
		if ev.Type == "message" {
			said = append(said, ev.Author+": "+ev.Text)
		}
	}
	want := []string{"visitor: What is your 30-day return policy?", "ai_assistant: " + first.Reply,
		"visitor: How do I pack an e-bike for a return?", "ai_assistant: " + second.Reply}
	if !slices.Equal(said, want) {
		t.Errorf("messages:\n%q\nwant\n%q", said, want)
	}

	// Refusals: locally, and by the API.
	six := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{Text: "Hi", ClientMetadata: six}); err == nil || apiclient.IsStatus(err, 422) {
		t.Errorf("6 metadata keys: %v, want a local refusal", err)
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{Text: " "}); err == nil {
		t.Error("a blank message was sent")
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{ConvID: "no-such-conversation", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("an unknown conversation: %v, want 404", err)
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{ScenarioID: "someone-else", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("another agent's scenario_id: %v, want 403", err)
	}
	// A read-only token may chat too: a website's backend only talks.
	reader := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	if r, err := reader.Chat(ctx, apiclient.ChatMessage{Text: "Hello!"}); err != nil || r.ConvID == "" || r.Reply == "" {
		t.Errorf("chatting with a read-only token: %+v, %v", r, err)
	}
}

func TestContractLegacyChat(t *testing.T) {
	api := newContractAPI(t, false)
	key, err := api.sb.APIKey(sandbox.DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	chatURL := api.origin + "/chat"

	first, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ScenarioID: sandbox.DemoScenarioID, Text: "What is your 30-day return policy?"})
	if err != nil {
		t.Fatal(err)
	}
	if first.ConvID == "" || first.OrdNumber < 1 || !strings.Contains(first.Reply, "30 days") || first.Src != nil {
		t.Fatalf("legacy reply = %+v", first)
	}
	// skip_reply: the message is added, the agent stays silent.
	quiet, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ConvID: first.ConvID, Text: "Thanks, noted.",
		MessageContext: "The visitor is on the returns page.", SkipReply: true})
	if err != nil {
		t.Fatal(err)
	}
	if quiet.ConvID != first.ConvID || quiet.Reply != "" || quiet.OrdNumber <= first.OrdNumber {
		t.Errorf("skip_reply: %+v after %+v", quiet, first)
	}
	events, err := c.ListConversationEvents(ctx, first.ConvID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, ev := range events.Items {
		if ev.Type == "message" {
			said = append(said, ev.Author+": "+ev.Text)
		}
	}
	if want := []string{"visitor: What is your 30-day return policy?", "ai_assistant: " + first.Reply, "visitor: Thanks, noted."}; !slices.Equal(said, want) {
		t.Errorf("messages:\n%q\nwant\n%q", said, want)
	}

	// A wrong key: 401, and the key never shows.
	wrong := key + "-wrong"
	_, err = c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: wrong, ScenarioID: sandbox.DemoScenarioID, Text: "Hi"})
	if !apiclient.IsStatus(err, http.StatusUnauthorized) || strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), key) {
		t.Errorf("a wrong key: %v, want 401 without the key", err)
	}
	// The key of one agent does not open another.
	if _, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ScenarioID: "contract-someone-else", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusUnauthorized) ||
		strings.Contains(err.Error(), key) {
		t.Errorf("another agent with this key: %v, want 401", err)
	}
	// An unreachable server: the key does not show either.
	if _, err := c.LegacyChat(ctx, "http://127.0.0.1:1/chat", apiclient.LegacyChatMessage{APIKey: key, Text: "Hi"}); err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("an unreachable chat: %v", err)
	}
}
