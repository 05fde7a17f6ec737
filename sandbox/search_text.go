package sandbox

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// searchQuery is a validated search: the query's words and how to match them.
type searchQuery struct {
	Words         []string // in query order; deduplicated unless Strict
	CaseSensitive bool
	WithMeta      bool // search title, url and tags as well as content
	Strict        bool // the words as one phrase, adjacent and in order
}

// wordToken is one word of a text, as the search index sees words.
type wordToken struct {
	text       string // as written in the text
	start, end int    // code point offsets into the text, end exclusive
}

// isWordRune mirrors the index's unicode61 tokenizer: letters, digits, combining marks and
// private-use characters make words; punctuation, symbols and spaces separate them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Co)
}

// wordsOf splits text into words with their code point offsets.
func wordsOf(text string) []wordToken {
	var out []wordToken
	start, startByte, i := -1, 0, 0
	for b, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start, startByte = i, b
			}
		} else if start >= 0 {
			out = append(out, wordToken{text[startByte:b], start, i})
			start = -1
		}
		i++
	}
	if start >= 0 {
		out = append(out, wordToken{text[startByte:], start, i})
	}
	return out
}

// queryWords reads the words of a query; repeats are dropped unless they form a strict phrase.
func queryWords(query string, strict, caseSensitive bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range wordsOf(query) {
		key := w.text
		if !caseSensitive {
			key = fold(key)
		}
		if !strict && seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, w.text)
	}
	return out
}

// ftsMatch builds the FTS5 MATCH expression. Every word is a quoted string, so nothing the user
// typed is read as FTS syntax (NEAR, AND, -, *, column filters).
func (q searchQuery) ftsMatch() string {
	quoted := make([]string, len(q.Words))
	for i, w := range q.Words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	expr := strings.Join(quoted, " OR ")
	if q.Strict {
		expr = strings.Join(quoted, " + ") // a phrase: the words adjacent and in this order
	}
	// The user's words never reach the scope column, which only selects the scenario.
	if q.WithMeta {
		return "{title url tags content} : (" + expr + ")"
	}
	return "{content} : (" + expr + ")"
}

// same compares a word of the text with a query word.
func (q searchQuery) same(text, word string) bool {
	if q.CaseSensitive {
		return text == word
	}
	return strings.EqualFold(text, word)
}

func (q searchQuery) isQueryWord(text string) bool {
	for _, w := range q.Words {
		if q.same(text, w) {
			return true
		}
	}
	return false
}

// phraseAt reports whether the query's words, in order, start at toks[i].
func (q searchQuery) phraseAt(toks []wordToken, i int) bool {
	if len(q.Words) == 0 || i+len(q.Words) > len(toks) {
		return false
	}
	for k, w := range q.Words {
		if !q.same(toks[i+k].text, w) {
			return false
		}
	}
	return true
}

// matchesAny reports whether any of texts has a query word or, for a strict search, the phrase.
func (q searchQuery) matchesAny(texts ...string) bool {
	for _, text := range texts {
		toks := wordsOf(text)
		for i, t := range toks {
			if q.Strict && q.phraseAt(toks, i) || !q.Strict && q.isQueryWord(t.text) {
				return true
			}
		}
	}
	return false
}

// maxSentence is how many characters of one sentence a snippet shows; longer ones are cut around the first hit.
const maxSentence = 300

// articleSnippet is one item of article_snippets.
type articleSnippet struct {
	ArticleID          int64       `json:"article_id"`
	ExpositorySentence string      `json:"expository_sentence"`
	QueryWordsIDs      []queryWord `json:"query_words_ids"`
}

// queryWord marks one occurrence of a query word in the expository sentence, in code points, end exclusive.
type queryWord struct {
	StartChar int    `json:"start_char"`
	EndChar   int    `json:"end_char"`
	Text      string `json:"text"`
}

// snippet picks the sentence of the article that best answers the query and marks the query words in it.
func (q searchQuery) snippet(a articleRecord) articleSnippet {
	var candidates []string
	if title := strings.Join(strings.Fields(a.Title), " "); q.WithMeta && title != "" {
		candidates = append(candidates, title)
	}
	candidates = append(candidates, sentences(a.Content)...)
	best, bestHits, bestPhrases := "", -1, -1
	for _, c := range candidates {
		hits, phrases := q.hits(c)
		// A strict search prefers the sentence holding the phrase; ties go to the earlier sentence.
		if phrases > bestPhrases || phrases == bestPhrases && len(hits) > bestHits {
			best, bestHits, bestPhrases = c, len(hits), phrases
		}
	}
	hits, _ := q.hits(best)
	if utf8.RuneCountInString(best) > maxSentence {
		first := 0
		if len(hits) > 0 {
			first = hits[0].StartChar
		}
		best = excerpt(best, first)
		hits, _ = q.hits(best)
	}
	return articleSnippet{ArticleID: a.ID, ExpositorySentence: best, QueryWordsIDs: hits}
}

// hits lists every occurrence of every query word in sentence, and counts the occurrences of the strict phrase.
func (q searchQuery) hits(sentence string) ([]queryWord, int) {
	hits := []queryWord{}
	toks := wordsOf(sentence)
	phrases := 0
	for i, t := range toks {
		if q.isQueryWord(t.text) {
			hits = append(hits, queryWord{StartChar: t.start, EndChar: t.end, Text: t.text})
		}
		if q.Strict && q.phraseAt(toks, i) {
			phrases++
		}
	}
	return hits, phrases
}

// excerpt cuts about maxSentence characters out of a long sentence, starting a little before the
// character at focus and at word boundaries, and marks the cuts with an ellipsis.
func excerpt(sentence string, focus int) string {
	r := []rune(sentence)
	start := max(0, focus-maxSentence/5)
	if start > 0 {
		// Start at the next whole word, keeping the lead-in before the focus.
		if k := slices.IndexFunc(r[start:focus], unicode.IsSpace); k >= 0 {
			start += k + 1
		}
	}
	end := min(len(r), start+maxSentence)
	if end < len(r) {
		if k := lastSpace(r[start:end]); k > maxSentence/2 {
			end = start + k
		}
	}
	out := strings.TrimSpace(string(r[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(r) {
		out += "…"
	}
	return out
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if unicode.IsSpace(r[i]) {
			return i
		}
	}
	return -1
}

// blockMarker matches the Markdown that opens a line: headings, quotes, list items and task boxes.
var blockMarker = regexp.MustCompile(`^(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+|\[[ xX]\]\s+)`)

// sentences splits Markdown into readable sentences: at line breaks and after . ! ? followed by a
// space, without block markers, table pipes or emphasis; sentences without a word are dropped.
func sentences(markdown string) []string {
	var out []string
	for line := range strings.SplitSeq(markdown, "\n") {
		line = cleanLine(line)
		for _, s := range splitSentences(line) {
			if s = strings.TrimSpace(s); strings.ContainsFunc(s, isWordRune) {
				out = append(out, s)
			}
		}
	}
	return out
}

func cleanLine(line string) string {
	line = strings.TrimSpace(line)
	for {
		loc := blockMarker.FindStringIndex(line)
		if loc == nil || loc[1] == 0 {
			break
		}
		line = strings.TrimSpace(line[loc[1]:])
	}
	if strings.HasPrefix(line, "|") {
		line = strings.TrimSpace(strings.Trim(line, "|"))
	}
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(line)
}

// splitSentences cuts a line after every . ! or ? that is followed by a space, so "3.5 km" and "e-bike.de" stay whole.
func splitSentences(line string) []string {
	var out []string
	start := 0
	for i, r := range line {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(line[i+1:])
		if unicode.IsSpace(next) {
			out = append(out, line[start:i+1])
			start = i + 1
		}
	}
	return append(out, line[start:])
}
