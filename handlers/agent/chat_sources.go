package agent

import (
	"context"
	"strings"
	"unicode"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"

	"github.com/kljensen/snowball/english"
)

// Quickchat's chat answer (conv_id, reply, ord_number, src) names no
// articles, so the playground cannot say which ones an answer came from. It
// shows instead the articles a knowledge-base search finds for the question,
// through the console's read cache: asking again within its time costs
// nothing, and a change of the knowledge base shows at once.
const maxMatches = 3

// questionMatches is the articles a knowledge-base search finds for a
// question; nil when the search fails, which leaves the reply as it is.
func (h *Handlers) questionMatches(ctx context.Context, api API, question string) []views.ChatMatch {
	query := searchWords(question)
	if query == "" {
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
	return matches
}

// searchWords is the question without the words every question has, so the
// search looks for its topic; "" when nothing is left.
func searchWords(question string) string {
	var kept []string
	for _, w := range strings.FieldsFunc(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !english.IsStopWord(w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}
