package sandbox

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// sitemapXML reads both kinds of sitemap: a <urlset> of pages and a <sitemapindex> of sitemaps.
type sitemapXML struct {
	XMLName  xml.Name
	URLs     []sitemapLoc `xml:"url"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// sitemapLinks fetches the sitemap at u and returns the page addresses it lists, in order and without
// repeats; a sitemap index contributes the pages of its first maxChildSitemaps sitemaps.
func (s *Sandbox) sitemapLinks(ctx context.Context, u *url.URL) ([]string, error) {
	doc, err := s.fetchSitemap(ctx, u)
	if err != nil {
		return nil, err
	}
	var links []string
	seen := map[string]bool{}
	add := func(locs []sitemapLoc) {
		for _, loc := range locs {
			link, ok := absoluteHTTP(loc.Loc)
			if ok && !seen[link] {
				seen[link] = true
				links = append(links, link)
			}
		}
	}
	add(doc.URLs)
	var firstErr error
	for i, child := range doc.Sitemaps {
		if i == maxChildSitemaps {
			break
		}
		link, ok := absoluteHTTP(child.Loc)
		if !ok {
			continue
		}
		cu, _ := url.Parse(link)
		sub, err := s.fetchSitemap(ctx, cu)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		add(sub.URLs) // one level: an index inside an index is not followed
	}
	if len(links) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return links, nil
}

// fetchSitemap fetches and parses one sitemap document.
func (s *Sandbox) fetchSitemap(ctx context.Context, u *url.URL) (sitemapXML, error) {
	var doc sitemapXML
	page, err := s.fetcher.fetch(ctx, u, fetchSitemap)
	if err != nil {
		return doc, err
	}
	dec := xml.NewDecoder(bytes.NewReader(page.Body))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		return doc, invalid("%s is not an XML sitemap: %v.", u, err)
	}
	if doc.XMLName.Local != "urlset" && doc.XMLName.Local != "sitemapindex" {
		return doc, invalid("%s is not an XML sitemap: its root element is <%s>, not <urlset> or <sitemapindex>.", u, doc.XMLName.Local)
	}
	return doc, nil
}

// absoluteHTTP cleans a <loc>: an absolute http(s) address without fragment, or not ok.
func absoluteHTTP(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxURLLength {
		return "", false
	}
	normalizeURL(u)
	return u.String(), true
}
