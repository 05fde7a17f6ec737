package events

import (
	"context"
	"testing"
)

func TestOneReplicaLeadsANameUntilItReleasesIt(t *testing.T) {
	buses, _ := replicas(t, 2)
	ctx := context.Background()
	a, ok, err := buses[0].TryLead(ctx, "inbox:s1")
	if err != nil || !ok {
		t.Fatalf("first replica: ok %v, err %v; want to lead", ok, err)
	}
	if _, ok, err := buses[1].TryLead(ctx, "inbox:s1"); err != nil || ok {
		t.Fatalf("second replica led a name the first holds (ok %v, err %v)", ok, err)
	}
	other, ok, err := buses[1].TryLead(ctx, "inbox:s2")
	if err != nil || !ok {
		t.Fatalf("another name: ok %v, err %v; want to lead", ok, err)
	}
	defer other.Release()
	if !a.Held(ctx) {
		t.Fatal("the leader's lease is not held")
	}
	a.Release()
	a.Release() // harmless
	b, ok, err := buses[1].TryLead(ctx, "inbox:s1")
	if err != nil || !ok {
		t.Fatalf("after release: ok %v, err %v; want the second replica to lead", ok, err)
	}
	b.Release()
	if b.Held(ctx) {
		t.Fatal("a released lease says it is held")
	}
}

func TestLocalAlwaysLeads(t *testing.T) {
	l, ok, err := NewLocal().TryLead(context.Background(), "inbox:s1")
	if err != nil || !ok || !l.Held(context.Background()) {
		t.Fatalf("local bus: ok %v, err %v", ok, err)
	}
	l.Release()
}
