package sandbox

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// pageOptions are the choices of an import request that shape each article.
type pageOptions struct {
	Selector     cascadia.Selector // nil: the whole page
	SelectorText string            // as the request spelled it, for messages
	Phrases      []string          // keep only paragraphs containing one of these (case-insensitive); empty keeps all
	Summarize    bool              // prepend an extractive summary
	Tags         []string
}

// convertedPage is a fetched page turned into an article's parts.
type convertedPage struct {
	URL       *url.URL // where the content came from, after redirects
	Title     string
	Content   string
	Shortened bool     // the content was cut to the article limit
	Links     []string // absolute http(s) links on the page, without fragments, in order, without repeats
}

// noiseSelector picks what a reader of the article never wants: scripts, styles, embedded frames,
// forms and site navigation.
var noiseSelector = cascadia.MustCompile("script, style, noscript, template, iframe, object, embed, svg, canvas, nav, form, button")

// compileSelector checks an html_selector; an empty one means the whole page.
func compileSelector(sel string) (cascadia.Selector, error) {
	if strings.TrimSpace(sel) == "" {
		return nil, nil
	}
	compiled, err := cascadia.Compile(sel)
	if err != nil {
		return nil, invalid("Field 'html_selector' is not a valid CSS selector: %v.", err)
	}
	return compiled, nil
}

// convertPage turns a fetched HTML page into an article: the title from <title> or the first <h1>,
// the content as Markdown of the page or of the parts the selector picks.
func convertPage(p fetchedPage, opt pageOptions) (convertedPage, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return convertedPage{}, invalid("%s could not be read as HTML: %v.", p.URL, err)
	}
	out := convertedPage{URL: p.URL, Title: pageTitle(doc, p.URL), Links: pageLinks(doc, p.URL)}

	var roots *goquery.Selection
	if opt.Selector != nil {
		roots = doc.FindMatcher(opt.Selector)
		if roots.Length() == 0 {
			return out, invalid("The html_selector %q matches nothing on %s.", opt.SelectorText, p.URL)
		}
	} else {
		roots = doc.Find("body")
		if roots.Length() == 0 {
			roots = doc.Selection
		}
	}
	roots.FindMatcher(noiseSelector).Remove()

	var parts []string
	for _, n := range roots.Nodes {
		md, err := toMarkdown(n, p.URL)
		if err != nil {
			return out, invalid("%s could not be converted to Markdown: %v.", p.URL, err)
		}
		if md = strings.TrimSpace(md); md != "" {
			parts = append(parts, md)
		}
	}
	content := strings.Join(parts, "\n\n")
	if len(opt.Phrases) > 0 {
		content = keepPhrases(content, opt.Phrases)
		if content == "" {
			return out, invalid("None of the phrases %s occurs on %s.", quoteList(opt.Phrases), p.URL)
		}
	}
	if strings.TrimSpace(content) == "" {
		return out, invalid("%s has no text to import.", p.URL)
	}
	if opt.Summarize {
		content = withSummary(content)
	}
	out.Content, out.Shortened = clipContent(content)
	return out, nil
}

// toMarkdown converts one node with the CommonMark rules plus tables; links and images become absolute.
func toMarkdown(n *html.Node, pageURL *url.URL) (string, error) {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(), table.NewTablePlugin(),
	))
	md, err := conv.ConvertNode(n, converter.WithDomain(pageURL.String()))
	return string(md), err
}

var spaces = regexp.MustCompile(`\s+`)

// pageTitle is the page's <title>, else its first <h1>, else its address.
func pageTitle(doc *goquery.Document, u *url.URL) string {
	for _, sel := range []string{"head title", "title", "h1"} {
		if t := strings.TrimSpace(spaces.ReplaceAllString(doc.Find(sel).First().Text(), " ")); t != "" {
			return clipRunes(t, maxTitle)
		}
	}
	return clipRunes(u.String(), maxTitle)
}

// pageLinks lists the page's links as absolute http(s) addresses without fragments.
func pageLinks(doc *goquery.Document, pageURL *url.URL) []string {
	var links []string
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		ref, err := url.Parse(strings.TrimSpace(href))
		if err != nil {
			return
		}
		abs := pageURL.ResolveReference(ref)
		normalizeURL(abs)
		if (abs.Scheme != "http" && abs.Scheme != "https") || abs.Host == "" {
			return
		}
		if s := abs.String(); !seen[s] {
			seen[s] = true
			links = append(links, s)
		}
	})
	return links
}

// keepPhrases keeps the Markdown blocks (blank-line separated) that contain any of the phrases, ignoring case.
func keepPhrases(markdown string, phrases []string) string {
	var kept []string
	for block := range strings.SplitSeq(markdown, "\n\n") {
		folded := fold(block)
		for _, p := range phrases {
			if strings.Contains(folded, fold(p)) {
				kept = append(kept, strings.TrimSpace(block))
				break
			}
		}
	}
	return strings.TrimSpace(strings.Join(kept, "\n\n"))
}

// summarySentences is how many leading sentences the extractive summary keeps.
const summarySentences = 3

// withSummary puts the page's leading sentences under a "Summary" heading above the content. The
// sandbox has no language model, so where Quickchat would write a summary it quotes the opening instead.
func withSummary(markdown string) string {
	var prose []string
	for line := range strings.SplitSeq(markdown, "\n") {
		if !summaryNotProse.MatchString(line) {
			prose = append(prose, summaryLink.ReplaceAllString(summaryImage.ReplaceAllString(line, ""), "$1"))
		}
	}
	lead := sentences(strings.Join(prose, "\n"))
	if len(lead) > summarySentences {
		lead = lead[:summarySentences]
	}
	if len(lead) == 0 {
		return markdown
	}
	return "## Summary\n\n" + strings.Join(lead, " ") + "\n\n" + markdown
}

// A summary quotes prose: headings, list items, tables and quotes are left out, links keep their text.
var (
	summaryNotProse = regexp.MustCompile(`^\s*(#|[-*+] |\d+[.)] |\||>)`)
	summaryImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	summaryLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// clipContent keeps content within the article limit, cutting at a paragraph break when one is near;
// the article's shortened flag tells the reader the end is missing.
func clipContent(content string) (string, bool) {
	if utf8.RuneCountInString(content) <= maxContent {
		return content, false
	}
	cut := clipRunes(content, maxContent)
	if i := strings.LastIndex(cut, "\n\n"); i > len(cut)*9/10 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut), true
}

// clipRunes keeps at most n code points of s.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
