package agent

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// Quickchat's chat answer (conv_id, reply, ord_number, src) names no
// articles, so the playground cannot say which ones an answer came from. It
// shows instead the articles a knowledge-base search finds for the question:
// one search per question, kept a few minutes, so asking again costs nothing.
const (
	maxMatches   = 3
	matchTTL     = 5 * time.Minute
	matchEntries = 256
)

// matchCache holds recent searches by agent and question. Safe for concurrent use.
type matchCache struct {
	mu      sync.Mutex
	entries map[string]matchEntry
}

type matchEntry struct {
	at      time.Time
	matches []views.ChatMatch
}

func (mc *matchCache) get(key string, now time.Time) ([]views.ChatMatch, bool) {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	e, ok := mc.entries[key]
	if !ok || now.Sub(e.at) > matchTTL {
		return nil, false
	}
	return e.matches, true
}

func (mc *matchCache) put(key string, matches []views.ChatMatch, now time.Time) {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if mc.entries == nil {
		mc.entries = map[string]matchEntry{}
	}
	if len(mc.entries) >= matchEntries {
		// Forget the expired, then the oldest: the cache only spares repeated questions a search.
		oldest := ""
		for k, e := range mc.entries {
			if now.Sub(e.at) > matchTTL {
				delete(mc.entries, k)
			} else if oldest == "" || e.at.Before(mc.entries[oldest].at) {
				oldest = k
			}
		}
		if len(mc.entries) >= matchEntries {
			delete(mc.entries, oldest)
		}
	}
	mc.entries[key] = matchEntry{at: now, matches: matches}
}

// questionMatches is the articles a knowledge-base search finds for a
// question; nil when the search fails, which leaves the reply as it is.
func (h *Handlers) questionMatches(ctx context.Context, api API, scenarioID, question string) []views.ChatMatch {
	key := scenarioID + "\x00" + question
	now := time.Now()
	if m, ok := h.matches.get(key, now); ok {
		return m
	}
	query := searchWords(question)
	if query == "" {
		h.matches.put(key, []views.ChatMatch{}, now)
		return []views.ChatMatch{}
	}
	res, err := api.SearchArticles(ctx, apiclient.SearchParams{Query: query, NumOfDisplayArticles: maxMatches})
	if err != nil {
		h.Log.DebugContext(ctx, "playground: no matching articles", "err", err)
		return nil
	}
	titles := map[int64]string{}
	for _, a := range res.ArticleSnapshots.Items {
		titles[a.ID] = a.Title
	}
	matches := []views.ChatMatch{}
	seen := map[int64]bool{}
	for _, s := range res.ArticleSnippets {
		if seen[s.ArticleID] || len(matches) == maxMatches {
			continue
		}
		seen[s.ArticleID] = true
		matches = append(matches, views.ChatMatch{Title: display.Title(titles[s.ArticleID]), Href: web.ArticleHref(s.ArticleID), Sentence: s.ExpositorySentence})
	}
	h.matches.put(key, matches, now)
	return matches
}

// questionWords are the words of a question that say nothing of its topic;
// searched for, they match every article that uses them.
var questionWords = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(`a about an and any are as at be can could do does for from get got have how i if in
		is it its me my of on one or our please should so than that the their there this to us was we what when where
		which who why will with would you your`) {
		set[w] = true
	}
	return set
}()

// searchWords is the question without the words every question has, so the
// search looks for its topic; "" when nothing is left.
func searchWords(question string) string {
	var kept []string
	for _, w := range strings.FieldsFunc(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !questionWords[w] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}
