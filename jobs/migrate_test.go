package jobs_test

import (
	"context"
	"sync"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/jobs"
)

// Replicas that start together on one PostgreSQL database apply the job
// queue's schema once between them; none stops on a step another applied.
func TestJobQueueSchemaFromSeveralReplicasAtOnce(t *testing.T) {
	for round := range 3 {
		url := pgtest.URL(t)
		const replicas = 4
		dbs := make([]*database.DB, replicas)
		for i := range dbs {
			db, err := database.Setup(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			dbs[i] = db
		}
		var wg sync.WaitGroup
		errs := make([]error, replicas)
		for i, db := range dbs {
			wg.Go(func() { errs[i] = jobs.Migrate(context.Background(), db) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, replica %d: %v", round, i, err)
			}
		}
		var tables int
		if err := dbs[0].QueryRow(`SELECT COUNT(*) FROM pg_tables WHERE tablename = 'river_job'`).Scan(&tables); err != nil || tables != 1 {
			t.Fatalf("river_job tables = %d, %v; want 1", tables, err)
		}
	}
}
