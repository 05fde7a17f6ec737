package apiclient

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Default bounds of a Cache.
const (
	DefaultCacheBytes      = 32 << 20 // all answers together
	DefaultCacheEntryBytes = 1 << 20  // one answer; larger ones are never kept
	// maxVouched bounds the tokens a Cache remembers the API accepted.
	maxVouched = 4096
	// vouchedFor is how long a token the API accepted may read what the
	// Cache holds for its agent before the API is asked again.
	vouchedFor = 5 * time.Minute
)

// CacheConfig sets up a Cache; zero values take the defaults.
type CacheConfig struct {
	MaxBytes      int64            // all answers together; DefaultCacheBytes when zero
	MaxEntryBytes int64            // one answer; DefaultCacheEntryBytes when zero
	Now           func() time.Time // the clock; time.Now when nil
	// OnInvalidate, when set, is called after every write made through a
	// Client of this Cache with the agent and the families the write
	// touched, so that other replicas can be told (they call Invalidate).
	// It is not called for Invalidate itself.
	OnInvalidate func(agent string, families []string)
}

// Cache keeps the API's successful answers to reads, per agent and request,
// for a short lifetime that depends on what was read, and lets identical
// reads made at the same time share one call to the API. One Cache should be
// shared by all Clients of a process (WithCache); it sits above the rate
// budgets, so an answer from it spends none. Every write made through a
// Client of the Cache forgets the families of answers it may change, before
// and after it is sent. It is safe for concurrent use.
//
// An answer is shared only between tokens the API accepted: a token's first
// read goes to the API, and only after the API answered it may the token read
// what others cached for its agent.
type Cache struct {
	maxBytes, maxEntry int64
	now                func() time.Time
	onInvalidate       func(agent string, families []string)
	flights            singleflight.Group

	mu      sync.Mutex
	bytes   int64
	lru     *list.List               // of *cacheEntry, most recently used first
	entries map[string]*list.Element // by agent and request
	gens    map[string]uint64        // by agent and family: bumped by each invalidation
	epoch   uint64                   // bumped by InvalidateAll
	vouched map[[sha256.Size]byte]time.Time
}

// cacheEntry is one answer kept.
type cacheEntry struct {
	key      string
	agent    string
	families []string // the families whose invalidation forgets it
	gens     []uint64 // their generations when the read was sent, then the Cache's epoch
	body     []byte
	status   int
	filled   time.Time // when the read was sent
	expires  time.Time
}

// NewCache returns an empty Cache.
func NewCache(cfg CacheConfig) *Cache {
	c := &Cache{
		maxBytes: cfg.MaxBytes, maxEntry: cfg.MaxEntryBytes, now: cfg.Now, onInvalidate: cfg.OnInvalidate,
		lru: list.New(), entries: map[string]*list.Element{}, gens: map[string]uint64{},
		vouched: map[[sha256.Size]byte]time.Time{},
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultCacheBytes
	}
	if c.maxEntry <= 0 {
		c.maxEntry = DefaultCacheEntryBytes
	}
	c.maxEntry = min(c.maxEntry, c.maxBytes)
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// WithCache shares c between Clients: pass the same *Cache to every Client
// of a process, next to WithBudgets.
func WithCache(c *Cache) Option {
	return func(cl *Client) {
		if c != nil {
			cl.cache = c
		}
	}
}

// CacheAgent names the agent of token as the Cache keys it: the token's
// scenario id, or a hash of the token when it names none. The name is the
// same in every process, so an invalidation can be passed to other replicas.
func CacheAgent(token string) string {
	if claims, err := ParseTokenClaims(token); err == nil {
		return "scenario:" + claims.ScenarioID
	}
	sum := sha256.Sum256([]byte(token))
	return "token:" + hex.EncodeToString(sum[:12])
}

// Size reports how many answers the Cache holds and their bytes.
func (c *Cache) Size() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

// Invalidate forgets what the Cache holds for agent (as CacheAgent names it)
// in families, such as "articles" or "article:42"; a family without an id
// ("article") covers every id. Reads already under way when it is called are
// not kept.
func (c *Cache) Invalidate(agent string, families ...string) {
	c.invalidate(agent, families, false)
}

// InvalidateAll forgets everything the Cache holds, for every agent, and
// keeps none of the reads under way: for when invalidations made elsewhere
// may have been missed.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	clear(c.entries)
	c.lru.Init()
	c.bytes = 0
}

// invalidate bumps the generation of each family, so entries filled before
// and reads sent before no longer count, and drops those entries. announce
// passes the write on to OnInvalidate.
func (c *Cache) invalidate(agent string, families []string, announce bool) {
	if len(families) == 0 {
		return
	}
	c.mu.Lock()
	for _, f := range families {
		c.gens[agent+"\x00"+f]++
	}
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if e := el.Value.(*cacheEntry); e.agent == agent && !c.current(e) {
			c.remove(el)
		}
		el = next
	}
	c.mu.Unlock()
	if announce && c.onInvalidate != nil {
		c.onInvalidate(agent, families)
	}
}

// generations are the current generations of families for agent, then the
// Cache's epoch; c.mu is held.
func (c *Cache) generations(agent string, families []string) []uint64 {
	g := make([]uint64, len(families)+1)
	for i, f := range families {
		g[i] = c.gens[agent+"\x00"+f]
	}
	g[len(families)] = c.epoch
	return g
}

// current reports whether no family of e was invalidated since its read was
// sent; c.mu is held.
func (c *Cache) current(e *cacheEntry) bool {
	if e.gens[len(e.families)] != c.epoch {
		return false
	}
	for i, f := range e.families {
		if c.gens[e.agent+"\x00"+f] != e.gens[i] {
			return false
		}
	}
	return true
}

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= e.size()
}

func (e *cacheEntry) size() int64 { return int64(len(e.body) + len(e.key)) }

// lookup returns the live entry for key, if any.
func (c *Cache) lookup(key string) (*cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if !c.now().Before(e.expires) || !c.current(e) {
		c.remove(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e, true
}

// store keeps e unless it is too large or one of its families was
// invalidated while it was read.
func (c *Cache) store(e *cacheEntry) {
	if e.size() > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(e) {
		return
	}
	if el, ok := c.entries[e.key]; ok {
		c.remove(el)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += e.size()
	for c.bytes > c.maxBytes {
		c.remove(c.lru.Back())
	}
}

// forget drops the entry for key.
func (c *Cache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
}

// vouch remembers that the API accepted token (a 2xx answer), or forgets it
// after a 401.
func (c *Cache) vouch(token [sha256.Size]byte, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case status == http.StatusUnauthorized:
		delete(c.vouched, token)
	case status >= 200 && status <= 299:
		if len(c.vouched) >= maxVouched {
			clear(c.vouched)
		}
		c.vouched[token] = c.now()
	}
}

// trusted reports whether the API accepted token recently enough.
func (c *Cache) trusted(token [sha256.Size]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.vouched[token]
	return ok && c.now().Sub(at) < vouchedFor
}

// cacheable reports whether r is a read the Cache keeps.
func (c *Cache) cacheable(r request) bool {
	if r.method != http.MethodGet || r.url != "" || r.anonymous || r.upload != nil {
		return false
	}
	_, ok := readFamily(r)
	return ok
}

// fetched is what one call to the API brought back, shared by every read
// that waited for it.
type fetched struct {
	status int
	body   []byte
	filled time.Time
}

// cachedRead answers the read r from the Cache, or from the API through
// one call shared by every identical read made meanwhile, and keeps a
// successful answer. A Fresh context skips the Cache and the shared call,
// and keeps what it read for the others.
func (c *Client) cachedRead(ctx context.Context, r request, out any) error {
	cache := c.cache
	fam, _ := readFamily(r)
	key := c.agent + "\x00" + r.method + " " + c.target(r)
	fresh := isFresh(ctx) || !cache.trusted(c.tokenKey)
	if !fresh {
		if e, ok := cache.lookup(key); ok {
			c.observeCache(fam.families[0], true)
			recordAge(ctx, e.filled)
			if err := decodeInto(r, e.status, e.body, out); err != nil {
				cache.forget(key)
				return err
			}
			return nil
		}
	}
	c.observeCache(fam.families[0], false)
	cache.mu.Lock()
	gens := cache.generations(c.agent, fam.families)
	cache.mu.Unlock()
	load := func(ctx context.Context) (fetched, error) {
		filled := cache.now()
		status, body, err := c.fetch(ctx, r)
		if err != nil {
			return fetched{}, err
		}
		cache.store(&cacheEntry{key: key, agent: c.agent, families: fam.families, gens: gens,
			body: body, status: status, filled: filled, expires: filled.Add(fam.ttl)})
		return fetched{status, body, filled}, nil
	}
	decode := func(f fetched) error {
		if err := decodeInto(r, f.status, f.body, out); err != nil {
			cache.forget(key)
			return err
		}
		return nil
	}
	// A shared call runs with its first caller's context: background work
	// neither starts one (a page view joining it would wait behind the
	// background reserve) nor joins one; it still uses and fills the Cache.
	if fresh || isBackground(ctx) {
		f, err := load(ctx)
		if err != nil {
			return err
		}
		return decode(f)
	}
	// Reads share a call only within one generation of their families, so
	// a read made after a write never waits for one sent before it.
	flight := key
	for _, g := range gens {
		flight += "\x00" + strconv.FormatUint(g, 10)
	}
	// The call goes on when the read that started it gives up: others may
	// wait for it, and it is still bounded by that read's deadline.
	ch := cache.flights.DoChan(flight, func() (any, error) {
		// A flight that ended between this read's look-up and now has filled the Cache.
		if e, ok := cache.lookup(key); ok {
			return fetched{e.status, e.body, e.filled}, nil
		}
		return load(context.WithoutCancel(ctx))
	})
	waitCtx, cancel := c.bound(ctx, r)
	defer cancel()
	select {
	case res := <-ch:
		if res.Err != nil {
			return res.Err
		}
		return decode(res.Val.(fetched))
	case <-waitCtx.Done():
		return notAnswered(waitCtx, r, waitCtx.Err())
	}
}

// ---------- Families: what each read is, what each write changes ----------

// Lifetimes of the answers by kind.
const (
	listTTL     = 30 * time.Second // lists of articles, conversations, paragraphs
	itemTTL     = 30 * time.Second // one article, one conversation with its metadata and events
	searchTTL   = 30 * time.Second
	settingsTTL = 60 * time.Second // tags, settings, widget, handoff, ratings, AI actions, language URLs
)

// family is what a read belongs to: the families whose invalidation
// forgets its answer, and how long the answer is kept.
type family struct {
	families []string
	ttl      time.Duration
}

// readFamily places a read in its families; reads it does not know are
// not kept.
func readFamily(r request) (family, bool) {
	id := func() string {
		if len(r.args) == 0 {
			return ""
		}
		return r.args[0]
	}
	one := func(base string, ttl time.Duration) family {
		return family{[]string{base, base + ":" + id()}, ttl}
	}
	if r.core {
		switch r.route {
		case "conversations":
			return family{[]string{FamilyConversations}, listTTL}, true
		case "conversations/{conversation_id}/", "conversations/{conv_id}/events", "conversations/{conv_id}/metadata":
			return one(FamilyConversation, itemTTL), true
		}
		return family{}, false
	}
	switch r.route {
	case "knowledge_base/articles/":
		return family{[]string{FamilyArticles}, listTTL}, true
	case "knowledge_base/articles/{id}":
		return one(FamilyArticle, itemTTL), true
	case "knowledge_base/articles/search":
		return family{[]string{FamilySearch}, searchTTL}, true
	case "knowledge_base/articles/paragraphs":
		return family{[]string{FamilyParagraphs}, listTTL}, true
	case langURLRoute:
		return one(FamilyLangURLs, settingsTTL), true
	case "knowledge_base/tags/":
		return family{[]string{FamilyTags}, settingsTTL}, true
	case "knowledge_base/":
		return family{[]string{FamilyKBSettings}, settingsTTL}, true
	case chatbotSettingsRoute:
		return family{[]string{FamilyChatbot}, settingsTTL}, true
	case widgetConfigurationRoute:
		return family{[]string{FamilyWidget}, settingsTTL}, true
	case handoffConfigurationRoute:
		return family{[]string{FamilyHandoff}, settingsTTL}, true
	case ratingConfigurationRoute:
		return family{[]string{FamilyRatings}, settingsTTL}, true
	case aiActionsRoute:
		return family{[]string{FamilyAIActions}, settingsTTL}, true
	case kbActionRoute:
		return one(FamilyAIAction, settingsTTL), true
	}
	return family{}, false
}

// The families of cached answers, as Invalidate takes them. A family of one
// item is its name, a colon and the item's id: "article:42".
const (
	FamilyArticles      = "articles"    // article lists
	FamilyArticle       = "article"     // one article
	FamilySearch        = "search"      // search results
	FamilyParagraphs    = "paragraphs"  // paragraph lists
	FamilyLangURLs      = "lang_urls"   // an article's language URLs
	FamilyTags          = "tags"        // the tag list
	FamilyKBSettings    = "kb_settings" // knowledge base settings
	FamilyChatbot       = "chatbot_settings"
	FamilyWidget        = "widget"
	FamilyHandoff       = "handoff"
	FamilyRatings       = "ratings"
	FamilyAIActions     = "ai_actions"    // the AI action list
	FamilyAIAction      = "ai_action"     // one Knowledge Base action's details
	FamilyConversations = "conversations" // conversation lists
	FamilyConversation  = "conversation"  // one conversation, its events and metadata
)

// articleFamilies are what a change of the knowledge base's content touches:
// the articles, and the knowledge base's training state, which then has
// changes waiting for a retrain.
var articleFamilies = []string{FamilyArticles, FamilyArticle, FamilySearch, FamilyParagraphs, FamilyTags, FamilyLangURLs, FamilyKBSettings}

// writeTable says, by path prefix (the route template), which families a
// write touches; "{id}" in a family stands for the path's first value. The
// first matching prefix wins, so longer ones come first. A write that
// matches none forgets everything its agent has cached.
var writeTable = []struct {
	prefix   string
	families []string
}{
	{"knowledge_base/articles/{article_id}/lang_urls/", []string{FamilyLangURLs + ":{id}"}},
	{"knowledge_base/articles/{id}", []string{FamilyArticle + ":{id}", FamilyLangURLs + ":{id}", FamilyArticles, FamilySearch, FamilyParagraphs, FamilyTags, FamilyKBSettings}},
	{"knowledge_base/articles/", articleFamilies}, // create, and delete by ids in the body
	{"knowledge_base/sources/{source}/diff", nil}, // a comparison: changes nothing
	{"knowledge_base/sources/", articleFamilies},
	{"knowledge_base/import_external/", articleFamilies},
	{"knowledge_base/file_upload_api/", articleFamilies},
	{"knowledge_base/intercom/", articleFamilies},
	{"knowledge_base/retrain", articleFamilies}, // its state, and deploy states
	// The agent's name is in both settings.
	{"knowledge_base/", []string{FamilyKBSettings, FamilyChatbot}},
	{chatbotSettingsRoute, []string{FamilyChatbot, FamilyKBSettings}},
	{widgetConfigurationRoute, []string{FamilyWidget}},
	{handoffConfigurationRoute, []string{FamilyHandoff}},
	{ratingConfigurationRoute, []string{FamilyRatings}},
	{kbActionCreateRoute, []string{FamilyAIActions}},
	{"ai_actions/{id}", []string{FamilyAIActions, FamilyAIAction + ":{id}"}},
	{"conversations/{conv_id}/metadata", []string{FamilyConversation + ":{id}", FamilyConversations}},
	{chatRoute, []string{FamilyConversations, FamilyConversation}},
}

// allFamilies are forgotten by a write the table does not know.
var allFamilies = []string{
	FamilyArticles, FamilyArticle, FamilySearch, FamilyParagraphs, FamilyLangURLs, FamilyTags, FamilyKBSettings,
	FamilyChatbot, FamilyWidget, FamilyHandoff, FamilyRatings, FamilyAIActions, FamilyAIAction,
	FamilyConversations, FamilyConversation,
}

// writeFamilies are the families the write r touches.
func writeFamilies(r request) []string {
	if r.url != "" {
		// The chats outside /v1/ add to conversations.
		return []string{FamilyConversations, FamilyConversation}
	}
	for _, w := range writeTable {
		if !strings.HasPrefix(r.route, w.prefix) {
			continue
		}
		out := make([]string, 0, len(w.families))
		for _, f := range w.families {
			if strings.Contains(f, "{id}") {
				if len(r.args) == 0 {
					f = strings.TrimSuffix(f, ":{id}")
				} else {
					f = strings.ReplaceAll(f, "{id}", r.args[0])
				}
			}
			out = append(out, f)
		}
		return out
	}
	return allFamilies
}

// ---------- Fresh reads and the age of what a page shows ----------

type freshKey struct{}

// Fresh returns a copy of ctx whose reads skip the Cache and go to the API;
// what they read is kept for later reads. Use it where a read must see the
// latest: an editor's conflict check, the state before a write, a page the
// person asked to refresh.
func Fresh(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKey{}, true)
}

func isFresh(ctx context.Context) bool {
	v, _ := ctx.Value(freshKey{}).(bool)
	return v
}

// Age records the oldest cached answer the reads of one request used.
type Age struct {
	mu     sync.Mutex
	oldest time.Time
}

type ageKey struct{}

// WithAgeRecorder returns a copy of ctx whose reads answered from a Cache
// tell a when their answer was read from the API.
func WithAgeRecorder(ctx context.Context, a *Age) context.Context {
	return context.WithValue(ctx, ageKey{}, a)
}

// Oldest is when the oldest cached answer used was read from the API; false
// when every answer came from the API itself.
func (a *Age) Oldest() (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.oldest, !a.oldest.IsZero()
}

func recordAge(ctx context.Context, filled time.Time) {
	a, ok := ctx.Value(ageKey{}).(*Age)
	if !ok || a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.oldest.IsZero() || filled.Before(a.oldest) {
		a.oldest = filled
	}
}
