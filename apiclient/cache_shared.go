package apiclient

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"qcadmin/events"
)

// TopicCacheInvalidated is the event that tells every replica what a write
// changed, so that their Caches forget it too.
const TopicCacheInvalidated = "cache.invalidated"

// CacheInvalidated is the payload of TopicCacheInvalidated.
type CacheInvalidated struct {
	Agent    string   `json:"agent"`    // as CacheAgent names it
	Families []string `json:"families"` // as Invalidate takes them
}

// announceTimeout bounds the publishing of a write's invalidation, which the
// write's own request waits for.
const announceTimeout = 2 * time.Second

// NewSharedCache returns a Cache that tells the other replicas on bus what
// each write through it changed, and forgets what their writes changed; when
// the bus says events may have been missed, it forgets everything. Call the
// returned function to stop hearing the bus.
func NewSharedCache(bus events.Bus, cfg CacheConfig, log *slog.Logger) (*Cache, func()) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "cache")
	own := cfg.OnInvalidate
	cfg.OnInvalidate = func(agent string, families []string) {
		if own != nil {
			own(agent, families)
		}
		payload, err := json.Marshal(CacheInvalidated{agent, families})
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), announceTimeout)
			err = bus.Publish(ctx, events.Event{Topic: TopicCacheInvalidated, Payload: payload})
			cancel()
		}
		if err != nil {
			// The others keep their copies until these expire.
			log.Warn("could not tell the other replicas what a write changed", "error", err, "agent", agent, "families", families)
		}
	}
	c := NewCache(cfg)
	changed, stopChanged := bus.Subscribe(TopicCacheInvalidated)
	missed, stopMissed := bus.Subscribe(events.TopicMissed)
	var wg sync.WaitGroup
	wg.Go(func() {
		for changed != nil || missed != nil {
			select {
			case e, ok := <-changed:
				if !ok {
					changed = nil
					continue
				}
				if e.Replica == bus.Replica() {
					continue // this Cache forgot it already
				}
				var inv CacheInvalidated
				if err := json.Unmarshal(e.Payload, &inv); err != nil || inv.Agent == "" {
					log.Warn("ignored an invalidation that does not say what changed", "replica", e.Replica)
					continue
				}
				c.Invalidate(inv.Agent, inv.Families...)
			case _, ok := <-missed:
				if !ok {
					missed = nil
					continue
				}
				c.InvalidateAll()
			}
		}
	})
	var once sync.Once
	return c, func() {
		once.Do(func() {
			stopChanged()
			stopMissed()
			wg.Wait()
		})
	}
}
