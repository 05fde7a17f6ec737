package sessions

import (
	"sync"
	"testing"
	"time"
)

// slowRows is a row store whose reads can be held while a write goes through.
type slowRows struct {
	rowStore
	mu       sync.Mutex
	rows     map[string][]byte
	reading  chan struct{} // a read has started and holds what it found
	deleting chan struct{} // a delete has started and not yet removed the row
	resume   chan struct{}
}

func (s *slowRows) Find(key string) ([]byte, bool, error) {
	s.mu.Lock()
	b, ok := s.rows[key]
	s.mu.Unlock()
	if s.reading != nil {
		close(s.reading)
		<-s.resume
	}
	return b, ok, nil
}

func (s *slowRows) Delete(key string) error {
	if s.deleting != nil {
		close(s.deleting)
		<-s.resume
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.rows, key)
	return nil
}

func (s *slowRows) Commit(key string, b []byte, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[key] = b
	return nil
}

// A read that overlaps a write never leaves the row as it was before the write in memory.
func TestARowReadDuringAWriteIsNotRemembered(t *testing.T) {
	inner := &slowRows{rows: map[string][]byte{"k": []byte("old")}, reading: make(chan struct{}), resume: make(chan struct{})}
	store := &idleStore{inner: inner, m: &Manager{}, rows: newRecent[[]byte]()}
	done := make(chan []byte)
	go func() {
		b, _, _ := store.Find("k")
		done <- b
	}()
	<-inner.reading // the read holds "old"
	inner.reading = nil
	if err := store.Commit("k", []byte("new"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	close(inner.resume)
	if b := <-done; string(b) != "old" {
		t.Fatalf("the overlapping read got %q", b)
	}
	if b, _, _ := store.Find("k"); string(b) != "new" {
		t.Fatalf("after the write the store answers %q, want the written row", b)
	}
}

// A row read while a delete is under way (a revoked or signed-out session) is not remembered.
func TestARowReadDuringADeleteIsNotRemembered(t *testing.T) {
	inner := &slowRows{rows: map[string][]byte{"k": []byte("signed in")}, deleting: make(chan struct{}), resume: make(chan struct{})}
	store := &idleStore{inner: inner, m: &Manager{}, rows: newRecent[[]byte]()}
	deleted := make(chan error)
	go func() { deleted <- store.Delete("k") }()
	<-inner.deleting
	if b, _, _ := store.Find("k"); string(b) != "signed in" {
		t.Fatalf("before the delete ends the row reads %q", b)
	}
	close(inner.resume)
	if err := <-deleted; err != nil {
		t.Fatal(err)
	}
	if b, found, _ := store.Find("k"); found {
		t.Fatalf("after the delete the store still answers %q from memory", b)
	}
}
