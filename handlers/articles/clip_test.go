package articles

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A paragraph's excerpt ends at a space near the limit, so no word is cut in
// two, and says with "…" that it goes on; a short paragraph is shown whole.
func TestExcerptEndsBetweenWords(t *testing.T) {
	if got, clipped := clip("Ring twice.", 20); got != "Ring twice." || clipped {
		t.Fatalf("a short paragraph became %q (clipped %v)", got, clipped)
	}
	got, clipped := clip("Ring the bell twice when the ferry leaves the dock", 20)
	if got != "Ring the bell twice…" || !clipped {
		t.Fatalf("excerpt %q (clipped %v), want %q", got, clipped, "Ring the bell twice…")
	}
	got, _ = clip("Ringthebelltwicewhentheferryleaves", 20)
	if got != "Ringthebelltwicewhen…" {
		t.Fatalf("with no space near the end the excerpt is %q, want the first 20 characters and …", got)
	}
	got, _ = clip("Schöne Grüße an alle Fähren im Hafen", 20)
	if got != "Schöne Grüße an alle…" {
		t.Fatalf("excerpt %q: counted bytes, not characters", got)
	}
	long := strings.Repeat("Fähre ", 10_000)
	if got, _ := clip(long, paragraphExcerpt); utf8.RuneCountInString(got) > paragraphExcerpt+1 || !utf8.ValidString(got) {
		t.Fatalf("excerpt of a long paragraph has %d characters", utf8.RuneCountInString(got))
	}
}
