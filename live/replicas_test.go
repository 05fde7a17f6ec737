package live

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/events"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// replicaHubs are n hubs, each on its own PostgreSQL bus of one database, as
// n console replicas would be.
func replicaHubs(t *testing.T, n int, cfg Config) []*Hub {
	t.Helper()
	url := pgtest.URL(t)
	hubs := make([]*Hub, n)
	for i := range n {
		db, err := database.Setup(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		bus, err := events.NewPostgres(context.Background(), db.Pool, nil)
		if err != nil {
			t.Fatal(err)
		}
		hubs[i] = New(bus, nil, cfg)
		t.Cleanup(func() {
			hubs[i].Close()
			bus.Close()
			db.Close()
		})
	}
	return hubs
}

func TestPresenceAndHeadsUpCrossReplicas(t *testing.T) {
	hubs := replicaHubs(t, 2, Config{})
	ana, err := hubs[0].Open(Watch{Scenario: "s1", Session: "a", Who: "Ana", Object: "article:1", Editing: true})
	if err != nil {
		t.Fatal(err)
	}
	ben, _ := hubs[1].Open(Watch{Scenario: "s1", Session: "b", Who: "Ben", Object: "article:1"})
	waitNudge(t, ana)
	deadline := time.Now().Add(arrives)
	for len(hubs[1].Presence(ben)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // Ana's answer to Ben's arrival
	}
	if got := hubs[0].Presence(ana); !slices.Equal(got, []Person{{Who: "Ben"}}) {
		t.Errorf("on replica 1 Ana sees %v", got)
	}
	if got := hubs[1].Presence(ben); !slices.Equal(got, []Person{{Who: "Ana", Editing: true}}) {
		t.Errorf("on replica 2 Ben sees %v", got)
	}

	var lat []time.Duration
	for range 20 {
		start := time.Now()
		hubs[0].Saved(Saved{Scenario: "s1", Object: "article:1", Who: "Ana", Session: "a", What: "a newer version"})
		select {
		case m := <-ben.Messages():
			if m.Kind != KindSaved {
				t.Fatalf("Ben got %+v", m)
			}
			lat = append(lat, time.Since(start))
		case <-time.After(arrives):
			t.Fatal("the heads-up did not reach the other replica")
		}
	}
	slices.Sort(lat)
	t.Logf("heads-up from one replica to a page on another, through PostgreSQL: median %s, max %s", lat[len(lat)/2], lat[len(lat)-1])

	ana.Close()
	deadline = time.Now().Add(arrives)
	for len(hubs[1].Presence(ben)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := hubs[1].Presence(ben); len(got) != 0 {
		t.Errorf("Ana left replica 1; Ben on replica 2 still sees %v", got)
	}
}

// Viewers of one inbox on three replicas: one replica reads it per poll, for all.
func TestOneReplicaPollsAnInboxForAll(t *testing.T) {
	hubs := replicaHubs(t, 3, Config{PollEvery: 200 * time.Millisecond})
	var reads [3]atomic.Int64
	var streams []*Stream
	for i, h := range hubs {
		for j := range 3 {
			s, err := h.Open(Watch{Scenario: "s1", Session: string(rune('a' + i*3 + j)), Object: "inbox", Poll: func(context.Context, bool) (map[string]string, error) {
				reads[i].Add(1)
				return map[string]string{}, nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			streams = append(streams, s)
		}
	}
	time.Sleep(1100 * time.Millisecond)
	var total, leaders int64
	for i := range reads {
		total += reads[i].Load()
		if reads[i].Load() > 0 {
			leaders++
		}
	}
	if leaders != 1 || total < 4 || total > 7 {
		t.Errorf("reads per replica %d, %d, %d over 5.5 polls: want one replica reading at once and once a poll", reads[0].Load(), reads[1].Load(), reads[2].Load())
	}

	// The leader's viewers leave: another replica takes over.
	var leader int
	for i := range reads {
		if reads[i].Load() > 0 {
			leader = i
		}
	}
	for _, s := range streams[leader*3 : leader*3+3] {
		s.Close()
	}
	before := [3]int64{reads[0].Load(), reads[1].Load(), reads[2].Load()}
	time.Sleep(1100 * time.Millisecond)
	took := 0
	for i := range reads {
		if i != leader && reads[i].Load() > before[i] {
			took++
		}
	}
	if took != 1 || reads[leader].Load() != before[leader] {
		t.Errorf("after the leader's viewers left: reads %d, %d, %d (before %v); want exactly one other replica reading",
			reads[0].Load(), reads[1].Load(), reads[2].Load(), before)
	}
}
