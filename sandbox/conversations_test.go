package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const conversationsPath = "/v1/api_core/conversations"

// conversations fetches the conversation list with a readable query string ("source=widget&query=a b").
func (e *testEnv) conversations(token, query string) conversationPage {
	e.t.Helper()
	var p conversationPage
	e.do("GET", conversationsPath+"?"+encodeQuery(query), token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &p)
	return p
}

// allConversations returns every conversation of the token's scenario, newest first.
func (e *testEnv) allConversations(token string) []conversationItemJSON {
	e.t.Helper()
	var all []conversationItemJSON
	for offset := 0; ; offset += 100 {
		p := e.conversations(token, "limit=100&offset="+itoa(int64(offset)))
		all = append(all, p.Items...)
		if len(p.Items) == 0 || len(all) >= p.Count {
			return all
		}
	}
}

// conversationDetails fetches one conversation's details.
func (e *testEnv) conversationDetails(token, id string) conversationJSON {
	e.t.Helper()
	var c conversationJSON
	e.do("GET", conversationsPath+"/"+id+"/", token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

// idsOf lists the ids of conversations, in their order.
func idsOf(items []conversationItemJSON) []string {
	ids := make([]string, len(items))
	for i, c := range items {
		ids[i] = c.ID
	}
	return ids
}

// where keeps the conversations for which keep is true, in their order.
func where(items []conversationItemJSON, keep func(conversationItemJSON) bool) []string {
	var ids []string
	for _, c := range items {
		if keep(c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// jsonKeys returns the keys of a JSON object, in document order.
func jsonKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.80s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

var listItemKeys = []string{"id", "ord", "created_at", "last_message_at", "title", "source", "terminated", "resolution_status",
	"has_unread_messages", "assignee", "visitor_name", "visitor_email", "visitor_phone_number", "visitor_label"}

func TestConversationDetails(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	var human conversationItemJSON
	for _, c := range all {
		if c.Assignee.Type == assigneeHuman {
			human = c
			break
		}
	}
	for _, path := range []string{conversationsPath + "/" + human.ID + "/", conversationsPath + "/" + human.ID, conversationsPath + "/" + strings.ToUpper(human.ID)} {
		r := e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK)
		want := []string{"id", "ord", "created_at", "last_message_at", "title", "source", "terminated", "resolution_status",
			"has_unread_messages", "assignee", "url", "client_metadata", "data_gathering", "last_visitor_message_at",
			"visitor_name", "visitor_email", "visitor_phone_number", "visitor_label", "unified_analysis", "most_frequent_language"}
		if got := jsonKeys(t, r.Body); !slices.Equal(got, want) {
			t.Errorf("%s: keys %v, want %v", path, got, want)
		}
	}

	d := e.conversationDetails(e.read, human.ID)
	var item conversationItemJSON
	raw, _ := json.Marshal(d)
	json.Unmarshal(raw, &item)
	if !sameItem(item, human) {
		t.Errorf("details disagree with the list item:\n%+v\n%+v", item, human)
	}
	if d.Assignee.Name == "" || !strings.HasSuffix(d.Assignee.Email, "@velora-bikes.example") {
		t.Errorf("human operator assignee = %+v, want a name and a velora-bikes.example email", d.Assignee)
	}
	ua := d.UnifiedAnalysis
	if !slices.Contains([]string{"positive", "neutral", "negative"}, ua.Sentiment) || ua.Topic == "" ||
		!slices.Contains([]string{"resolved", "unresolved", "assumed_resolved"}, ua.Resolution) {
		t.Errorf("unified_analysis = %+v", ua)
	}
	if !isLanguageCode(d.MostFrequentLanguage) {
		t.Errorf("most_frequent_language = %q", d.MostFrequentLanguage)
	}
	if d.LastVisitorMessageAt == nil || *d.LastVisitorMessageAt > d.LastMessageAt || d.CreatedAt > *d.LastVisitorMessageAt {
		t.Errorf("created %s, last visitor message %v, last message %s", d.CreatedAt, d.LastVisitorMessageAt, d.LastMessageAt)
	}
	var clientMetadata map[string]any
	if err := json.Unmarshal(d.ClientMetadata, &clientMetadata); err != nil || clientMetadata == nil {
		t.Errorf("client_metadata %s is not an object", d.ClientMetadata)
	}

	// Somewhere in the seed: a widget chat with its page and the site's metadata, and one with a pre-chat form.
	var withURL, withClientMetadata, withGathering bool
	for _, c := range all {
		d := e.conversationDetails(e.read, c.ID)
		withURL = withURL || (d.URL != nil && strings.HasPrefix(*d.URL, "https://www.velora-bikes.example"))
		withClientMetadata = withClientMetadata || strings.Contains(string(d.ClientMetadata), `"userId":`)
		if string(d.DataGathering) != "null" {
			var gathered map[string]any
			if err := json.Unmarshal(d.DataGathering, &gathered); err != nil {
				t.Errorf("data_gathering %s is neither null nor an object", d.DataGathering)
			}
			withGathering = true
		}
		if _, err := time.Parse(time.RFC3339, d.CreatedAt); err != nil || !strings.HasSuffix(d.CreatedAt, "Z") {
			t.Errorf("created_at %q is not RFC 3339 in UTC", d.CreatedAt)
		}
	}
	if !withURL || !withClientMetadata || !withGathering {
		t.Errorf("seed lacks url (%t), client_metadata (%t) or data_gathering (%t)", withURL, withClientMetadata, withGathering)
	}
}

// sameItem compares list fields, pointers by value.
func sameItem(a, b conversationItemJSON) bool {
	ra, _ := json.Marshal(a)
	rb, _ := json.Marshal(b)
	return string(ra) == string(rb)
}

func TestConversationNotFound(t *testing.T) {
	e := newEnv(t)
	id := e.conversations(e.read, "limit=1").Items[0].ID
	other := e.token("another-agent", ScopeWrite)
	for _, tc := range []struct{ method, path, token string }{
		{"GET", conversationsPath + "/00000000-0000-4000-8000-000000000000/", e.read},
		{"GET", conversationsPath + "/not-a-uuid", e.read},
		{"GET", conversationsPath + "/" + id + "/", other}, // another agent's conversation
		{"GET", conversationsPath + "/" + id + "/events", other},
		{"GET", conversationsPath + "/" + id + "/metadata", other},
		{"POST", conversationsPath + "/" + id + "/metadata", other},
		{"GET", conversationsPath + "/nope/events", e.read},
		{"GET", conversationsPath + "/nope/metadata", e.read},
		{"POST", conversationsPath + "/nope/metadata", e.write},
	} {
		var body any
		if tc.method == "POST" {
			body = `{"metadata":{}}`
		}
		e.do(tc.method, tc.path, tc.token, body).wantError(t, http.StatusNotFound, codeNotFound, "Conversation ")
	}
	if p := e.conversations(other, ""); p.Count != 0 || len(p.Items) != 0 {
		t.Errorf("another agent sees %d conversations", p.Count)
	}
}

func TestConversationsNeedAToken(t *testing.T) {
	e := newEnv(t)
	e.do("GET", conversationsPath, "", nil).wantError(t, http.StatusUnauthorized, codePermissionDenied, "not provided")
	e.do("DELETE", conversationsPath, e.write, nil).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "GET")
	// Conversations are read-only in the API: there is nothing to write but metadata.
	id := e.conversations(e.read, "limit=1").Items[0].ID
	e.do("PATCH", conversationsPath+"/"+id, e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, codeMethodNotAllowed, "")
}
