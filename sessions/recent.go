package sessions

import (
	"maps"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// Sessions read recently are kept in memory for a few seconds, as stored and
// as decoded, so a person clicking through pages costs neither a database
// read nor a decode per request. Every write and delete goes through the
// store below, so the memory never disagrees with this process's database;
// the idle timeout and the session's end are checked on every Load anyway.
// On PostgreSQL other replicas write the same rows, so rows are not kept
// there (sessions.go); decoded sessions are, being keyed by the row's bytes.
const (
	recentFor = 10 * time.Second // how long an unused entry is kept, at most twice this
	recentMax = 1024             // entries per generation, so at most twice this
)

// recent is a small two-generation cache: entries move to a new generation
// when used, and a generation is dropped whole once it is recentFor old or
// full, which bounds both memory and staleness without per-entry bookkeeping.
type recent[V any] struct {
	mu        sync.Mutex
	cur, prev map[string]V
	started   time.Time
}

func newRecent[V any]() *recent[V] {
	return &recent[V]{cur: map[string]V{}, prev: map[string]V{}, started: time.Now()}
}

func (r *recent[V]) rotateIfDue() {
	if len(r.cur) >= recentMax || time.Since(r.started) >= recentFor {
		r.prev, r.cur, r.started = r.cur, make(map[string]V, len(r.cur)), time.Now()
	}
}

func (r *recent[V]) get(k string) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rotateIfDue()
	if v, ok := r.cur[k]; ok {
		return v, true
	}
	v, ok := r.prev[k]
	if ok {
		delete(r.prev, k)
		r.cur[k] = v
	}
	return v, ok
}

// getBytes is get for a key held as bytes, looked up without copying them.
func (r *recent[V]) getBytes(k []byte) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rotateIfDue()
	if v, ok := r.cur[string(k)]; ok {
		return v, true
	}
	v, ok := r.prev[string(k)]
	if ok {
		delete(r.prev, string(k))
		r.cur[string(k)] = v
	}
	return v, ok
}

func (r *recent[V]) put(k string, v V) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rotateIfDue()
	delete(r.prev, k)
	r.cur[k] = v
}

func (r *recent[V]) forget(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.cur, k)
	delete(r.prev, k)
}

// decoded is a session's data as the codec returns it.
type decoded struct {
	deadline time.Time
	values   map[string]any
}

// recentCodec is scs's gob codec, remembering what it decoded recently by the
// encoded bytes. Each Decode gets a map of its own (scs changes it in place);
// the values in it are never changed in place, only replaced.
type recentCodec struct {
	scs.GobCodec
	seen *recent[decoded]
}

func (c recentCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if d, ok := c.seen.getBytes(b); ok {
		return d.deadline, maps.Clone(d.values), nil
	}
	deadline, values, err := c.GobCodec.Decode(b)
	if err != nil {
		return deadline, values, err
	}
	c.seen.put(string(b), decoded{deadline: deadline, values: maps.Clone(values)})
	return deadline, values, nil
}
