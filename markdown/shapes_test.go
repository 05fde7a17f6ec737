package markdown

import (
	"strconv"
	"strings"
	"testing"
)

// shape is Markdown a person can type or store to make rendering expensive,
// built to about n bytes.
type shape struct {
	name string
	make func(n int) string
}

// repeatTo repeats unit until the text is about n bytes long.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

var shapes = []shape{
	// Every "](" sends goldmark's link parser to the end of the line looking for the destination.
	{"links", func(n int) string { return repeatTo("[a](", n) }},
	{"quotes", func(n int) string { return repeatTo(">", n-2) + " a" }},
	{"lists", func(n int) string { return repeatTo("- ", n-1) + "a" }},
	{"backticks", func(n int) string {
		// Runs of every length, none closed by a run of the same length.
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i))
			b.WriteString("a")
		}
		return b.String()
	}},
	{"emphasis", func(n int) string { return repeatTo("*a **b ", n) }},
	{"brackets", func(n int) string { return repeatTo("[", n-1) + "a" }},
	// Every "]" makes the link parser walk what its brackets hold.
	{"nested-brackets", func(n int) string { return repeatTo("[", n/2) + repeatTo("]", n/2) }},
	// A wide header over many short rows: every row gets a cell per column.
	{"table", func(n int) string {
		cols := max(1, n/8)
		return "|" + strings.Repeat("a|", cols) + "\n|" + strings.Repeat("-|", cols) + "\n" + repeatTo("|a\n", n/2)
	}},
}

var benchSizes = []int{1 << 10, 16 << 10, 64 << 10, 200 << 10}

func sizeName(n int) string { return strconv.Itoa(n>>10) + "KB" }

// BenchmarkRenderShapes renders each shape at each size; ns/KB is the cost per kilobyte typed.
func BenchmarkRenderShapes(b *testing.B) {
	md := New()
	for _, s := range shapes {
		for _, n := range benchSizes {
			src := s.make(n)
			b.Run(s.name+"/"+sizeName(n), func(b *testing.B) {
				var out string
				for b.Loop() {
					forget(md) // every render is a first one
					out = md.Render(src)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(float64(len(src))/1024), "ns/KB")
				b.ReportMetric(float64(len(out)), "out-B")
			})
		}
	}
}
