package sandbox

import (
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/andybalholm/cascadia"

	"qcadmin/internal/cut"
	"qcadmin/sandbox/extract"
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

// convertPage turns a fetched HTML page into an article: the title from <title> or the first <h1> (else
// the address), the content as Markdown of the page or of the parts the selector picks.
func convertPage(p fetchedPage, opt pageOptions) (convertedPage, error) {
	page, err := extract.HTML(p.Body, p.URL, opt.Selector)
	if errors.Is(err, extract.ErrNotHTML) {
		return convertedPage{}, invalid("%s could not be read as HTML: %v.", p.URL, extract.Reason(err))
	}
	title := page.Title
	if title == "" {
		title = p.URL.String()
	}
	out := convertedPage{URL: p.URL, Title: cut.Runes(title, maxTitle), Links: page.Links}
	switch {
	case errors.Is(err, extract.ErrNoMatch):
		return out, invalid("The html_selector %q matches nothing on %s.", opt.SelectorText, p.URL)
	case err != nil:
		return out, invalid("%s could not be converted to Markdown: %v.", p.URL, extract.Reason(err))
	}
	content := page.Markdown
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
	kept := cut.Runes(content, maxContent)
	if len(kept) == len(content) {
		return content, false
	}
	if i := strings.LastIndex(kept, "\n\n"); i > len(kept)*9/10 {
		kept = kept[:i]
	}
	return strings.TrimSpace(kept), true
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
