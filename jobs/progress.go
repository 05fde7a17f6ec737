package jobs

import (
	"context"
	"sync"
	"time"

	"qcadmin/live"
)

// progressEvery is the least time between two progress events of one job:
// a page refreshes its progress at most twice a second however fast the
// articles go, and the latest progress still reaches it within this time.
const progressEvery = 500 * time.Millisecond

// progressNotes throttles the progress events of the jobs this process
// runs. Its lock is held while an event goes out, so a job's events leave
// in order and none follows its end.
type progressNotes struct {
	mu      sync.Mutex
	last    map[int64]time.Time   // when each job's last event went out
	pending map[int64]*time.Timer // an event held back, sent when progressEvery has passed
}

// progressed tells the pages watching job id of scenario that it moved on:
// at once when its last event is progressEvery old, else once that time
// has passed (one event then for everything in between).
func (e *Engine) progressed(scenario string, id int64) {
	if e.cfg.Bus == nil {
		return
	}
	p := &e.notes
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last == nil {
		p.last, p.pending = map[int64]time.Time{}, map[int64]*time.Timer{}
	}
	if p.pending[id] != nil {
		return // the event held back will say it
	}
	wait := progressEvery - time.Since(p.last[id])
	if wait <= 0 {
		p.last[id] = time.Now()
		e.publishJob(live.JobNote{Scenario: scenario, Job: id})
		return
	}
	var t *time.Timer
	t = time.AfterFunc(wait, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.pending[id] != t {
			return // the job ended meanwhile, and said so
		}
		delete(p.pending, id)
		p.last[id] = time.Now()
		e.publishJob(live.JobNote{Scenario: scenario, Job: id})
	})
	p.pending[id] = t
}

// ended tells the pages watching job id that it ended (done, cancelled or
// failed), at once whatever the throttle.
func (e *Engine) ended(scenario string, id int64) {
	if e.cfg.Bus == nil {
		return
	}
	p := &e.notes
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.pending[id]; t != nil {
		t.Stop()
		delete(p.pending, id)
	}
	delete(p.last, id)
	e.publishJob(live.JobNote{Scenario: scenario, Job: id, Ended: true})
}

func (e *Engine) publishJob(n live.JobNote) {
	if err := live.PublishJob(context.Background(), e.cfg.Bus, n); err != nil {
		e.log.Warn("a job's progress was not sent to its pages; they poll for it", "job", n.Job, "err", err)
	}
}

// finish ends job j in state, and tells its pages when this call ended it.
func (e *Engine) finish(ctx context.Context, j Job, state, msg string) error {
	ok, err := e.store.finish(ctx, j.ID, state, msg)
	if ok {
		e.ended(j.ScenarioID, j.ID)
	}
	return err
}
