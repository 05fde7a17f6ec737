package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestConversationListShapeAndOrder(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", conversationsPath, e.read, nil).wantStatus(t, http.StatusOK)
	if got := jsonKeys(t, r.Body); !slices.Equal(got, []string{"items", "offset", "limit", "count"}) {
		t.Errorf("envelope keys %v", got)
	}
	var p conversationPage
	r.decode(t, &p)
	if p.Limit != 10 || p.Offset != 0 || len(p.Items) != 10 || p.Count < 60 {
		t.Errorf("default page: limit %d offset %d, %d items of %d", p.Limit, p.Offset, len(p.Items), p.Count)
	}
	items := jsonField(t, r.Body, "items")
	if got := jsonKeys(t, firstElement(t, items)); !slices.Equal(got, listItemKeys) {
		t.Errorf("item keys %v, want %v", got, listItemKeys)
	}
	// A trailing slash reaches the same list.
	if p2 := e.conversations(e.read, ""); !slices.Equal(idsOf(p2.Items), idsOf(p.Items)) {
		t.Error("trailing slash changes the list")
	}
	var slash conversationPage
	e.do("GET", conversationsPath+"/", e.read, nil).wantStatus(t, http.StatusOK).decode(t, &slash)
	if !slices.Equal(idsOf(slash.Items), idsOf(p.Items)) {
		t.Error("conversations/ differs from conversations")
	}

	all := e.allConversations(e.read)
	if len(all) != p.Count {
		t.Fatalf("walked %d conversations, count says %d", len(all), p.Count)
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.LastMessageAt < b.LastMessageAt || (a.LastMessageAt == b.LastMessageAt && a.CreatedAt < b.CreatedAt) {
			t.Errorf("not newest first at %d: %s then %s", i, a.LastMessageAt, b.LastMessageAt)
		}
	}
	for _, c := range all {
		switch c.Assignee.Type {
		case assigneeHuman:
			if c.Assignee.Name == "" || c.Assignee.Email == "" {
				t.Errorf("human assignee without name or email: %+v", c.Assignee)
			}
		case assigneeAI, assigneeUnassigned:
			if c.Assignee.Name != "" || c.Assignee.Email != "" {
				t.Errorf("%s assignee with a name: %+v", c.Assignee.Type, c.Assignee)
			}
		default:
			t.Errorf("assignee type %q", c.Assignee.Type)
		}
	}
}

func TestConversationListPagination(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	var paged []string
	for offset := 0; offset < len(all); offset += 7 {
		p := e.conversations(e.read, "limit=7&offset="+itoa(int64(offset)))
		if p.Limit != 7 || p.Offset != offset || p.Count != len(all) {
			t.Fatalf("page at %d: %+v", offset, p)
		}
		paged = append(paged, idsOf(p.Items)...)
	}
	if !slices.Equal(paged, idsOf(all)) {
		t.Error("pages of 7 do not add up to the whole list")
	}
	if p := e.conversations(e.read, "offset=1000"); len(p.Items) != 0 || p.Count != len(all) {
		t.Errorf("past the end: %d items, count %d", len(p.Items), p.Count)
	}
	if p := e.conversations(e.read, "limit=100"); len(p.Items) != min(100, len(all)) {
		t.Errorf("limit=100 gave %d items", len(p.Items))
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=x", "offset=-1"} {
		e.do("GET", conversationsPath+"?"+q, e.read, nil).wantError(t, http.StatusUnprocessableEntity, codeValidation, "Query parameter")
	}
}

func TestConversationListFilters(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	language := map[string]string{}
	for _, c := range all {
		language[c.ID] = e.conversationDetails(e.read, c.ID).MostFrequentLanguage
	}
	check := func(query string, want []string) {
		t.Helper()
		p := e.conversations(e.read, query+"&limit=100")
		if got := idsOf(p.Items); !slices.Equal(got, want) || p.Count != len(want) {
			t.Errorf("%s: %d conversations (count %d), want %d", query, len(got), p.Count, len(want))
		}
		if len(want) == 0 {
			t.Errorf("%s: the seed has no such conversation, so this checks nothing", query)
		}
	}

	for _, assignee := range assigneeTypes {
		check("assignee_type="+assignee, where(all, func(c conversationItemJSON) bool { return c.Assignee.Type == assignee }))
	}
	for _, source := range []string{"widget", "whatsapp", "telegram", "slack", "email", "messenger", "api"} {
		check("source="+source, where(all, func(c conversationItemJSON) bool { return c.Source == source }))
	}
	for _, status := range resolutionStatuses {
		check("resolution_status="+status, where(all, func(c conversationItemJSON) bool { return c.ResolutionStatus == status }))
	}
	for _, lang := range []string{"en", "de", "fr", "es", "pl"} {
		check("most_frequent_language="+lang, where(all, func(c conversationItemJSON) bool { return language[c.ID] == lang }))
	}
	check("most_frequent_language=DE", where(all, func(c conversationItemJSON) bool { return language[c.ID] == "de" }))
	check("source=WhatsApp", where(all, func(c conversationItemJSON) bool { return c.Source == "whatsapp" }))
	if p := e.conversations(e.read, "most_frequent_language=it"); p.Count != 0 {
		t.Errorf("%d Italian conversations", p.Count)
	}
	// Empty parameters, as a submitted search form sends them, filter nothing.
	check("query=&source=&assignee_type=&resolution_status=&most_frequent_language=&created_timestamp_start_date=", idsOf(all))

	// Combined, every filter narrows the result.
	check("assignee_type=ai_assistant&source=widget&resolution_status=resolved&most_frequent_language=en",
		where(all, func(c conversationItemJSON) bool {
			return c.Assignee.Type == assigneeAI && c.Source == "widget" && c.ResolutionStatus == statusResolved && language[c.ID] == "en"
		}))
	check("resolution_status=open&assignee_type=unassigned", where(all, func(c conversationItemJSON) bool {
		return c.ResolutionStatus == statusOpen && c.Assignee.Type == assigneeUnassigned
	}))
	if p := e.conversations(e.read, "resolution_status=resolved&assignee_type=unassigned"); p.Count != 0 {
		t.Errorf("%d resolved conversations wait in the handoff queue", p.Count)
	}
}

func TestConversationListQuery(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	titled := func(prefix string) []string {
		return where(all, func(c conversationItemJSON) bool { return strings.HasPrefix(c.Title, prefix) })
	}
	check := func(query string, want []string) {
		t.Helper()
		p := e.conversations(e.read, "limit=100&query="+query)
		if got := idsOf(p.Items); !slices.Equal(got, want) {
			t.Errorf("query %q: %d conversations, want %d", query, len(got), len(want))
		}
	}

	// Message text, in any letter case, in any script; a phrase, whatever the spacing.
	check("TENERIFE", titled("Envío de un"))
	check("ŚWIETNIE, DZIĘKUJĘ", titled("Odbiór osobisty"))
	check("  out   FOR delivery ", titled("Delivery date for order"))
	check("nettoyeur haute pression", titled("Nettoyer son vélo"))
	// Markup is not text: a tag's name finds nothing.
	check("href", nil)
	check("no conversation says this", nil)

	// A conversation's id, in either case, finds exactly it.
	target := all[len(all)/2]
	check(target.ID, []string{target.ID})
	check(strings.ToUpper(target.ID), []string{target.ID})

	// An ord number finds its conversation (and any that mention the number).
	for _, query := range []string{itoa(target.Ord), "#" + itoa(target.Ord)} {
		p := e.conversations(e.read, "limit=100&query="+query)
		if !slices.Contains(idsOf(p.Items), target.ID) || p.Count == len(all) {
			t.Errorf("query %q: %d conversations, want #%d among a few", query, p.Count, target.Ord)
		}
	}

	// With other filters.
	check("TENERIFE&assignee_type=unassigned", where(all, func(c conversationItemJSON) bool {
		return strings.HasPrefix(c.Title, "Envío de un") && c.Assignee.Type == assigneeUnassigned
	}))
	e.do("GET", conversationsPath+"?query="+strings.Repeat("x", 501), e.read, nil).wantError(t, http.StatusUnprocessableEntity, codeValidation, "'query'")
}

func TestConversationListDates(t *testing.T) {
	e := newEnv(t)
	all := e.allConversations(e.read)
	day := func(ts string) string { return ts[:10] }
	check := func(query string, want []string) {
		t.Helper()
		p := e.conversations(e.read, "limit=100&"+query)
		if got := idsOf(p.Items); !slices.Equal(got, want) {
			t.Errorf("%s: %d conversations, want %d", query, len(got), len(want))
		}
		if len(want) == 0 {
			t.Errorf("%s: no conversation in range, so this checks nothing", query)
		}
	}

	// A day as start and end: that whole day, inclusive.
	d := day(all[len(all)/2].CreatedAt)
	check("created_timestamp_start_date="+d+"&created_timestamp_end_date="+d,
		where(all, func(c conversationItemJSON) bool { return day(c.CreatedAt) == d }))
	check("created_timestamp_end_date="+d, where(all, func(c conversationItemJSON) bool { return day(c.CreatedAt) <= d }))
	check("created_timestamp_start_date="+d, where(all, func(c conversationItemJSON) bool { return day(c.CreatedAt) >= d }))

	// RFC 3339 moments: both ends inclusive, any offset.
	from, to := all[len(all)-20].LastMessageAt, all[10].LastMessageAt
	inRange := where(all, func(c conversationItemJSON) bool { return c.LastMessageAt >= from && c.LastMessageAt <= to })
	check("last_message_at_start_date="+from+"&last_message_at_end_date="+to, inRange)
	toTime, _ := time.Parse(time.RFC3339, to)
	check("last_message_at_start_date="+from+"&last_message_at_end_date="+toTime.In(time.FixedZone("CET", 3600)).Format(time.RFC3339), inRange)
	check("last_message_at_end_date="+toTime.Add(-time.Second).Format(time.RFC3339Nano),
		where(all, func(c conversationItemJSON) bool { return c.LastMessageAt < to }))
	// Python's datetime.isoformat() leaves the zone out: read as UTC.
	check("last_message_at_end_date="+strings.TrimSuffix(to, "Z"), where(all, func(c conversationItemJSON) bool { return c.LastMessageAt <= to }))
	// An unescaped "+" arrives as a space.
	check("last_message_at_end_date="+toTime.In(time.FixedZone("CET", 3600)).Format("2006-01-02T15:04:05")+" 01:00",
		where(all, func(c conversationItemJSON) bool { return c.LastMessageAt <= to }))

	// Start equal to end is one moment, or one day.
	check("last_message_at_start_date="+to+"&last_message_at_end_date="+to, []string{all[10].ID})

	// Dates combine with other filters.
	check("resolution_status=resolved&created_timestamp_end_date="+d, where(all, func(c conversationItemJSON) bool {
		return day(c.CreatedAt) <= d && c.ResolutionStatus == statusResolved
	}))

	for _, tc := range []struct{ query, msg string }{
		{"created_timestamp_start_date=2026-02-20&created_timestamp_end_date=2026-02-19", "'created_timestamp_start_date' (2026-02-20) is after 'created_timestamp_end_date' (2026-02-19)"},
		{"last_message_at_start_date=2026-02-20T10:00:01Z&last_message_at_end_date=2026-02-20T10:00:00Z", "'last_message_at_start_date'"},
		{"last_message_at_start_date=2026-02-21&last_message_at_end_date=2026-02-20T23:59:59Z", "'last_message_at_end_date'"},
		{"created_timestamp_start_date=yesterday", "'created_timestamp_start_date' must be a date (YYYY-MM-DD) or an RFC 3339"},
		{"created_timestamp_end_date=2026-02-30", "'created_timestamp_end_date'"},
		{"last_message_at_start_date=20260220", "'last_message_at_start_date'"},
		{"last_message_at_end_date=2026-02-20T25:00:00Z", "'last_message_at_end_date'"},
	} {
		e.do("GET", conversationsPath+"?"+encodeQuery(tc.query), e.read, nil).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
}

func TestConversationListBadEnums(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ query, msg string }{
		{"assignee_type=bot", "Query parameter 'assignee_type' must be one of ai_assistant, human_operator, unassigned; got \"bot\""},
		{"resolution_status=closed", "must be one of open, resolved; got \"closed\""},
		{"source=fax", "Query parameter 'source' must be one of widget, api, slack, telegram, whatsapp, messenger"},
		{"most_frequent_language=english", "ISO 639-1"},
		{"most_frequent_language=xx", "ISO 639-1"},
	} {
		e.do("GET", conversationsPath+"?"+encodeQuery(tc.query), e.read, nil).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
}

// jsonField returns the raw value of key in a JSON object.
func jsonField(t *testing.T, raw []byte, key string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m[key]
}

// firstElement returns the raw first element of a JSON array.
func firstElement(t *testing.T, raw []byte) []byte {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
		t.Fatalf("not a non-empty array: %.80s", raw)
	}
	return items[0]
}
