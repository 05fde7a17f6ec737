package apiclient_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func TestContractAIActions(t *testing.T) {
	api := newContractAPI(t, false)
	const agent = "contract-actions"
	c := api.client(t, agent, sandbox.ScopeWrite)
	reader := api.client(t, agent, sandbox.ScopeRead)
	ctx := t.Context()

	empty, err := reader.ListAIActions(ctx)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("a new agent's actions: %#v, %v", empty, err)
	}

	// Create: empty, inactive, invalid (201).
	kb, err := c.CreateKBAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kb.ID <= 0 || kb.Type != "knowledge_base" || kb.IsActive || kb.IsValid || kb.Tag != nil || kb.Name != "" || kb.ParameterDescription != "" {
		t.Errorf("a new KB action = %+v", kb)
	}
	// An invalid action cannot be switched on.
	if got, err := c.SetAIActionActive(ctx, kb.ID, true); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("activating an empty action: %+v, %v; want 422", got, err)
	}

	// Named and tagged with a tag no article carries: still not valid.
	in := apiclient.KBActionInput{Name: "Search Returns", Description: "Search the return policy articles when customer asks about returns.",
		ParameterDescription: "The return-related query from the customer", Tag: "returns"}
	kb, err = c.UpdateKBAction(ctx, kb.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if kb.Name != in.Name || kb.Description != in.Description || kb.ParameterDescription != in.ParameterDescription || kb.Tag == nil || *kb.Tag != "returns" {
		t.Errorf("after the PUT: %+v", kb)
	}
	if kb.IsValid {
		t.Errorf("an action whose tag no article carries is valid: %+v", kb)
	}
	// Once an article carries the tag, it is.
	publish(t, c, "Return policy", "Returns are accepted within 30 days.", "returns")
	if kb, err = reader.GetKBAction(ctx, kb.ID); err != nil || !kb.IsValid || kb.IsActive {
		t.Fatalf("with a tagged article: %+v, %v", kb, err)
	}
	on, err := c.SetAIActionActive(ctx, kb.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if !on.IsActive || !on.IsValid || on.ID != kb.ID || on.Type != "knowledge_base" || on.Name != in.Name {
		t.Errorf("switched on: %+v", on)
	}
	if kb, err = reader.GetKBAction(ctx, kb.ID); err != nil || !kb.IsActive {
		t.Errorf("read back: %+v, %v", kb, err)
	}

	// The list shows it, and an action that is not a KB action is not one.
	second, err := c.CreateKBAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := reader.ListAIActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != kb.ID || !list[0].IsActive || !list[0].IsValid || list[1].ID != second.ID || list[1].IsValid {
		t.Errorf("list = %+v", list)
	}
	if !reflect.DeepEqual(list[0], *on) {
		t.Errorf("the list shows %+v, the switch %+v", list[0], on)
	}

	// Off, then deleted.
	off, err := c.SetAIActionActive(ctx, kb.ID, false)
	if err != nil || off.IsActive {
		t.Errorf("switched off: %+v, %v", off, err)
	}
	if err := c.DeleteAIAction(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.GetKBAction(ctx, kb.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("a deleted action: %v, want 404", err)
	}
	if err := c.DeleteAIAction(ctx, kb.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting twice: %v, want 404", err)
	}
	if _, err := c.SetAIActionActive(ctx, kb.ID, true); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("switching a deleted action: %v, want 404", err)
	}
	if list, err = reader.ListAIActions(ctx); err != nil || len(list) != 1 || list[0].ID != second.ID {
		t.Errorf("after deleting: %+v, %v", list, err)
	}

	// A PUT always sends all four fields; empty ones leave the action
	// invalid (a blank tag is no tag), and it cannot be switched on.
	named, err := c.UpdateKBAction(ctx, second.ID, apiclient.KBActionInput{Name: "Only a name"})
	if err != nil || named.Name != "Only a name" || named.IsValid || named.Tag != nil {
		t.Errorf("a PUT with only a name: %+v, %v", named, err)
	}
	if _, err := c.SetAIActionActive(ctx, second.ID, true); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("switching on an action with only a name: %v, want 422", err)
	}
	if _, err := c.UpdateKBAction(ctx, second.ID, apiclient.KBActionInput{Name: strings.Repeat("n", 101), Description: "d", ParameterDescription: "p", Tag: "returns"}); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("a name of 101 characters: %v, want 422", err)
	}

	// Another agent sees none of it; a reader may not write.
	other := api.client(t, "contract-actions-other", sandbox.ScopeWrite)
	if _, err := other.GetKBAction(ctx, second.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("another agent's action: %v, want 404", err)
	}
	if err := other.DeleteAIAction(ctx, second.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting another agent's action: %v, want 404", err)
	}
	for name, write := range map[string]func() error{
		"create": func() error { _, err := reader.CreateKBAction(ctx); return err },
		"update": func() error { _, err := reader.UpdateKBAction(ctx, second.ID, in); return err },
		"toggle": func() error { _, err := reader.SetAIActionActive(ctx, second.ID, false); return err },
		"delete": func() error { return reader.DeleteAIAction(ctx, second.ID) },
	} {
		if err := write(); !apiclient.IsStatus(err, http.StatusForbidden) {
			t.Errorf("%s with a read-only token: %v, want 403", name, err)
		}
	}
}

func TestContractDemoAIActions(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	ctx := t.Context()

	list, err := c.ListAIActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	var other *apiclient.AIAction
	for i, a := range list {
		types[a.Type]++
		if !slices.Contains([]string{"http_request", "remote_mcp", "shopify", "knowledge_base"}, a.Type) || a.ID <= 0 || a.Name == "" {
			t.Errorf("demo action %+v", a)
		}
		if a.Type != "knowledge_base" && other == nil {
			other = &list[i]
		}
		if a.Type == "knowledge_base" {
			kb, err := c.GetKBAction(ctx, a.ID)
			if err != nil || !reflect.DeepEqual(kb.AIAction, a) {
				t.Errorf("KB action %d: %+v, %v; the list says %+v", a.ID, kb, err, a)
			}
		}
	}
	if len(types) < 2 || types["knowledge_base"] == 0 || other == nil {
		t.Fatalf("demo actions by type: %v", types)
	}
	// Only Knowledge Base actions have the KB calls.
	if _, err := c.GetKBAction(ctx, other.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("GetKBAction on a %s action: %v, want 404", other.Type, err)
	}
	// Any action can be switched off.
	if got, err := c.SetAIActionActive(ctx, other.ID, false); err != nil || got.IsActive || got.ID != other.ID || got.Type != other.Type {
		t.Errorf("switching off a %s action: %+v, %v", other.Type, got, err)
	}
}
