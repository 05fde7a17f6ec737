package apiclient

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// SearchParams is what SearchArticles looks for. Nil flags and zero counts
// are not sent, so the API's defaults apply.
type SearchParams struct {
	Query                string // required by the API; sent even when empty, so the API can say so
	IsCaseInsensitive    *bool  // nil: the API default (true)
	WithTitleURLAndTags  *bool  // nil: the API default (true): titles, URLs and tags are searched too
	StrictSearch         *bool  // nil: the API default (false): every word need not match
	NumOfDisplayArticles int    // 0: not sent (the API's default is 5)
	NumOfDataArticles    int    // 0: not sent (the API's default is 15)
}

func (p SearchParams) values() url.Values {
	q := url.Values{}
	q.Set("query", p.Query)
	setBool(q, "is_case_insensitive", p.IsCaseInsensitive)
	setBool(q, "with_title_url_and_tags", p.WithTitleURLAndTags)
	setBool(q, "strict_search", p.StrictSearch)
	setInt(q, "num_of_display_articles", p.NumOfDisplayArticles)
	setInt(q, "num_of_data_articles", p.NumOfDataArticles)
	return q
}

// SearchResult is the answer of SearchArticles: a sentence from each article
// that matched, with the matching words marked, and the matching articles
// themselves.
type SearchResult struct {
	ArticleSnippets  []ArticleSnippet `json:"article_snippets"`
	ArticleSnapshots Page[Article]    `json:"article_snapshots"`
}

// ArticleSnippet is the sentence of one article that best shows why it
// matched the search.
type ArticleSnippet struct {
	ArticleID          int64       `json:"article_id"`
	ExpositorySentence string      `json:"expository_sentence"`
	QueryWordsIDs      []QueryWord `json:"query_words_ids"`
}

// QueryWord marks one searched word within an ExpositorySentence. The
// offsets count characters (Unicode code points), not bytes: EndChar is the
// first character after the word.
type QueryWord struct {
	StartChar int    `json:"start_char"`
	EndChar   int    `json:"end_char"`
	Text      string `json:"text"`
}

// SearchArticles searches the Knowledge Base's articles the way the agent
// would look them up.
func (c *Client) SearchArticles(ctx context.Context, p SearchParams) (*SearchResult, error) {
	return call[SearchResult](ctx, c, request{method: http.MethodGet, route: "knowledge_base/articles/search", query: p.values()})
}

// setBool sends a flag as "true" or "false"; nil is not sent.
func setBool(q url.Values, key string, v *bool) {
	if v != nil {
		q.Set(key, strconv.FormatBool(*v))
	}
}

// Segment is a run of a snippet's sentence: either a searched word (Match)
// or the text between such words.
type Segment struct {
	Text  string
	Match bool
}

// Segments cuts the snippet's sentence at its marked words, so a page can
// highlight what the person searched for. Concatenated, the segments give
// back the sentence exactly; none is empty, and a matching segment never
// follows another (overlapping or touching words form one segment). Marks
// that reach outside the sentence are clipped to it, and empty or reversed
// ones are ignored: a snippet the API got wrong still reads correctly, only
// less highlighted.
func (s ArticleSnippet) Segments() []Segment {
	sentence := s.ExpositorySentence
	if sentence == "" {
		return nil
	}
	// starts[i] is the byte offset of character i; starts[n] is the end.
	// Bytes that are not UTF-8 count as one character each, as in a range
	// loop, so no byte is ever lost.
	starts := make([]int, 0, len(sentence)+1)
	for i := range sentence {
		starts = append(starts, i)
	}
	n := len(starts)
	starts = append(starts, len(sentence))

	type span struct{ start, end int } // in characters, end exclusive
	spans := make([]span, 0, len(s.QueryWordsIDs))
	for _, w := range s.QueryWordsIDs {
		start, end := max(w.StartChar, 0), min(w.EndChar, n)
		if start < end {
			spans = append(spans, span{start, end})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })

	var out []Segment
	at := 0 // characters of the sentence already cut
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= end; i++ {
			end = max(end, spans[i].end)
		}
		start = max(start, at)
		if start > at {
			out = append(out, Segment{Text: sentence[starts[at]:starts[start]]})
		}
		out = append(out, Segment{Text: sentence[starts[start]:starts[end]], Match: true})
		at = end
	}
	if at < n {
		out = append(out, Segment{Text: sentence[starts[at]:]})
	}
	return out
}
