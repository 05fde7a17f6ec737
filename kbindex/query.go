package kbindex

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"qcadmin/apiclient"
)

// Row is what the index keeps of an article: what a list row shows.
type Row struct {
	ID       int64
	Title    string
	State    string // "draft" or "published"
	Type     string
	Tags     []string
	Modified int64 // last change, Unix nanoseconds; 0 when the API gave none
}

// ModifiedTime is the row's last change; zero when unknown.
func (r Row) ModifiedTime() time.Time {
	if r.Modified == 0 {
		return time.Time{}
	}
	return time.Unix(0, r.Modified).UTC()
}

// rowOf keeps what a list row needs of a, its strings shared through k; k.mu is held.
func (k *kb) rowOf(a *apiclient.Article) Row {
	r := Row{ID: a.ID, Title: strings.Clone(a.Title), State: k.intern(a.State), Type: k.intern(a.Type)}
	if len(a.Tags) > 0 {
		r.Tags = make([]string, len(a.Tags))
		for i, t := range a.Tags {
			r.Tags[i] = k.intern(t)
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, a.LastModifiedTimestamp); err == nil {
		r.Modified = t.UnixNano()
	}
	return r
}

// The orders Find offers besides the list's own.
const (
	SortTitle    = "title"
	SortModified = "modified"
)

// Query is what Find looks for. Zero values match every row.
type Query struct {
	State string   // "draft" or "published"
	Types []string // rows of any of these types, any letter case, as the API's types filter
	Tags  []string // rows carrying any of these, as the API's tags filter
	Title string   // part of the title, any letter case, as the API's title filter
	// IDs, when not nil, keeps only these rows (what the API's content or
	// URL filter matched).
	IDs map[int64]bool
	// Sort is SortTitle or SortModified; empty keeps the list's order.
	Sort   string
	Desc   bool
	Offset int
	Limit  int // 0: every match
}

func (q Query) match(r *Row, titleFold string) bool {
	if q.State != "" && r.State != q.State {
		return false
	}
	if len(q.Types) > 0 && !slices.ContainsFunc(q.Types, func(t string) bool { return strings.EqualFold(r.Type, t) }) {
		return false
	}
	if len(q.Tags) > 0 && !slices.ContainsFunc(q.Tags, func(t string) bool { return slices.Contains(r.Tags, t) }) {
		return false
	}
	if titleFold != "" && !strings.Contains(strings.ToLower(r.Title), titleFold) {
		return false
	}
	if q.IDs != nil && !q.IDs[r.ID] {
		return false
	}
	return true
}

// Result is one page of what Find matched.
type Result struct {
	Rows    []Row // copies; their Tags are shared and must not be changed
	Matched int   // rows matching, across pages
}

// Find answers q from the agent's index as it stands (the rows read so far
// while it is first being read: Status says), and the status.
func (ix *Index) Find(agent string, q Query) (Result, Status) {
	k := ix.peek(agent)
	if k == nil {
		return Result{}, Status{}
	}
	titleFold := strings.ToLower(strings.TrimSpace(q.Title))
	k.mu.Lock()
	defer k.mu.Unlock()
	st := k.status()
	src := k.rows
	if !k.complete && k.building {
		src = k.partial
	}
	var order []int32
	if q.Sort == SortTitle || q.Sort == SortModified {
		order = k.sorted(src, q.Sort)
	}
	res := Result{}
	lo := max(q.Offset, 0)
	visit := func(r *Row) {
		if !q.match(r, titleFold) {
			return
		}
		if res.Matched >= lo && (q.Limit <= 0 || res.Matched < lo+q.Limit) {
			res.Rows = append(res.Rows, *r)
		}
		res.Matched++
	}
	switch {
	case order == nil:
		for i := range src {
			visit(&src[i])
		}
	case q.Desc:
		for i := len(order) - 1; i >= 0; i-- {
			visit(&src[order[i]])
		}
	default:
		for _, i := range order {
			visit(&src[i])
		}
	}
	return res, st
}

// sorted is the positions of src's rows in the order by names, ascending,
// the id breaking ties: kept for the complete rows until they change, so a
// page of a sorted list costs one pass over them; k.mu is held.
func (k *kb) sorted(src []Row, by string) []int32 {
	complete := k.complete && len(src) == len(k.rows) && (len(src) == 0 || &src[0] == &k.rows[0])
	if complete {
		if o, ok := k.orders[by]; ok {
			return o
		}
	}
	order := make([]int32, len(src))
	for i := range order {
		order[i] = int32(i)
	}
	switch by {
	case SortTitle:
		folded := make([]string, len(src))
		for i := range src {
			folded[i] = strings.ToLower(src[i].Title)
		}
		slices.SortFunc(order, func(a, b int32) int {
			return cmp.Or(strings.Compare(folded[a], folded[b]), strings.Compare(src[a].Title, src[b].Title), cmp.Compare(src[a].ID, src[b].ID))
		})
	case SortModified:
		slices.SortFunc(order, func(a, b int32) int {
			return cmp.Or(cmp.Compare(src[a].Modified, src[b].Modified), cmp.Compare(src[a].ID, src[b].ID))
		})
	}
	if complete {
		if k.orders == nil {
			k.orders = map[string][]int32{}
		}
		k.orders[by] = order
	}
	return order
}

// Titles are the titles of ids the agent's index holds, when it is complete;
// false when it is not.
func (ix *Index) Titles(agent string, ids []int64) (map[int64]string, bool) {
	k := ix.whole(agent)
	if k == nil {
		return nil, false
	}
	defer k.mu.Unlock()
	titles := make(map[int64]string, len(ids))
	for _, id := range ids {
		if i, ok := k.pos[id]; ok {
			titles[id] = k.rows[i].Title
		}
	}
	return titles, true
}

// TagCounts counts the articles carrying each tag, when the agent's index is
// complete; false when it is not.
func (ix *Index) TagCounts(agent string) (map[string]int, bool) {
	k := ix.whole(agent)
	if k == nil {
		return nil, false
	}
	defer k.mu.Unlock()
	counts := map[string]int{}
	for i := range k.rows {
		for j, t := range k.rows[i].Tags {
			if !slices.Contains(k.rows[i].Tags[:j], t) {
				counts[t]++
			}
		}
	}
	return counts, true
}

// whole is the agent's index, locked, when it holds the whole knowledge
// base, without marking it used; nil when it does not. The caller unlocks it.
func (ix *Index) whole(agent string) *kb {
	k := ix.peek(agent)
	if k == nil {
		return nil
	}
	k.mu.Lock()
	if !k.complete {
		k.mu.Unlock()
		return nil
	}
	return k
}

// Status is where the agent's index stands, without using it.
func (ix *Index) Status(agent string) Status {
	k := ix.peek(agent)
	if k == nil {
		return Status{}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.status()
}
