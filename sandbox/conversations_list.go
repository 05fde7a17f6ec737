package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxConversationQuery caps the query filter, in characters.
const maxConversationQuery = 500

// Allowed values of the list's enum filters. Sources are the channels Quickchat connects to; the reference
// lists widget, slack, telegram and whatsapp and ends with "etc.".
var (
	assigneeTypes       = []string{assigneeAI, assigneeHuman, assigneeUnassigned}
	resolutionStatuses  = []string{statusOpen, statusResolved}
	conversationSources = []string{"widget", "api", "slack", "telegram", "whatsapp", "messenger", "instagram", "email",
		"intercom", "zendesk", "discord", "mcp"}
)

// conversationPage is the pagination envelope of the conversation list.
type conversationPage struct {
	Items  []conversationItemJSON `json:"items"`
	Offset int                    `json:"offset"`
	Limit  int                    `json:"limit"`
	Count  int                    `json:"count"`
}

// listConversations serves GET conversations on the api_core base.
func (s *Sandbox) listConversations(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := parseConversationFilter(r.URL.Query())
	if err != nil {
		return err
	}
	records, count, err := s.store.listConversations(r.Context(), p.ScenarioID, f)
	if err != nil {
		return err
	}
	page := conversationPage{Items: make([]conversationItemJSON, len(records)), Offset: f.Offset, Limit: f.Limit, Count: count}
	for i, c := range records {
		page.Items[i] = conversationItemView(c)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// parseConversationFilter reads the list's query string; an empty parameter counts as absent, as a
// submitted search form sends them.
func parseConversationFilter(q url.Values) (conversationFilter, error) {
	var f conversationFilter
	var err error
	if f.Limit, f.Offset, err = pageParams(q); err != nil {
		return f, err
	}
	if err := f.setQuery(q.Get("query")); err != nil {
		return f, err
	}
	if f.AssigneeType, err = enumParam(q, "assignee_type", assigneeTypes); err != nil {
		return f, err
	}
	if f.Source, err = enumParam(q, "source", conversationSources); err != nil {
		return f, err
	}
	if f.ResolutionStatus, err = enumParam(q, "resolution_status", resolutionStatuses); err != nil {
		return f, err
	}
	if lang := strings.ToLower(strings.TrimSpace(q.Get("most_frequent_language"))); lang != "" {
		if !isLanguageCode(lang) {
			return f, invalid("Query parameter 'most_frequent_language' must be an ISO 639-1 language code such as en or de, got %q.", q.Get("most_frequent_language"))
		}
		f.Language = lang
	}
	if f.CreatedFrom, f.CreatedBefore, err = dateRange(q, "created_timestamp_start_date", "created_timestamp_end_date"); err != nil {
		return f, err
	}
	f.LastFrom, f.LastBefore, err = dateRange(q, "last_message_at_start_date", "last_message_at_end_date")
	return f, err
}

// setQuery reads the one search box: an ord number ("42" or "#42"), a conversation id, or words said in the conversation.
func (f *conversationFilter) setQuery(raw string) error {
	query := strings.TrimSpace(raw)
	if query == "" {
		return nil
	}
	if n := utf8.RuneCountInString(query); n > maxConversationQuery {
		return invalid("Query parameter 'query' is too long: %d characters, the limit is %d.", n, maxConversationQuery)
	}
	f.QueryFold = collapseSpaces(fold(query))
	f.QueryID = conversationKey(query)
	if ord, err := strconv.ParseInt(strings.TrimPrefix(query, "#"), 10, 64); err == nil {
		f.QueryOrd = &ord
	}
	return nil
}

// enumParam reads a parameter that takes one of allowed (in any letter case); "" when absent.
func enumParam(q url.Values, name string, allowed []string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(q.Get(name)))
	if v == "" || slices.Contains(allowed, v) {
		return v, nil
	}
	return "", invalid("Query parameter '%s' must be one of %s; got %q.", name, strings.Join(allowed, ", "), q.Get(name))
}

// dateRange reads a start and an end parameter as the half-open range [from, before). An end given as
// a day includes that whole day (UTC); an end given as a moment includes that moment.
func dateRange(q url.Values, startName, endName string) (from, before *time.Time, err error) {
	start, _, err := dateParam(q, startName)
	if err != nil {
		return nil, nil, err
	}
	end, endIsDay, err := dateParam(q, endName)
	if err != nil {
		return nil, nil, err
	}
	if end != nil {
		next := end.Add(time.Microsecond) // the columns count microseconds
		if endIsDay {
			next = end.AddDate(0, 0, 1)
		}
		before = &next
	}
	if start != nil && before != nil && !start.Before(*before) {
		return nil, nil, invalid("Query parameter '%s' (%s) is after '%s' (%s); the start must not be later than the end.",
			startName, q.Get(startName), endName, q.Get(endName))
	}
	return start, before, nil
}

// dateParam reads a day (YYYY-MM-DD, UTC) or a moment: RFC 3339, or an ISO 8601 date-time without a zone
// (read as UTC), which is what Python's datetime.isoformat() sends. isDay says which it was.
func dateParam(q url.Values, name string) (t *time.Time, isDay bool, err error) {
	raw := strings.TrimSpace(q.Get(name))
	if raw == "" {
		return nil, false, nil
	}
	if d, err := time.Parse(time.DateOnly, raw); err == nil {
		return &d, true, nil
	}
	// A "+01:00" offset sent without escaping arrives as " 01:00".
	moment := strings.Replace(raw, " ", "+", 1)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if m, err := time.Parse(layout, moment); err == nil {
			m = m.UTC().Truncate(time.Microsecond)
			return &m, false, nil
		}
	}
	return nil, false, invalid("Query parameter '%s' must be a date (YYYY-MM-DD) or an RFC 3339 date-time such as 2026-01-15T10:30:00Z, got %q.", name, raw)
}
