-- The console's state on PostgreSQL, shared by every replica. Times are kept
-- as fixed-width UTC text, as on SQLite, so the stores read both alike and
-- text order is time order.

-- +goose Up
-- Sessions, as scs's postgresstore reads and writes them.
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- +goose StatementBegin
-- Refuses a change to a table that is history: the audit log, review threads.
CREATE FUNCTION qcadmin_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;
-- +goose StatementEnd

CREATE TABLE audit_entries (
	id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
CREATE INDEX audit_entries_at ON audit_entries (at_utc);
CREATE INDEX audit_entries_identity ON audit_entries (scenario_id, identity);
CREATE INDEX audit_entries_action ON audit_entries (scenario_id, action_name);
CREATE TABLE audit_targets (
	target   TEXT   NOT NULL,
	entry_id BIGINT NOT NULL REFERENCES audit_entries (id),
	PRIMARY KEY (target, entry_id)
);
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
	FOR EACH ROW EXECUTE FUNCTION qcadmin_append_only('the audit log is append-only');
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
	FOR EACH STATEMENT EXECUTE FUNCTION qcadmin_append_only('the audit log is append-only');
CREATE TRIGGER audit_targets_append_only BEFORE UPDATE OR DELETE ON audit_targets
	FOR EACH ROW EXECUTE FUNCTION qcadmin_append_only('the audit log is append-only');
CREATE TRIGGER audit_targets_no_truncate BEFORE TRUNCATE ON audit_targets
	FOR EACH STATEMENT EXECUTE FUNCTION qcadmin_append_only('the audit log is append-only');

CREATE TABLE conversation_reviews (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	scenario_id     TEXT NOT NULL,
	conversation_id TEXT NOT NULL,
	verdict         TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	reviewer        TEXT NOT NULL DEFAULT '',
	at_utc          TEXT NOT NULL
);
CREATE INDEX conversation_reviews_thread ON conversation_reviews (scenario_id, conversation_id, id);
CREATE TRIGGER conversation_reviews_append_only BEFORE UPDATE OR DELETE ON conversation_reviews
	FOR EACH ROW EXECUTE FUNCTION qcadmin_append_only('reviews are kept as given');
CREATE TRIGGER conversation_reviews_no_truncate BEFORE TRUNCATE ON conversation_reviews
	FOR EACH STATEMENT EXECUTE FUNCTION qcadmin_append_only('reviews are kept as given');

-- Saved inbox views; a name is unique per agent whatever its case.
CREATE TABLE inbox_views (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	scenario_id TEXT NOT NULL,
	name        TEXT NOT NULL,
	query       TEXT NOT NULL,
	created_by  TEXT NOT NULL DEFAULT '',
	created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX inbox_views_name ON inbox_views (scenario_id, lower(name));

-- +goose Down
DROP TABLE inbox_views;
DROP TABLE conversation_reviews;
DROP TABLE audit_targets;
DROP TABLE audit_entries;
DROP FUNCTION qcadmin_append_only();
DROP TABLE sessions;
