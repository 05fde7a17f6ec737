package kbindex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"qcadmin/apiclient"
)

// errTooLarge ends a reading of a knowledge base larger than MaxArticles.
var errTooLarge = errors.New("kbindex: more articles than the index keeps")

// Use marks the agent's index used and starts, in the background, whatever
// it needs: a first reading, a refresh when it is older than its interval or
// may have missed a change, a re-read of articles changed by writes it could
// not follow. It returns at once with where the index stands; api is the
// person's client, used only by the work Use starts.
func (ix *Index) Use(agent string, api API) Status {
	k := ix.get(agent, true)
	now := ix.cfg.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.building {
		return k.status()
	}
	if !k.failedAt.IsZero() && now.Sub(k.failedAt) < retryAfter {
		return k.status()
	}
	read := k.complete || k.tooLarge
	changed := k.stale || len(k.dirty) > maxDirty
	full := !read || changed || now.Sub(k.builtAt) >= ix.refreshAge(k)
	switch {
	case full:
		ix.startReading(k, api)
		k.catchingUp = read && changed
	case (len(k.dirty) > 0 || k.unsure) && !k.touching:
		ix.startTouchUp(k, api)
	}
	return k.status()
}

// refreshAge is how old k may grow before a use reads it again: MaxAge, or
// longer for a large knowledge base, so its refreshes stay a small part of
// the READ budget; k.mu is held.
func (ix *Index) refreshAge(k *kb) time.Duration {
	pages := (max(len(k.rows), k.total) + PageSize - 1) / PageSize
	return max(ix.cfg.MaxAge, time.Duration(pages)*perPageAge)
}

// Wait waits, at most d, for a reading of the agent's index under way to
// end, and returns where the index stands.
func (ix *Index) Wait(ctx context.Context, agent string, d time.Duration) Status {
	k := ix.peek(agent)
	if k == nil {
		return Status{}
	}
	k.mu.Lock()
	done, building := k.done, k.building
	k.mu.Unlock()
	if building && d > 0 {
		t := time.NewTimer(d)
		select {
		case <-done:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	return ix.Status(agent)
}

// WaitIfSmall waits, at most d, for the first reading of a knowledge base of
// at most pages list pages (it returns as soon as the reading shows more,
// so a page of a large knowledge base answers at once with what it can), or
// for a complete index to catch up with changes it could not follow.
func (ix *Index) WaitIfSmall(ctx context.Context, agent string, d time.Duration, pages int) Status {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		st := ix.Status(agent)
		if st.Complete && !st.CatchingUp || !st.Complete && (!st.Building || st.Total > pages*PageSize) {
			return st
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			return ix.Status(agent)
		case <-ctx.Done():
			return ix.Status(agent)
		}
	}
}

// startReading reads the whole list again in the background; k.mu is held.
func (ix *Index) startReading(k *kb, api API) {
	ctx, cancel := context.WithTimeout(ix.ctx, buildTimeout)
	k.building, k.stop, k.done = true, cancel, make(chan struct{})
	k.partial, k.partialPos, k.total, k.changes = nil, map[int64]int{}, 0, nil
	// The reading sees what these stood for.
	k.stale, k.unsure = false, false
	clear(k.dirty)
	started := ix.cfg.Now()
	ix.wg.Go(func() {
		defer cancel()
		err := ix.read(apiclient.Background(ctx), k, api)
		k.mu.Lock()
		defer k.mu.Unlock()
		k.catchingUp = false
		if missing := k.total - len(k.partial); err == nil && missing > max(5, k.total/100) {
			// Pages shift under writes made while they are read; more missing than that is no index.
			err = fmt.Errorf("kbindex: read %d of %d articles", len(k.partial), k.total)
		}
		ix.finish(k, started, err)
	})
}

// read reads the article list into k.partial, a page at a time.
func (ix *Index) read(ctx context.Context, k *kb, api API) error {
	for offset := 0; ; offset += PageSize {
		page, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Limit: PageSize, Offset: offset})
		if err != nil {
			return err
		}
		k.mu.Lock()
		if page.Count > ix.cfg.MaxArticles {
			k.mu.Unlock()
			return errTooLarge
		}
		k.total = page.Count
		if k.partial == nil {
			k.partial = make([]Row, 0, page.Count)
		}
		for i := range page.Items {
			a := &page.Items[i]
			if _, dup := k.partialPos[a.ID]; dup {
				continue // pages shifted under a write: it was read already
			}
			k.partialPos[a.ID] = len(k.partial)
			k.partial = append(k.partial, k.rowOf(a))
		}
		n := len(k.partial)
		k.mu.Unlock()
		if len(page.Items) < PageSize || offset+PageSize >= page.Count || n >= ix.cfg.MaxArticles {
			return nil
		}
	}
}

// finish ends a reading: on success the rows read, with the console's
// writes made meanwhile, become the index; k.mu is held.
func (ix *Index) finish(k *kb, started time.Time, err error) {
	defer func() {
		k.building, k.stop, k.partial, k.partialPos, k.changes = false, nil, nil, nil, nil
		close(k.done)
	}()
	switch {
	case err == nil:
		k.rows, k.pos = k.partial, k.partialPos
		for _, c := range k.changes {
			k.rows = c.applyTo(k.rows)
		}
		if len(k.changes) > 0 {
			k.pos = positions(k.rows)
		}
		k.complete, k.tooLarge, k.builtAt, k.failedAt = true, false, started, time.Time{}
		clear(k.orders)
	case errors.Is(err, errTooLarge):
		k.rows, k.pos, k.complete, k.tooLarge, k.builtAt, k.failedAt = nil, map[int64]int{}, false, true, started, time.Time{}
		clear(k.orders)
		k.total = 0
	default:
		// A complete index stays as it was, with the console's writes; the next use after a while tries again.
		k.failedAt = ix.cfg.Now()
		ix.cfg.Log.Warn("could not read the article list for the index", "agent", k.agent, "error", err)
	}
}

// startTouchUp re-reads, in the background, the articles changed by writes
// the index could not follow, and checks the list's count when something
// changed it that no write named; k.mu is held.
func (ix *Index) startTouchUp(k *kb, api API) {
	ids := make([]int64, 0, len(k.dirty))
	for id := range k.dirty {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	clear(k.dirty)
	check := k.unsure
	k.unsure, k.touching, k.catchingUp = false, true, true
	ix.wg.Go(func() {
		ctx, cancel := context.WithTimeout(apiclient.Background(ix.ctx), time.Minute)
		defer cancel()
		defer func() {
			k.mu.Lock()
			k.touching, k.catchingUp = false, false
			k.mu.Unlock()
		}()
		for _, id := range ids {
			a, err := api.GetArticle(ctx, id)
			var apiErr *apiclient.APIError
			switch {
			case err == nil:
				k.mu.Lock()
				k.apply(change{Rows: []Row{k.rowOf(a)}})
				k.mu.Unlock()
			case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound:
				k.mu.Lock()
				k.apply(change{Deleted: []int64{id}})
				k.mu.Unlock()
			default:
				k.mu.Lock()
				k.stale = true // read it all at the next use
				k.mu.Unlock()
				return
			}
		}
		if !check {
			return
		}
		page, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 1})
		k.mu.Lock()
		if err != nil || page.Count != len(k.rows) {
			k.stale = true
		}
		k.mu.Unlock()
	})
}
