package cut

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRunesCountsCharactersNotBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"héllo wörld", 5, "héllo"},
		{"héllo", 5, "héllo"},
		{"héllo", 9, "héllo"},
		{"日本語のテキスト", 3, "日本語"},
		{"a🚲b", 2, "a🚲"},
		{"abc", 0, ""},
		{"abc", -1, ""},
		{"", 4, ""},
	} {
		if got := Runes(c.in, c.n); got != c.want {
			t.Errorf("Runes(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestEllipsisIsNCharactersWithTheMark(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Where is my order?", 30, "Where is my order?"},
		{"Where is my order?", 9, "Where is…"},
		{"größer", 6, "größer"},
		{"größere", 6, "größe…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
	} {
		got := Ellipsis(c.in, c.n)
		if got != c.want {
			t.Errorf("Ellipsis(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if c.n > 0 && utf8.RuneCountInString(got) > c.n {
			t.Errorf("Ellipsis(%q, %d) has %d characters", c.in, c.n, utf8.RuneCountInString(got))
		}
	}
}

func TestBytesEndsBetweenCharacters(t *testing.T) {
	s := "añ日🚲" // 1 + 2 + 3 + 4 bytes
	for n, want := range map[int]string{0: "", 1: "a", 2: "a", 3: "añ", 5: "añ", 6: "añ日", 9: "añ日", 10: s, 50: s, -3: ""} {
		got := Bytes(s, n)
		if got != want {
			t.Errorf("Bytes(%q, %d) = %q, want %q", s, n, got, want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Bytes(%q, %d) split a character: %q", s, n, got)
		}
	}
}

// A long text is cut with work bounded by what is kept: a title cut from a
// megabyte of text allocates nothing.
func TestRunesOfALongTextAllocatesNothing(t *testing.T) {
	long := strings.Repeat("ü", 1<<20)
	if n := testing.AllocsPerRun(10, func() { _ = Runes(long, 200) }); n != 0 {
		t.Fatalf("Runes allocated %v times", n)
	}
	if got := utf8.RuneCountInString(Runes(long, 200)); got != 200 {
		t.Fatalf("kept %d characters, want 200", got)
	}
}
