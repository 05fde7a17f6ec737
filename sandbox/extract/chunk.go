package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunk sizes, in characters: shorter chunks carry too little context to answer from, longer ones dilute it.
const (
	MinChunk = 200
	MaxChunk = 1500
)

// Chunk splits Markdown (with "\n" line ends) into the passages an agent answers from: on blank lines,
// short chunks merged with the next (which keeps every heading with the text after it) and long ones
// split at sentence boundaries. Blank text has no chunks.
func Chunk(markdown string) []string {
	var out []string
	for _, chunk := range mergeShort(markdownBlocks(markdown)) {
		out = append(out, splitLong(chunk)...)
	}
	return out
}

// markdownBlocks splits Markdown on blank lines, except inside fenced code, which stays whole.
func markdownBlocks(content string) []string {
	var blocks []string
	var cur []string
	inFence := false
	flush := func() {
		if block := strings.TrimSpace(strings.Join(cur, "\n")); block != "" {
			blocks = append(blocks, block)
		}
		cur = cur[:0]
	}
	for line := range strings.SplitSeq(content, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
		}
		if trimmed == "" && !inFence {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return blocks
}

// mergeShort joins blocks shorter than MinChunk with the next; a short last block joins the one before when both fit.
// A heading on its own is always short, so it always joins the text it introduces.
func mergeShort(blocks []string) []string {
	var out []string
	cur := ""
	for _, b := range blocks {
		if cur != "" {
			b = cur + "\n\n" + b
		}
		cur = b
		if runeLen(cur) >= MinChunk {
			out = append(out, cur)
			cur = ""
		}
	}
	if cur != "" {
		if n := len(out); n > 0 && runeLen(out[n-1])+runeLen(cur)+2 <= MaxChunk {
			out[n-1] += "\n\n" + cur
		} else {
			out = append(out, cur)
		}
	}
	return out
}

// splitLong cuts a chunk longer than MaxChunk at sentence ends (or line ends), packing as many
// sentences as fit; a single sentence longer than MaxChunk is cut at a space.
func splitLong(chunk string) []string {
	if runeLen(chunk) <= MaxChunk {
		return []string{chunk}
	}
	var out []string
	cur := ""
	flush := func() {
		if s := strings.TrimSpace(cur); s != "" {
			out = append(out, s)
		}
		cur = ""
	}
	for _, seg := range sentenceSegments(chunk) {
		if runeLen(cur)+runeLen(seg) > MaxChunk {
			flush()
		}
		for runeLen(seg) > MaxChunk {
			head, rest := cutAtSpace(seg, MaxChunk)
			cur = head
			flush()
			seg = rest
		}
		cur += seg
	}
	flush()
	return out
}

// sentenceSegments splits text after line breaks and after . ! ? followed by a space; joined, the segments are the text.
func sentenceSegments(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		end := -1
		switch r {
		case '\n':
			end = i + 1
		case '.', '!', '?':
			if next, size := utf8.DecodeRuneInString(text[i+1:]); size > 0 && unicode.IsSpace(next) {
				end = i + 1 + size
			}
		}
		if end > start {
			out = append(out, text[start:end])
			start = end
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// cutAtSpace splits s before its limit-th character, at the last space when there is one in the second half.
func cutAtSpace(s string, limit int) (string, string) {
	r := []rune(s)
	cut := limit
	for i := limit - 1; i > limit/2; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i + 1
			break
		}
	}
	return string(r[:cut]), string(r[cut:])
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
