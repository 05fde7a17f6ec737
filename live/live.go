// Package live keeps what open pages are told while they stay open: who else
// has the same article or conversation open, that someone saved what a page
// shows, and that an agent's inbox changed. Pages hear it through one stream
// each (server-sent events, see handlers' /events); this package decides what
// each stream gets, never more than its own agent's events, and bounds how
// many streams there are.
//
// Between replicas everything travels on the events bus, so presence and
// heads-ups cross replicas that share a PostgreSQL database.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"qcadmin/events"
)

// Bus topics of this package.
const (
	topicPresence = "live.presence"
	topicSaved    = "live.saved"
	topicInbox    = "live.inbox"
)

// Config bounds the streams and sets the pace; zero values take the defaults.
type Config struct {
	// PerSession is how many streams one browser session may hold open (one
	// per tab); 4 by default. Over HTTP/1.1 a browser opens at most six
	// connections to the console, and each stream holds one: four leave two
	// for the pages themselves. Tabs beyond it work without live updates,
	// and try again later.
	PerSession int
	// Total is how many streams this replica holds open at most; 2,000 by default.
	Total int
	// Beat is how often a stream's presence is announced again, and a
	// comment line keeps its connection open through proxies; 15 s by default.
	Beat time.Duration
	// PollEvery is how often an inbox someone watches is read again; 30 s by default.
	PollEvery time.Duration
}

func (c Config) withDefaults() Config {
	if c.PerSession <= 0 {
		c.PerSession = 4
	}
	if c.Total <= 0 {
		c.Total = 2000
	}
	if c.Beat <= 0 {
		c.Beat = 15 * time.Second
	}
	if c.PollEvery <= 0 {
		c.PollEvery = 30 * time.Second
	}
	return c
}

// ErrTooMany refuses a stream over the session's or the replica's bound.
var ErrTooMany = errors.New("live: too many open streams")

// ErrClosed refuses a stream after the hub has stopped.
var ErrClosed = errors.New("live: stopped")

// Poll reads an agent's inbox as the shared poller sees it: one digest per
// conversation of the list's first page, by conversation id, so that a
// change of any row shows as a changed digest. The first read of a poller
// is not fresh: it may be the list its viewers just loaded, from the read
// cache; every later one is.
type Poll func(ctx context.Context, fresh bool) (map[string]string, error)

// Watch is what one open page watches, and who has it open.
type Watch struct {
	Scenario string // the agent the session is signed in to: the stream hears only its events
	Session  string // a digest of the browser session, so a person's own saves bring no heads-up
	Who      string // the name pages show others
	Object   string // "article:12", "conversation:abc", "inbox", "settings"…
	Editing  bool   // an editor (shown as editing), not a page only read (viewing)
	Inbox    bool   // the page shows the inbox list: it hears when the inbox changed
	// Poll, on an inbox, reads it for the shared poller with this viewer's
	// token; the poller uses one viewer's at a time.
	Poll Poll
}

// Kinds of Message.
const (
	KindPresence = "presence" // who else has the object open changed: read Presence
	KindSaved    = "saved"    // someone saved the object: Saved says who
	KindInbox    = "inbox"    // the agent's inbox changed: read it again
)

// Message is one thing to tell a page.
type Message struct {
	ID    string // the event id the page reconnects with
	Kind  string
	Saved Saved
	Ended bool // KindJob: the job ended, the page may stop watching
}

// Saved is a save of something pages may have open, as a heads-up says it.
type Saved struct {
	Scenario string `json:"s"`
	Object   string `json:"o"`
	Who      string `json:"w"`
	Session  string `json:"x,omitempty"`
	What     string `json:"a,omitempty"` // "a newer version", "a review"
	Href     string `json:"h,omitempty"` // where to see what changed
}

// Person is someone else who has an object open.
type Person struct {
	Who     string
	Editing bool
}

// Stream is one open page's subscription.
type Stream struct {
	hub   *Hub
	w     Watch
	id    string
	out   chan Message
	nudge chan struct{} // who else is there changed: read Presence again
	once  sync.Once
}

// Messages are the stream's heads-ups and inbox changes; the stream's
// handler ends when the hub is Done.
func (s *Stream) Messages() <-chan Message { return s.out }

// Nudges say that who else has the object open may have changed.
func (s *Stream) Nudges() <-chan struct{} { return s.nudge }

// hears reports whether the stream is told of object's saves and changes.
func (s *Stream) hears(object string) bool {
	return s.w.Object == object || (object == "inbox" && s.w.Inbox)
}

// Close ends the stream: the others stop seeing its person there.
func (s *Stream) Close() { s.once.Do(func() { s.hub.remove(s) }) }

// Hub is one replica's streams.
type Hub struct {
	cfg Config
	bus events.Bus
	log *slog.Logger

	seq      atomic.Int64
	done     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup

	mu         sync.Mutex
	stopped    bool
	streams    map[*Stream]struct{}
	perSession map[string]int
	presence   map[objectKey]map[string]presenceEntry // by stream id, every replica's
	recent     []Message                              // the last few saved and inbox messages, for reconnections
	recentFor  []string                               // their scenario and object, "s\x00o"
	pollers    map[string]*poller                     // by scenario
}

type objectKey struct{ scenario, object string }

type presenceEntry struct {
	Person
	session string
	seen    time.Time
}

// presenceNote is one stream's presence as it travels.
type presenceNote struct {
	Scenario string `json:"s"`
	Object   string `json:"o"`
	Stream   string `json:"i"`
	Who      string `json:"w"`
	Session  string `json:"x"`
	Editing  bool   `json:"e,omitempty"`
	Gone     bool   `json:"g,omitempty"`
	Ask      bool   `json:"q,omitempty"` // a new stream: the others announce theirs
	Beat     bool   `json:"b,omitempty"` // the periodic "still here": news only when it was not known
}

// Why a stream announces itself.
type announcement int

const (
	arriving  announcement = iota // a new stream, or one whose replica missed events: the others answer
	leaving                       // the stream closed
	answering                     // to another's arrival
	beating                       // the periodic "still here"
)

type inboxNote struct {
	Scenario string `json:"s"`
}

// recentSize is how many saved and inbox messages a reconnecting page may catch up on.
const recentSize = 128

// New starts a hub on bus; Close stops it.
func New(bus events.Bus, log *slog.Logger, cfg Config) *Hub {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Hub{
		cfg: cfg.withDefaults(), bus: bus, log: log.With("component", "live"), done: make(chan struct{}),
		streams: map[*Stream]struct{}{}, perSession: map[string]int{},
		presence: map[objectKey]map[string]presenceEntry{}, pollers: map[string]*poller{},
	}
	ch, stop := bus.Subscribe("")
	h.wg.Go(func() { h.listen(ch, stop) })
	h.wg.Go(h.beat)
	return h
}

// Config is the hub's configuration with its defaults filled in.
func (h *Hub) Config() Config { return h.cfg }

// Done is closed when the hub stops: every stream's handler ends then.
func (h *Hub) Done() <-chan struct{} { return h.done }

// Close stops the hub: every stream's messages close, pollers stop.
func (h *Hub) Close() {
	h.stopOnce.Do(func() {
		h.mu.Lock()
		h.stopped = true
		for _, p := range h.pollers {
			p.stop()
		}
		h.mu.Unlock()
		close(h.done)
	})
	h.wg.Wait()
}

// Open starts a stream for w, refused over the bounds.
func (h *Hub) Open(w Watch) (*Stream, error) {
	s := &Stream{hub: h, w: w, id: h.newID(), out: make(chan Message, 32), nudge: make(chan struct{}, 1)}
	h.mu.Lock()
	switch {
	case h.stopped:
		h.mu.Unlock()
		return nil, ErrClosed
	case len(h.streams) >= h.cfg.Total || h.perSession[w.Session] >= h.cfg.PerSession:
		h.mu.Unlock()
		return nil, ErrTooMany
	}
	h.streams[s] = struct{}{}
	h.perSession[w.Session]++
	if w.Object == "inbox" {
		s.w.Inbox = true
	}
	if s.w.Inbox && w.Poll != nil {
		h.watchInbox(s)
	}
	h.mu.Unlock()
	h.announce(s, arriving)
	return s, nil
}

func (h *Hub) newID() string {
	return h.bus.Replica() + "." + strconv.FormatInt(h.seq.Add(1), 10)
}

func (h *Hub) remove(s *Stream) {
	h.mu.Lock()
	if _, ok := h.streams[s]; !ok {
		h.mu.Unlock()
		return
	}
	delete(h.streams, s)
	if h.perSession[s.w.Session]--; h.perSession[s.w.Session] <= 0 {
		delete(h.perSession, s.w.Session)
	}
	if p := h.pollers[s.w.Scenario]; p != nil {
		p.forget(s)
	}
	h.mu.Unlock()
	h.announce(s, leaving)
}

// announce tells every replica that s is (still) there, or gone.
func (h *Hub) announce(s *Stream, why announcement) {
	n := presenceNote{Scenario: s.w.Scenario, Object: s.w.Object, Stream: s.id, Who: s.w.Who, Session: s.w.Session, Editing: s.w.Editing,
		Gone: why == leaving, Ask: why == arriving, Beat: why == beating}
	h.publish(topicPresence, n)
}

func (h *Hub) publish(topic string, v any) {
	if err := publishOn(context.Background(), h.bus, topic, v); err != nil {
		h.log.Warn("a live update was not sent", "topic", topic, "err", err)
	}
}

// Saved tells the pages that have sv.Object open that someone saved it.
func (h *Hub) Saved(sv Saved) { h.publish(topicSaved, sv) }

// listen applies every replica's events to this replica's streams.
func (h *Hub) listen(ch <-chan events.Event, stop func()) {
	defer stop()
	for {
		select {
		case <-h.done:
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			switch e.Topic {
			case topicPresence:
				var n presenceNote
				if json.Unmarshal(e.Payload, &n) == nil {
					h.heard(n, e.Replica == h.bus.Replica())
				}
			case topicSaved:
				var sv Saved
				if json.Unmarshal(e.Payload, &sv) == nil {
					h.deliver(sv.Scenario, sv.Object, Message{ID: h.newID(), Kind: KindSaved, Saved: sv}, sv.Session)
					if strings.HasPrefix(sv.Object, "conversation:") {
						// A review or metadata edit changes a row of the inbox.
						h.deliver(sv.Scenario, "inbox", Message{ID: h.newID(), Kind: KindInbox}, "")
					}
				}
			case TopicJob:
				var n JobNote
				if json.Unmarshal(e.Payload, &n) == nil {
					h.deliverJob(n)
				}
			case topicInbox:
				var n inboxNote
				if json.Unmarshal(e.Payload, &n) == nil {
					h.deliver(n.Scenario, "inbox", Message{ID: h.newID(), Kind: KindInbox}, "")
				}
			case events.TopicMissed:
				// Presence from other replicas may be stale or missing: ask again.
				h.reannounce(arriving)
			}
		}
	}
}

// heard records a presence note and tells the streams of its object, unless
// it is a beat that changes nothing they show.
func (h *Hub) heard(n presenceNote, own bool) {
	k := objectKey{n.Scenario, n.Object}
	news := true
	h.mu.Lock()
	m := h.presence[k]
	if n.Gone {
		delete(m, n.Stream)
		if len(m) == 0 {
			delete(h.presence, k)
		}
	} else {
		if m == nil {
			m = map[string]presenceEntry{}
			h.presence[k] = m
		}
		e := presenceEntry{Person: Person{Who: n.Who, Editing: n.Editing}, session: n.Session, seen: time.Now()}
		was, known := m[n.Stream]
		news = !n.Beat || !known || was.Person != e.Person || was.session != e.session
		m[n.Stream] = e
	}
	var mine []*Stream
	if n.Ask && !own {
		for s := range h.streams {
			if s.w.Scenario == n.Scenario && s.w.Object == n.Object {
				mine = append(mine, s)
			}
		}
	}
	h.mu.Unlock()
	for _, s := range mine {
		h.announce(s, answering)
	}
	if news {
		h.deliver(n.Scenario, n.Object, Message{Kind: KindPresence}, n.Session)
	}
}

// deliver gives m to this replica's streams on scenario's object, except
// those of the session skip. A stream too slow to take it loses it; a
// presence message is only a nudge to read Presence again.
func (h *Hub) deliver(scenario, object string, m Message, skip string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m.Kind == KindPresence {
		for s := range h.streams {
			if s.w.Scenario == scenario && s.w.Object == object && (skip == "" || s.w.Session != skip) {
				select {
				case s.nudge <- struct{}{}:
				default: // one nudge waiting is enough
				}
			}
		}
		return
	}
	{
		h.recent = append(h.recent, m)
		h.recentFor = append(h.recentFor, scenario+"\x00"+object+"\x00"+skip)
		if over := len(h.recent) - recentSize; over > 0 {
			h.recent = slices.Delete(h.recent, 0, over)
			h.recentFor = slices.Delete(h.recentFor, 0, over)
		}
	}
	for s := range h.streams {
		if s.w.Scenario != scenario || !s.hears(object) || (skip != "" && s.w.Session == skip) {
			continue
		}
		select {
		case s.out <- m:
		default:
		}
	}
}

// Since is what s missed after the event lastID, when this replica still
// knows; ok is false when it cannot tell (another replica's id, or too old).
func (h *Hub) Since(s *Stream, lastID string) (missed []Message, ok bool) {
	replica, n, found := strings.Cut(lastID, ".")
	seq, err := strconv.ParseInt(n, 10, 64)
	if !found || err != nil || replica != h.bus.Replica() {
		return nil, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.recent) > 0 && idSeq(h.recent[0].ID) > seq+1 && len(h.recent) == recentSize {
		return nil, false
	}
	for i, m := range h.recent {
		scen, rest, _ := strings.Cut(h.recentFor[i], "\x00")
		object, skip, _ := strings.Cut(rest, "\x00")
		if idSeq(m.ID) > seq && scen == s.w.Scenario && s.hears(object) && (skip == "" || skip != s.w.Session) {
			missed = append(missed, m)
		}
	}
	return missed, true
}

func idSeq(id string) int64 {
	_, n, _ := strings.Cut(id, ".")
	v, _ := strconv.ParseInt(n, 10, 64)
	return v
}

// Presence is who else has s's object open, by name, each once, editors
// first: every stream but those of s's own session.
func (h *Hub) Presence(s *Stream) []Person {
	h.mu.Lock()
	defer h.mu.Unlock()
	byWho := map[string]bool{}
	for _, e := range h.presence[objectKey{s.w.Scenario, s.w.Object}] {
		if e.session == s.w.Session {
			continue
		}
		byWho[e.Who] = byWho[e.Who] || e.Editing
	}
	people := make([]Person, 0, len(byWho))
	for who, editing := range byWho {
		people = append(people, Person{Who: who, Editing: editing})
	}
	slices.SortFunc(people, func(a, b Person) int {
		if a.Editing != b.Editing {
			if a.Editing {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Who, b.Who)
	})
	return people
}

// beat announces this replica's streams again, and forgets the streams of
// replicas that stopped announcing theirs.
func (h *Hub) beat() {
	t := time.NewTicker(h.cfg.Beat)
	defer t.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-t.C:
			h.reannounce(beating)
			h.expire(time.Now().Add(-3 * h.cfg.Beat))
		}
	}
}

func (h *Hub) reannounce(why announcement) {
	h.mu.Lock()
	mine := make([]*Stream, 0, len(h.streams))
	for s := range h.streams {
		mine = append(mine, s)
	}
	h.mu.Unlock()
	for _, s := range mine {
		h.announce(s, why)
	}
}

func (h *Hub) expire(before time.Time) {
	type nudge struct {
		k objectKey
	}
	var nudges []nudge
	h.mu.Lock()
	for k, m := range h.presence {
		for id, e := range m {
			if e.seen.Before(before) {
				delete(m, id)
				nudges = append(nudges, nudge{k})
			}
		}
		if len(m) == 0 {
			delete(h.presence, k)
		}
	}
	h.mu.Unlock()
	for _, n := range nudges {
		h.deliver(n.k.scenario, n.k.object, Message{Kind: KindPresence}, "")
	}
}
