package live

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/events"
)

// arrives bounds how long a test waits for what must come: it returns as
// soon as it comes, and a CI machine running every package's tests at once
// on two cores can hold a goroutine back for seconds.
const arrives = 10 * time.Second

func waitNudge(t *testing.T, s *Stream) {
	t.Helper()
	select {
	case <-s.Nudges():
	case <-time.After(arrives):
		t.Fatalf("no nudge within %s", arrives)
	}
}

func TestPresenceAndHeadsUpStayWithinTheirAgent(t *testing.T) {
	h := New(events.NewLocal(), nil, Config{})
	defer h.Close()
	ana, err := h.Open(Watch{Scenario: "s1", Session: "a", Who: "Ana", Object: "article:1", Editing: true})
	if err != nil {
		t.Fatal(err)
	}
	ben, _ := h.Open(Watch{Scenario: "s1", Session: "b", Who: "Ben", Object: "article:1"})
	eve, _ := h.Open(Watch{Scenario: "s2", Session: "e", Who: "Eve", Object: "article:1"})
	waitNudge(t, ana)
	waitNudge(t, ben)
	if got := h.Presence(ana); len(got) != 1 || got[0] != (Person{Who: "Ben"}) {
		t.Errorf("Ana sees %v, want Ben viewing", got)
	}
	if got := h.Presence(ben); len(got) != 1 || got[0] != (Person{Who: "Ana", Editing: true}) {
		t.Errorf("Ben sees %v, want Ana editing", got)
	}
	if got := h.Presence(eve); len(got) != 0 {
		t.Errorf("another agent's stream sees %v", got)
	}

	h.Saved(Saved{Scenario: "s1", Object: "article:1", Who: "Ana", Session: "a", What: "a newer version"})
	select {
	case m := <-ben.Messages():
		if m.Kind != KindSaved || m.Saved.Who != "Ana" {
			t.Errorf("Ben got %+v", m)
		}
	case <-time.After(arrives):
		t.Fatal("Ben got no heads-up")
	}
	select {
	case m := <-ana.Messages():
		t.Errorf("Ana got her own save: %+v", m)
	case m := <-eve.Messages():
		t.Errorf("another agent's stream got %+v", m)
	case <-time.After(200 * time.Millisecond):
	}

	ben.Close()
	waitNudge(t, ana)
	if got := h.Presence(ana); len(got) != 0 {
		t.Errorf("Ben left, Ana sees %v", got)
	}
}

func TestStreamsAreBounded(t *testing.T) {
	h := New(events.NewLocal(), nil, Config{PerSession: 2, Total: 3})
	defer h.Close()
	w := Watch{Scenario: "s1", Session: "a", Object: "inbox"}
	a1, _ := h.Open(w)
	if _, err := h.Open(w); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Open(w); err != ErrTooMany {
		t.Fatalf("third stream of a session: %v", err)
	}
	a1.Close()
	if _, err := h.Open(w); err != nil {
		t.Fatalf("after one closed: %v", err)
	}
	w.Session = "b"
	if _, err := h.Open(w); err != nil {
		t.Fatal(err)
	}
	w.Session = "c"
	if _, err := h.Open(w); err != ErrTooMany {
		t.Fatalf("over the total: %v", err)
	}
	h.Close()
	if _, err := h.Open(w); err != ErrClosed {
		t.Fatalf("after Close: %v", err)
	}
}

func TestOnePollerPerAgentTellsEveryViewerOfAChange(t *testing.T) {
	h := New(events.NewLocal(), nil, Config{PollEvery: 50 * time.Millisecond})
	defer h.Close()
	var row atomic.Value
	row.Store("x")
	reads := make(chan struct{}, 100)
	poll := func(context.Context, bool) (map[string]string, error) {
		reads <- struct{}{}
		return map[string]string{"c1": row.Load().(string)}, nil
	}
	var viewers []*Stream
	for i := range 5 {
		s, err := h.Open(Watch{Scenario: "s1", Session: string(rune('a' + i)), Object: "inbox", Poll: poll})
		if err != nil {
			t.Fatal(err)
		}
		viewers = append(viewers, s)
	}
	time.Sleep(275 * time.Millisecond)
	if n := len(reads); n < 4 || n > 7 {
		t.Errorf("5 viewers over 5.5 polls: %d reads, want one at once and one per poll", n)
	}
	row.Store("y")
	for _, v := range viewers {
		select {
		case m := <-v.Messages():
			if m.Kind != KindInbox {
				t.Errorf("viewer got %+v", m)
			}
		case <-time.After(arrives):
			t.Fatal("a viewer was not told the inbox changed")
		}
	}
	for _, v := range viewers {
		v.Close()
	}
	time.Sleep(100 * time.Millisecond)
	for len(reads) > 0 {
		<-reads
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(reads); n != 0 {
		t.Errorf("the poller read %d times after everyone left", n)
	}
}

// A beat that changes nothing about who is there sends no page a presence
// update; someone arriving or leaving does.
func TestBeatsThatChangeNothingStayQuiet(t *testing.T) {
	h := New(events.NewLocal(), nil, Config{Beat: 40 * time.Millisecond})
	defer h.Close()
	ana, _ := h.Open(Watch{Scenario: "s1", Session: "a", Who: "Ana", Object: "article:1", Editing: true})
	ben, _ := h.Open(Watch{Scenario: "s1", Session: "b", Who: "Ben", Object: "article:1"})
	waitNudge(t, ana)
	waitNudge(t, ben)
	// Let the arrivals settle: a beat may have announced Ben before his
	// arrival did, which is news twice.
	for settled, n := false, 0; !settled; n++ {
		if n == 4 {
			t.Fatal("the pages are still told who is there again and again")
		}
		select {
		case <-ana.Nudges():
		case <-ben.Nudges():
		case <-time.After(250 * time.Millisecond):
			settled = true
		}
	}
	quiet := time.After(400 * time.Millisecond) // ten beats
	for done := false; !done; {
		select {
		case <-ana.Nudges():
			t.Fatal("Ana's page was told who is there again, with nothing changed")
		case <-ben.Nudges():
			t.Fatal("Ben's page was told who is there again, with nothing changed")
		case <-quiet:
			done = true
		}
	}
	cai, _ := h.Open(Watch{Scenario: "s1", Session: "c", Who: "Cai", Object: "article:1"})
	waitNudge(t, ana)
	waitNudge(t, ben)
	cai.Close()
	waitNudge(t, ana)
	if got := h.Presence(ana); len(got) != 1 || got[0].Who != "Ben" {
		t.Fatalf("after Cai left Ana sees %v", got)
	}
}
