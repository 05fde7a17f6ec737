package kbindex

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/events"
	"qcadmin/store"
)

// TopicChanged carries the console's article writes to the other replicas'
// indexes.
const TopicChanged = "kbindex.changed"

// change is one write's effect on an agent's rows, as it travels on the bus.
type change struct {
	Agent   string  `json:"agent"`
	Rows    []Row   `json:"rows,omitempty"`    // saved: as they now are
	Deleted []int64 `json:"deleted,omitempty"` // ids deleted
}

// applyTo returns rows with c applied: saved rows first, as the API's list
// shows the latest changes first, deleted ones gone.
func (c change) applyTo(rows []Row) []Row {
	drop := make(map[int64]bool, len(c.Rows)+len(c.Deleted))
	for _, r := range c.Rows {
		drop[r.ID] = true
	}
	for _, id := range c.Deleted {
		drop[id] = true
	}
	out := make([]Row, 0, len(rows)+len(c.Rows))
	out = append(out, c.Rows...)
	for _, r := range rows {
		if !drop[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

func positions(rows []Row) map[int64]int {
	pos := make(map[int64]int, len(rows))
	for i, r := range rows {
		pos[r.ID] = i
	}
	return pos
}

// apply changes k's rows, and those of a reading under way; k.mu is held.
func (k *kb) apply(c change) {
	for i := range c.Rows {
		r := &c.Rows[i]
		r.State, r.Type = k.intern(r.State), k.intern(r.Type)
		for j, t := range r.Tags {
			r.Tags[j] = k.intern(t)
		}
	}
	if k.complete {
		k.rows = c.applyTo(k.rows)
		k.pos = positions(k.rows)
		clear(k.orders)
	}
	if k.building {
		k.partial = c.applyTo(k.partial)
		k.partialPos = positions(k.partial)
		k.changes = append(k.changes, c)
	}
}

// applyLocal applies c to its agent's index, if the index holds that agent,
// and remembers the saved articles so the cache's word of the same write
// does not make them re-read.
func (ix *Index) applyLocal(c change) bool {
	k := ix.peek(c.Agent)
	if k == nil {
		return false
	}
	now := ix.cfg.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	for id, at := range k.saved {
		if now.Sub(at) > savedWindow {
			delete(k.saved, id)
		}
	}
	for _, r := range c.Rows {
		k.saved[r.ID] = now
		delete(k.dirty, r.ID)
	}
	for _, id := range c.Deleted {
		k.saved[id] = now
		delete(k.dirty, id)
	}
	k.apply(c)
	return true
}

// Saved puts articles, as a write through the console left them, in the
// agent's index at once, on every replica.
func (ix *Index) Saved(ctx context.Context, agent string, rows ...Row) {
	ix.publish(ctx, change{Agent: agent, Rows: rows})
}

// Deleted takes articles out of the agent's index at once, on every replica.
func (ix *Index) Deleted(ctx context.Context, agent string, ids ...int64) {
	ix.publish(ctx, change{Agent: agent, Deleted: ids})
}

// publish applies c here and tells the other replicas.
func (ix *Index) publish(ctx context.Context, c change) {
	if len(c.Rows) == 0 && len(c.Deleted) == 0 {
		return
	}
	ix.applyLocal(c)
	if ix.cfg.Bus == nil {
		return
	}
	payload, err := json.Marshal(c)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		err = ix.cfg.Bus.Publish(ctx, events.Event{Topic: TopicChanged, Payload: payload})
		cancel()
	}
	if errors.Is(err, events.ErrTooLarge) {
		// Too many to carry: the others read those articles again.
		ix.publishStale(ctx, c)
		return
	}
	if err != nil {
		ix.cfg.Log.Warn("could not tell the other replicas' indexes of a write", "agent", c.Agent, "error", err)
	}
}

// publishStale tells the other replicas that the agent's list changed in
// ways too large to carry, as the read cache's invalidation does.
func (ix *Index) publishStale(ctx context.Context, c change) {
	payload, _ := json.Marshal(apiclient.CacheInvalidated{Agent: c.Agent, Families: []string{apiclient.FamilyArticles}})
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := ix.cfg.Bus.Publish(ctx, events.Event{Topic: apiclient.TopicCacheInvalidated, Payload: payload}); err != nil {
		ix.cfg.Log.Warn("could not tell the other replicas' indexes of a write", "agent", c.Agent, "error", err)
	}
}

// Recorded follows a write the console's audit log recorded (audit.OnRecorded):
// an article saved, published, created or deleted is in the index at once.
// A write that failed may still have happened: its articles are re-read.
func (ix *Index) Recorded(ctx context.Context, e store.Entry) {
	if e.ScenarioID == "" || !strings.HasPrefix(e.Action, "article") {
		return
	}
	agent := Agent(e.ScenarioID)
	var ids []int64
	for _, t := range e.TargetIDs {
		if id, err := strconv.ParseInt(t, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if !e.OK() {
		ix.markDirty(agent, ids)
		return
	}
	if e.Action == "articles.delete" {
		ix.Deleted(ctx, agent, ids...)
		return
	}
	v, ok := audit.ParseVersion(e.After)
	if !ok {
		ix.markDirty(agent, ids)
		return
	}
	// The log keeps no modification stamp: the write's own time stands for
	// it until the next reading brings the API's.
	ix.Saved(ctx, agent, Row{ID: v.ID, Title: v.Title, State: v.State, Type: v.Type, Tags: v.Tags, Modified: e.At.UnixNano()})
}

// markDirty has the next use re-read ids.
func (ix *Index) markDirty(agent string, ids []int64) {
	k := ix.peek(agent)
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(ids) == 0 {
		k.unsure = true
	}
	for _, id := range ids {
		k.dirty[id] = true
	}
}

// listen follows the bus: other replicas' console writes, the read cache's
// invalidations (every write through a shared cache, bulk jobs and imports
// included), and the bus's word that events were missed.
func (ix *Index) listen(bus events.Bus) {
	changed, stopChanged := bus.Subscribe(TopicChanged)
	invalidated, stopInvalidated := bus.Subscribe(apiclient.TopicCacheInvalidated)
	missed, stopMissed := bus.Subscribe(events.TopicMissed)
	ix.wg.Go(func() {
		// Idle agents are dropped on this beat too, not only when someone uses the index.
		sweep := time.NewTicker(min(ix.cfg.Idle, time.Minute))
		defer func() {
			sweep.Stop()
			stopChanged()
			stopInvalidated()
			stopMissed()
		}()
		for changed != nil || invalidated != nil || missed != nil {
			select {
			case <-ix.ctx.Done():
				return
			case <-sweep.C:
				ix.mu.Lock()
				ix.dropIdle(ix.cfg.Now())
				ix.mu.Unlock()
			case e, ok := <-changed:
				if !ok {
					changed = nil
					continue
				}
				if e.Replica == bus.Replica() {
					continue // applied already
				}
				var c change
				if err := json.Unmarshal(e.Payload, &c); err != nil || c.Agent == "" {
					continue
				}
				ix.applyLocal(c)
			case e, ok := <-invalidated:
				if !ok {
					invalidated = nil
					continue
				}
				var inv apiclient.CacheInvalidated
				if json.Unmarshal(e.Payload, &inv) == nil {
					ix.invalidated(inv)
				}
			case _, ok := <-missed:
				if !ok {
					missed = nil
					continue
				}
				ix.staleAll()
			}
		}
	})
}

// invalidated follows a write the read cache announced: an article it names
// is re-read at the next use, unless the console's own word of it came; a
// change of the list that names no article has the next use check its count.
func (ix *Index) invalidated(inv apiclient.CacheInvalidated) {
	k := ix.peek(inv.Agent)
	if k == nil {
		return
	}
	lists := false
	var ids []int64
	for _, f := range inv.Families {
		if f == apiclient.FamilyArticles {
			lists = true
		}
		if rest, ok := strings.CutPrefix(f, apiclient.FamilyArticle+":"); ok {
			if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	if !lists {
		return // language URLs and other parts no row shows
	}
	now := ix.cfg.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(ids) == 0 {
		k.unsure = true
		return
	}
	for _, id := range ids {
		if at, ok := k.saved[id]; ok && now.Sub(at) <= savedWindow {
			continue
		}
		k.dirty[id] = true
	}
}

// staleAll has every agent's next use read its list again.
func (ix *Index) staleAll() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for el := ix.lru.Front(); el != nil; el = el.Next() {
		k := el.Value.(*kb)
		k.mu.Lock()
		k.stale = true
		k.mu.Unlock()
	}
}
