package apiclient

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
)

// The modes of ImportWebsite.
const (
	WebsiteIndividual            = "individual"              // the page at URL only (the API's default)
	WebsiteSiteWide              = "site_wide"               // every page of the site
	WebsiteIndividualWithSummary = "individual_with_summary" // the page at URL, summarized
)

// WebsiteImport is the body of ImportWebsite. Empty fields are not sent, so
// the API's defaults apply.
type WebsiteImport struct {
	URL          string   `json:"url"`
	Mode         string   `json:"mode,omitempty"`          // WebsiteIndividual, WebsiteSiteWide or WebsiteIndividualWithSummary
	Phrases      []string `json:"phrases,omitempty"`       // key phrases to extract
	HTMLSelector string   `json:"html_selector,omitempty"` // a CSS selector for the part of the page to import
}

// WebsiteImportResult is the answer of ImportWebsite. The older edition
// answers 200 OK, the newer one 202 Accepted (the page is imported in the
// background); either is a success. Article may then be empty (the newer
// reference shows "article": {}), and a 202 may even come without a body:
// the result is then empty too, apart from the URL asked for.
type WebsiteImportResult struct {
	Status  string  `json:"status"`
	URL     string  `json:"url"`
	Article Article `json:"article"` // the article made of the page; may be empty, as the import goes on in the background
	// ArticlesCreated counts the articles a site-wide import made. It is
	// not in Quickchat's reference: zero when the API does not say.
	ArticlesCreated int `json:"articles_created,omitempty"`
}

// SitemapImport is the body of ImportSitemap. Empty fields are not sent, so
// the API's defaults apply.
type SitemapImport struct {
	SiteMap         string `json:"site_map"`                    // the address of an XML sitemap
	LinkFilterRegex string `json:"link_filter_regex,omitempty"` // only links matching it are imported; the API's default is ".*"
	HTMLSelector    string `json:"html_selector,omitempty"`
	Summarize       bool   `json:"summarize,omitempty"`
}

// LinkListImport is the body of ImportLinks. Empty fields are not sent, so
// the API's defaults apply.
type LinkListImport struct {
	Links        []string `json:"links"`          // required, not empty
	Tags         []string `json:"tags,omitempty"` // given to every imported article
	HTMLSelector string   `json:"html_selector,omitempty"`
	Summarize    bool     `json:"summarize,omitempty"`
}

// LinksResult is the answer of ImportSitemap and ImportLinks: the pages the
// API is importing. The reference shows 200 OK with the pages; as every
// import runs in the background in the newer edition, a 202 Accepted is
// taken as success too, and one without a body leaves Status and Links
// empty: the pages are then known only once Quickchat is done.
type LinksResult struct {
	Status string   `json:"status"`
	Links  []string `json:"links"`
}

// YouTubeImport is the body of ImportYouTube. ToastProcessUUID names the
// import for progress messages; NewProcessUUID makes one.
type YouTubeImport struct {
	URL              string `json:"url"`
	ToastProcessUUID string `json:"toast_process_uuid"`
}

// ImportWebsite imports a web page, or a whole site, into the Knowledge
// Base. It succeeds on 200 OK (older edition) and 202 Accepted (newer). It
// counts against the HEAVY rate tier.
func (c *Client) ImportWebsite(ctx context.Context, in WebsiteImport) (*WebsiteImportResult, error) {
	res, err := call[WebsiteImportResult](ctx, c, request{method: http.MethodPost, route: "knowledge_base/import_external/website", body: in, tier: tierHeavy, acceptedEmpty: true})
	if err == nil && res.URL == "" {
		res.URL = in.URL
	}
	return res, err
}

// ImportSitemap imports the pages an XML sitemap lists (those matching
// LinkFilterRegex) and returns them. It succeeds on 200 OK and 202 Accepted.
// It counts against the HEAVY rate tier.
func (c *Client) ImportSitemap(ctx context.Context, in SitemapImport) (*LinksResult, error) {
	return call[LinksResult](ctx, c, request{method: http.MethodPost, route: "knowledge_base/import_external/site-map", body: in, tier: tierHeavy, acceptedEmpty: true})
}

// ImportLinks imports the given pages and returns them. It succeeds on 200
// OK and 202 Accepted. It counts against the HEAVY rate tier.
func (c *Client) ImportLinks(ctx context.Context, in LinkListImport) (*LinksResult, error) {
	if in.Links == nil {
		in.Links = []string{} // sent as [], so the API says the list is empty rather than missing
	}
	return call[LinksResult](ctx, c, request{method: http.MethodPost, route: "knowledge_base/import_external/scrape-list", body: in, tier: tierHeavy, acceptedEmpty: true})
}

// ImportYouTube asks for the transcript of a YouTube video to be imported.
// The API only accepts the request (202; any 2xx with any body is taken as
// success): the article appears when the
// transcript has been processed. Without a ToastProcessUUID, a new one is
// sent. It counts against the HEAVY rate tier.
func (c *Client) ImportYouTube(ctx context.Context, in YouTubeImport) error {
	if in.ToastProcessUUID == "" {
		in.ToastProcessUUID = NewProcessUUID()
	}
	return c.do(ctx, request{method: http.MethodPost, route: "knowledge_base/import_external/youtube", body: in, tier: tierHeavy}, nil)
}

// NewProcessUUID returns a random UUID (version 4), such as
// "550e8400-e29b-41d4-a716-446655440000", to name a YouTube import.
func NewProcessUUID() string {
	var b [16]byte
	rand.Read(b[:])         // never fails: see crypto/rand.Read
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
