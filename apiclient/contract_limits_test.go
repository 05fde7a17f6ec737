package apiclient_test

import (
	"bytes"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/internal/testdocs"
	"qcadmin/sandbox"
)

func TestContractRateLimits(t *testing.T) {
	api := newContractAPI(t, true)
	ctx := t.Context()
	const readsPerMinute = 120

	// Without budgets, the sandbox's 429 comes, and the client waits out its
	// Retry-After and succeeds.
	unbudgeted := &countingTransport{status: http.StatusTooManyRequests}
	c := api.client(t, "contract-rate-a", sandbox.ScopeRead, apiclient.WithHTTPClient(&http.Client{Transport: unbudgeted}))
	// Read until the sandbox first says 429: on a busy machine the bucket may
	// refill a few times before the burst of 120 is spent.
	for i := 0; unbudgeted.n.Load() == 0 && i < 5*readsPerMinute; i++ {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatalf("read %d: %v", i+1, err)
		}
	}
	if unbudgeted.n.Load() != 1 {
		t.Errorf("%d answers were 429, want 1 (then a successful retry)", unbudgeted.n.Load())
	}

	// With budgets, the client waits for its turn and never provokes a 429.
	// The first request is lost on the way, so the client's budget runs one
	// request behind the sandbox's: a margin for the moments at which each
	// side starts counting.
	budgeted := &countingTransport{status: http.StatusTooManyRequests, dropFirst: true}
	c = api.client(t, "contract-rate-b", sandbox.ScopeRead,
		apiclient.WithHTTPClient(&http.Client{Transport: budgeted}), apiclient.WithBudgets(apiclient.NewBudgets(true)))
	if _, err := c.ListTags(ctx); err == nil {
		t.Fatal("the dropped request succeeded")
	}
	start := time.Now()
	for i := range readsPerMinute + 1 {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatalf("read %d: %v", i+1, err)
		}
	}
	if budgeted.n.Load() != 0 {
		t.Errorf("%d answers were 429 despite the budget", budgeted.n.Load())
	}
	// 122 requests against 120 a minute: two waits of half a second.
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("%d reads took %s: the client did not wait for its budget", readsPerMinute+1, elapsed)
	}
}

func TestContractUploadBudget(t *testing.T) {
	api := newContractAPI(t, true)
	ctx := t.Context()
	pdf := testdocs.PDF("Budget")
	const heavyPerMinute = 20

	// Without budgets, an upload beyond the minute's 20 meets the sandbox's
	// 429, which is returned: a streamed body cannot be sent again.
	unbudgeted := &countingTransport{status: http.StatusTooManyRequests}
	c := api.client(t, "contract-upload-rate-a", sandbox.ScopeWrite, apiclient.WithHTTPClient(&http.Client{Transport: unbudgeted}))
	var err error
	calls := 0
	for ; calls < 3*heavyPerMinute && unbudgeted.n.Load() == 0; calls++ {
		_, err = c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf))
	}
	if !apiclient.IsStatus(err, http.StatusTooManyRequests) || unbudgeted.n.Load() != 1 || int(unbudgeted.sent.Load()) != calls {
		t.Errorf("after %d uploads (%d requests, %d answered 429): %v; want the 429 returned, not retried", calls, unbudgeted.sent.Load(), unbudgeted.n.Load(), err)
	}

	// With budgets, the upload waits for its turn, the console can say for
	// how long beforehand, and no 429 comes. The first request is lost on
	// the way, so the client's budget runs one behind the sandbox's.
	budgets := apiclient.NewBudgets(true)
	budgeted := &countingTransport{status: http.StatusTooManyRequests, dropFirst: true}
	c = api.client(t, "contract-upload-rate-b", sandbox.ScopeWrite,
		apiclient.WithHTTPClient(&http.Client{Transport: budgeted}), apiclient.WithBudgets(budgets))
	if _, err := c.UploadPDF(ctx, "lost.pdf", bytes.NewReader(pdf)); err == nil {
		t.Fatal("the dropped upload succeeded")
	}
	for i := range heavyPerMinute - 2 {
		if _, err := c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatalf("upload %d: %v", i+1, err)
		}
	}
	if w := c.BudgetWait(http.MethodPost, "knowledge_base/file_upload_api/pdf"); w != 0 {
		t.Errorf("with one upload left in the budget, BudgetWait = %s", w)
	}
	if _, err := c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	wait := c.BudgetWait(http.MethodPost, "knowledge_base/file_upload_api/pdf")
	if wait < 2*time.Second || wait > 3*time.Second {
		t.Errorf("with the budget spent, BudgetWait = %s, want up to 3s (60s / 20)", wait)
	}
	var sawWaiting atomic.Bool
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
				if budgets.Waiting() == 1 {
					sawWaiting.Store(true)
				}
			}
		}
	}()
	start := time.Now()
	res, err := c.UploadPDF(ctx, "waited.pdf", bytes.NewReader(pdf))
	close(done)
	if err != nil || res.Article.Title != "waited.pdf" {
		t.Fatalf("the upload that waited: %+v, %v", res, err)
	}
	if elapsed := time.Since(start); elapsed < wait-500*time.Millisecond {
		t.Errorf("the upload went after %s, though BudgetWait said %s", elapsed, wait)
	}
	if !sawWaiting.Load() || budgets.Waiting() != 0 {
		t.Errorf("Waiting() saw the upload: %v; after it: %d", sawWaiting.Load(), budgets.Waiting())
	}
	if budgeted.n.Load() != 0 {
		t.Errorf("%d answers were 429 despite the budget", budgeted.n.Load())
	}
}
