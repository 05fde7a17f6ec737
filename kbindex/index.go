// Package kbindex keeps, per agent, a small index of the knowledge base's
// articles (only what a list row shows: id, title, state, type, tags, last
// change), so the console can filter articles by state and sort them by
// title or last change over the whole knowledge base, which the Quickchat
// API's list does not offer, and count tags and name paragraphs' articles
// without a read per page.
//
// An agent's index is read from the API's article list, a page of 100 at a
// time, as background work (apiclient.Background: it leaves part of the
// READ budget to people's pages), when someone first needs it and again when
// it is older than a minute (longer for large knowledge bases) and someone
// uses it. Every write made through the console updates it at once, on
// every replica (Saved, Deleted, Recorded; the bus carries them), and writes
// it cannot follow exactly (bulk jobs, imports) mark it for a re-read.
// Memory is bounded: at most MaxArticles rows per agent, MaxAgents agents
// (least recently used dropped first), and an agent nobody used for Idle is
// dropped.
package kbindex

import (
	"container/list"
	"context"
	"log/slog"
	"sync"
	"time"

	"qcadmin/apiclient"
	"qcadmin/events"
)

// Defaults of Config.
const (
	DefaultMaxArticles = 20_000
	DefaultMaxAgents   = 16
	DefaultMaxAge      = time.Minute
	DefaultIdle        = 30 * time.Minute
	// PageSize is the most one list read returns.
	PageSize = 100
	// buildTimeout bounds one reading of the whole list.
	buildTimeout = 10 * time.Minute
	// retryAfter is how long a failed reading waits before the next use tries again.
	retryAfter = 30 * time.Second
	// perPageAge stretches the refresh interval of a large knowledge base,
	// so refreshing it costs at most about 20 list reads a minute.
	perPageAge = 3 * time.Second
	// maxDirty is how many changed articles a use re-reads one by one; more
	// and it reads the whole list again.
	maxDirty = 20
	// savedWindow is how long an article saved through the console is not
	// re-read because the cache announced the same write.
	savedWindow = 10 * time.Second
)

// API is what the index reads: the article list, and one article.
type API interface {
	ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
}

// Config sets up an Index; zero values take the defaults.
type Config struct {
	// Bus carries the console's writes to the other replicas' indexes and
	// brings theirs, with the read cache's invalidations; nil keeps the
	// index to this process.
	Bus         events.Bus
	Log         *slog.Logger
	MaxArticles int           // rows per agent; a larger knowledge base is not indexed
	MaxAgents   int           // agents kept, least recently used dropped first
	MaxAge      time.Duration // a use refreshes an index older than this
	Idle        time.Duration // an agent unused this long is dropped
	Now         func() time.Time
}

// Index is the per-agent article indexes of the console. It is safe for
// concurrent use.
type Index struct {
	cfg    Config
	ctx    context.Context // ends with Close: stops builds
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	lru    *list.List // of *kb, most recently used first
	agents map[string]*list.Element
}

// New returns an empty Index listening on cfg.Bus. Call Close to stop it.
func New(cfg Config) *Index {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Log = cfg.Log.With("component", "kbindex")
	if cfg.MaxArticles <= 0 {
		cfg.MaxArticles = DefaultMaxArticles
	}
	if cfg.MaxAgents <= 0 {
		cfg.MaxAgents = DefaultMaxAgents
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultIdle
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	ix := &Index{cfg: cfg, ctx: ctx, cancel: cancel, lru: list.New(), agents: map[string]*list.Element{}}
	if cfg.Bus != nil {
		ix.listen(cfg.Bus)
	}
	return ix
}

// Close stops the builds under way and stops hearing the bus.
func (ix *Index) Close() {
	ix.cancel()
	ix.wg.Wait()
}

// Agent names an agent as the index (and the read cache) keys it.
func Agent(scenarioID string) string { return "scenario:" + scenarioID }

// Status is where an agent's index stands.
type Status struct {
	// Complete: the index holds the whole knowledge base, as of BuiltAt
	// plus the console's writes since.
	Complete bool
	// Building: the list is being read; Read of Total rows are in so far.
	Building    bool
	Read, Total int
	// TooLarge: the knowledge base has more articles than the index keeps.
	TooLarge bool
	// Failed: the last reading did not finish; the next use tries again.
	Failed bool
	// CatchingUp: articles changed by writes the index could not follow
	// (bulk jobs, imports, another client) are being read again.
	CatchingUp bool
	BuiltAt    time.Time
}

// kb is one agent's index.
type kb struct {
	agent string

	mu       sync.Mutex
	rows     []Row // the whole knowledge base when complete, in the list's order
	pos      map[int64]int
	complete bool
	builtAt  time.Time // when the reading of rows began
	lastUsed time.Time

	// The reading under way, if any: partial holds the rows read so far,
	// changes the console's writes made since it began (replayed at its end).
	building   bool
	partial    []Row
	partialPos map[int64]int
	total      int
	changes    []change
	done       chan struct{} // closed when the reading ends
	stop       context.CancelFunc

	tooLarge   bool
	failedAt   time.Time
	touching   bool                // a re-read of dirty articles is under way
	catchingUp bool                // a reading for changes the index could not follow is under way
	stale      bool                // events may have been missed: read it all again at the next use
	unsure     bool                // something changed the list that no write named: check its count
	dirty      map[int64]bool      // articles changed by writes the index could not follow
	saved      map[int64]time.Time // articles the console saved lately, with when
	strs       map[string]string   // tags, states and types, stored once
	orders     map[string][]int32  // rows' positions by title and by last change, until rows change
}

// get returns the agent's index, making it if make is set, and marks it used.
func (ix *Index) get(agent string, create bool) *kb {
	now := ix.cfg.Now()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.dropIdle(now)
	if el, ok := ix.agents[agent]; ok {
		ix.lru.MoveToFront(el)
		k := el.Value.(*kb)
		if create {
			k.mu.Lock()
			k.lastUsed = now
			k.mu.Unlock()
		}
		return k
	}
	if !create {
		return nil
	}
	k := &kb{agent: agent, pos: map[int64]int{}, lastUsed: now, dirty: map[int64]bool{}, saved: map[int64]time.Time{}, strs: map[string]string{}}
	ix.agents[agent] = ix.lru.PushFront(k)
	for ix.lru.Len() > ix.cfg.MaxAgents {
		ix.drop(ix.lru.Back())
	}
	return k
}

// peek returns the agent's index if there is one, without marking it used.
func (ix *Index) peek(agent string) *kb {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if el, ok := ix.agents[agent]; ok {
		return el.Value.(*kb)
	}
	return nil
}

// dropIdle drops the agents nobody used for Idle; ix.mu is held.
func (ix *Index) dropIdle(now time.Time) {
	for el := ix.lru.Back(); el != nil; {
		prev := el.Prev()
		k := el.Value.(*kb)
		k.mu.Lock()
		idle := now.Sub(k.lastUsed) >= ix.cfg.Idle
		k.mu.Unlock()
		if !idle {
			return // the rest were used later
		}
		ix.drop(el)
		el = prev
	}
}

// drop forgets one agent's index and stops its reading; ix.mu is held.
func (ix *Index) drop(el *list.Element) {
	k := ix.lru.Remove(el).(*kb)
	delete(ix.agents, k.agent)
	k.mu.Lock()
	if k.stop != nil {
		k.stop()
	}
	k.mu.Unlock()
}

// Agents reports how many agents the index keeps.
func (ix *Index) Agents() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.lru.Len()
}

// status is where k stands; k.mu is held.
func (k *kb) status() Status {
	s := Status{Complete: k.complete, Building: k.building, TooLarge: k.tooLarge, Failed: !k.failedAt.IsZero(), BuiltAt: k.builtAt, CatchingUp: k.catchingUp}
	switch {
	case k.complete: // a refresh under way changes nothing until it ends
		s.Read, s.Total = len(k.rows), len(k.rows)
	case k.building:
		s.Read, s.Total = len(k.partial), k.total
	}
	return s
}

// intern stores s once per agent (tags, states and types repeat across rows); k.mu is held.
func (k *kb) intern(s string) string {
	if v, ok := k.strs[s]; ok {
		return v
	}
	if len(k.strs) > 4096 {
		clear(k.strs) // bounded: many distinct tags share less, nothing breaks
	}
	k.strs[s] = s
	return s
}

// MaxArticles is the most articles the index keeps per agent.
func (ix *Index) MaxArticles() int { return ix.cfg.MaxArticles }
