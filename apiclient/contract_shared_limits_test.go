package apiclient_test

import (
	"context"
	"net/http"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/sandbox"
)

// Two replicas that read with one token draw on one budget when it lives in
// PostgreSQL, and the API never has to say 429; with a budget each, it does.
func TestContractRateLimitsAcrossReplicas(t *testing.T) {
	url := pgtest.URL(t)
	open := func() *database.DB {
		db, err := database.Setup(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	const readsPerMinute = 120
	api := newContractAPI(t, true)
	ctx := t.Context()
	// replicas reads readsPerMinute+2 times through two replicas in turn and
	// says how many answers were 429.
	replicas := func(scenario string, a, b *apiclient.Budgets) int32 {
		// The first request is lost on the way, so the budget runs one request
		// behind the sandbox's: a margin for the moments at which each side
		// starts counting.
		ta := &countingTransport{status: http.StatusTooManyRequests, dropFirst: true}
		tb := &countingTransport{status: http.StatusTooManyRequests}
		ca := api.client(t, scenario, sandbox.ScopeRead, apiclient.WithHTTPClient(&http.Client{Transport: ta}), apiclient.WithBudgets(a))
		cb := api.client(t, scenario, sandbox.ScopeRead, apiclient.WithHTTPClient(&http.Client{Transport: tb}), apiclient.WithBudgets(b))
		if _, err := ca.ListTags(ctx); err == nil {
			t.Fatal("the dropped request succeeded")
		}
		for i := range readsPerMinute + 2 {
			c := ca
			if i%2 == 1 {
				c = cb
			}
			if _, err := c.ListTags(ctx); err != nil {
				t.Fatalf("read %d: %v", i+1, err)
			}
		}
		return ta.n.Load() + tb.n.Load()
	}
	if n := replicas("contract-replicas-own", apiclient.NewBudgets(true), apiclient.NewBudgets(true)); n == 0 {
		t.Error("two replicas with a budget each drew no 429: the test cannot tell shared budgets from them")
	}
	shared := replicas("contract-replicas-shared",
		apiclient.NewSharedBudgets(open().Pool, true, nil), apiclient.NewSharedBudgets(open().Pool, true, nil))
	if shared != 0 {
		t.Errorf("%d answers were 429 with the budgets shared in PostgreSQL", shared)
	}
}
