package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// listedConversation is the reference's list item.
const listedConversation = `{"id":"conv-uuid-1234","ord":42,"created_at":"2026-01-15T10:30:00Z","last_message_at":"2026-01-15T10:35:00Z",
	"title":"Return policy question","source":"widget","terminated":false,"resolution_status":"open","has_unread_messages":true,
	"assignee":{"type":"ai_assistant"},"visitor_name":"John","visitor_email":"john@example.com","visitor_phone_number":null,"visitor_label":null}`

func TestListConversationsQuery(t *testing.T) {
	warsaw := time.FixedZone("CET", 3600)
	cases := []struct {
		name string
		p    ListConversationsParams
		want url.Values
	}{
		{"zero values are not sent", ListConversationsParams{}, nil},
		{"the reference's example", ListConversationsParams{Limit: 10, ResolutionStatus: "open"}, url.Values{"limit": {"10"}, "resolution_status": {"open"}}},
		{"pagination", ListConversationsParams{Limit: 25, Offset: 50}, url.Values{"limit": {"25"}, "offset": {"50"}}},
		{"text filters", ListConversationsParams{Query: "Rückgabe & Umtausch #42", AssigneeType: "human_operator", Source: "whatsapp", MostFrequentLanguage: "pt-BR"},
			url.Values{"query": {"Rückgabe & Umtausch #42"}, "assignee_type": {"human_operator"}, "source": {"whatsapp"}, "most_frequent_language": {"pt-BR"}}},
		{"dates are RFC 3339 in UTC", ListConversationsParams{
			CreatedStart:     time.Date(2026, 1, 1, 0, 0, 0, 0, warsaw),
			CreatedEnd:       time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC),
			LastMessageStart: time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC),
			LastMessageEnd:   time.Date(2026, 1, 15, 12, 0, 0, 500_000_000, warsaw),
		}, url.Values{
			"created_timestamp_start_date": {"2025-12-31T23:00:00Z"},
			"created_timestamp_end_date":   {"2026-01-31T23:59:59Z"},
			"last_message_at_start_date":   {"2026-01-15T10:30:00Z"},
			"last_message_at_end_date":     {"2026-01-15T11:00:00.5Z"},
		}},
		{"one end of a range", ListConversationsParams{LastMessageStart: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},
			url.Values{"last_message_at_start_date": {"2026-01-15T00:00:00Z"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations", query: tc.want}, 200,
				`{"items":[`+listedConversation+`],"offset":0,"count":42}`)
			page, err := c.ListConversations(t.Context(), tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 1 || page.Items[0].ID != "conv-uuid-1234" || page.Count != 42 {
				t.Errorf("page = %+v", page)
			}
		})
	}
}

func TestListConversationsDecodes(t *testing.T) {
	operator := `{"id":"c-2","ord":43,"created_at":"2026-01-16T08:00:00.123+01:00","last_message_at":null,"title":"","source":"slack",
		"terminated":true,"resolution_status":"resolved","has_unread_messages":false,
		"assignee":{"type":"human_operator","name":"Ana Kowalska","email":"ana@example.com"},
		"visitor_name":null,"visitor_email":null,"visitor_phone_number":"+48 600 000 000","visitor_label":"VIP"}`
	unassigned := `{"id":"c-3","ord":44,"created_at":"2026-01-17T08:00:00Z","assignee":{"type":"unassigned"}}`
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations", query: url.Values{"limit": {"3"}}}, 200,
		`{"items":[`+listedConversation+`,`+operator+`,`+unassigned+`],"offset":0,"limit":3,"count":60}`)
	got, err := c.ListConversations(t.Context(), ListConversationsParams{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	lastMessage := time.Date(2026, 1, 15, 10, 35, 0, 0, time.UTC)
	want := Page[Conversation]{Items: []Conversation{
		{ID: "conv-uuid-1234", Ord: 42, CreatedAt: time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC), LastMessageAt: &lastMessage,
			Title: "Return policy question", Source: "widget", ResolutionStatus: "open", HasUnreadMessages: true,
			Assignee: Assignee{Type: "ai_assistant"}, VisitorName: ptr("John"), VisitorEmail: ptr("john@example.com")},
		{ID: "c-2", Ord: 43, CreatedAt: time.Date(2026, 1, 16, 7, 0, 0, 123_000_000, time.UTC), Source: "slack", Terminated: true,
			ResolutionStatus: "resolved", Assignee: Assignee{Type: "human_operator", Name: ptr("Ana Kowalska"), Email: ptr("ana@example.com")},
			VisitorPhoneNumber: ptr("+48 600 000 000"), VisitorLabel: ptr("VIP")},
		{ID: "c-3", Ord: 44, CreatedAt: time.Date(2026, 1, 17, 8, 0, 0, 0, time.UTC), Assignee: Assignee{Type: "unassigned"}},
	}, Limit: 3, Count: 60}
	// Times are compared as instants: the offset of the answer is kept.
	for i := range got.Items {
		if !got.Items[i].CreatedAt.Equal(want.Items[i].CreatedAt) {
			t.Errorf("item %d created at %s, want %s", i, got.Items[i].CreatedAt, want.Items[i].CreatedAt)
		}
		got.Items[i].CreatedAt = want.Items[i].CreatedAt
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

// conversationDetails is the reference's answer with the inferred analysis
// and the sandbox's language.
const conversationDetails = `{"id":"conv-uuid-1234","ord":42,"created_at":"2026-01-15T10:30:00Z","last_message_at":"2026-01-15T10:35:00Z",
	"title":"Return policy question","source":"widget","terminated":false,"resolution_status":"open","has_unread_messages":true,
	"assignee":{"type":"ai_assistant"},"url":null,"client_metadata":{"userId":12,"account":12345678901234567890,"plan":{"name":"pro","seats":[1,2.5]}},
	"data_gathering":null,"last_visitor_message_at":"2026-01-15T10:34:00Z","visitor_name":"John","visitor_email":"john@example.com",
	"visitor_phone_number":null,"visitor_label":null,
	"unified_analysis":{"sentiment":"negative","topic":"Returns","resolution":"assumed_resolved","flagged":true},"most_frequent_language":"de"}`

func TestGetConversation(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/conv-uuid-1234/"}, 200, conversationDetails)
	got, err := c.GetConversation(t.Context(), "conv-uuid-1234")
	if err != nil {
		t.Fatal(err)
	}
	lastMessage := time.Date(2026, 1, 15, 10, 35, 0, 0, time.UTC)
	lastVisitor := time.Date(2026, 1, 15, 10, 34, 0, 0, time.UTC)
	want := ConversationDetails{
		Conversation: Conversation{ID: "conv-uuid-1234", Ord: 42, CreatedAt: time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC), LastMessageAt: &lastMessage,
			Title: "Return policy question", Source: "widget", ResolutionStatus: "open", HasUnreadMessages: true,
			Assignee: Assignee{Type: "ai_assistant"}, VisitorName: ptr("John"), VisitorEmail: ptr("john@example.com")},
		ClientMetadata: map[string]any{"userId": json.Number("12"), "account": json.Number("12345678901234567890"),
			"plan": map[string]any{"name": "pro", "seats": []any{json.Number("1"), json.Number("2.5")}}},
		LastVisitorMessageAt: &lastVisitor,
		UnifiedAnalysis:      &UnifiedAnalysis{Sentiment: "negative", Topic: "Returns", Resolution: "assumed_resolved", Flagged: true},
		MostFrequentLanguage: "de",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestGetConversationWithoutTheAdditions(t *testing.T) {
	// The reference's answer as it stands: no analysis, no language, a URL.
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/c-1/"}, 200,
		`{"id":"c-1","ord":1,"created_at":"2026-01-15T10:30:00Z","last_message_at":null,"assignee":{"type":"unassigned"},
		"url":"https://example.com/pricing","client_metadata":null,"data_gathering":{"email":"a@example.com"},"last_visitor_message_at":null}`)
	got, err := c.GetConversation(t.Context(), "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.UnifiedAnalysis != nil || got.MostFrequentLanguage != "" || got.LastMessageAt != nil || got.LastVisitorMessageAt != nil ||
		got.ClientMetadata != nil || got.URL == nil || *got.URL != "https://example.com/pricing" ||
		!reflect.DeepEqual(got.DataGathering, map[string]any{"email": "a@example.com"}) {
		t.Errorf("details = %+v", got)
	}
}

func TestConversationIDsArePathEscaped(t *testing.T) {
	cases := map[string]string{
		"conv-uuid-1234": "conv-uuid-1234",
		"a/b":            "a%2Fb",
		"a b":            "a%20b",
		"a?b=c":          "a%3Fb=c",
		"a#b":            "a%23b",
		"...":            "...",
		"żółw":           "%C5%BC%C3%B3%C5%82w",
	}
	for id, escaped := range cases {
		base := "/v1/api_core/conversations/" + escaped
		calls := []struct {
			want wantRequest
			send func(c *Client) error
		}{
			{wantRequest{method: "GET", path: base + "/"}, func(c *Client) error {
				_, err := c.GetConversation(t.Context(), id)
				return err
			}},
			{wantRequest{method: "GET", path: base + "/events"}, func(c *Client) error {
				_, err := c.ListConversationEvents(t.Context(), id, 0, 0)
				return err
			}},
			{wantRequest{method: "GET", path: base + "/metadata"}, func(c *Client) error {
				_, err := c.GetConversationMetadata(t.Context(), id)
				return err
			}},
			{wantRequest{method: "POST", path: base + "/metadata", body: `{"metadata":{}}`}, func(c *Client) error {
				_, err := c.SetConversationMetadata(t.Context(), id, nil)
				return err
			}},
		}
		for _, call := range calls {
			c := expectOne(t, call.want, 200, `{"id":"x","items":[],"metadata":{}}`)
			if err := call.send(c); err != nil {
				t.Errorf("%s %s: %v", call.want.method, call.want.path, err)
			}
		}
	}
}

func TestConversationCallsRefuseIDsThatNameAnotherPath(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{}`), nil
	})
	ctx := t.Context()
	for _, id := range []string{"", ".", ".."} {
		// "conversations/../metadata" would be another resource altogether.
		errs := map[string]error{}
		_, errs["GET conversations/{conversation_id}/"] = c.GetConversation(ctx, id)
		_, errs["GET conversations/{conv_id}/events"] = c.ListConversationEvents(ctx, id, 10, 0)
		_, errs["GET conversations/{conv_id}/metadata"] = c.GetConversationMetadata(ctx, id)
		_, errs["POST conversations/{conv_id}/metadata"] = c.SetConversationMetadata(ctx, id, map[string]any{"a": 1})
		for endpoint, err := range errs {
			var apiErr *APIError
			if err == nil || errors.As(err, &apiErr) || !strings.Contains(err.Error(), endpoint) {
				t.Errorf("id %q: %s: err = %v, want a local refusal naming the endpoint", id, endpoint, err)
			}
		}
	}
	if n := api.calls.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestGetConversationNotFound(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/nope/"}, 404,
		`{"errors":{"root":[{"message":"Conversation not found.","code":"NOT_FOUND"}]}}`)
	got, err := c.GetConversation(t.Context(), "nope")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || *apiErr != (APIError{Status: 404, Code: "NOT_FOUND", Message: "Conversation not found."}) || got != nil {
		t.Errorf("GetConversation = %+v, %v; want the 404", got, err)
	}
}

func TestListConversationsValidationError(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations", query: url.Values{"assignee_type": {"robot"}}}, 422,
		`{"errors":{"root":[{"message":"assignee_type must be one of ai_assistant, human_operator, unassigned.","code":"VALIDATION_ERROR"}]}}`)
	_, err := c.ListConversations(t.Context(), ListConversationsParams{AssigneeType: "robot"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Message != "assignee_type must be one of ai_assistant, human_operator, unassigned." {
		t.Errorf("err = %v, want the API's 422 message", err)
	}
}

func TestConversationBudgetsAreNamedByTheTemplate(t *testing.T) {
	b := NewBudgets(true)
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, `{"items":[],"metadata":{}}`), nil
	}, WithBudgets(b))
	ctx := t.Context()
	for _, id := range []string{"c-1", "c-2"} {
		if _, err := c.GetConversation(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListConversationEvents(ctx, id, 0, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetConversationMetadata(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SetConversationMetadata(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.ListConversations(ctx, ListConversationsParams{}); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	want := map[string]int{
		"GET conversations":                     120,
		"GET conversations/{conversation_id}/":  120,
		"GET conversations/{conv_id}/events":    120,
		"GET conversations/{conv_id}/metadata":  120,
		"POST conversations/{conv_id}/metadata": 60,
	}
	got := map[string]int{}
	for k, l := range b.limits {
		got[k.endpoint] = l.Burst()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("budgets %v, want %v", got, want)
	}
}

// pagedConversations is an API holding total conversations that answers at
// most max of them per page (0: as many as asked). It records the offsets
// and limits it was asked for.
type pagedConversations struct {
	total, max int
	asked      []string // "offset/limit"
}

func (pc *pagedConversations) answer(t *testing.T, req *http.Request) (*http.Response, error) {
	q := req.URL.Query()
	if req.URL.Path != "/v1/api_core/conversations" || q.Get("resolution_status") != "open" {
		t.Errorf("request %s", req.URL)
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil {
		t.Errorf("no limit in %s", req.URL)
	}
	pc.asked = append(pc.asked, q.Get("offset")+"/"+q.Get("limit"))
	if pc.max > 0 {
		limit = min(limit, pc.max)
	}
	var items []string
	for i := offset; i < min(offset+limit, pc.total); i++ {
		items = append(items, `{"id":"c-`+strconv.Itoa(i)+`","ord":`+strconv.Itoa(i)+`,"created_at":"2026-01-15T10:30:00Z","assignee":{"type":"ai_assistant"}}`)
	}
	return jsonResponseFrom(t, 200, nil, `{"items":[`+strings.Join(items, ",")+`],"offset":`+strconv.Itoa(offset)+
		`,"limit":`+strconv.Itoa(limit)+`,"count":`+strconv.Itoa(pc.total)+`}`), nil
}

// collect is an each for AllConversations that keeps the ords it saw.
func collect(ords *[]int) func(page *Page[Conversation]) error {
	return func(page *Page[Conversation]) error {
		for _, conv := range page.Items {
			*ords = append(*ords, conv.Ord)
		}
		return nil
	}
}

func TestAllConversationsWalksEveryPage(t *testing.T) {
	cases := []struct {
		name      string
		api       pagedConversations
		p         ListConversationsParams
		pageSize  int
		wantAsked []string
		wantFirst int
	}{
		{"several pages, the last one short", pagedConversations{total: 7}, ListConversationsParams{}, 3,
			[]string{"/3", "3/3", "6/3"}, 0},
		{"stops at count without asking past the end", pagedConversations{total: 6}, ListConversationsParams{}, 3,
			[]string{"/3", "3/3"}, 0},
		{"the default page size", pagedConversations{total: 150}, ListConversationsParams{}, 0,
			[]string{"/100", "100/100"}, 0},
		{"from the caller's offset, the caller's limit ignored", pagedConversations{total: 10}, ListConversationsParams{Offset: 4, Limit: 1}, 5,
			[]string{"4/5", "9/5"}, 4},
		{"an API that caps the page size skips nothing", pagedConversations{total: 5, max: 2}, ListConversationsParams{}, 100,
			[]string{"/100", "2/100", "4/100"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeClient(t, testToken, tc.api.answer)
			tc.p.ResolutionStatus = "open"
			var ords []int
			if err := c.AllConversations(t.Context(), tc.p, tc.pageSize, collect(&ords)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tc.api.asked, tc.wantAsked) {
				t.Errorf("asked for %q, want %q", tc.api.asked, tc.wantAsked)
			}
			if len(ords) != tc.api.total-tc.wantFirst {
				t.Fatalf("saw %d conversations, want %d", len(ords), tc.api.total-tc.wantFirst)
			}
			for i, ord := range ords {
				if ord != tc.wantFirst+i {
					t.Fatalf("conversations %v, want each once in order", ords)
				}
			}
		})
	}
}

func TestAllConversationsGivesEachPageWithItsCount(t *testing.T) {
	api := &pagedConversations{total: 5}
	c, _ := newFakeClient(t, testToken, api.answer)
	var progress []string
	err := c.AllConversations(t.Context(), ListConversationsParams{ResolutionStatus: "open"}, 2, func(page *Page[Conversation]) error {
		progress = append(progress, strconv.Itoa(page.Offset+len(page.Items))+" of "+strconv.Itoa(page.Count))
		return nil
	})
	if err != nil || !reflect.DeepEqual(progress, []string{"2 of 5", "4 of 5", "5 of 5"}) {
		t.Errorf("progress %q, err %v", progress, err)
	}
}

func TestAllConversationsStopsOnAnEmptyPage(t *testing.T) {
	// The count says 10, but the list ran out after 3: the walk ends there
	// instead of asking forever.
	var asked int
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		asked++
		if req.URL.Query().Get("offset") == "" {
			return jsonResponseFrom(t, 200, nil, `{"items":[{"id":"a"},{"id":"b"},{"id":"c"}],"offset":0,"count":10}`), nil
		}
		return jsonResponseFrom(t, 200, nil, `{"items":[],"offset":3,"count":10}`), nil
	})
	pages := 0
	err := c.AllConversations(t.Context(), ListConversationsParams{}, 3, func(page *Page[Conversation]) error {
		pages++
		return nil
	})
	if err != nil || pages != 1 || asked != 2 {
		t.Errorf("err %v after %d pages and %d requests; want 1 page, 2 requests", err, pages, asked)
	}

	// No conversation at all: each is never called.
	c = expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations", query: url.Values{"limit": {"100"}}}, 200, `{"items":[],"offset":0,"count":0}`)
	if err := c.AllConversations(t.Context(), ListConversationsParams{}, 0, func(*Page[Conversation]) error {
		t.Error("each called without conversations")
		return nil
	}); err != nil {
		t.Error(err)
	}
}

func TestAllConversationsStopsWhenEachFails(t *testing.T) {
	api := &pagedConversations{total: 10}
	c, _ := newFakeClient(t, testToken, api.answer)
	diskFull := errors.New("writing the CSV: disk full")
	pages := 0
	err := c.AllConversations(t.Context(), ListConversationsParams{ResolutionStatus: "open"}, 3, func(page *Page[Conversation]) error {
		if pages++; pages == 2 {
			return diskFull
		}
		return nil
	})
	if err != diskFull {
		t.Errorf("err = %v, want each's error as it was", err)
	}
	if len(api.asked) != 2 || pages != 2 {
		t.Errorf("%d requests, %d pages after each failed on the second", len(api.asked), pages)
	}
}

func TestAllConversationsStopsOnAnAPIError(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations", query: url.Values{"limit": {"100"}}}, 402,
		`{"errors":{"root":[{"message":"Active subscription required","code":"PAYMENT_REQUIRED"}]}}`)
	err := c.AllConversations(t.Context(), ListConversationsParams{}, 0, func(*Page[Conversation]) error {
		t.Error("each called after an error")
		return nil
	})
	if !IsStatus(err, 402) || !strings.Contains(err.Error(), "Active subscription required") {
		t.Errorf("err = %v, want the 402", err)
	}
}

func TestAllConversationsStopsWhenCancelled(t *testing.T) {
	api := &pagedConversations{total: 10}
	c, _ := newFakeClient(t, testToken, api.answer)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	err := c.AllConversations(ctx, ListConversationsParams{ResolutionStatus: "open"}, 3, func(page *Page[Conversation]) error {
		cancel() // the person closed the export
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want cancelled", err)
	}
	if len(api.asked) != 1 {
		t.Errorf("%d requests after cancelling during the first page", len(api.asked))
	}

	// Cancelled while a page is on its way.
	c, _ = newFakeClient(t, testToken, hangUntilCancelled)
	ctx, cancel = context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if err := c.AllConversations(ctx, ListConversationsParams{}, 3, collect(new([]int))); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
}

func TestAllConversationsRespectsTheBudget(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierRead, 2)
	api := &pagedConversations{total: 10}
	c, _ := newFakeClient(t, testToken, api.answer, WithBudgets(b), WithTimeout(200*time.Millisecond))
	err := c.AllConversations(t.Context(), ListConversationsParams{ResolutionStatus: "open"}, 3, collect(new([]int)))
	if !errors.Is(err, ErrRateBudget) || len(api.asked) != 2 {
		t.Errorf("err = %v after %d requests; want the third page held back by the budget", err, len(api.asked))
	}
}
