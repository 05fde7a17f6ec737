package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// How long the console keeps what jobs leave behind: an export's files for a
// week (a zip is downloaded soon after it is made, and they take room), a
// job's record and its articles' outcomes for three months.
const (
	ExportKept = 7 * 24 * time.Hour
	JobKept    = 90 * 24 * time.Hour
)

// pruneEvery is how often the queue clears what is past keeping.
const pruneEvery = 6 * time.Hour

type pruneArgs struct{}

func (pruneArgs) Kind() string { return "qcadmin_prune_jobs" }

type pruneWorker struct {
	river.WorkerDefaults[pruneArgs]
	e *Engine
}

func (w pruneWorker) Work(ctx context.Context, _ *river.Job[pruneArgs]) error {
	_, err := w.e.Prune(ctx, time.Now())
	return err
}

func prunePeriodically() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(pruneEvery),
		func() (river.JobArgs, *river.InsertOpts) { return pruneArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// Prune forgets, as of now, exports' files past ExportKept and jobs past
// JobKept (finished ones only), and says how many jobs it forgot.
func (e *Engine) Prune(ctx context.Context, now time.Time) (int64, error) {
	exports := now.Add(-ExportKept).UTC().Format(time.RFC3339Nano)
	if _, err := e.store.db.ExecContext(ctx, e.store.q(`UPDATE bulk_job_items SET body = '' WHERE body <> '' AND job_id IN
		(SELECT id FROM bulk_jobs WHERE kind = ? AND finished_utc <> '' AND finished_utc < ?)`), string(Export), exports); err != nil {
		return 0, err
	}
	// An import's files are done with once it ends; one never applied is forgotten after a day.
	if _, err := e.store.db.ExecContext(ctx, e.store.q(`UPDATE bulk_job_items SET body = '' WHERE body <> '' AND job_id IN
		(SELECT id FROM bulk_jobs WHERE kind = ? AND finished_utc <> '')`), string(Import)); err != nil {
		return 0, err
	}
	// A job's items go with it (bulk_job_items cascades).
	stale := now.Add(-StagedKept).UTC().Format(time.RFC3339Nano)
	if _, err := e.store.db.ExecContext(ctx, e.store.q(`DELETE FROM bulk_jobs WHERE state = ? AND created_utc < ?`), staged, stale); err != nil {
		return 0, err
	}
	old := now.Add(-JobKept).UTC().Format(time.RFC3339Nano)
	res, err := e.store.db.ExecContext(ctx, e.store.q(`DELETE FROM bulk_jobs WHERE finished_utc <> '' AND finished_utc < ?`), old)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ZipKept reports whether a finished export's files are still kept.
func (j Job) ZipKept(now time.Time) bool {
	return j.Kind == Export && j.State == Done && now.Sub(j.Finished) < ExportKept
}
