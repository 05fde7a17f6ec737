package apiclient

import (
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestListConversationEventsQuery(t *testing.T) {
	cases := []struct {
		name          string
		limit, offset int
		want          url.Values
	}{
		{"zero values are not sent", 0, 0, nil},
		{"limit", 50, 0, url.Values{"limit": {"50"}}},
		{"pagination", 50, 100, url.Values{"limit": {"50"}, "offset": {"100"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/conv-uuid-1234/events", query: tc.want}, 200,
				`{"items":[],"offset":0,"count":0}`)
			if _, err := c.ListConversationEvents(t.Context(), "conv-uuid-1234", tc.limit, tc.offset); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestListConversationEventsDecodes(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/c-1/events", query: url.Values{"limit": {"4"}}}, 200,
		`{"items":[
			{"id":"evt-1","type":"message","created_at":"2026-01-15T10:30:00Z","author":"visitor","text":"Can I return shoes?"},
			{"id":"evt-2","type":"message","created_at":"2026-01-15T10:30:05.250Z","author":"ai_assistant","text":"Yes, within 30 days.<br>See <a href=\"https://example.com/returns\">returns</a>."},
			{"id":"evt-3","type":"link_click","created_at":"2026-01-15T10:31:00+02:00","url":"https://example.com/returns"},
			{"id":"evt-4","type":"log","created_at":"2026-01-15T10:32:00Z","text":"Handoff requested","author":null,"url":null}
		],"offset":0,"limit":4,"count":9}`)
	got, err := c.ListConversationEvents(t.Context(), "c-1", 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := Page[Event]{Items: []Event{
		{ID: "evt-1", Type: "message", CreatedAt: time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC), Author: "visitor", Text: "Can I return shoes?"},
		{ID: "evt-2", Type: "message", CreatedAt: time.Date(2026, 1, 15, 10, 30, 5, 250_000_000, time.UTC), Author: "ai_assistant",
			Text: `Yes, within 30 days.<br>See <a href="https://example.com/returns">returns</a>.`},
		{ID: "evt-3", Type: "link_click", CreatedAt: time.Date(2026, 1, 15, 8, 31, 0, 0, time.UTC), URL: "https://example.com/returns"},
		{ID: "evt-4", Type: "log", CreatedAt: time.Date(2026, 1, 15, 10, 32, 0, 0, time.UTC), Text: "Handoff requested"},
	}, Limit: 4, Count: 9}
	for i := range got.Items {
		if !got.Items[i].CreatedAt.Equal(want.Items[i].CreatedAt) {
			t.Errorf("event %d at %s, want %s", i, got.Items[i].CreatedAt, want.Items[i].CreatedAt)
		}
		got.Items[i].CreatedAt = want.Items[i].CreatedAt
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestListConversationEventsNotFound(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/gone/events"}, 404,
		`{"errors":{"root":[{"message":"Conversation not found.","code":"NOT_FOUND"}]}}`)
	if page, err := c.ListConversationEvents(t.Context(), "gone", 0, 0); !IsStatus(err, 404) || page != nil {
		t.Errorf("ListConversationEvents = %+v, %v; want the 404", page, err)
	}
}
