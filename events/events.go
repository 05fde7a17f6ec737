// Package events carries short messages between the parts of the console,
// and between its replicas when several share one PostgreSQL database: "this
// resource changed", so that every replica forgets its cached copy, and later
// presence and live updates for open pages.
//
// A Local bus delivers within the process (one replica, the default); a
// Postgres bus sends each event through PostgreSQL's NOTIFY and hears the
// others' on one LISTEN connection. Delivery is at most once: an event is
// lost when a subscriber's buffer is full, or while a replica's connection
// to the database is down (subscribers of TopicMissed are told then).
package events

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Event is one message on the bus.
type Event struct {
	// Topic says what the event is about, such as "cache.invalidated".
	Topic string `json:"t"`
	// Payload is the event's JSON; empty for none.
	Payload json.RawMessage `json:"p,omitempty"`
	// Replica is the id of the replica that published the event, filled in
	// by Publish, so that a subscriber can skip its own replica's events.
	Replica string `json:"r"`
}

// TopicMissed is delivered by a bus itself, to the subscribers of this topic
// only, when events may have been lost: after its connection to the database
// came back. A subscriber that keeps state from events starts afresh.
const TopicMissed = "events.missed"

// MaxEventBytes bounds an event as it travels, topic and replica id
// included: PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. Both
// buses refuse larger events alike, so what works on one replica works on
// several.
const MaxEventBytes = 7999

// ErrTooLarge is returned by Publish for an event over MaxEventBytes: send
// an id and let subscribers read the rest from where it is kept.
var ErrTooLarge = errors.New("events: event too large for the bus")

// subscriberBuffer is how many events wait for a slow subscriber before new
// ones are dropped for it.
const subscriberBuffer = 256

// Bus publishes events and delivers them to subscribers.
type Bus interface {
	// Publish sends e to every subscriber of its topic, on every replica.
	Publish(ctx context.Context, e Event) error
	// Subscribe returns the events of topic ("" for every topic) as they
	// come, and a function that stops them and closes the channel. A
	// subscriber that falls behind loses events rather than holding up the
	// others.
	Subscribe(topic string) (<-chan Event, func())
	// Replica is this replica's id, as its events carry it.
	Replica() string
	// Dropped is how many events were lost because a subscriber's buffer
	// was full.
	Dropped() int64
	// Close stops delivery and closes every subscriber's channel.
	Close() error
}

// hub delivers events to the subscribers of one process.
type hub struct {
	replica string
	dropped atomic.Int64

	mu     sync.Mutex
	closed bool
	subs   map[string]map[*subscriber]struct{} // by topic; "" for every topic
}

type subscriber struct {
	ch   chan Event
	once sync.Once
}

func newHub() hub {
	return hub{replica: newReplicaID(), subs: map[string]map[*subscriber]struct{}{}}
}

// newReplicaID names a replica for as long as its process runs.
func newReplicaID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (h *hub) Replica() string { return h.replica }
func (h *hub) Dropped() int64  { return h.dropped.Load() }

func (h *hub) Subscribe(topic string) (<-chan Event, func()) {
	s := &subscriber{ch: make(chan Event, subscriberBuffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	if h.subs[topic] == nil {
		h.subs[topic] = map[*subscriber]struct{}{}
	}
	h.subs[topic][s] = struct{}{}
	return s.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[topic][s]; ok {
			delete(h.subs[topic], s)
			s.once.Do(func() { close(s.ch) })
		}
	}
}

// deliver hands e to its topic's subscribers and to those of every topic,
// without waiting for any of them. TopicMissed goes to its own subscribers only.
func (h *hub) deliver(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	send := func(subs map[*subscriber]struct{}) {
		for s := range subs {
			select {
			case s.ch <- e:
			default:
				h.dropped.Add(1)
			}
		}
	}
	send(h.subs[e.Topic])
	if e.Topic != TopicMissed {
		send(h.subs[""])
	}
}

// close closes every subscriber's channel; later subscriptions get a closed one.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, subs := range h.subs {
		for s := range subs {
			s.once.Do(func() { close(s.ch) })
		}
	}
	clear(h.subs)
}

// encode stamps e with this replica's id and returns it as it travels,
// refusing what the bus cannot carry.
func (h *hub) encode(e Event) (Event, []byte, error) {
	if e.Topic == "" || e.Topic == TopicMissed {
		return e, nil, fmt.Errorf("events: cannot publish on topic %q", e.Topic)
	}
	e.Replica = h.replica
	if len(e.Payload) > 0 {
		// Subscribers here get the payload as those on other replicas do.
		var compact bytes.Buffer
		if err := json.Compact(&compact, e.Payload); err != nil {
			return e, nil, fmt.Errorf("events: %s: payload is not JSON: %w", e.Topic, err)
		}
		e.Payload = compact.Bytes()
	}
	wire, err := json.Marshal(e)
	if err != nil {
		return e, nil, fmt.Errorf("events: %s: %w", e.Topic, err)
	}
	if len(wire) > MaxEventBytes {
		return e, nil, fmt.Errorf("%w: %s is %d bytes, at most %d fit", ErrTooLarge, e.Topic, len(wire), MaxEventBytes)
	}
	return e, wire, nil
}

// Local is the bus of one process: the console's default, on SQLite.
type Local struct{ hub }

// NewLocal returns a bus that delivers within this process.
func NewLocal() *Local { return &Local{newHub()} }

// Publish delivers e to this process's subscribers.
func (l *Local) Publish(ctx context.Context, e Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e, _, err := l.encode(e)
	if err != nil {
		return err
	}
	l.deliver(e)
	return nil
}

// Close closes every subscriber's channel.
func (l *Local) Close() error {
	l.close()
	return nil
}
