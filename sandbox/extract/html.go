package extract

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Page is a web page read as Markdown.
type Page struct {
	Title    string   // the page's <title>, else its first <h1>, spaces collapsed; "" when it has neither
	Markdown string   // the content, parts separated by blank lines; "" when the page has no text
	Links    []string // absolute http(s) links on the page, without fragments, in order, without repeats
}

// noiseSelector picks what a reader of the content never wants: scripts, styles, embedded frames,
// forms and site navigation.
var noiseSelector = cascadia.MustCompile("script, style, noscript, template, iframe, object, embed, svg, canvas, nav, form, button")

// HTML reads a web page fetched from pageURL: its title, its links, and as Markdown (links and images made
// absolute) the page's body or, when sel is not nil, the parts sel picks, without scripts, styles,
// navigation and forms. It fails with ErrNotHTML, ErrNoMatch or ErrMarkdown.
func HTML(body []byte, pageURL *url.URL, sel cascadia.Selector) (Page, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return Page{}, fail(ErrNotHTML, err)
	}
	page := Page{Title: pageTitle(doc), Links: pageLinks(doc, pageURL)}

	var roots *goquery.Selection
	if sel != nil {
		roots = doc.FindMatcher(sel)
		if roots.Length() == 0 {
			return page, ErrNoMatch
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
		md, err := toMarkdown(n, pageURL)
		if err != nil {
			return page, fail(ErrMarkdown, err)
		}
		if md = strings.TrimSpace(md); md != "" {
			parts = append(parts, md)
		}
	}
	page.Markdown = strings.Join(parts, "\n\n")
	return page, nil
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

// pageTitle is the page's <title>, else its first <h1>.
func pageTitle(doc *goquery.Document) string {
	for _, sel := range []string{"head title", "title", "h1"} {
		if t := strings.TrimSpace(spaces.ReplaceAllString(doc.Find(sel).First().Text(), " ")); t != "" {
			return t
		}
	}
	return ""
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
		NormalizeURL(abs)
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

// NormalizeURL drops the fragment and spells an empty path as "/", so a site's home page is one page
// whether it is written http://host or http://host/.
func NormalizeURL(u *url.URL) {
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.Opaque == "" {
		u.Path = "/"
	}
}
