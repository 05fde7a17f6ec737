package markdown

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

// maxPreviewHTML bounds the HTML of any preview: PreviewLimit characters make
// at most this much, whatever their shape.
const maxPreviewHTML = 40 * PreviewLimit

func TestPreviewRendersAtMostTheLimit(t *testing.T) {
	src := strings.Repeat("[a](", 50_000) // 200,000 characters: 11 s of goldmark before the bounds
	p, err := New().Preview(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if p.Shown != PreviewLimit || p.Total != 200_000 || !p.Truncated() {
		t.Fatalf("shown %d of %d, want %d of 200000", p.Shown, p.Total, PreviewLimit)
	}
	if len(p.HTML) > maxPreviewHTML || !strings.Contains(p.HTML, "[a](") {
		t.Fatalf("preview of %d bytes: %.200s", len(p.HTML), p.HTML)
	}
}

func TestPreviewCountsCharactersNotBytes(t *testing.T) {
	src := strings.Repeat("é", PreviewLimit+5)
	p, _ := New().Preview(context.Background(), src)
	if p.Shown != PreviewLimit || p.Total != PreviewLimit+5 || !utf8.ValidString(p.HTML) {
		t.Fatalf("shown %d of %d", p.Shown, p.Total)
	}
	short, _ := New().Preview(context.Background(), "# Hi")
	if short.Truncated() || short.Shown != 4 {
		t.Fatalf("a short text is cut: %+v", short)
	}
}

func TestPreviewStopsWhenTheRequestEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	md := New()
	if _, err := md.Preview(ctx, strings.Repeat("[a](", 50_000)); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n, _ := md.cache.len(); n != 0 {
		t.Fatalf("a cancelled request rendered: %d cached", n)
	}
}

func TestPreviewCachesByContent(t *testing.T) {
	md := New()
	first := md.Render("# Title\n\n*text*")
	if n, _ := md.cache.len(); n != 1 {
		t.Fatalf("cache holds %d after one render", n)
	}
	if again := md.Render("# Title\n\n*text*"); again != first {
		t.Fatalf("the cache changed the HTML: %q then %q", first, again)
	}
	if n, _ := md.cache.len(); n != 1 {
		t.Fatalf("cache holds %d after the same render twice", n)
	}
	for i := range cacheEntries + 50 {
		md.Render(strings.Repeat("x", i+1))
	}
	if n, size := md.cache.len(); n != cacheEntries || size > cacheBytes {
		t.Fatalf("cache holds %d renderings, %d bytes; bound %d, %d", n, size, cacheEntries, cacheBytes)
	}
}

func TestCacheDropsTheLeastRecentlyUsed(t *testing.T) {
	c := newCache(2, 10)
	c.add([32]byte{1}, "aaa")
	c.add([32]byte{2}, "bbb")
	c.get([32]byte{1})
	c.add([32]byte{3}, "ccc")
	if _, ok := c.get([32]byte{2}); ok {
		t.Fatal("the least recently used stayed")
	}
	if h, ok := c.get([32]byte{1}); !ok || h != "aaa" {
		t.Fatal("the recently used went")
	}
	c.add([32]byte{4}, "dddddddd") // 3 + 8 > 10 bytes: the oldest goes
	if n, size := c.len(); n != 1 || size != 8 {
		t.Fatalf("%d entries, %d bytes", n, size)
	}
	c.add([32]byte{5}, "eleven bytes")
	if _, ok := c.get([32]byte{5}); ok {
		t.Fatal("HTML larger than the cache was kept")
	}
}

// The bounds change nothing a real article writes.
func TestBoundsKeepOrdinaryMarkdown(t *testing.T) {
	md := New()
	src := "> quote\n> > nested\n\n- a\n  - b\n    1. c\n\n[link](https://velora.example/a_(b)?q=1 \"t\") ![i](https://velora.example/i.png)\n\n" +
		"| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~gone~~ www.velora.example\n\n- [x] done\n"
	out := md.Render(src)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(out))
	checks := map[string]int{"blockquote blockquote": 1, "ul ul ol li": 1, "a[href='https://velora.example/a_(b)?q=1']": 1,
		"img": 1, "table td": 2, "del": 1, "a[href='http://www.velora.example']": 1}
	for sel, want := range checks {
		if got := doc.Find(sel).Length(); got != want {
			t.Errorf("%s: %d, want %d\n%s", sel, got, want, out)
		}
	}
	long := "[long](https://velora.example/" + strings.Repeat("x", maxDestination-40) + ")"
	if d := goqueryDoc(t, md.Render(long)); d.Find("a").Length() != 1 {
		t.Errorf("a destination of %d bytes is no longer a link", maxDestination-10)
	}
	deep := strings.Repeat(">", maxNesting) + " deep"
	if d := goqueryDoc(t, md.Render(deep)); d.Find("blockquote").Length() != maxNesting {
		t.Errorf("%d nested quotes: %d blockquotes", maxNesting, d.Find("blockquote").Length())
	}
	deeper := strings.Repeat(">", 500) + " deep"
	if d := goqueryDoc(t, md.Render(deeper)); d.Find("blockquote").Length() != maxNesting || !strings.Contains(d.Text(), ">>> deep") {
		t.Errorf("500 nested quotes: %d blockquotes, text %.80q", d.Find("blockquote").Length(), d.Text())
	}
}

// forget empties md's cache.
func forget(md *Renderer) { md.cache = newCache(cacheEntries, cacheBytes) }

func goqueryDoc(t *testing.T, html string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// FuzzRender: whatever is typed, the preview is bounded and nothing in it runs.
// The seeds are the expensive shapes, so plain go test renders each of them.
func FuzzRender(f *testing.F) {
	for _, s := range shapes {
		for _, n := range []int{1 << 10, 16 << 10} {
			f.Add(s.make(n))
		}
	}
	f.Add("<script>x</script>[a](javascript:x)")
	md := New()
	f.Fuzz(func(t *testing.T, src string) {
		p, err := md.Preview(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if p.Shown > PreviewLimit || p.Shown > p.Total || len(p.HTML) > maxPreviewHTML {
			t.Fatalf("shown %d of %d, %d bytes of HTML", p.Shown, p.Total, len(p.HTML))
		}
		doc := goqueryDoc(t, p.HTML)
		if doc.Find("script, iframe, object, embed, style, form, [onerror], [onclick], [onload], [id]").Length() != 0 {
			t.Fatalf("live markup for %.100q: %.300s", src, p.HTML)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			if href, _ := a.Attr("href"); strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
				t.Fatalf("javascript link for %.100q", src)
			}
		})
	})
}
