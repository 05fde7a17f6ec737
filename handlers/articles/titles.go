package articles

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"qcadmin/apiclient"
)

// Bounds of the article reads that give the tag and paragraph lists their
// counts and titles. A list read is cached for a while, so a page viewed
// again soon costs nothing; these keep a first view well inside the API's
// READ budget of 120 list reads a minute.
const (
	indexPageSize  = 100 // the most one list read returns
	indexPages     = 3   // list reads that look for paragraphs' article titles
	tagCountCalls  = 12  // per-tag count reads when the first list page is not the whole knowledge base
	tagCountAtOnce = 4
	tagCountWait   = 3 * time.Second
)

// articlePages reads the article list from its start, a page of
// indexPageSize at a time, until done says it has what it needs, the list
// ends, or pages pages were read. It returns what it read and the list's
// total count.
func articlePages(ctx context.Context, api API, pages int, done func([]apiclient.Article) bool) ([]apiclient.Article, int, error) {
	var items []apiclient.Article
	count := 0
	for i := range pages {
		page, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Limit: indexPageSize, Offset: i * indexPageSize})
		if err != nil {
			return items, count, err
		}
		items = append(items, page.Items...)
		count = page.Count
		if len(page.Items) < indexPageSize || len(items) >= count || done(items) {
			break
		}
	}
	return items, count, nil
}

// articleTitles names the articles of ids by their titles, read from the
// first pages of the article list (not one read per article). An id not
// found there is left out.
func articleTitles(ctx context.Context, api API, ids []int64) map[int64]string {
	titles := map[int64]string{}
	if len(ids) == 0 {
		return titles
	}
	found := func(items []apiclient.Article) bool {
		for _, a := range items {
			titles[a.ID] = a.Title
		}
		for _, id := range ids {
			if _, ok := titles[id]; !ok {
				return false
			}
		}
		return true
	}
	items, _, _ := articlePages(ctx, api, indexPages, found)
	found(items)
	return titles
}

// tagCounts counts the articles carrying each tag. When one list read holds
// the whole knowledge base the counts come from it; otherwise each tag is
// counted by a list read filtered by it (its count, one item), first the
// tags in want order, at most tagCountCalls of them. Tags it could not count
// are missing from the answer.
func tagCounts(ctx context.Context, api API, want []string) map[string]int {
	counts := map[string]int{}
	page, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Limit: indexPageSize})
	if err != nil {
		return counts
	}
	if len(page.Items) >= page.Count {
		for _, t := range want {
			counts[t] = 0
		}
		for _, a := range page.Items {
			for _, t := range slices.Compact(slices.Sorted(slices.Values(a.Tags))) {
				counts[t]++
			}
		}
		return counts
	}
	ctx, cancel := context.WithTimeout(ctx, tagCountWait)
	defer cancel()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		sem  = make(chan struct{}, tagCountAtOnce)
		todo = want[:min(len(want), tagCountCalls)]
	)
	for _, t := range todo {
		if strings.Contains(t, ",") {
			continue // the filter takes tags comma-joined, so it cannot ask for this one
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 1, Tags: []string{t}})
			if err != nil {
				return
			}
			mu.Lock()
			counts[t] = p.Count
			mu.Unlock()
		}()
	}
	wg.Wait()
	return counts
}
