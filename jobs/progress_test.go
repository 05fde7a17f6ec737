package jobs_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"qcadmin/events"
	"qcadmin/jobs"
	"qcadmin/live"
	"qcadmin/sandbox"
)

// A job tells its pages as articles finish, at most one event per half
// second, and once more, at once, when it ends.
func TestProgressEventsAreThrottledAndEndOnce(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(8, "paced")
	// Each article's save takes 150 ms: the job runs about 1.2 s.
	r.onUpdate = func(int64) { time.Sleep(150 * time.Millisecond) }
	bus := events.NewLocal()
	t.Cleanup(func() { bus.Close() })
	r.bus = bus
	heard, stop := bus.Subscribe(live.TopicJob)
	defer stop()
	e := r.engine()
	t.Cleanup(func() { e.Stop(context.Background()) })
	id := r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids})

	type note struct {
		live.JobNote
		at time.Time
	}
	var notes []note
	deadline := time.After(30 * time.Second)
	for len(notes) == 0 || !notes[len(notes)-1].Ended {
		select {
		case ev := <-heard:
			var n live.JobNote
			if err := json.Unmarshal(ev.Payload, &n); err != nil {
				t.Fatal(err)
			}
			notes = append(notes, note{n, time.Now()})
		case <-deadline:
			t.Fatalf("no end of the job heard within 30 s; heard %+v", notes)
		}
	}
	if j := r.wait(e, id, time.Second); j.State != jobs.Done || j.Done != 8 {
		t.Fatalf("job ended %s, %d done", j.State, j.Done)
	}
	for _, n := range notes {
		if n.Scenario != sandbox.DemoScenarioID || n.Job != id {
			t.Errorf("event %+v names another agent or job, want %s job %d", n.JobNote, sandbox.DemoScenarioID, id)
		}
	}
	progress := notes[:len(notes)-1]
	if len(progress) < 3 {
		t.Errorf("%d progress events over 8 articles in about 1.2 s; want one at least every half second", len(progress))
	}
	if len(progress) > 5 {
		t.Errorf("%d progress events over 8 articles in about 1.2 s; want at most one per half second", len(progress))
	}
	for i := 1; i < len(progress); i++ {
		if gap := progress[i].at.Sub(progress[i-1].at); gap < 450*time.Millisecond {
			t.Errorf("progress events %d and %d came %s apart; want half a second at least", i-1, i, gap)
		}
	}
	// Nothing more after the end: no event held back goes out late.
	select {
	case ev := <-heard:
		t.Errorf("an event after the job ended: %s", ev.Payload)
	case <-time.After(700 * time.Millisecond):
	}
}

// Cancelling a queued job tells its pages at once that it ended.
func TestCancelTellsThePages(t *testing.T) {
	r := newRig(t, "", false)
	ids := r.drafts(2, "cancel-live")
	bus := events.NewLocal()
	t.Cleanup(func() { bus.Close() })
	r.bus = bus
	heard, stop := bus.Subscribe(live.TopicJob)
	defer stop()
	e := r.engine()
	// Not started: the job stays queued until cancelled.
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := r.start(e, jobs.Start{Kind: jobs.Publish, IDs: ids})
	if err := e.Cancel(context.Background(), sandbox.DemoScenarioID, id); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-heard:
		var n live.JobNote
		_ = json.Unmarshal(ev.Payload, &n)
		if !n.Ended || n.Job != id {
			t.Errorf("heard %+v, want job %d ended", n, id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling a queued job told its pages nothing")
	}
}
