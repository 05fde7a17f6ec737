package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// chatSource is the channel of conversations started through the chat call.
const chatSource = "api"

// maxChatTitle is how much of the first message becomes a chat's title in the inbox.
const maxChatTitle = 80

// chatAPIKey returns the scenario's legacy chat API key, making one the first time it is asked for;
// it is kept, so a website configured with it keeps working after a restart.
func (st *store) chatAPIKey(ctx context.Context, scenarioID string) (string, error) {
	var key string
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT api_key FROM chat_api_keys WHERE scenario_id = ?", scenarioID).Scan(&key)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		key = strings.ToLower(rand.Text())
		_, err = tx.ExecContext(ctx, "INSERT INTO chat_api_keys (scenario_id, api_key, created_at) VALUES (?, ?, ?)", scenarioID, key, micros(st.now()))
		return err
	})
	return key, err
}

// paragraphHit is a paragraph that answers a question, with its article's title and its rank (lower is better).
type paragraphHit struct {
	ArticleID int64
	Position  int // of the paragraph in its article
	Title     string
	Content   string
	Score     float64
}

// searchParagraphs ranks the scenario's paragraphs (published articles only: others have none) against
// any of words, best first. A title hit counts twice as much as one in the paragraph.
func (st *store) searchParagraphs(ctx context.Context, scenarioID string, words []string, top int) ([]paragraphHit, error) {
	if len(words) == 0 {
		return nil, nil
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	match := `scope : "` + scopeToken(scenarioID) + `" AND {title content} : (` + strings.Join(quoted, " OR ") + `)`
	rows, err := st.db.QueryContext(ctx, `SELECT m.score, p.article_id, p.position, a.title, p.content FROM
		(SELECT rowid AS id, bm25(paragraphs_fts, 0.0, 2.0, 1.0) AS score FROM paragraphs_fts WHERE paragraphs_fts MATCH ? ORDER BY score, rowid LIMIT ?) m
		JOIN paragraphs p ON p.id = m.id JOIN articles a ON a.id = p.article_id ORDER BY m.score, m.id`, match, top)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []paragraphHit
	for rows.Next() {
		var h paragraphHit
		if err := rows.Scan(&h.Score, &h.ArticleID, &h.Position, &h.Title, &h.Content); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// chatExchange is one visitor message with what came with it and the agent's reply.
type chatExchange struct {
	ConvID         string // "" starts a conversation
	StartUnknown   bool   // a ConvID the scenario has not seen starts a conversation with that id
	Source         string // the channel of a conversation the exchange starts; "" is chatSource
	ClientMetadata string // client_metadata of a conversation the exchange starts, JSON object text; "" is {}
	Text           string
	Reply          string
	SkipReply      bool   // append the visitor's message only
	Metadata       string // client_metadata as compact JSON object text; "" when none was sent
	Context        string // message_context; "" when none
	Topic          string // what a new conversation's analysis says it is about
	Language       string // a new conversation's language, ISO 639-1
	At             time.Time
}

// errConvIDTaken means a conversation id picked by the caller is another scenario's conversation.
var errConvIDTaken = errors.New("conversation id taken")

// saveChatExchange stores the exchange as conversation events, starting a conversation when ConvID is ""
// (or unknown, with StartUnknown), and returns the conversation's id and its number of messages;
// errNotFound for an unknown ConvID, errConvIDTaken for one another scenario uses.
func (st *store) saveChatExchange(ctx context.Context, scenarioID string, ex chatExchange) (string, int, error) {
	var convID string
	var messages int
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		convID = ex.ConvID
		start := convID == ""
		if !start {
			err := conversationExists(ctx, tx, scenarioID, convID)
			if errors.Is(err, errNotFound) && ex.StartUnknown {
				// Conversation ids are unique across scenarios: an id another agent uses cannot start one here.
				if err := tx.QueryRowContext(ctx, "SELECT 1 FROM conversations WHERE id = ?", convID).Scan(new(int)); err == nil {
					return errConvIDTaken
				} else if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				start = true
			} else if err != nil {
				return err
			}
		}
		if start {
			c, err := newChatConversation(ctx, tx, scenarioID, ex)
			if err != nil {
				return err
			}
			convID = c.ID
		}
		events := []eventRecord{{Type: eventMessage, Created: ex.At, Author: authorVisitor, Text: ex.Text}}
		if ex.Metadata != "" {
			events = append(events, eventRecord{Type: eventLog, Created: ex.At, Text: "Client metadata: " + ex.Metadata})
		}
		if ex.Context != "" {
			events = append(events, eventRecord{Type: eventLog, Created: ex.At, Text: "Message context: " + ex.Context})
		}
		texts := []string{ex.Text}
		if !ex.SkipReply {
			events = append(events, eventRecord{Type: eventMessage, Created: ex.At, Author: assigneeAI, Text: ex.Reply})
			texts = append(texts, ex.Reply)
		}
		for _, ev := range events {
			if _, err := tx.ExecContext(ctx, "INSERT INTO conversation_events (conversation_id, type, created_at, author, text, url) VALUES (?, ?, ?, ?, ?, NULL)",
				convID, ev.Type, micros(ev.Created), nullIfEmpty(ev.Author), ev.Text); err != nil {
				return err
			}
		}
		// A visitor writing again reopens a closed chat; it waits unread when nobody answered.
		var metadata *string
		if ex.Metadata != "" {
			metadata = &ex.Metadata
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_message_at = ?, last_visitor_message_at = ?, has_unread_messages = ?,
			terminated = 0, resolution = CASE WHEN resolution_status = ? THEN resolution ELSE 'unresolved' END, resolution_status = ?,
			client_metadata = coalesce(?, client_metadata),
			search_fold = CASE WHEN search_fold = '' THEN ? ELSE search_fold || char(10) || ? END
			WHERE id = ?`,
			micros(ex.At), micros(ex.At), ex.SkipReply, statusOpen, statusOpen, metadata,
			messageFold(texts), messageFold(texts), convID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM conversation_events WHERE conversation_id = ? AND type = ?",
			convID, eventMessage).Scan(&messages)
	})
	return convID, messages, err
}

// newChatConversation starts a conversation for the exchange, numbered after the scenario's last one,
// with the exchange's ConvID when it has one, a new id otherwise.
func newChatConversation(ctx context.Context, tx *sql.Tx, scenarioID string, ex chatExchange) (conversationRecord, error) {
	var ord int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(ord), 0) + 1 FROM conversations WHERE scenario_id = ?", scenarioID).Scan(&ord); err != nil {
		return conversationRecord{}, err
	}
	c := conversationRecord{
		ID: ex.ConvID, Ord: ord, Created: ex.At, LastMessage: ex.At, Title: chatTitle(ex.Text), Source: ex.Source,
		ResolutionStatus: statusOpen, AssigneeType: assigneeAI, ClientMetadata: ex.ClientMetadata, Language: ex.Language,
		Sentiment: "neutral", Topic: ex.Topic, Resolution: "unresolved",
	}
	if c.ID == "" {
		c.ID = newConversationID()
	}
	if c.Source == "" {
		c.Source = chatSource
	}
	if c.ClientMetadata == "" {
		c.ClientMetadata = "{}"
	}
	return c, insertConversation(ctx, tx, scenarioID, c, nil, "{}")
}

// chatTitle is the inbox title of a chat: its first message on one line, cut at maxChatTitle characters.
func chatTitle(text string) string {
	title := collapseSpaces(text)
	if r := []rune(title); len(r) > maxChatTitle {
		title = strings.TrimSpace(string(r[:maxChatTitle-1])) + "…"
	}
	return title
}

// newConversationID makes a random (version 4) UUID in lower case, as conversation ids are stored.
func newConversationID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
