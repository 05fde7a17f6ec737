package markdown

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestMarkdownShowsRawHTMLInert(t *testing.T) {
	md := New()
	cases := []struct {
		name, src string
		wantText  string // visible text the author should see
	}{
		{"script block", "<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"inline tag", "Hello <b onclick=\"x()\">bold</b> world", `<b onclick="x()">`},
		{"image with onerror", `<img src=x onerror="alert(1)">`, `onerror="alert(1)"`},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>", "<iframe"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := md.Render(tc.src)
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if n := doc.Find("script, iframe, img, [onclick], [onerror]").Length(); n != 0 {
				t.Fatalf("live elements in the preview: %s", out)
			}
			if !strings.Contains(doc.Text(), tc.wantText) {
				t.Fatalf("the preview hides what was written: text %q, want it to contain %q", doc.Text(), tc.wantText)
			}
		})
	}
}

func TestMarkdownKeepsSafeMarkdownAndDropsDangerousLinks(t *testing.T) {
	out := New().Render("# Title\n\n- one\n- two\n\n[site](https://velora.example) [bad](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(out))
	if doc.Find("h1").Text() != "Title" || doc.Find("li").Length() != 2 || doc.Find("td").Length() != 2 {
		t.Fatalf("Markdown lost: %s", out)
	}
	if href, _ := doc.Find(`a:contains("site")`).Attr("href"); href != "https://velora.example" {
		t.Errorf("link href = %q", href)
	}
	if rel, _ := doc.Find(`a:contains("site")`).Attr("rel"); !strings.Contains(rel, "nofollow") {
		t.Errorf("external link rel = %q", rel)
	}
	if strings.Contains(out, "javascript:") {
		t.Fatalf("a javascript: link survived: %s", out)
	}
}

func FuzzMarkdownIsAlwaysInert(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "<img src=x onerror=y>", "```\n<b>\n```", "<!-- c -->", "**ok**"} {
		f.Add(s)
	}
	md := New()
	f.Fuzz(func(t *testing.T, src string) {
		out := md.Render(src)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Find("script, iframe, object, embed, [onerror], [onclick], [onload]").Length() != 0 {
			t.Fatalf("live element for %q: %s", src, out)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
				t.Fatalf("javascript link for %q: %s", src, out)
			}
		})
	})
}

// Sanitized HTML keeps no id, so a message cannot take over the page's own htmx targets.
func TestSanitizedHTMLKeepsNoIDs(t *testing.T) {
	md := New()
	out := md.Sanitize(`<div id="metadata-editor"><p id="toasts" title="t">Hi <b id=x>there</b></p><img id="y" src="https://x.example/a.png" alt="a"/></div>`)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(out))
	if n := doc.Find("[id]").Length(); n != 0 {
		t.Fatalf("%d elements keep an id: %s", n, out)
	}
	if doc.Find("b").Text() != "there" || doc.Find("p[title=t]").Length() != 1 || doc.Find("img[alt=a]").Length() != 1 {
		t.Fatalf("sanitizing lost the content: %s", out)
	}
	if got := md.Render("Text with no ids"); strings.Contains(got, "id=") || !strings.Contains(got, "Text with no ids") {
		t.Fatalf("Render = %q", got)
	}
}
