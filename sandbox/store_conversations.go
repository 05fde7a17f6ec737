package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
)

// Conversation vocabularies, spelled as the API spells them.
const (
	assigneeAI         = "ai_assistant"
	assigneeHuman      = "human_operator"
	assigneeUnassigned = "unassigned"

	statusOpen     = "open"
	statusResolved = "resolved"

	eventMessage   = "message"
	eventLinkClick = "link_click"
	eventLog       = "log"

	authorVisitor = "visitor"
)

// conversationRecord is one stored conversation; Metadata is only read where it is shown.
type conversationRecord struct {
	ID                 string // UUID, lower case
	Ord                int64
	Created            time.Time
	LastMessage        time.Time
	LastVisitorMessage *time.Time
	Title              string
	Source             string
	Terminated         bool
	ResolutionStatus   string
	HasUnread          bool
	AssigneeType       string
	AssigneeName       *string // human operators only
	AssigneeEmail      *string
	VisitorName        *string
	VisitorEmail       *string
	VisitorPhone       *string
	VisitorLabel       *string
	URL                *string
	ClientMetadata     string  // JSON object text
	DataGathering      *string // JSON object text, nil when nothing was gathered
	Language           string  // most frequent language, ISO 639-1
	Sentiment          string
	Topic              string
	Resolution         string
	Flagged            bool
}

// eventRecord is one entry of a conversation's history.
type eventRecord struct {
	ID      int64
	Type    string // eventMessage, eventLinkClick or eventLog
	Created time.Time
	Author  string // messages only
	Text    string // messages and logs
	URL     string // link clicks only
}

// conversationFilter is a validated list request; time bounds are half-open: from ≤ t < before.
type conversationFilter struct {
	QueryFold        string // lower-cased, whitespace collapsed; matched against message text
	QueryID          string // the query as a conversation id
	QueryOrd         *int64 // the query as an ord number, when it is one
	AssigneeType     string
	Source           string
	ResolutionStatus string
	Language         string
	CreatedFrom      *time.Time
	CreatedBefore    *time.Time
	LastFrom         *time.Time
	LastBefore       *time.Time
	Limit            int
	Offset           int
}

const conversationColumns = `id, ord, created_at, last_message_at, last_visitor_message_at, title, source, terminated,
	resolution_status, has_unread_messages, assignee_type, assignee_name, assignee_email,
	visitor_name, visitor_email, visitor_phone_number, visitor_label, url, client_metadata, data_gathering,
	language, sentiment, topic, resolution, flagged`

func scanConversation(row rowScanner) (conversationRecord, error) {
	var c conversationRecord
	var created, last int64
	var lastVisitor *int64
	err := row.Scan(&c.ID, &c.Ord, &created, &last, &lastVisitor, &c.Title, &c.Source, &c.Terminated,
		&c.ResolutionStatus, &c.HasUnread, &c.AssigneeType, &c.AssigneeName, &c.AssigneeEmail,
		&c.VisitorName, &c.VisitorEmail, &c.VisitorPhone, &c.VisitorLabel, &c.URL, &c.ClientMetadata, &c.DataGathering,
		&c.Language, &c.Sentiment, &c.Topic, &c.Resolution, &c.Flagged)
	c.Created, c.LastMessage, c.LastVisitorMessage = fromMicros(created), fromMicros(last), optionalTime(lastVisitor)
	return c, err
}

// insertConversation stores a (seeded) conversation with its events and metadata (a JSON object text).
func insertConversation(ctx context.Context, q querier, scenarioID string, c conversationRecord, events []eventRecord, metadata string) error {
	var texts []string
	for _, ev := range events {
		if ev.Type == eventMessage {
			texts = append(texts, ev.Text)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO conversations (id, scenario_id, ord, created_at, last_message_at, last_visitor_message_at,
		title, source, terminated, resolution_status, has_unread_messages, assignee_type, assignee_name, assignee_email,
		visitor_name, visitor_email, visitor_phone_number, visitor_label, url, client_metadata, data_gathering,
		language, sentiment, topic, resolution, flagged, metadata, search_fold)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, scenarioID, c.Ord, micros(c.Created), micros(c.LastMessage), optionalMicros(c.LastVisitorMessage),
		c.Title, c.Source, c.Terminated, c.ResolutionStatus, c.HasUnread, c.AssigneeType, c.AssigneeName, c.AssigneeEmail,
		c.VisitorName, c.VisitorEmail, c.VisitorPhone, c.VisitorLabel, c.URL, c.ClientMetadata, c.DataGathering,
		c.Language, c.Sentiment, c.Topic, c.Resolution, c.Flagged, metadata, messageFold(texts))
	if err != nil {
		return err
	}
	for _, ev := range events {
		if _, err := q.ExecContext(ctx, "INSERT INTO conversation_events (conversation_id, type, created_at, author, text, url) VALUES (?, ?, ?, ?, ?, ?)",
			c.ID, ev.Type, micros(ev.Created), nullIfEmpty(ev.Author), nullIfEmpty(ev.Text), nullIfEmpty(ev.URL)); err != nil {
			return err
		}
	}
	return nil
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// htmlTag matches a tag in a reply, so "br" or "href" in the query do not find every conversation with markup.
var htmlTag = regexp.MustCompile(`<[^>]*>`)

// messageFold is the text the query filter searches: every message, without markup, lower-cased, one space between words.
func messageFold(texts []string) string {
	lines := make([]string, len(texts))
	for i, text := range texts {
		lines[i] = collapseSpaces(fold(htmlTag.ReplaceAllString(text, " ")))
	}
	return strings.Join(lines, "\n")
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// conversation reads one conversation of the scenario, or errNotFound.
func (st *store) conversation(ctx context.Context, scenarioID, id string) (conversationRecord, error) {
	c, err := scanConversation(st.db.QueryRowContext(ctx, "SELECT "+conversationColumns+" FROM conversations WHERE scenario_id = ? AND id = ?", scenarioID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errNotFound
	}
	return c, err
}

// listConversations returns one page of matching conversations, newest message first, and the total match count.
func (st *store) listConversations(ctx context.Context, scenarioID string, f conversationFilter) ([]conversationRecord, int, error) {
	where, args := conversationWhere(scenarioID, f)
	items := []conversationRecord{}
	var count int
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM conversations WHERE "+where, args...).Scan(&count); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+conversationColumns+" FROM conversations WHERE "+where+
			" ORDER BY last_message_at DESC, created_at DESC, id DESC LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanConversation(rows)
			if err != nil {
				return err
			}
			items = append(items, c)
		}
		return rows.Err()
	})
	return items, count, err
}

// conversationWhere builds the WHERE clause of a list request; every filter narrows the result.
func conversationWhere(scenarioID string, f conversationFilter) (string, []any) {
	conds := []string{"scenario_id = ?"}
	args := []any{scenarioID}
	if f.QueryFold != "" {
		// One search box finds a conversation by its number, its id or anything said in it.
		match := "id = ? OR instr(search_fold, ?) > 0"
		args = append(args, f.QueryID, f.QueryFold)
		if f.QueryOrd != nil {
			match += " OR ord = ?"
			args = append(args, *f.QueryOrd)
		}
		conds = append(conds, "("+match+")")
	}
	for _, eq := range [][2]string{
		{"assignee_type", f.AssigneeType}, {"source", f.Source}, {"resolution_status", f.ResolutionStatus}, {"language", f.Language},
	} {
		if eq[1] != "" {
			conds = append(conds, eq[0]+" = ?")
			args = append(args, eq[1])
		}
	}
	for _, b := range []struct {
		cond string
		t    *time.Time
	}{
		{"created_at >= ?", f.CreatedFrom}, {"created_at < ?", f.CreatedBefore},
		{"last_message_at >= ?", f.LastFrom}, {"last_message_at < ?", f.LastBefore},
	} {
		if b.t != nil {
			conds = append(conds, b.cond)
			args = append(args, micros(*b.t))
		}
	}
	return strings.Join(conds, " AND "), args
}

// conversationEvents returns one page of a conversation's events, oldest first, and their total count;
// errNotFound when the scenario has no such conversation.
func (st *store) conversationEvents(ctx context.Context, scenarioID, id string, limit, offset int) ([]eventRecord, int, error) {
	events := []eventRecord{}
	var count int
	err := st.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := conversationExists(ctx, tx, scenarioID, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM conversation_events WHERE conversation_id = ?", id).Scan(&count); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, type, created_at, coalesce(author, ''), coalesce(text, ''), coalesce(url, '')
			FROM conversation_events WHERE conversation_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?`, id, limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ev eventRecord
			var created int64
			if err := rows.Scan(&ev.ID, &ev.Type, &created, &ev.Author, &ev.Text, &ev.URL); err != nil {
				return err
			}
			ev.Created = fromMicros(created)
			events = append(events, ev)
		}
		return rows.Err()
	})
	return events, count, err
}

func conversationExists(ctx context.Context, q querier, scenarioID, id string) error {
	err := q.QueryRowContext(ctx, "SELECT 1 FROM conversations WHERE scenario_id = ? AND id = ?", scenarioID, id).Scan(new(int))
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound
	}
	return err
}

// conversationMetadata returns the conversation's metadata as JSON object text, or errNotFound.
func (st *store) conversationMetadata(ctx context.Context, scenarioID, id string) (string, error) {
	var metadata string
	err := st.db.QueryRowContext(ctx, "SELECT metadata FROM conversations WHERE scenario_id = ? AND id = ?", scenarioID, id).Scan(&metadata)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound
	}
	return metadata, err
}

// setConversationMetadata replaces the conversation's metadata with the given JSON object text, or returns errNotFound.
func (st *store) setConversationMetadata(ctx context.Context, scenarioID, id, metadata string) error {
	res, err := st.db.ExecContext(ctx, "UPDATE conversations SET metadata = ? WHERE scenario_id = ? AND id = ?", metadata, scenarioID, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = errNotFound
	}
	return err
}
