package apiclient_test

import (
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractConversationDetailsAndEvents(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	all := allDemoConversations(t, c)

	var humans, withAnalysis, withEvents int
	eventTypes := map[string]int{}
	for _, conv := range all {
		d, err := c.GetConversation(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Conversation, conv) {
			t.Errorf("details of %s:\n%+v\nthe list says\n%+v", conv.ID, d.Conversation, conv)
		}
		if d.Assignee.Type == "human_operator" {
			humans++
			if d.Assignee.Name == nil || *d.Assignee.Name == "" || d.Assignee.Email == nil || !strings.Contains(*d.Assignee.Email, "@") {
				t.Errorf("conversation %s: operator %+v", d.ID, d.Assignee)
			}
		}
		if a := d.UnifiedAnalysis; a != nil {
			withAnalysis++
			if !slices.Contains([]string{"positive", "neutral", "negative"}, a.Sentiment) ||
				!slices.Contains([]string{"resolved", "unresolved", "assumed_resolved"}, a.Resolution) || a.Topic == "" {
				t.Errorf("conversation %s: analysis %+v", d.ID, a)
			}
		}
		if d.ClientMetadata == nil {
			t.Errorf("conversation %s has no client metadata object", d.ID)
		}
		if d.LastVisitorMessageAt != nil && d.LastMessageAt != nil && d.LastVisitorMessageAt.After(*d.LastMessageAt) {
			t.Errorf("conversation %s: the visitor's last message %s after the last message %s", d.ID, d.LastVisitorMessageAt, d.LastMessageAt)
		}

		events, err := c.ListConversationEvents(ctx, conv.ID, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if events.Count != len(events.Items) {
			t.Fatalf("conversation %s: %d of %d events in a page of 100", conv.ID, len(events.Items), events.Count)
		}
		if events.Count > 0 {
			withEvents++
		}
		evIDs := map[string]bool{}
		for i, ev := range events.Items {
			eventTypes[ev.Type]++
			if ev.ID == "" || evIDs[ev.ID] || ev.CreatedAt.IsZero() || ev.CreatedAt.Before(conv.CreatedAt.Add(-time.Second)) {
				t.Errorf("conversation %s: event %+v", conv.ID, ev)
			}
			evIDs[ev.ID] = true
			if i > 0 && ev.CreatedAt.Before(events.Items[i-1].CreatedAt) {
				t.Errorf("conversation %s: event %d comes before the one it follows", conv.ID, i)
			}
			switch ev.Type {
			case "message":
				if ev.Text == "" || !slices.Contains([]string{"visitor", "ai_assistant", "human_operator"}, ev.Author) || ev.URL != "" {
					t.Errorf("conversation %s: message %+v", conv.ID, ev)
				}
			case "link_click":
				if !strings.HasPrefix(ev.URL, "http") {
					t.Errorf("conversation %s: link click %+v", conv.ID, ev)
				}
			case "log":
				if ev.Text == "" {
					t.Errorf("conversation %s: log %+v", conv.ID, ev)
				}
			default:
				t.Errorf("conversation %s: an event of type %q", conv.ID, ev.Type)
			}
		}
		if conv.LastMessageAt != nil && events.Count > 0 {
			var lastMessage time.Time
			for _, ev := range events.Items {
				if ev.Type == "message" {
					lastMessage = ev.CreatedAt
				}
			}
			if !lastMessage.Equal(*conv.LastMessageAt) {
				t.Errorf("conversation %s: last message at %s, its last message event at %s", conv.ID, conv.LastMessageAt, lastMessage)
			}
		}
	}
	if humans == 0 || withAnalysis == 0 || withEvents < len(all)/2 {
		t.Errorf("%d conversations with an operator, %d analysed, %d with events, of %d", humans, withAnalysis, withEvents, len(all))
	}
	for _, typ := range []string{"message", "link_click", "log"} {
		if eventTypes[typ] == 0 {
			t.Errorf("no demo conversation has a %s event: %v", typ, eventTypes)
		}
	}

	// Events page like any list.
	var long apiclient.Conversation
	for _, conv := range all {
		page, err := c.ListConversationEvents(ctx, conv.ID, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if page.Count >= 4 {
			long = conv
			break
		}
	}
	if long.ID == "" {
		t.Fatal("no demo conversation has 4 events")
	}
	whole, err := c.ListConversationEvents(ctx, long.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var paged []apiclient.Event
	for offset := 0; offset < whole.Count; offset += 3 {
		page, err := c.ListConversationEvents(ctx, long.ID, 3, offset)
		if err != nil {
			t.Fatal(err)
		}
		if page.Offset != offset || page.Count != whole.Count || len(page.Items) != min(3, whole.Count-offset) {
			t.Fatalf("events at %d: %+v", offset, page)
		}
		paged = append(paged, page.Items...)
	}
	if !reflect.DeepEqual(paged, whole.Items) {
		t.Errorf("pages of 3 events differ from one page of 100")
	}

	// Unknown conversations.
	for _, id := range []string{"00000000-0000-0000-0000-000000000000", "no such conversation", "a/b"} {
		var apiErr *apiclient.APIError
		if _, err := c.GetConversation(ctx, id); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || apiErr.Message == "" {
			t.Errorf("details of %q: %v, want 404", id, err)
		}
		if _, err := c.ListConversationEvents(ctx, id, 0, 0); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("events of %q: %v, want 404", id, err)
		}
		if _, err := c.GetConversationMetadata(ctx, id); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("metadata of %q: %v, want 404", id, err)
		}
	}
}
