package events

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// next waits for one event on ch.
func next(t testing.TB, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the subscription was closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return Event{}
}

// none checks that nothing arrives on ch for a moment.
func none(t *testing.T, ch <-chan Event) {
	t.Helper()
	select {
	case e := <-ch:
		t.Fatalf("unexpected event %+v", e)
	case <-time.After(150 * time.Millisecond):
	}
}

func TestLocalDeliversByTopic(t *testing.T) {
	bus := NewLocal()
	defer bus.Close()
	changed, stopChanged := bus.Subscribe("article.changed")
	defer stopChanged()
	all, stopAll := bus.Subscribe("")
	defer stopAll()
	other, stopOther := bus.Subscribe("presence")
	defer stopOther()

	if err := bus.Publish(t.Context(), Event{Topic: "article.changed", Payload: json.RawMessage(`{"id": 42}`)}); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan Event{changed, all} {
		e := next(t, ch)
		if e.Topic != "article.changed" || string(e.Payload) != `{"id":42}` || e.Replica != bus.Replica() {
			t.Errorf("got %+v", e)
		}
	}
	none(t, other)
}

func TestPublishRefusesWhatTheBusCannotCarry(t *testing.T) {
	bus := NewLocal()
	defer bus.Close()
	big := json.RawMessage(`"` + strings.Repeat("x", MaxEventBytes) + `"`)
	if err := bus.Publish(t.Context(), Event{Topic: "t", Payload: big}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a %d-byte payload: err = %v, want ErrTooLarge", len(big), err)
	}
	if err := bus.Publish(t.Context(), Event{Topic: "t", Payload: json.RawMessage(`{not json`)}); err == nil {
		t.Error("a payload that is not JSON was published")
	}
	for _, topic := range []string{"", TopicMissed} {
		if err := bus.Publish(t.Context(), Event{Topic: topic}); err == nil {
			t.Errorf("published on topic %q", topic)
		}
	}
}

func TestASlowSubscriberLosesEventsWithoutHoldingUpOthers(t *testing.T) {
	bus := NewLocal()
	defer bus.Close()
	slow, stopSlow := bus.Subscribe("t") // never read
	defer stopSlow()
	fast, stopFast := bus.Subscribe("t")
	defer stopFast()
	const n = subscriberBuffer + 10
	for i := range n {
		if err := bus.Publish(t.Context(), Event{Topic: "t"}); err != nil { // returns although slow is full
			t.Fatal(err)
		}
		if e := next(t, fast); e.Topic != "t" {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	if got := bus.Dropped(); got != 10 {
		t.Errorf("Dropped = %d, want the 10 the slow subscriber had no room for", got)
	}
	if len(slow) != subscriberBuffer {
		t.Errorf("slow subscriber holds %d events, want a full buffer of %d", len(slow), subscriberBuffer)
	}
}

func TestStoppingASubscriptionClosesItsChannel(t *testing.T) {
	bus := NewLocal()
	ch, stop := bus.Subscribe("t")
	stop()
	stop() // twice is harmless
	if _, ok := <-ch; ok {
		t.Error("channel still open after stop")
	}
	kept, _ := bus.Subscribe("t")
	bus.Close()
	if _, ok := <-kept; ok {
		t.Error("channel still open after Close")
	}
	late, _ := bus.Subscribe("t")
	if _, ok := <-late; ok {
		t.Error("a subscription after Close is open")
	}
	if err := bus.Publish(t.Context(), Event{Topic: "t"}); err != nil {
		t.Errorf("Publish after Close: %v", err)
	}
}

// replicas opens n buses on one fresh PostgreSQL database, each through its
// own *database.DB as separate console processes would.
func replicas(t testing.TB, n int) ([]*Postgres, []*database.DB) {
	t.Helper()
	url := pgtest.URL(t)
	buses := make([]*Postgres, n)
	dbs := make([]*database.DB, n)
	for i := range n {
		db, err := database.Setup(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		bus, err := NewPostgres(context.Background(), db.Pool, nil)
		if err != nil {
			db.Close()
			t.Fatal(err)
		}
		t.Cleanup(func() {
			bus.Close()
			db.Close()
		})
		buses[i], dbs[i] = bus, db
	}
	return buses, dbs
}

func TestPostgresCarriesEventsToTheOtherReplicas(t *testing.T) {
	buses, _ := replicas(t, 2)
	a, b := buses[0], buses[1]
	if a.Replica() == b.Replica() {
		t.Fatal("two replicas share an id")
	}
	onA, stopA := a.Subscribe("article.changed")
	defer stopA()
	onB, stopB := b.Subscribe("article.changed")
	defer stopB()

	if err := a.Publish(t.Context(), Event{Topic: "article.changed", Payload: json.RawMessage(`{"id":42}`)}); err != nil {
		t.Fatal(err)
	}
	for name, ch := range map[string]<-chan Event{"A": onA, "B": onB} {
		e := next(t, ch)
		if e.Topic != "article.changed" || string(e.Payload) != `{"id":42}` || e.Replica != a.Replica() {
			t.Errorf("%s got %+v, want A's event", name, e)
		}
	}
	none(t, onA) // A's own event comes once, not again through PostgreSQL

	// The largest event the bus takes goes through NOTIFY.
	topic := "big"
	pad := MaxEventBytes - len(`{"t":"big","p":"","r":""}`) - len(a.Replica())
	big := json.RawMessage(`"` + strings.Repeat("x", pad) + `"`)
	bigB, stopBig := b.Subscribe(topic)
	defer stopBig()
	if err := a.Publish(t.Context(), Event{Topic: topic, Payload: big}); err != nil {
		t.Fatalf("an event of exactly %d bytes: %v", MaxEventBytes, err)
	}
	if e := next(t, bigB); len(e.Payload) != len(big) {
		t.Errorf("B got %d bytes of payload, want %d", len(e.Payload), len(big))
	}
	big = json.RawMessage(`"` + strings.Repeat("x", pad+1) + `"`)
	if err := a.Publish(t.Context(), Event{Topic: topic, Payload: big}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte more: err = %v, want ErrTooLarge", err)
	}
}

func TestPostgresListensAgainAfterItsConnectionIsKilled(t *testing.T) {
	buses, dbs := replicas(t, 2)
	a, b := buses[0], buses[1]
	onB, stop := b.Subscribe("t")
	defer stop()
	missed, stopMissed := b.Subscribe(TopicMissed)
	defer stopMissed()

	pid := b.pid.Load()
	var killed bool
	if err := dbs[0].QueryRowContext(t.Context(), "SELECT pg_terminate_backend($1)", pid).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, killed, err)
	}
	if e := next(t, missed); e.Topic != TopicMissed {
		t.Fatalf("got %+v, want word that events may have been missed", e)
	}
	if p := b.pid.Load(); p == 0 || p == pid {
		t.Fatalf("listening on backend %d after %d was killed", p, pid)
	}
	if err := a.Publish(t.Context(), Event{Topic: "t", Payload: json.RawMessage(`1`)}); err != nil {
		t.Fatal(err)
	}
	if e := next(t, onB); string(e.Payload) != "1" {
		t.Errorf("after reconnecting B got %+v", e)
	}
}

func TestPostgresKeepsAQuietConnection(t *testing.T) {
	was := quietCheck
	t.Cleanup(func() { quietCheck = was }) // after the buses stop
	quietCheck = 20 * time.Millisecond
	buses, _ := replicas(t, 2)
	a, b := buses[0], buses[1]
	onB, stop := b.Subscribe("t")
	defer stop()
	missed, stopMissed := b.Subscribe(TopicMissed)
	defer stopMissed()
	pid := b.pid.Load()
	time.Sleep(200 * time.Millisecond) // several quiet checks
	if err := a.Publish(t.Context(), Event{Topic: "t"}); err != nil {
		t.Fatal(err)
	}
	next(t, onB)
	if p := b.pid.Load(); p != pid {
		t.Errorf("listening on backend %d, was %d: a quiet connection was dropped", p, pid)
	}
	none(t, missed)
}

func TestPostgresCloseStopsListening(t *testing.T) {
	buses, dbs := replicas(t, 1)
	bus := buses[0]
	ch, _ := bus.Subscribe("t")
	bus.Close()
	if _, ok := <-ch; ok {
		t.Error("channel open after Close")
	}
	// The server ends the connection's backend a moment after it is closed.
	var n int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		err := dbs[0].QueryRowContext(t.Context(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", listenerName).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d listening connections left 5s after Close", n)
		}
	}
}

// BenchmarkPostgresDelivery is the time from Publish on one replica until
// another replica's subscriber has the event.
func BenchmarkPostgresDelivery(b *testing.B) {
	buses, _ := replicas(b, 2)
	ch, stop := buses[1].Subscribe("t")
	defer stop()
	ctx := context.Background()
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := buses[0].Publish(ctx, Event{Topic: "t", Payload: json.RawMessage(`{"agent":"scenario:demo","families":["article:42","articles"]}`)}); err != nil {
			b.Fatal(err)
		}
		next(b, ch)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}
