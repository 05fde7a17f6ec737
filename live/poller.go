package live

import (
	"context"
	"maps"
	"slices"
	"time"

	"qcadmin/events"
)

// poller reads one agent's inbox for everyone on this replica watching it,
// once per PollEvery however many watch, and tells every replica's viewers
// when a row changed. With several replicas, one leads per agent (see
// events.Leader) and the others wait their turn.
type poller struct {
	hub      *Hub
	scenario string
	watchers []*Stream // inbox streams of this replica, oldest first; the first one's token reads
	cancel   context.CancelFunc
}

// watchInbox adds s to its agent's poller, starting one; h.mu is held.
func (h *Hub) watchInbox(s *Stream) {
	p := h.pollers[s.w.Scenario]
	if p == nil {
		ctx, cancel := context.WithCancel(context.Background())
		p = &poller{hub: h, scenario: s.w.Scenario, cancel: cancel}
		h.pollers[s.w.Scenario] = p
		h.wg.Go(func() { p.run(ctx) })
	}
	p.watchers = append(p.watchers, s)
}

// forget removes s from the poller, which stops with its last watcher; h.mu is held.
func (p *poller) forget(s *Stream) {
	p.watchers = slices.DeleteFunc(p.watchers, func(w *Stream) bool { return w == s })
	if len(p.watchers) == 0 {
		p.stop()
		delete(p.hub.pollers, p.scenario)
	}
}

func (p *poller) stop() { p.cancel() }

// reader is the Poll of the watcher whose token reads now.
func (p *poller) reader() Poll {
	p.hub.mu.Lock()
	defer p.hub.mu.Unlock()
	for _, w := range p.watchers {
		if w.w.Poll != nil {
			return w.w.Poll
		}
	}
	return nil
}

// pollTimeout bounds one read of the inbox.
const pollTimeout = 20 * time.Second

func (p *poller) run(ctx context.Context) {
	var lease *events.Lease
	defer func() {
		if lease != nil {
			lease.Release()
		}
	}()
	t := time.NewTicker(p.hub.cfg.PollEvery)
	defer t.Stop()
	var last map[string]string
	// The first read, at once, is what the viewers' list is compared with.
	wait := false
	for {
		if wait {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
		wait = true
		if lease != nil && !lease.Held(ctx) {
			lease.Release()
			lease, last = nil, nil
		}
		if lease == nil {
			lease = p.lead(ctx)
			if lease == nil {
				continue // another replica reads this inbox for everyone
			}
		}
		read := p.reader()
		if read == nil {
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, pollTimeout)
		rows, err := read(rctx, last != nil)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				p.hub.log.Warn("the shared inbox poller could not read the inbox", "scenario", p.scenario, "err", err)
			}
			continue
		}
		if last != nil && !maps.Equal(last, rows) {
			p.hub.publish(topicInbox, inboxNote{Scenario: p.scenario})
		}
		last = rows
	}
}

// lead makes this replica the agent's poller, when the bus elects one;
// nil when another replica is.
func (p *poller) lead(ctx context.Context) *events.Lease {
	l, ok := p.hub.bus.(events.Leader)
	if !ok {
		return &events.Lease{}
	}
	lease, ok, err := l.TryLead(ctx, "inbox:"+p.scenario)
	if err != nil {
		p.hub.log.Warn("could not ask who reads the inbox", "scenario", p.scenario, "err", err)
	}
	if !ok {
		return nil
	}
	return lease
}
