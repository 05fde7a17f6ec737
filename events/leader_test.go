package events

import (
	"context"
	"testing"
	"time"

	"qcadmin/database"
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

// leaderConnections counts the connections replicas hold leases on.
func leaderConnections(t *testing.T, db *database.DB) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity
		WHERE application_name = $1 AND datname = current_database()`, leaderName).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Asking to lead, however often and for however many names, takes one
// connection a replica; a replica does not lead a name twice.
func TestAskingToLeadTakesOneConnectionAReplica(t *testing.T) {
	buses, dbs := replicas(t, 2)
	ctx := context.Background()
	lease, ok, err := buses[0].TryLead(ctx, "inbox:s1")
	if err != nil || !ok {
		t.Fatalf("first replica: ok %v, err %v", ok, err)
	}
	defer lease.Release()
	if _, ok, _ := buses[0].TryLead(ctx, "inbox:s1"); ok {
		t.Fatal("the replica that leads a name led it a second time")
	}
	for range 20 {
		if _, ok, err := buses[1].TryLead(ctx, "inbox:s1"); err != nil || ok {
			t.Fatalf("second replica: ok %v, err %v; want another replica to lead", ok, err)
		}
	}
	for _, name := range []string{"inbox:s2", "inbox:s3"} {
		l, ok, err := buses[1].TryLead(ctx, name)
		if err != nil || !ok {
			t.Fatalf("%s: ok %v, err %v", name, ok, err)
		}
		defer l.Release()
	}
	if n := leaderConnections(t, dbs[0]); n != 2 {
		t.Fatalf("%d connections hold leases, want 2 (one a replica)", n)
	}
}

// When a replica's connection drops, it loses what it led; a lease lost so
// does not give up what the replica leads again since.
func TestLeasesAreLostWithTheirConnection(t *testing.T) {
	buses, dbs := replicas(t, 2)
	ctx := context.Background()
	x, ok, err := buses[0].TryLead(ctx, "inbox:x")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	y, ok, err := buses[0].TryLead(ctx, "inbox:y")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	var ended int
	if err := dbs[0].Pool.QueryRow(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND datname = current_database()`, leaderName).Scan(&ended); err != nil || ended != 1 {
		t.Fatalf("ended %d connections, %v; want the one", ended, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for x.Held(ctx) || y.Held(ctx) {
		if time.Now().After(deadline) {
			t.Fatal("leases say they are held after their connection ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	other, ok, err := buses[1].TryLead(ctx, "inbox:x")
	if err != nil || !ok {
		t.Fatalf("another replica could not lead a name whose leader's connection ended: ok %v, err %v", ok, err)
	}
	defer other.Release()
	again, ok, err := buses[0].TryLead(ctx, "inbox:y")
	if err != nil || !ok {
		t.Fatalf("the replica could not lead again on a new connection: ok %v, err %v", ok, err)
	}
	defer again.Release()
	y.Release() // the lost lease
	if !again.Held(ctx) {
		t.Fatal("releasing a lost lease gave up the one taken since")
	}
	if _, ok, _ := buses[1].TryLead(ctx, "inbox:y"); ok {
		t.Fatal("releasing a lost lease let another replica lead what this one leads again")
	}
}
