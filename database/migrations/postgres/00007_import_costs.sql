-- An import's items: the calls each needs (for the time a job has left, by
-- the budget each call spends) and when the job began creating its article
-- (so a job resumed after a hard stop looks for it before creating another).
-- +goose Up
ALTER TABLE bulk_job_items ADD COLUMN creates INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job_items ADD COLUMN writes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job_items ADD COLUMN reads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job_items ADD COLUMN lang_writes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job_items ADD COLUMN lang_reads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job_items ADD COLUMN creating_utc TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE bulk_job_items DROP COLUMN creating_utc;
ALTER TABLE bulk_job_items DROP COLUMN lang_reads;
ALTER TABLE bulk_job_items DROP COLUMN lang_writes;
ALTER TABLE bulk_job_items DROP COLUMN reads;
ALTER TABLE bulk_job_items DROP COLUMN writes;
ALTER TABLE bulk_job_items DROP COLUMN creates;
