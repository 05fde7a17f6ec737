package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// errNotFound means the row does not exist in the caller's scenario.
var errNotFound = errors.New("not found")

// store keeps the sandbox's state in SQLite; every query is scoped to one scenario.
type store struct {
	db     *sql.DB
	now    func() time.Time
	search searchCache // rankings of recent searches, until the next write
}

// querier is what *sql.DB and *sql.Tx have in common, so reads work inside and outside transactions.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// openStore opens (creating if needed) the database file at path and brings its schema up to date.
func openStore(ctx context.Context, path string, now func() time.Time) (*store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// A file: URI keeps odd characters in the path from being read as DSN parameters.
	// _txlock=immediate makes write transactions take the lock up front, so they wait on busy_timeout instead of failing.
	dsn := (&url.URL{
		Scheme:   "file",
		Path:     abs,
		RawQuery: "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate",
	}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	st := &store{db: db, now: now}
	if err := st.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := st.backfillParagraphs(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("build paragraphs in %s: %w", path, err)
	}
	return st, nil
}

// migrations are applied in order; PRAGMA user_version records how many have run. Append, never edit.
func migrations() []string {
	return []string{`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE kb_settings (
	scenario_id          TEXT PRIMARY KEY,
	one_word_description TEXT NOT NULL DEFAULT '',
	short_description    TEXT NOT NULL DEFAULT '',
	ai_commands          TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
	retrain_state        TEXT
);
CREATE TABLE articles (
	id                    INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a deleted id is never handed out again
	scenario_id           TEXT    NOT NULL,
	article_id            TEXT    NOT NULL,
	type                  TEXT    NOT NULL,
	title                 TEXT    NOT NULL DEFAULT '',
	description           TEXT    NOT NULL DEFAULT '',
	content               TEXT    NOT NULL,
	state                 TEXT    NOT NULL,
	url                   TEXT,
	parent_id             INTEGER,
	parent_type           TEXT,
	shortened             INTEGER NOT NULL DEFAULT 0,
	deploy_state          TEXT    NOT NULL,
	version               INTEGER NOT NULL,
	max_available_version INTEGER NOT NULL,
	created_at            INTEGER NOT NULL, -- unix microseconds, like every *_at column
	updated_at            INTEGER NOT NULL,
	downloaded_at         INTEGER,
	external_updated_at   INTEGER,
	title_fold            TEXT    NOT NULL, -- lower-cased title, for case-insensitive filtering
	search_fold           TEXT    NOT NULL  -- lower-cased title and content, for the query filter
);
CREATE INDEX articles_by_scenario ON articles (scenario_id, updated_at DESC, id DESC);
CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	tag        TEXT    NOT NULL,
	PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag);
`, `
-- Full-text index of every article, rowid = articles.id; search filters by scenario and state through articles.
-- remove_diacritics 0: "Rückgabe" and "Ruckgabe" are different words to a German reader.
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, url, tags, content, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO articles_fts (rowid, title, url, tags, content)
	SELECT id, title, coalesce(url, ''),
		coalesce((SELECT group_concat(tag, char(10)) FROM article_tags t WHERE t.article_id = articles.id), ''), content
	FROM articles;
-- The chunks of published articles the agent answers from; rebuilt whenever an article is published, unpublished or deleted.
CREATE TABLE paragraphs (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id  TEXT    NOT NULL,
	article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	content      TEXT    NOT NULL,
	content_fold TEXT    NOT NULL -- lower-cased content, for the query filter
);
CREATE INDEX paragraphs_by_scenario ON paragraphs (scenario_id, article_id, position);
CREATE INDEX paragraphs_by_article ON paragraphs (article_id);
CREATE TABLE article_lang_urls (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	language   TEXT    NOT NULL, -- ISO 639-1 code
	url        TEXT    NOT NULL,
	PRIMARY KEY (article_id, language)
);
-- When the running retrain was requested; NULL while none runs. The state it shows is derived from it.
ALTER TABLE kb_settings ADD COLUMN retrain_started_at INTEGER;
`, `
-- The index now holds published articles only, with the scenario as a token (scope = hex(scenario_id)):
-- a search is answered from the index alone, without reading an article row per match.
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5 (scope, title, url, tags, content, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO articles_fts (rowid, scope, title, url, tags, content)
	SELECT id, hex(scenario_id), title, coalesce(url, ''),
		coalesce((SELECT group_concat(tag, char(10)) FROM article_tags t WHERE t.article_id = articles.id), ''), content
	FROM articles WHERE state = 'published';
`, `
-- Conversations are read-only through the API (the seed writes them); only their metadata changes.
CREATE TABLE conversations (
	id                      TEXT    PRIMARY KEY, -- UUID, lower case
	scenario_id             TEXT    NOT NULL,
	ord                     INTEGER NOT NULL,
	created_at              INTEGER NOT NULL,
	last_message_at         INTEGER NOT NULL,
	last_visitor_message_at INTEGER,
	title                   TEXT    NOT NULL DEFAULT '',
	source                  TEXT    NOT NULL,
	terminated              INTEGER NOT NULL DEFAULT 0,
	resolution_status       TEXT    NOT NULL,
	has_unread_messages     INTEGER NOT NULL DEFAULT 0,
	assignee_type           TEXT    NOT NULL,
	assignee_name           TEXT,
	assignee_email          TEXT,
	visitor_name            TEXT,
	visitor_email           TEXT,
	visitor_phone_number    TEXT,
	visitor_label           TEXT,
	url                     TEXT,
	client_metadata         TEXT    NOT NULL DEFAULT '{}', -- JSON object
	data_gathering          TEXT,                          -- JSON object, or NULL
	language                TEXT    NOT NULL,              -- most frequent language, ISO 639-1
	sentiment               TEXT    NOT NULL,
	topic                   TEXT    NOT NULL,
	resolution              TEXT    NOT NULL,
	flagged                 INTEGER NOT NULL DEFAULT 0,
	metadata                TEXT    NOT NULL DEFAULT '{}', -- JSON object text, replaced whole by POST …/metadata
	search_fold             TEXT    NOT NULL,              -- lower-cased message text, for the query filter
	UNIQUE (scenario_id, ord)
);
CREATE INDEX conversations_by_scenario ON conversations (scenario_id, last_message_at DESC, created_at DESC, id DESC);
CREATE TABLE conversation_events (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	type            TEXT    NOT NULL, -- message, link_click or log
	created_at      INTEGER NOT NULL,
	author          TEXT,             -- of a message: visitor, ai_assistant or human_operator
	text            TEXT,             -- of a message or a log entry
	url             TEXT              -- of a link click
);
CREATE INDEX conversation_events_by_conversation ON conversation_events (conversation_id, created_at, id);
CREATE TABLE conversation_rating_settings (
	scenario_id    TEXT    PRIMARY KEY,
	active         INTEGER NOT NULL,
	popup_active   INTEGER NOT NULL,
	question_codes TEXT    NOT NULL -- JSON array of question codes
);
`, `
-- Simulated external sources (Intercom, Shopify, any name typed), created on first use with a few articles;
-- the /sandbox/ paths change them, so imports and diffs have something real to compare.
CREATE TABLE sources (
	scenario_id TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (scenario_id, name)
);
CREATE TABLE source_articles (
	id          INTEGER PRIMARY KEY AUTOINCREMENT, -- the external article's id, as the source numbers it
	scenario_id TEXT    NOT NULL,
	source      TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	content     TEXT    NOT NULL,
	url         TEXT    NOT NULL,
	revision    INTEGER NOT NULL, -- counts edits, so a diff does not depend on the clock's resolution
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX source_articles_by_source ON source_articles (scenario_id, source, id);
-- External ids look like a help center's, not like a fresh table's.
INSERT INTO sqlite_sequence (name, seq) VALUES ('source_articles', 7400000);
-- Which knowledge base article an import made from which external article, and what it copied.
CREATE TABLE source_links (
	article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, -- the knowledge base copy
	scenario_id TEXT    NOT NULL,
	source      TEXT    NOT NULL,
	external_id INTEGER NOT NULL, -- no foreign key: the external article may go away, and the diff says REMOVED
	revision    INTEGER NOT NULL, -- the external article's revision when it was last copied
	copied_hash TEXT    NOT NULL, -- SHA-256 of the title and content as copied, to notice edits of the copy
	UNIQUE (scenario_id, source, external_id)
);
`, `
-- The agent's configuration beyond the knowledge base: chatbot settings (without the three fields
-- kb_settings keeps), widget and handoff, each one JSON object as the API shows it.
CREATE TABLE agent_settings (
	scenario_id TEXT NOT NULL,
	kind        TEXT NOT NULL, -- chatbot, widget or handoff
	value       TEXT NOT NULL, -- JSON object
	PRIMARY KEY (scenario_id, kind)
);
CREATE TABLE ai_actions (
	id                    INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id           TEXT    NOT NULL,
	type                  TEXT    NOT NULL, -- http_request, remote_mcp, shopify or knowledge_base
	name                  TEXT    NOT NULL DEFAULT '',
	description           TEXT    NOT NULL DEFAULT '',
	icon                  TEXT,
	icon_color            TEXT,
	is_active             INTEGER NOT NULL DEFAULT 0,
	tag                   TEXT,                          -- knowledge_base actions
	parameter_description TEXT    NOT NULL DEFAULT '',   -- knowledge_base actions
	setup                 TEXT    NOT NULL DEFAULT '{}', -- JSON: what a dashboard-made action needs to run; decides is_valid
	created_at            INTEGER NOT NULL
);
CREATE INDEX ai_actions_by_scenario ON ai_actions (scenario_id, id);
-- Each agent's legacy chat key, made on first use and kept so a website configured with it keeps working.
CREATE TABLE chat_api_keys (
	scenario_id TEXT    PRIMARY KEY,
	api_key     TEXT    NOT NULL,
	created_at  INTEGER NOT NULL
);
-- The paragraphs the chat answers from, indexed with their article's title; triggers keep it in step with
-- paragraphs (rebuilt on every publish, unpublish and delete). porter: "charging" finds "charge".
CREATE VIRTUAL TABLE paragraphs_fts USING fts5 (scope, title, content, tokenize = 'porter unicode61 remove_diacritics 0');
INSERT INTO paragraphs_fts (rowid, scope, title, content)
	SELECT p.id, hex(p.scenario_id), a.title, p.content FROM paragraphs p JOIN articles a ON a.id = p.article_id;
CREATE TRIGGER paragraphs_fts_insert AFTER INSERT ON paragraphs BEGIN
	INSERT INTO paragraphs_fts (rowid, scope, title, content)
	VALUES (new.id, hex(new.scenario_id), coalesce((SELECT title FROM articles WHERE id = new.article_id), ''), new.content);
END;
CREATE TRIGGER paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
	DELETE FROM paragraphs_fts WHERE rowid = old.id;
END;
`}
}

func (st *store) migrate(ctx context.Context) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		all := migrations()
		if version > len(all) {
			return fmt.Errorf("database schema version %d is newer than this qcadmin (%d)", version, len(all))
		}
		for i := version; i < len(all); i++ {
			if _, err := tx.ExecContext(ctx, all[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(all)))
		return err
	})
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (st *store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	// Remembered search rankings may predate this write: forget them before the commit, so no request
	// whose snapshot sees it serves one, and after, so none remembered meanwhile from an older snapshot survives.
	st.search.invalidate()
	defer st.search.invalidate()
	return tx.Commit()
}

// inReadTx runs fn in a read-only transaction, so multi-query reads see one snapshot.
func (st *store) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := st.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

func (st *store) ping(ctx context.Context) error {
	return st.db.QueryRowContext(ctx, "SELECT 1").Scan(new(int))
}

func (st *store) close() error { return st.db.Close() }

// metaValue reads a key of the meta table; ok is false when it is absent.
func metaValue(ctx context.Context, q querier, key string) (value string, ok bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return value, err == nil, err
}

func setMetaValue(ctx context.Context, q querier, key, value string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// micros and fromMicros convert between time.Time and the unix-microsecond columns.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
