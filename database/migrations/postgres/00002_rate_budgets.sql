-- The rate budgets every replica draws on, per (token hash, endpoint), so
-- that together they stay under Quickchat's tiers. A budget is its
-- theoretical arrival time: full when tat is past, so rows whose tat is past
-- may be deleted at any time.

-- +goose Up
CREATE TABLE rate_budgets (
	key        TEXT        PRIMARY KEY,
	tat        TIMESTAMPTZ NOT NULL,
	per_minute INTEGER     NOT NULL CHECK (per_minute > 0)
);

-- +goose Down
DROP TABLE rate_budgets;
