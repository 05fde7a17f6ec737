package sandbox

import (
	"slices"
	"strings"
	"testing"
)

func TestWordsOfCountsCodePoints(t *testing.T) {
	got := wordsOf("🚲 Żółw, e\u0301cole x_y don't 3.5\u00a0km")
	want := []wordToken{{"Żółw", 2, 6}, {"e\u0301cole", 8, 14}, {"x", 15, 16}, {"y", 17, 18}, {"don", 19, 22}, {"t", 23, 24}, {"3", 25, 26}, {"5", 27, 28}, {"km", 29, 31}}
	if !slices.Equal(got, want) {
		t.Errorf("wordsOf = %v\nwant     %v", got, want)
	}
	if got := wordsOf("... — !? \xff"); len(got) != 0 {
		t.Errorf("no words expected, got %v", got)
	}
}

func TestQueryWordsAndMatchExpression(t *testing.T) {
	if got := queryWords("Return return RETURN policy", false, false); !slices.Equal(got, []string{"Return", "policy"}) {
		t.Errorf("case-insensitive dedupe = %q", got)
	}
	if got := queryWords("Return return", false, true); !slices.Equal(got, []string{"Return", "return"}) {
		t.Errorf("case-sensitive words = %q", got)
	}
	if got := queryWords("very very good", true, false); !slices.Equal(got, []string{"very", "very", "good"}) {
		t.Errorf("a strict phrase keeps repeats: %q", got)
	}
	q := searchQuery{Words: queryWords(`NEAR("x" -y*)`, false, false), WithMeta: true}
	if got := q.ftsMatch(); got != `{title url tags content} : ("NEAR" OR "x" OR "y")` {
		t.Errorf("ftsMatch = %s", got)
	}
	q.Strict, q.WithMeta = true, false
	if got := q.ftsMatch(); got != `{content} : ("NEAR" + "x" + "y")` {
		t.Errorf("strict ftsMatch = %s", got)
	}
}

func TestSentences(t *testing.T) {
	md := "# Heading one\n\n> - Quoted item. Second sentence!\n1. Step **one** costs €3.50 at e-bike.de? Yes\n| a | b |\n|---|---|\n- [x] Done `code`\n\n   \n"
	want := []string{"Heading one", "Quoted item.", "Second sentence!", "Step one costs €3.50 at e-bike.de?", "Yes", "a | b", "Done code"}
	if got := sentences(md); !slices.Equal(got, want) {
		t.Errorf("sentences =\n%q\nwant\n%q", got, want)
	}
}

func TestExcerptKeepsTheFocus(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 100) + "needle " + strings.Repeat("dolor sit ", 100)
	focus := len([]rune(strings.Repeat("lorem ipsum ", 100)))
	got := excerpt(long, focus)
	if n := len([]rune(got)); n > maxSentence+2 || !strings.Contains(got, "needle") {
		t.Errorf("excerpt of %d characters: %q", n, got)
	}
	if !strings.HasPrefix(got, "…lorem") && !strings.HasPrefix(got, "…ipsum") {
		t.Errorf("excerpt does not start at a word: %.20q", got)
	}
	if got := excerpt(strings.Repeat("x", 400), 0); len([]rune(got)) != maxSentence+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("excerpt without spaces: %d characters", len([]rune(got)))
	}
}
