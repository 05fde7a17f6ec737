-- The console's state as it was before migrations: every statement keeps
-- IF NOT EXISTS, so a console.db made by an earlier version takes this
-- migration as already applied in all but name.

-- +goose Up
-- Sessions, as scs's sqlite3store reads and writes them.
CREATE TABLE IF NOT EXISTS sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions(expiry);

-- The audit log, append-only at the SQL level: whoever opens console.db can
-- add entries but not change or remove one.
CREATE TABLE IF NOT EXISTS audit_entries (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at_utc      TEXT    NOT NULL,
	identity    TEXT    NOT NULL DEFAULT '',
	client_ip   TEXT    NOT NULL DEFAULT '',
	request_id  TEXT    NOT NULL DEFAULT '',
	agent       TEXT    NOT NULL DEFAULT '',
	scenario_id TEXT    NOT NULL DEFAULT '',
	action_name TEXT    NOT NULL,
	targets     TEXT    NOT NULL DEFAULT '[]',
	summary     TEXT    NOT NULL DEFAULT '',
	before_body TEXT    NOT NULL DEFAULT '',
	after_body  TEXT    NOT NULL DEFAULT '',
	status      INTEGER NOT NULL DEFAULT 0,
	error_code  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_entries_at ON audit_entries(at_utc);
CREATE INDEX IF NOT EXISTS audit_entries_identity ON audit_entries(scenario_id, identity);
CREATE INDEX IF NOT EXISTS audit_entries_action ON audit_entries(scenario_id, action_name);
CREATE TABLE IF NOT EXISTS audit_targets (
	target   TEXT    NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES audit_entries(id),
	PRIMARY KEY (target, entry_id)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_targets_no_update BEFORE UPDATE ON audit_targets
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_targets_no_delete BEFORE DELETE ON audit_targets
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Review threads, append-only like the audit log: a review is history.
CREATE TABLE IF NOT EXISTS conversation_reviews (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id     TEXT NOT NULL,
	conversation_id TEXT NOT NULL,
	verdict         TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	reviewer        TEXT NOT NULL DEFAULT '',
	at_utc          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversation_reviews_thread ON conversation_reviews(scenario_id, conversation_id, id);
CREATE TRIGGER IF NOT EXISTS conversation_reviews_no_update BEFORE UPDATE ON conversation_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are kept as given'); END;
CREATE TRIGGER IF NOT EXISTS conversation_reviews_no_delete BEFORE DELETE ON conversation_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are kept as given'); END;

-- Saved inbox views; a name is unique per agent whatever its case.
CREATE TABLE IF NOT EXISTS inbox_views (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id TEXT NOT NULL,
	name        TEXT NOT NULL,
	query       TEXT NOT NULL,
	created_by  TEXT NOT NULL DEFAULT '',
	created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS inbox_views_name ON inbox_views(scenario_id, name COLLATE NOCASE);

-- +goose Down
DROP TABLE inbox_views;
DROP TABLE conversation_reviews;
DROP TABLE audit_targets;
DROP TABLE audit_entries;
DROP TABLE sessions;
