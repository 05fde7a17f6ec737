-- Bulk work people start on the knowledge base (publish, tag, export), run
-- in the background by the job queue: one row per job, with what it was asked
-- to do and how far it got, and one row per article with its outcome, so a
-- job resumes where it stopped and its page lists what happened to each.

-- +goose Up
CREATE TABLE bulk_jobs (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id      TEXT    NOT NULL,
	agent            TEXT    NOT NULL DEFAULT '',
	identity         TEXT    NOT NULL DEFAULT '',
	kind             TEXT    NOT NULL,
	label            TEXT    NOT NULL DEFAULT '',
	params           TEXT    NOT NULL DEFAULT '{}',
	sealed_token     BLOB,
	state            TEXT    NOT NULL DEFAULT 'queued',
	total            INTEGER NOT NULL DEFAULT 0,
	done             INTEGER NOT NULL DEFAULT 0,
	failed           INTEGER NOT NULL DEFAULT 0,
	resolved         INTEGER NOT NULL DEFAULT 0,
	cancel_requested INTEGER NOT NULL DEFAULT 0,
	river_job_id     INTEGER NOT NULL DEFAULT 0,
	error            TEXT    NOT NULL DEFAULT '',
	note             TEXT    NOT NULL DEFAULT '', -- what the job did after its articles (a retrain)
	created_utc      TEXT    NOT NULL,
	started_utc      TEXT    NOT NULL DEFAULT '',
	finished_utc     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX bulk_jobs_agent ON bulk_jobs(scenario_id, id);
CREATE TABLE bulk_job_items (
	job_id       INTEGER NOT NULL REFERENCES bulk_jobs(id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	article_id   INTEGER NOT NULL,
	title        TEXT    NOT NULL DEFAULT '',
	outcome      TEXT    NOT NULL DEFAULT '',
	message      TEXT    NOT NULL DEFAULT '',
	body         TEXT    NOT NULL DEFAULT '', -- an export's Markdown file of the article
	finished_utc TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (job_id, seq)
);

-- +goose Down
DROP TABLE bulk_job_items;
DROP TABLE bulk_jobs;
