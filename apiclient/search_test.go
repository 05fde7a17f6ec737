package apiclient

import (
	"encoding/binary"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// searchAnswer is the reference's example answer.
const searchAnswer = `{"article_snippets":[{"article_id":1234,"expository_sentence":"Our return policy allows returns within 30 days.",
	"query_words_ids":[{"start_char":4,"end_char":10,"text":"return"}]}],
	"article_snapshots":{"items":[{"id":1234,"title":"Return Policy","tags":["policies"]}],"offset":0,"count":1}}`

func TestSearchArticlesQuery(t *testing.T) {
	cases := []struct {
		name string
		p    SearchParams
		want url.Values
	}{
		{"query only: the API's defaults apply", SearchParams{Query: "return policy"}, url.Values{"query": {"return policy"}}},
		{"an empty query is still sent", SearchParams{}, url.Values{"query": {""}}},
		{"flags set to true", SearchParams{Query: "returns", IsCaseInsensitive: ptr(true), WithTitleURLAndTags: ptr(true), StrictSearch: ptr(true)},
			url.Values{"query": {"returns"}, "is_case_insensitive": {"true"}, "with_title_url_and_tags": {"true"}, "strict_search": {"true"}}},
		{"flags set to false are sent", SearchParams{Query: "returns", IsCaseInsensitive: ptr(false), WithTitleURLAndTags: ptr(false), StrictSearch: ptr(false)},
			url.Values{"query": {"returns"}, "is_case_insensitive": {"false"}, "with_title_url_and_tags": {"false"}, "strict_search": {"false"}}},
		{"one flag", SearchParams{Query: "Rückgabe & Umtausch", StrictSearch: ptr(true)},
			url.Values{"query": {"Rückgabe & Umtausch"}, "strict_search": {"true"}}},
		{"counts", SearchParams{Query: "x", NumOfDisplayArticles: 3, NumOfDataArticles: 40},
			url.Values{"query": {"x"}, "num_of_display_articles": {"3"}, "num_of_data_articles": {"40"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/search", query: tc.want}, 200, searchAnswer)
			if _, err := c.SearchArticles(t.Context(), tc.p); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSearchArticlesDecodesTheAnswer(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/search", query: url.Values{"query": {"return"}}}, 200, searchAnswer)
	got, err := c.SearchArticles(t.Context(), SearchParams{Query: "return"})
	if err != nil {
		t.Fatal(err)
	}
	want := SearchResult{
		ArticleSnippets: []ArticleSnippet{{ArticleID: 1234, ExpositorySentence: "Our return policy allows returns within 30 days.",
			QueryWordsIDs: []QueryWord{{StartChar: 4, EndChar: 10, Text: "return"}}}},
		ArticleSnapshots: Page[Article]{Items: []Article{{ID: 1234, Title: "Return Policy", Tags: []string{"policies"}}}, Count: 1},
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestSearchArticlesError(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/search", query: url.Values{"query": {""}}}, 422,
		`{"errors":{"query":[{"message":"This field is required.","code":"VALIDATION_ERROR"}]}}`)
	_, err := c.SearchArticles(t.Context(), SearchParams{})
	if !IsStatus(err, 422) || !strings.Contains(err.Error(), "query: This field is required.") {
		t.Errorf("err = %v, want the API's 422", err)
	}
}

// words marks code-point ranges [start, end).
func words(offsets ...int) []QueryWord {
	var out []QueryWord
	for i := 0; i+1 < len(offsets); i += 2 {
		out = append(out, QueryWord{StartChar: offsets[i], EndChar: offsets[i+1]})
	}
	return out
}

func seg(text string) Segment  { return Segment{Text: text} }
func mark(text string) Segment { return Segment{Text: text, Match: true} }

func TestSnippetSegments(t *testing.T) {
	cases := []struct {
		name     string
		sentence string
		marks    []QueryWord
		want     []Segment
	}{
		{"the reference's example", "Our return policy allows returns within 30 days.", []QueryWord{{4, 10, "return"}},
			[]Segment{seg("Our "), mark("return"), seg(" policy allows returns within 30 days.")}},
		{"umlaut", "Rückgabe in 30 Tagen", words(0, 8, 15, 20),
			[]Segment{mark("Rückgabe"), seg(" in 30 "), mark("Tagen")}},
		{"umlaut inside the mark", "Die Rückgabe ist frei", words(4, 12),
			[]Segment{seg("Die "), mark("Rückgabe"), seg(" ist frei")}},
		{"emoji before the mark", "Free 🚚 shipping 😀 now", words(7, 15),
			[]Segment{seg("Free 🚚 "), mark("shipping"), seg(" 😀 now")}},
		{"an emoji is one character", "Free 🚚 shipping", words(5, 6),
			[]Segment{seg("Free "), mark("🚚"), seg(" shipping")}},
		{"Polish and German", "Żółw ß", words(5, 6, 0, 4),
			[]Segment{mark("Żółw"), seg(" "), mark("ß")}},
		{"no marks", "Żółw ß", nil, []Segment{seg("Żółw ß")}},
		{"the whole sentence", "Żółw", words(0, 4), []Segment{mark("Żółw")}},
		{"unsorted marks", "a b c d", words(6, 7, 0, 1, 2, 3),
			[]Segment{mark("a"), seg(" "), mark("b"), seg(" c "), mark("d")}},
		{"overlapping marks merge", "returns policy", words(0, 6, 3, 7, 4, 5),
			[]Segment{mark("returns"), seg(" policy")}},
		{"touching marks merge", "returns", words(0, 3, 3, 7), []Segment{mark("returns")}},
		{"a mark inside another", "Rückgabe", words(0, 8, 1, 2), []Segment{mark("Rückgabe")}},
		{"beyond the end is clipped", "Żółw ß", words(5, 40), []Segment{seg("Żółw "), mark("ß")}},
		{"before the start is clipped", "Żółw ß", words(-3, 1), []Segment{mark("Ż"), seg("ółw ß")}},
		{"entirely outside is ignored", "Żółw ß", words(6, 9, 100, 200, -5, -1), []Segment{seg("Żółw ß")}},
		{"empty and reversed marks are ignored", "Żółw ß", words(2, 2, 4, 1), []Segment{seg("Żółw ß")}},
		{"byte offsets would split a letter", "ół", words(1, 2), []Segment{seg("ó"), mark("ł")}},
		{"an empty sentence", "", words(0, 3), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ArticleSnippet{ExpositorySentence: tc.sentence, QueryWordsIDs: tc.marks}.Segments()
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Segments() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// FuzzSnippetSegments checks Segments against a per-character oracle: any
// sentence (even one that is not UTF-8) and any marks.
func FuzzSnippetSegments(f *testing.F) {
	pack := func(offsets ...int16) []byte {
		b := make([]byte, 0, 2*len(offsets))
		for _, o := range offsets {
			b = binary.LittleEndian.AppendUint16(b, uint16(o))
		}
		return b
	}
	f.Add("Our return policy allows returns within 30 days.", pack(4, 10))
	f.Add("Rückgabe in 30 Tagen", pack(0, 8, 15, 20))
	f.Add("Free 🚚 shipping 😀 now", pack(7, 15, 16, 17))
	f.Add("Żółw ß", pack(5, 6, 0, 4, 3, 100))
	f.Add("a\xffb\xc3", pack(-2, 1, 1, 3))
	f.Add("", pack(0, 1))
	f.Fuzz(func(t *testing.T, sentence string, raw []byte) {
		var marks []QueryWord
		for i := 0; i+3 < len(raw); i += 4 {
			marks = append(marks, QueryWord{
				StartChar: int(int16(binary.LittleEndian.Uint16(raw[i:]))),
				EndChar:   int(int16(binary.LittleEndian.Uint16(raw[i+2:]))),
			})
		}
		// The oracle: which characters are marked.
		n := utf8.RuneCountInString(sentence)
		marked := make([]bool, n)
		for _, m := range marks {
			for i := max(m.StartChar, 0); i < min(m.EndChar, n); i++ {
				marked[i] = true
			}
		}

		segments := ArticleSnippet{ExpositorySentence: sentence, QueryWordsIDs: marks}.Segments()
		var joined strings.Builder
		at := 0
		for i, s := range segments {
			joined.WriteString(s.Text)
			if s.Text == "" {
				t.Fatalf("segment %d is empty: %+v", i, segments)
			}
			if i > 0 && segments[i-1].Match == s.Match {
				t.Fatalf("segments %d and %d are both Match=%v: %+v", i-1, i, s.Match, segments)
			}
			for range s.Text {
				if marked[at] != s.Match {
					t.Fatalf("character %d: Match=%v, want %v: %+v", at, s.Match, marked[at], segments)
				}
				at++
			}
		}
		if joined.String() != sentence {
			t.Fatalf("segments %+v join to %q, not %q", segments, joined.String(), sentence)
		}
	})
}
