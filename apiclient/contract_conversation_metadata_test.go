package apiclient_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractConversationMetadata(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	reader := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	all := allDemoConversations(t, c)
	conv := all[0].ID

	seeded := 0
	for _, other := range all {
		m, err := reader.GetConversationMetadata(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) > 0 {
			seeded++
		}
	}
	if seeded == 0 {
		t.Error("no demo conversation has metadata")
	}

	// A round trip keeps every type, and big numbers to the digit.
	want := map[string]any{
		"ticket_id": "T-1234", "priority": "high", "reviewed": true, "note": nil,
		"order":  json.Number("12345678901234567890"),
		"amount": json.Number("19.99"),
		"count":  json.Number("3"),
		"review": map[string]any{"by": "ana@example.com", "labels": []any{"refund", json.Number("2"), false}},
		"żółw":   "🐢",
	}
	got, err := c.SetConversationMetadata(ctx, conv, want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("POST answered\n%#v\nwant\n%#v", got, want)
	}
	if got, err = reader.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%#v (%v)\nwant\n%#v", got, err, want)
	}

	// A POST replaces: keys it leaves out are gone.
	if got, err = c.SetConversationMetadata(ctx, conv, map[string]any{"priority": "low"}); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("after replacing: %#v, %v", got, err)
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("read back after replacing: %#v, %v", got, err)
	}

	// The demo schema: priority is one of a few values; the 422 says where.
	var apiErr *apiclient.APIError
	for _, priority := range []any{"whenever", json.Number("3"), nil} {
		_, err = c.SetConversationMetadata(ctx, conv, map[string]any{"ticket_id": "T-1", "priority": priority})
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" || !strings.Contains(apiErr.Message, "/priority") {
			t.Errorf("priority %v, outside the schema: %v, want 422 with the path to priority", priority, err)
		}
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("the refused POST changed the metadata: %#v, %v", got, err)
	}

	// A read-only token may read, not write.
	_, err = reader.SetConversationMetadata(ctx, conv, map[string]any{"priority": "high"})
	wantDenied := apiclient.APIError{Status: http.StatusForbidden, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}
	if !errors.As(err, &apiErr) || *apiErr != wantDenied {
		t.Errorf("a read-only POST: %v, want %v", err, &wantDenied)
	}

	// Clearing: nil stores an empty object.
	if got, err = c.SetConversationMetadata(ctx, conv, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("clearing: %#v, %v", got, err)
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || len(got) != 0 {
		t.Errorf("read back after clearing: %#v, %v", got, err)
	}

	// Another conversation is untouched; an unknown one is 404.
	if _, err := c.SetConversationMetadata(ctx, "00000000-0000-0000-0000-000000000000", map[string]any{"priority": "low"}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("metadata of an unknown conversation: %v, want 404", err)
	}
}
