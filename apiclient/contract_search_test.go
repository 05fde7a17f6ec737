package apiclient_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

// checkSnippets fails the test unless every snippet names an existing
// article and every marked word lies inside its sentence, in characters,
// and spells the word it claims.
func checkSnippets(t *testing.T, c *apiclient.Client, name string, res *apiclient.SearchResult) {
	t.Helper()
	for _, s := range res.ArticleSnippets {
		if _, err := c.GetArticle(t.Context(), s.ArticleID); err != nil {
			t.Errorf("%s: snippet names article %d: %v", name, s.ArticleID, err)
		}
		chars := []rune(s.ExpositorySentence)
		if s.ExpositorySentence == "" || !utf8.ValidString(s.ExpositorySentence) {
			t.Errorf("%s: snippet of article %d has the sentence %q", name, s.ArticleID, s.ExpositorySentence)
		}
		for _, w := range s.QueryWordsIDs {
			if w.StartChar < 0 || w.StartChar >= w.EndChar || w.EndChar > len(chars) {
				t.Errorf("%s: word %+v lies outside %q (%d characters)", name, w, s.ExpositorySentence, len(chars))
				continue
			}
			if got := string(chars[w.StartChar:w.EndChar]); got != w.Text {
				t.Errorf("%s: characters %d-%d of %q are %q, the word says %q", name, w.StartChar, w.EndChar, s.ExpositorySentence, got, w.Text)
			}
		}
		var joined strings.Builder
		for _, seg := range s.Segments() {
			joined.WriteString(seg.Text)
		}
		if joined.String() != s.ExpositorySentence {
			t.Errorf("%s: segments of %q join to %q", name, s.ExpositorySentence, joined.String())
		}
	}
}

func snippetIDs(res *apiclient.SearchResult) []int64 {
	var out []int64
	for _, s := range res.ArticleSnippets {
		out = append(out, s.ArticleID)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestContractSearch(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-search", sandbox.ScopeWrite)
	ctx := t.Context()

	rueckgabe := publish(t, c, "Rückgabe", "Die Rückgabe ist innerhalb von 30 Tagen möglich. Der Żółw 🐢 bleibt im Laden.")
	returns := publish(t, c, "Return policy", "Our return policy allows returns within 30 days.", "policies")
	hours := publish(t, c, "Opening hours", "We are open 9 to 17 on weekdays.", "hours")

	search := func(name string, p apiclient.SearchParams) []int64 {
		t.Helper()
		res, err := c.SearchArticles(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSnippets(t, c, name, res)
		if res.ArticleSnapshots.Count < len(res.ArticleSnapshots.Items) {
			t.Errorf("%s: snapshots count %d below their %d items", name, res.ArticleSnapshots.Count, len(res.ArticleSnapshots.Items))
		}
		for _, id := range snippetIDs(res) {
			if !slices.ContainsFunc(res.ArticleSnapshots.Items, func(a apiclient.Article) bool { return a.ID == id }) {
				t.Errorf("%s: article %d has a snippet but no snapshot", name, id)
			}
		}
		return snippetIDs(res)
	}

	cases := []struct {
		name string
		p    apiclient.SearchParams
		want []int64
	}{
		{"a plain word", apiclient.SearchParams{Query: "weekdays"}, sorted(hours.ID)},
		{"a non-ASCII word", apiclient.SearchParams{Query: "Rückgabe"}, sorted(rueckgabe.ID)},
		{"an emoji does not shift the offsets", apiclient.SearchParams{Query: "Laden"}, sorted(rueckgabe.ID)},
		{"case-insensitive by default", apiclient.SearchParams{Query: "RÜCKGABE"}, sorted(rueckgabe.ID)},
		{"case-insensitive on request", apiclient.SearchParams{Query: "WEEKDAYS", IsCaseInsensitive: ptr(true)}, sorted(hours.ID)},
		{"case-sensitive", apiclient.SearchParams{Query: "WEEKDAYS", IsCaseInsensitive: ptr(false)}, sorted()},
		{"case-sensitive, same case", apiclient.SearchParams{Query: "Żółw", IsCaseInsensitive: ptr(false)}, sorted(rueckgabe.ID)},
		{"titles are searched by default", apiclient.SearchParams{Query: "Opening"}, sorted(hours.ID)},
		{"tags are searched by default", apiclient.SearchParams{Query: "policies"}, sorted(returns.ID)},
		{"titles and tags left out", apiclient.SearchParams{Query: "Opening", WithTitleURLAndTags: ptr(false)}, sorted()},
		{"tags left out", apiclient.SearchParams{Query: "policies", WithTitleURLAndTags: ptr(false)}, sorted()},
		{"content still searched without titles", apiclient.SearchParams{Query: "weekdays", WithTitleURLAndTags: ptr(false)}, sorted(hours.ID)},
		{"any word by default", apiclient.SearchParams{Query: "weekdays bicycles"}, sorted(hours.ID)},
		{"strict search wants the words together", apiclient.SearchParams{Query: "weekdays bicycles", StrictSearch: ptr(true)}, sorted()},
		{"strict search finds the phrase", apiclient.SearchParams{Query: "return policy", StrictSearch: ptr(true)}, sorted(returns.ID)},
		{"nothing matches", apiclient.SearchParams{Query: "submarine"}, sorted()},
	}
	for _, tc := range cases {
		if got := search(tc.name, tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("%s: snippets of %v, want %v", tc.name, got, tc.want)
		}
	}

	// Characters, not bytes or UTF-16 units: "Laden" comes after a
	// four-byte emoji that is two UTF-16 units.
	res, err := c.SearchArticles(ctx, apiclient.SearchParams{Query: "Laden", WithTitleURLAndTags: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ArticleSnippets) != 1 || !strings.Contains(res.ArticleSnippets[0].ExpositorySentence, "🐢") ||
		!slices.Contains(res.ArticleSnippets[0].Segments(), apiclient.Segment{Text: "Laden", Match: true}) {
		t.Errorf("searching Laden: %+v", res.ArticleSnippets)
	}

	// Marked words: "Rückgabe" starts at character 4 of the first sentence
	// whatever the bytes say.
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "Rückgabe", WithTitleURLAndTags: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ArticleSnippets) != 1 || !slices.ContainsFunc(res.ArticleSnippets[0].QueryWordsIDs, func(w apiclient.QueryWord) bool {
		return w.Text == "Rückgabe"
	}) {
		t.Errorf("searching Rückgabe: %+v", res.ArticleSnippets)
	} else if segs := res.ArticleSnippets[0].Segments(); !slices.Contains(segs, apiclient.Segment{Text: "Rückgabe", Match: true}) {
		t.Errorf("segments %+v do not mark Rückgabe", segs)
	}

	// The counts bound the answer.
	for i := range 4 {
		publish(t, c, "", strings.Repeat("Warranty covers the frame. ", i+1))
	}
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "warranty", NumOfDisplayArticles: 2, NumOfDataArticles: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkSnippets(t, c, "bounded", res)
	if n := len(snippetIDs(res)); n == 0 || n > 2 {
		t.Errorf("num_of_display_articles=2 gave snippets of %d articles", n)
	}
	if n := len(res.ArticleSnapshots.Items); n == 0 || n > 3 {
		t.Errorf("num_of_data_articles=3 gave %d snapshots", n)
	}
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "warranty"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snippetIDs(res)); n != 4 {
		t.Errorf("by default, snippets of %d of the 4 warranty articles", n)
	}

	// A read-only token may search; a search without a query is refused.
	reader := api.client(t, "contract-search", sandbox.ScopeRead)
	if _, err := reader.SearchArticles(ctx, apiclient.SearchParams{Query: "returns"}); err != nil {
		t.Errorf("a read-only token cannot search: %v", err)
	}
	var apiErr *apiclient.APIError
	if _, err := c.SearchArticles(ctx, apiclient.SearchParams{}); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity {
		t.Errorf("an empty query: %v, want 422", err)
	}
}
