package sandbox

import (
	"context"
	"net/url"
	"strings"

	"qcadmin/sandbox/extract"
)

// sitemapLinks fetches the sitemap at u and returns the page addresses it lists, in order and without
// repeats; a sitemap index contributes the pages of its first maxChildSitemaps sitemaps.
func (s *Sandbox) sitemapLinks(ctx context.Context, u *url.URL) ([]string, error) {
	doc, err := s.fetchSitemap(ctx, u)
	if err != nil {
		return nil, err
	}
	var links []string
	seen := map[string]bool{}
	add := func(locs []string) {
		for _, loc := range locs {
			link, ok := absoluteHTTP(loc)
			if ok && !seen[link] {
				seen[link] = true
				links = append(links, link)
			}
		}
	}
	add(doc.Pages)
	var firstErr error
	for i, child := range doc.Sitemaps {
		if i == maxChildSitemaps {
			break
		}
		link, ok := absoluteHTTP(child)
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
		add(sub.Pages) // one level: an index inside an index is not followed
	}
	if len(links) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return links, nil
}

// fetchSitemap fetches and parses one sitemap document.
func (s *Sandbox) fetchSitemap(ctx context.Context, u *url.URL) (extract.Sitemap, error) {
	page, err := s.fetcher.fetch(ctx, u, fetchSitemap)
	if err != nil {
		return extract.Sitemap{}, err
	}
	doc, err := extract.ParseSitemap(page.Body)
	if err != nil {
		return doc, invalid("%s is not an XML sitemap: %v.", u, extract.Reason(err))
	}
	return doc, nil
}

// absoluteHTTP cleans a <loc>: an absolute http(s) address without fragment, or not ok.
func absoluteHTTP(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxURLLength {
		return "", false
	}
	extract.NormalizeURL(u)
	return u.String(), true
}
