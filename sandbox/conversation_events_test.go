package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// events fetches one page of a conversation's events.
func (e *testEnv) events(token, id, query string) eventPage {
	e.t.Helper()
	var p eventPage
	e.do("GET", conversationsPath+"/"+id+"/events?"+query, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &p)
	return p
}

func TestConversationEventsShapeAndOrder(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	types, authors := map[string]int{}, map[string]int{}
	var script, handoffs, ratings bool
	for _, c := range all {
		r := e.do("GET", conversationsPath+"/"+c.ID+"/events", e.read, nil).wantStatus(t, http.StatusOK)
		if got := jsonKeys(t, r.Body); !slices.Equal(got, []string{"items", "offset", "limit", "count"}) {
			t.Fatalf("envelope keys %v", got)
		}
		var p eventPage
		r.decode(t, &p)
		if p.Limit != defaultEventLimit || p.Count != len(p.Items) || p.Count < 3 || p.Count > 12 {
			t.Errorf("conversation %d: limit %d, %d events of %d (want 3 to 12)", c.Ord, p.Limit, len(p.Items), p.Count)
		}
		var raw struct{ Items []json.RawMessage }
		r.decode(t, &raw)
		for i, ev := range p.Items {
			types[ev.Type]++
			keys := jsonKeys(t, raw.Items[i])
			switch ev.Type {
			case eventMessage:
				authors[ev.Author]++
				if !slices.Equal(keys, []string{"id", "type", "created_at", "author", "text"}) || ev.Text == nil || *ev.Text == "" {
					t.Errorf("message keys %v: %s", keys, raw.Items[i])
				}
				script = script || (ev.Author == assigneeAI && strings.Contains(*ev.Text, "<script") && strings.Contains(*ev.Text, "onerror="))
			case eventLinkClick:
				if !slices.Equal(keys, []string{"id", "type", "created_at", "url"}) || !strings.HasPrefix(ev.URL, "https://www.velora-bikes.example/") {
					t.Errorf("link click %s", raw.Items[i])
				}
			case eventLog:
				if !slices.Equal(keys, []string{"id", "type", "created_at", "text"}) || ev.Text == nil {
					t.Errorf("log %s", raw.Items[i])
				}
				handoffs = handoffs || *ev.Text == "Handoff requested"
				ratings = ratings || strings.HasPrefix(*ev.Text, "Rating: ")
			default:
				t.Errorf("event type %q", ev.Type)
			}
			if !strings.HasPrefix(ev.ID, "evt-") {
				t.Errorf("event id %q", ev.ID)
			}
			if i > 0 && ev.CreatedAt < p.Items[i-1].CreatedAt {
				t.Errorf("conversation %d: event %d at %s comes before %s", c.Ord, i, ev.CreatedAt, p.Items[i-1].CreatedAt)
			}
		}
		// The first message is the visitor's, and the last message is what the list calls last_message_at.
		first := p.Items[0]
		if first.Type != eventMessage || first.Author != authorVisitor || first.CreatedAt != c.CreatedAt {
			t.Errorf("conversation %d starts with %+v at %s, created %s", c.Ord, first, first.CreatedAt, c.CreatedAt)
		}
		var lastMessage string
		for _, ev := range p.Items {
			if ev.Type == eventMessage {
				lastMessage = ev.CreatedAt
			}
		}
		if lastMessage != c.LastMessageAt {
			t.Errorf("conversation %d: last message at %s, last_message_at %s", c.Ord, lastMessage, c.LastMessageAt)
		}
		// A human operator only writes where one took over.
		if (authorsIn(p.Items)[assigneeHuman] > 0) != (c.Assignee.Type == assigneeHuman) {
			t.Errorf("conversation %d (%s) has operator messages: %v", c.Ord, c.Assignee.Type, authorsIn(p.Items))
		}
	}
	if types[eventMessage] == 0 || types[eventLinkClick] == 0 || types[eventLog] == 0 {
		t.Errorf("event types %v", types)
	}
	if authors[authorVisitor] == 0 || authors[assigneeAI] == 0 || authors[assigneeHuman] == 0 {
		t.Errorf("authors %v", authors)
	}
	if !script || !handoffs || !ratings {
		t.Errorf("seed lacks the reply with <script> and onerror= (%t), a handoff log (%t) or a rating log (%t)", script, handoffs, ratings)
	}
}

func authorsIn(events []eventJSON) map[string]int {
	authors := map[string]int{}
	for _, ev := range events {
		if ev.Type == eventMessage {
			authors[ev.Author]++
		}
	}
	return authors
}

func TestConversationEventsPagination(t *testing.T) {
	e := newEnv(t)
	var longest conversationItemJSON
	var whole eventPage
	for _, c := range e.allConversations(e.read) {
		if p := e.events(e.read, c.ID, ""); p.Count > whole.Count {
			longest, whole = c, p
		}
	}
	var paged []eventJSON
	for offset := 0; offset < whole.Count; offset += 3 {
		p := e.events(e.read, longest.ID, "limit=3&offset="+itoa(int64(offset)))
		if p.Limit != 3 || p.Offset != offset || p.Count != whole.Count {
			t.Fatalf("page at %d: limit %d offset %d count %d", offset, p.Limit, p.Offset, p.Count)
		}
		paged = append(paged, p.Items...)
	}
	if len(paged) != len(whole.Items) {
		t.Fatalf("pages hold %d events, want %d", len(paged), len(whole.Items))
	}
	for i := range paged {
		if paged[i].ID != whole.Items[i].ID {
			t.Errorf("event %d: %s in pages, %s whole", i, paged[i].ID, whole.Items[i].ID)
		}
	}
	if p := e.events(e.read, longest.ID, "limit=200&offset=100"); len(p.Items) != 0 || p.Count != whole.Count {
		t.Errorf("past the end: %+v", p)
	}
	for _, q := range []string{"limit=0", "limit=201", "offset=-1", "limit=many"} {
		e.do("GET", conversationsPath+"/"+longest.ID+"/events?"+q, e.read, nil).wantError(t, http.StatusUnprocessableEntity, codeValidation, "Query parameter")
	}
	// Both spellings of the path.
	e.do("GET", conversationsPath+"/"+longest.ID+"/events/", e.read, nil).wantStatus(t, http.StatusOK)
}
