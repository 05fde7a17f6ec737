-- Articles saved to fix how the agent answered a conversation: the review
-- thread shows which article fixed it, and the article's history which
-- conversations it answers.

-- +goose Up
CREATE TABLE conversation_fixes (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	scenario_id        TEXT    NOT NULL,
	conversation_id    TEXT    NOT NULL,
	conversation_label TEXT    NOT NULL DEFAULT '', -- "#12", the number people know it by
	article_id         INTEGER NOT NULL,
	article_title      TEXT    NOT NULL DEFAULT '',
	version            INTEGER,                     -- the article's version after the save; NULL for a draft never published
	fixer              TEXT    NOT NULL DEFAULT '',
	at_utc             TEXT    NOT NULL
);
CREATE INDEX conversation_fixes_conversation ON conversation_fixes(scenario_id, conversation_id, id);
CREATE INDEX conversation_fixes_article ON conversation_fixes(scenario_id, article_id, id);

-- +goose Down
DROP TABLE conversation_fixes;
