package markdown

import (
	"container/list"
	"sync"
)

// cache keeps the HTML of recently rendered Markdown by the content's hash,
// the least recently used going first once it holds more than entries items
// or more than bytes of HTML.
type cache struct {
	mu      sync.Mutex
	entries int
	bytes   int
	size    int // HTML bytes held
	order   *list.List
	items   map[[32]byte]*list.Element
}

type cached struct {
	key  [32]byte
	html string
}

func newCache(entries, bytes int) *cache {
	return &cache{entries: entries, bytes: bytes, order: list.New(), items: map[[32]byte]*list.Element{}}
}

func (c *cache) get(key [32]byte) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).html, true
}

// add keeps html under key; HTML larger than the whole cache is not kept.
func (c *cache) add(key [32]byte, html string) {
	if len(html) > c.bytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cached{key: key, html: html})
	c.size += len(html)
	for c.order.Len() > c.entries || c.size > c.bytes {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.items, old.key)
		c.size -= len(old.html)
	}
}

// len is how many renderings the cache holds, and their HTML bytes.
func (c *cache) len() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.size
}
