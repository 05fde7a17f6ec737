package live

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"qcadmin/events"
)

// TopicJob carries a bulk job's progress to the pages that watch it
// ("job:<id>"), on every replica: small, throttled by the job engine.
const TopicJob = "live.job"

// KindJob says a watched job progressed: its page reads the progress again.
const KindJob = "job"

// JobNote is a bulk job's progress as it travels: which job of which agent,
// and whether it ended (done, cancelled or failed).
type JobNote struct {
	Scenario string `json:"s"`
	Job      int64  `json:"j"`
	Ended    bool   `json:"e,omitempty"`
}

// JobObject is what a page showing job id watches.
func JobObject(id int64) string { return "job:" + strconv.FormatInt(id, 10) }

// PublishJob tells the pages watching n's job, on every replica, that it progressed.
func PublishJob(ctx context.Context, bus events.Bus, n JobNote) error {
	return publishOn(ctx, bus, TopicJob, n)
}

// PublishSaved tells the pages that have sv.Object open, on every replica,
// that someone saved it, as Hub.Saved does, for writers that run without a
// hub of their own (bulk jobs).
func PublishSaved(ctx context.Context, bus events.Bus, sv Saved) error {
	return publishOn(ctx, bus, topicSaved, sv)
}

func publishOn(ctx context.Context, bus events.Bus, topic string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return bus.Publish(ctx, events.Event{Topic: topic, Payload: b})
}

// deliverJob gives the streams watching n's job of its agent a nudge. Job
// messages carry no event id and are not kept for reconnecting pages: a
// page that reconnects reads the progress again anyway, and a busy job
// would push the heads-ups out of what is kept.
func (h *Hub) deliverJob(n JobNote) {
	object := JobObject(n.Job)
	m := Message{Kind: KindJob, Ended: n.Ended}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.streams {
		if s.w.Scenario != n.Scenario || s.w.Object != object {
			continue
		}
		select {
		case s.out <- m:
		default: // the page is behind; its next nudge or its slow poll reads the latest progress
		}
	}
}
