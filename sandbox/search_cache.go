package sandbox

import (
	"strconv"
	"sync"
	"sync/atomic"
)

// maxRanked is how many ranked matches a search computes and remembers: enough for the largest page
// any search may ask for, so every later page size is a prefix of the same answer.
const maxRanked = max(maxDisplayArticles, maxDataArticles)

// searchCacheEntries bounds the remembered searches; past it an arbitrary entry makes room.
const searchCacheEntries = 1024

// searchCache remembers the ranking of recent searches until the next write. Ranking scores every
// match with bm25, whose statistics (article count, average length, how many articles hold a word)
// span the whole index, so a write in any scenario can reorder every scenario's results: any
// committed write transaction forgets everything.
//
// Writers bump the generation before and after they commit. A ranking is remembered with the
// generation read before its read transaction began and only while that generation is current, and a
// remembered ranking is only served when the generation is still unchanged after the request's own
// snapshot began, so it is never older than the data it is shown with.
type searchCache struct {
	gen     atomic.Uint64
	mu      sync.Mutex
	entries map[string]rankedSearch
}

// rankedSearch is the answer of rankedMatches for at most maxRanked results.
type rankedSearch struct {
	gen   uint64
	ids   []int64 // best first
	count int     // every match, not only the ranked ones
}

// searchKey names a search: the scenario and everything of the query that changes the answer. The
// MATCH expression spells the words as typed, the fields and strictness; case sensitivity is apart.
func searchKey(scenarioID string, q searchQuery) string {
	return strconv.Quote(scenarioID) + strconv.FormatBool(q.CaseSensitive) + q.ftsMatch()
}

func (c *searchCache) generation() uint64 { return c.gen.Load() }

// invalidate forgets every remembered ranking; writers call it before and after they commit.
func (c *searchCache) invalidate() {
	c.gen.Add(1)
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}

// get returns the ranking remembered for key in generation gen.
func (c *searchCache) get(key string, gen uint64) (rankedSearch, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	if !ok || r.gen != gen {
		return rankedSearch{}, false
	}
	return r, true
}

// put remembers r, computed from a snapshot taken after generation gen was read, unless a write has
// bumped the generation since.
func (c *searchCache) put(key string, gen uint64, r rankedSearch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return
	}
	if c.entries == nil {
		c.entries = make(map[string]rankedSearch)
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= searchCacheEntries {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	r.gen = gen
	c.entries[key] = r
}
