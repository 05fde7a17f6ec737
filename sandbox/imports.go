package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"qcadmin/internal/cut"
	"qcadmin/sandbox/extract"
)

// Limits of the import endpoints: enough for a help center, small enough that one request cannot keep
// the sandbox busy for long.
const (
	maxSitePages     = 20  // pages one site_wide import turns into articles
	maxSiteFetches   = 40  // pages it may try, counting the ones that are skipped
	maxImportLinks   = 100 // links one sitemap or link list import takes
	maxChildSitemaps = 10  // sitemaps of a sitemap index that are read
	maxURLLength     = 2048
	maxSelector      = 1000
	maxRegexp        = 1000
	maxPhrases       = 50
	maxPhrase        = 200
	importWorkers    = 4               // pages fetched at once by a list import
	importBudget     = 2 * time.Minute // a multi-page import stops fetching after this long and keeps what it has
)

// Modes of a website import.
const (
	modeIndividual            = "individual"
	modeSiteWide              = "site_wide"
	modeIndividualWithSummary = "individual_with_summary"
)

// websiteImportRequest is the body of POST knowledge_base/import_external/website.
type websiteImportRequest struct {
	URL          *string  `json:"url"`
	Mode         *string  `json:"mode"`
	Phrases      []string `json:"phrases"`
	HTMLSelector *string  `json:"html_selector"`
}

// websiteImportJSON is its answer; articles_created appears for site_wide imports only.
type websiteImportJSON struct {
	Status          string      `json:"status"`
	URL             string      `json:"url"`
	Article         articleJSON `json:"article"`
	ArticlesCreated *int        `json:"articles_created,omitempty"`
}

// sitemapImportRequest is the body of POST knowledge_base/import_external/site-map.
type sitemapImportRequest struct {
	SiteMap         *string `json:"site_map"`
	LinkFilterRegex *string `json:"link_filter_regex"`
	HTMLSelector    *string `json:"html_selector"`
	Summarize       *bool   `json:"summarize"`
}

// scrapeListRequest is the body of POST knowledge_base/import_external/scrape-list.
type scrapeListRequest struct {
	Links        *[]string `json:"links"`
	Tags         []string  `json:"tags"`
	HTMLSelector *string   `json:"html_selector"`
	Summarize    *bool     `json:"summarize"`
}

// youtubeImportRequest is the body of POST knowledge_base/import_external/youtube.
type youtubeImportRequest struct {
	URL              *string `json:"url"`
	ToastProcessUUID *string `json:"toast_process_uuid"`
}

// linksImportJSON answers sitemap and link list imports: the links that became articles.
type linksImportJSON struct {
	Status string   `json:"status"`
	Links  []string `json:"links"`
}

// importWebsite serves POST knowledge_base/import_external/website: one page, or (site_wide) the page
// and the same-host pages it links to, each a draft URL article. It answers 202 Accepted.
func (s *Sandbox) importWebsite(w http.ResponseWriter, r *http.Request, p principal) error {
	var req websiteImportRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.URL == nil {
		return invalid("Field 'url' is required.")
	}
	u, err := s.importURL("url", *req.URL)
	if err != nil {
		return err
	}
	mode := modeIndividual
	if req.Mode != nil {
		mode = *req.Mode
	}
	if mode != modeIndividual && mode != modeSiteWide && mode != modeIndividualWithSummary {
		return invalid("Field 'mode' must be \"individual\", \"site_wide\" or \"individual_with_summary\".")
	}
	opt, err := pageOptionsOf(req.HTMLSelector, mode == modeIndividualWithSummary, nil)
	if err != nil {
		return err
	}
	if opt.Phrases, err = checkPhrases(req.Phrases); err != nil {
		return err
	}

	var pages []convertedPage
	if mode == modeSiteWide {
		pages, err = s.crawl(r.Context(), u, opt)
	} else {
		var page convertedPage
		page, err = s.loadPage(r.Context(), u, opt)
		pages = []convertedPage{page}
	}
	if err != nil {
		return err
	}
	created, err := s.store.createImportedArticles(r.Context(), p.ScenarioID, opt.articles(pages))
	if err != nil {
		return err
	}
	out := websiteImportJSON{Status: "success", URL: *req.URL, Article: articleView(created[0], true)}
	if mode == modeSiteWide {
		n := len(created)
		out.ArticlesCreated = &n
	}
	// 202, as the newer reference answers (the older one said 200). The sandbox has already fetched the
	// page, so the article it made is in the answer rather than the reference's empty object.
	writeJSON(w, http.StatusAccepted, out)
	return nil
}

// importSitemap serves POST knowledge_base/import_external/site-map: every page the sitemap lists
// (and its child sitemaps list) whose address matches link_filter_regex, up to maxImportLinks.
func (s *Sandbox) importSitemap(w http.ResponseWriter, r *http.Request, p principal) error {
	var req sitemapImportRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.SiteMap == nil {
		return invalid("Field 'site_map' is required.")
	}
	u, err := s.importURL("site_map", *req.SiteMap)
	if err != nil {
		return err
	}
	pattern := ".*"
	if req.LinkFilterRegex != nil {
		pattern = *req.LinkFilterRegex
	}
	if utf8.RuneCountInString(pattern) > maxRegexp {
		return invalid("Field 'link_filter_regex' is too long: the limit is %d characters.", maxRegexp)
	}
	filter, err := regexp.Compile(pattern)
	if err != nil {
		return invalid("Field 'link_filter_regex' is not a valid regular expression: %v.", err)
	}
	opt, err := pageOptionsOf(req.HTMLSelector, req.Summarize != nil && *req.Summarize, nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), importBudget)
	defer cancel()
	all, err := s.sitemapLinks(ctx, u)
	if err != nil {
		return err
	}
	var links []string
	for _, link := range all {
		if filter.MatchString(link) {
			links = append(links, link)
		}
	}
	switch {
	case len(all) == 0:
		return invalid("The sitemap %s lists no page addresses.", u)
	case len(links) == 0:
		return invalid("The sitemap %s lists %d links, and none matches link_filter_regex %q.", u, len(all), pattern)
	}
	if len(links) > maxImportLinks {
		links = links[:maxImportLinks]
	}
	return s.importLinks(ctx, w, p, links, opt)
}

// importScrapeList serves POST knowledge_base/import_external/scrape-list: each listed page becomes an
// article with the given tags.
func (s *Sandbox) importScrapeList(w http.ResponseWriter, r *http.Request, p principal) error {
	var req scrapeListRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.Links == nil {
		return invalid("Field 'links' is required: a non-empty array of http(s) URLs.")
	}
	if len(*req.Links) == 0 {
		return invalid("Field 'links' must not be empty: list at least one http(s) URL.")
	}
	if len(*req.Links) > maxImportLinks {
		return invalid("Field 'links' has %d links; the limit is %d per request.", len(*req.Links), maxImportLinks)
	}
	var links []string
	seen := map[string]bool{}
	for i, raw := range *req.Links {
		u, err := s.importURL("links", raw)
		if err != nil {
			return invalid("Field 'links' item %d: %s", i, messageOf(err))
		}
		if s := u.String(); !seen[s] {
			seen[s] = true
			links = append(links, s)
		}
	}
	tags, err := normalizeTags(nonNil(req.Tags))
	if err != nil {
		return err
	}
	opt, err := pageOptionsOf(req.HTMLSelector, req.Summarize != nil && *req.Summarize, tags)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), importBudget)
	defer cancel()
	return s.importLinks(ctx, w, p, links, opt)
}

// importYouTube serves POST knowledge_base/import_external/youtube: 202 for a valid request. The
// sandbox cannot reach YouTube, so no transcript article ever appears.
func (s *Sandbox) importYouTube(w http.ResponseWriter, r *http.Request, p principal) error {
	var req youtubeImportRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.URL == nil {
		return invalid("Field 'url' is required.")
	}
	if !isYouTubeVideoURL(*req.URL) {
		return invalid("Field 'url' must be a YouTube video address such as https://www.youtube.com/watch?v=dQw4w9WgXcQ or https://youtu.be/dQw4w9WgXcQ, got %q.", cut.Runes(*req.URL, 200))
	}
	if req.ToastProcessUUID == nil {
		return invalid("Field 'toast_process_uuid' is required: a UUID v4 that names this import.")
	}
	if !uuidV4.MatchString(*req.ToastProcessUUID) {
		return invalid("Field 'toast_process_uuid' must be a UUID v4 such as 550e8400-e29b-41d4-a716-446655440000, got %q.", cut.Runes(*req.ToastProcessUUID, 100))
	}
	writeJSON(w, http.StatusAccepted, struct{}{})
	return nil
}

var (
	uuidV4      = regexp.MustCompile(`^(?i)[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	youTubeID   = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	youTubeHost = map[string]bool{"youtube.com": true, "www.youtube.com": true, "m.youtube.com": true, "music.youtube.com": true}
)

// isYouTubeVideoURL accepts youtube.com/watch?v=ID and youtu.be/ID addresses.
func isYouTubeVideoURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case youTubeHost[host]:
		return u.Path == "/watch" && youTubeID.MatchString(u.Query().Get("v"))
	case host == "youtu.be" || host == "www.youtu.be":
		return youTubeID.MatchString(strings.TrimPrefix(u.Path, "/"))
	}
	return false
}

// importURL checks an address field: an absolute http(s) URL whose host the sandbox may fetch from.
func (s *Sandbox) importURL(field, raw string) (*url.URL, error) {
	trimmed := strings.TrimSpace(raw)
	if len(trimmed) > maxURLLength {
		return nil, invalid("Field '%s' is too long: the limit is %d characters.", field, maxURLLength)
	}
	u, err := url.Parse(trimmed)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(trimmed, " \t\r\n") {
		return nil, invalid("Field '%s' must be an absolute http(s) URL, got %q.", field, cut.Runes(raw, 200))
	}
	extract.NormalizeURL(u)
	if err := s.fetcher.check(u); err != nil {
		return nil, err
	}
	return u, nil
}

// pageOptionsOf checks the options shared by the import endpoints.
func pageOptionsOf(selector *string, summarize bool, tags []string) (pageOptions, error) {
	opt := pageOptions{Summarize: summarize, Tags: tags}
	if selector != nil {
		if utf8.RuneCountInString(*selector) > maxSelector {
			return opt, invalid("Field 'html_selector' is too long: the limit is %d characters.", maxSelector)
		}
		sel, err := compileSelector(*selector)
		if err != nil {
			return opt, err
		}
		opt.Selector, opt.SelectorText = sel, strings.TrimSpace(*selector)
	}
	return opt, nil
}

// checkPhrases trims the phrases and refuses empty or oversized ones.
func checkPhrases(phrases []string) ([]string, error) {
	if len(phrases) > maxPhrases {
		return nil, invalid("Field 'phrases' has %d phrases; the limit is %d.", len(phrases), maxPhrases)
	}
	var out []string
	for i, p := range phrases {
		p = strings.TrimSpace(p)
		switch n := utf8.RuneCountInString(p); {
		case n == 0:
			return nil, invalid("Field 'phrases' item %d is empty.", i)
		case n > maxPhrase:
			return nil, invalid("Field 'phrases' item %d is too long: %d characters, the limit is %d.", i, n, maxPhrase)
		}
		out = append(out, p)
	}
	return out, nil
}

// loadPage fetches one page and converts it.
func (s *Sandbox) loadPage(ctx context.Context, u *url.URL, opt pageOptions) (convertedPage, error) {
	page, err := s.fetcher.fetch(ctx, u, fetchHTML)
	if err != nil {
		return convertedPage{}, err
	}
	return convertPage(page, opt)
}

// crawl imports start and then, breadth first, the same-host pages it links to, up to maxSitePages.
// Only the first page must succeed: a broken link deeper in the site is skipped, not fatal.
func (s *Sandbox) crawl(ctx context.Context, start *url.URL, opt pageOptions) ([]convertedPage, error) {
	ctx, cancel := context.WithTimeout(ctx, importBudget)
	defer cancel()
	first, err := s.loadPage(ctx, start, opt)
	if err != nil {
		return nil, err
	}
	host := strings.ToLower(start.Host)
	pages := []convertedPage{first}
	seen := map[string]bool{start.String(): true, first.URL.String(): true}
	var queue []string
	enqueue := func(links []string) {
		for _, link := range links {
			u, err := url.Parse(link)
			if err != nil || strings.ToLower(u.Host) != host || seen[link] || len(queue) >= 10*maxSiteFetches {
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}
	enqueue(first.Links)
	for tries := 0; len(queue) > 0 && len(pages) < maxSitePages && tries < maxSiteFetches && ctx.Err() == nil; tries++ {
		u, _ := url.Parse(queue[0])
		queue = queue[1:]
		page, err := s.loadPage(ctx, u, opt)
		if err != nil {
			continue
		}
		if final := page.URL.String(); final != u.String() {
			if seen[final] {
				continue // a redirect to a page already imported
			}
			seen[final] = true
		}
		pages = append(pages, page)
		enqueue(page.Links)
	}
	return pages, nil
}

// importLinks fetches the pages a few at a time, stores those that converted as articles, and answers
// with their links in the order given; when none converts, the first page's problem is the answer.
func (s *Sandbox) importLinks(ctx context.Context, w http.ResponseWriter, p principal, links []string, opt pageOptions) error {
	type result struct {
		page convertedPage
		err  error
	}
	results := make([]result, len(links))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(importWorkers, len(links)) {
		wg.Go(func() {
			for i := range jobs {
				u, err := url.Parse(links[i])
				if err != nil {
					results[i].err = invalid("%q is not a URL.", links[i])
					continue
				}
				results[i].page, results[i].err = s.loadPage(ctx, u, opt)
			}
		})
	}
	for i := range links {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	var pages []convertedPage
	imported := []string{}
	var firstErr error
	for i, res := range results {
		if res.err != nil {
			if firstErr == nil {
				firstErr = res.err
			}
			continue
		}
		pages = append(pages, res.page)
		imported = append(imported, links[i])
	}
	if len(pages) == 0 {
		return firstErr
	}
	// The fetch budget may be spent by now; storing what was fetched must not fail for it.
	if _, err := s.store.createImportedArticles(context.WithoutCancel(ctx), p.ScenarioID, opt.articles(pages)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, linksImportJSON{Status: "success", Links: imported})
	return nil
}

// articles makes draft URL articles of converted pages.
func (opt pageOptions) articles(pages []convertedPage) []importedArticle {
	out := make([]importedArticle, len(pages))
	for i, page := range pages {
		u := page.URL.String()
		out[i] = importedArticle{Type: typeURL, Title: page.Title, Content: page.Content, URL: &u,
			Tags: opt.Tags, Shortened: page.Shortened, External: true}
	}
	return out
}

// messageOf is the message of an API error, or the error's text.
func messageOf(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.message
	}
	return err.Error()
}
