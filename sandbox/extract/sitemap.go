package extract

import (
	"encoding/xml"
	"fmt"
)

// Sitemap is what an XML sitemap lists, as written in its <loc> elements and in order: the pages of a
// <urlset>, the sitemaps of a <sitemapindex>.
type Sitemap struct {
	Pages    []string
	Sitemaps []string
}

// sitemapXML reads both kinds of sitemap.
type sitemapXML struct {
	XMLName  xml.Name
	URLs     []sitemapLoc `xml:"url"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// ParseSitemap reads a sitemap document; it fails with ErrNotSitemap.
func ParseSitemap(data []byte) (Sitemap, error) {
	var doc sitemapXML
	if err := newXMLDecoder(data).Decode(&doc); err != nil {
		return Sitemap{}, fail(ErrNotSitemap, err)
	}
	if doc.XMLName.Local != "urlset" && doc.XMLName.Local != "sitemapindex" {
		return Sitemap{}, fail(ErrNotSitemap, fmt.Errorf("its root element is <%s>, not <urlset> or <sitemapindex>", doc.XMLName.Local))
	}
	return Sitemap{Pages: locs(doc.URLs), Sitemaps: locs(doc.Sitemaps)}, nil
}

func locs(in []sitemapLoc) []string {
	out := make([]string, len(in))
	for i, l := range in {
		out[i] = l.Loc
	}
	return out
}
