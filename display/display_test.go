package display

import "testing"

func TestDisplay(t *testing.T) {
	cases := []struct{ got, want string }{
		{Title("  "), "Untitled article"},
		{Title("Returns"), "Returns"},
		{Language("pl"), "Polish"},
		{Language("xx"), "XX"},
		{Count(1, "article", "articles"), "1 article"},
		{Count(0, "article", "articles"), "0 articles"},
		{Count(1200, "page", "pages"), "1,200 pages"},
		{Word(1, "page", "pages"), "page"},
		{Word(2, "page", "pages"), "pages"},
		{Bytes(900), "900 B"},
		{Bytes(1024), "1 KiB"},
		{Bytes(512 << 10), "512 KiB"},
		{Bytes(20 << 20), "20 MiB"},
		{Bytes(3 << 19), "1.5 MiB"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
