-- Knowledge gaps: what the console learned from reading each conversation
-- (its first visitor questions, their key terms, the analysis), so a gap
-- report reads every conversation once and again only when it changed; and
-- the background runs that read them, with how far each got.

-- +goose Up
CREATE TABLE gap_reads (
	scenario_id      TEXT    NOT NULL,
	conversation_id  TEXT    NOT NULL,
	ord              INTEGER NOT NULL DEFAULT 0,
	title            TEXT    NOT NULL DEFAULT '',
	last_message_utc TEXT    NOT NULL, -- as listed when read: a later one means the conversation changed
	read_utc         TEXT    NOT NULL,
	language         TEXT    NOT NULL DEFAULT '',
	analysed         INTEGER NOT NULL DEFAULT 0, -- Quickchat gave its analysis
	topic            TEXT    NOT NULL DEFAULT '',
	sentiment        TEXT    NOT NULL DEFAULT '',
	resolution       TEXT    NOT NULL DEFAULT '',
	flagged          INTEGER NOT NULL DEFAULT 0,
	handoff          INTEGER NOT NULL DEFAULT 0,
	test             INTEGER NOT NULL DEFAULT 0, -- the playground's test chat, not a visitor's
	questions        TEXT    NOT NULL DEFAULT '[]', -- JSON: the visitor's first messages
	terms            TEXT    NOT NULL DEFAULT '[]', -- JSON: their key terms, stem and word
	PRIMARY KEY (scenario_id, conversation_id)
);
CREATE INDEX gap_reads_period ON gap_reads (scenario_id, last_message_utc);
CREATE TABLE gap_runs (
	id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	scenario_id  TEXT    NOT NULL,
	identity     TEXT    NOT NULL DEFAULT '',
	from_utc     TEXT    NOT NULL,
	to_utc       TEXT    NOT NULL,
	sealed_token BYTEA,
	state        TEXT    NOT NULL DEFAULT 'queued',
	total        INTEGER NOT NULL DEFAULT 0,
	done         INTEGER NOT NULL DEFAULT 0, -- read in this run
	skipped      INTEGER NOT NULL DEFAULT 0, -- read before and unchanged
	failed       INTEGER NOT NULL DEFAULT 0,
	error        TEXT    NOT NULL DEFAULT '',
	created_utc  TEXT    NOT NULL,
	started_utc  TEXT    NOT NULL DEFAULT '',
	updated_utc  TEXT    NOT NULL DEFAULT '', -- its last progress: a run long silent was abandoned
	finished_utc TEXT    NOT NULL DEFAULT ''
);
-- One run under way per agent: a second click joins it.
CREATE UNIQUE INDEX gap_runs_one_active ON gap_runs (scenario_id) WHERE state IN ('queued', 'running');
CREATE INDEX gap_runs_agent ON gap_runs (scenario_id, id);

-- +goose Down
DROP TABLE gap_runs;
DROP TABLE gap_reads;
