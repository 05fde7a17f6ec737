package apiclient_test

import (
	"net/http"
	"slices"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractRetrain(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-retrain", sandbox.ScopeWrite)
	ctx := t.Context()

	reader := api.client(t, "contract-retrain", sandbox.ScopeRead)
	if err := reader.RetrainKnowledgeBase(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("retraining with a read-only token: %v, want 403", err)
	}
	publish(t, c, "", "Orders ship in 2 days.")
	if err := c.RetrainKnowledgeBase(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := c.GetKnowledgeBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	later := []string{"to_be_retrained", "in_progress", "up_to_date"}
	if s.RetrainState == nil || !slices.Contains(later, *s.RetrainState) {
		t.Errorf("retrain state after asking for a retrain = %v, want one of %q", s.RetrainState, later)
	}
}
