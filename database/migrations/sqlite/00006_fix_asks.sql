-- The visitor's question a fix was made from, kept with the fix, and every
-- time the console asked it again on a test conversation once the fixing
-- article was published: the old answer beside the new, for the review thread.

-- +goose Up
ALTER TABLE conversation_fixes ADD COLUMN question TEXT NOT NULL DEFAULT '';
ALTER TABLE conversation_fixes ADD COLUMN answer_event_id TEXT NOT NULL DEFAULT ''; -- the agent's answer being fixed; '' for its last
CREATE TABLE fix_asks (
	id                   INTEGER PRIMARY KEY AUTOINCREMENT,
	fix_id               INTEGER NOT NULL REFERENCES conversation_fixes(id) ON DELETE CASCADE,
	scenario_id          TEXT    NOT NULL,
	conversation_id      TEXT    NOT NULL,
	question             TEXT    NOT NULL,
	old_answer           TEXT    NOT NULL DEFAULT '',
	new_answer           TEXT    NOT NULL DEFAULT '',
	test_conversation_id TEXT    NOT NULL DEFAULT '', -- the test conversation the question was asked on
	article_id           INTEGER NOT NULL,
	article_title        TEXT    NOT NULL DEFAULT '',
	version              INTEGER,                     -- the article's published version when asked
	training             TEXT    NOT NULL DEFAULT '', -- the agent's retrain state when asked
	asker                TEXT    NOT NULL DEFAULT '',
	at_utc               TEXT    NOT NULL
);
CREATE INDEX fix_asks_conversation ON fix_asks(scenario_id, conversation_id, id);
CREATE INDEX fix_asks_fix ON fix_asks(fix_id, id);

-- +goose Down
DROP TABLE fix_asks;
ALTER TABLE conversation_fixes DROP COLUMN answer_event_id;
ALTER TABLE conversation_fixes DROP COLUMN question;
