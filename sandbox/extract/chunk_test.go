package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// prose returns about n characters of sentences starting with word, so a test can tell chunks apart.
func prose(word string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s sentence %d ends here. ", word, i)
	}
	return strings.TrimSpace(b.String())
}

func TestChunk(t *testing.T) {
	for name, tc := range map[string]struct {
		content string
		want    []string
	}{
		"empty":                  {" \n\n ", nil},
		"heading kept with text": {"# Title\n\n" + prose("One", 300) + "\n\n## Section\n\n" + prose("Two", 300), []string{"# Title\n\n" + prose("One", 300), "## Section\n\n" + prose("Two", 300)}},
		"short ones merged":      {"Tiny one.\n\nTiny two.\n\n" + prose("Big", 300), []string{"Tiny one.\n\nTiny two.\n\n" + prose("Big", 300)}},
		"short last joins":       {prose("Big", 300) + "\n\nTiny tail.", []string{prose("Big", 300) + "\n\nTiny tail."}},
		"short alone stays":      {"Just this.", []string{"Just this."}},
		"crlf and padding":       {"\r\n  " + prose("A", 250) + "\r\n\r\n" + prose("B", 250) + "  \r\n", []string{prose("A", 250), prose("B", 250)}},
		"fenced code stays whole": {prose("Intro", 250) + "\n\n```\ncode line\n\nmore code\n" + strings.Repeat("x", 200) + "\n```",
			[]string{prose("Intro", 250), "```\ncode line\n\nmore code\n" + strings.Repeat("x", 200) + "\n```"}},
	} {
		if got := Chunk(tc.content); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}

func TestChunkSplitsLongAtSentences(t *testing.T) {
	content := "## Long section\n" + prose("Many", 4000)
	chunks := Chunk(content)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks for 4000 characters", len(chunks))
	}
	for i, c := range chunks {
		if n := runeLen(c); n > MaxChunk || n < MinChunk {
			t.Errorf("chunk %d has %d characters", i, n)
		}
		if !strings.HasSuffix(c, "ends here.") {
			t.Errorf("chunk %d does not end at a sentence: …%q", i, c[max(0, len(c)-20):])
		}
	}
	if !strings.HasPrefix(chunks[0], "## Long section\nMany sentence 0") {
		t.Errorf("first chunk lost the heading: %.40q", chunks[0])
	}
	if got := strings.Fields(strings.Join(chunks, " ")); !slices.Equal(got, strings.Fields(content)) {
		t.Error("splitting lost or reordered text")
	}

	// One sentence without an end is cut at spaces, never mid-word.
	words := strings.TrimSpace(strings.Repeat("żółw ", 700))
	chunks = Chunk(words)
	for i, c := range chunks {
		if runeLen(c) > MaxChunk || strings.Trim(c, "żółw ") != "" || !strings.HasSuffix(c, "żółw") {
			t.Errorf("chunk %d of a run-on sentence: %d characters, ends %q", i, runeLen(c), c[max(0, len(c)-8):])
		}
	}
	if got := strings.Fields(strings.Join(chunks, " ")); len(got) != 700 {
		t.Errorf("run-on sentence kept %d of 700 words", len(got))
	}
}
