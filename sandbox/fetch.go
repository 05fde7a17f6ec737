package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/html/charset"
)

// Limits of one fetch: the sandbox imports small help pages, and must never be a way to hold a
// connection open or pull a large download through the machine it runs on.
const (
	fetchConnectTimeout = 5 * time.Second
	fetchTimeout        = 15 * time.Second
	fetchMaxBytes       = 5 << 20
	fetchMaxRedirects   = 5
)

// fetchAllowSetting names the setting that widens the allow list, so every refusal says what to change.
const fetchAllowSetting = "QCADMIN_SANDBOX_FETCH_ALLOW"

// defaultFetchAllow is loopback only: out of the box the sandbox reaches nothing beyond the machine it runs on.
func defaultFetchAllow() []string { return []string{"127.0.0.1", "localhost", "::1"} }

// fetchKind is what a fetch expects to get back.
type fetchKind int

const (
	fetchHTML    fetchKind = iota // a web page
	fetchSitemap                  // an XML sitemap
)

// allowedHost is one entry of the allow list; an empty port allows every port of the host.
type allowedHost struct{ host, port string }

// fetcher fetches pages for imports, only from the hosts an operator allowed.
type fetcher struct {
	allow        []allowedHost
	loopbackOnly bool // every allowed host is a loopback name or address: refuse any other address dialed
	client       *http.Client
	resolve      func(ctx context.Context, host string) ([]net.IPAddr, error)
}

// fetchedPage is a successful fetch: the final URL (after redirects) and the body as UTF-8.
type fetchedPage struct {
	URL  *url.URL
	Body []byte
}

// newFetcher checks the allow list and builds the HTTP client that enforces it; nil or empty means loopback only.
func newFetcher(allow []string) (*fetcher, error) {
	if len(allow) == 0 {
		allow = defaultFetchAllow()
	}
	f := &fetcher{loopbackOnly: true, resolve: net.DefaultResolver.LookupIPAddr}
	for _, entry := range allow {
		h, err := parseAllowedHost(entry)
		if err != nil {
			return nil, fmt.Errorf("fetch allow list entry %q: %w", entry, err)
		}
		f.allow = append(f.allow, h)
		if !isLoopbackName(h.host) {
			f.loopbackOnly = false
		}
	}
	f.client = &http.Client{
		Timeout: fetchTimeout,
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would be dialed instead of the checked host
			DialContext:           f.dial,
			TLSHandshakeTimeout:   fetchConnectTimeout,
			ResponseHeaderTimeout: fetchTimeout,
			MaxIdleConns:          16,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > fetchMaxRedirects {
				return invalid("%s redirects more than %d times; import the final address instead.", via[0].URL, fetchMaxRedirects)
			}
			if err := f.check(req.URL); err != nil {
				return invalid("%s redirects to %s, which the sandbox may not fetch. %s", via[0].URL, req.URL, err.message)
			}
			return nil
		},
	}
	return f, nil
}

// parseAllowedHost reads "host", "host:port", "::1" or "[::1]:port".
func parseAllowedHost(entry string) (allowedHost, error) {
	e := strings.ToLower(strings.TrimSpace(entry))
	if e == "" || strings.Contains(e, "/") {
		return allowedHost{}, errors.New("want a host or host:port")
	}
	if strings.HasPrefix(e, "[") || strings.Count(e, ":") == 1 {
		host, port, err := net.SplitHostPort(e)
		if err != nil || host == "" {
			return allowedHost{}, errors.New("want a host or host:port")
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return allowedHost{}, errors.New("want a port from 1 to 65535")
		}
		return allowedHost{strings.TrimSuffix(host, "."), port}, nil
	}
	return allowedHost{strings.TrimSuffix(e, "."), ""}, nil
}

func isLoopbackName(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowedText lists the allow list for messages.
func (f *fetcher) allowedText() string {
	parts := make([]string, len(f.allow))
	for i, h := range f.allow {
		parts[i] = h.host
		if h.port != "" {
			parts[i] = net.JoinHostPort(h.host, h.port)
		}
	}
	return strings.Join(parts, ", ")
}

// check refuses a URL the sandbox may not fetch: another scheme, or a host outside the allow list.
func (f *fetcher) check(u *url.URL) *apiError {
	if u.Scheme != "http" && u.Scheme != "https" {
		return invalid("Only http and https addresses can be imported, not %q.", u.Scheme+":")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return invalid("The address %q has no host.", u.String())
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if !f.hostAllowed(host, port) {
		return f.refusal(net.JoinHostPort(host, port))
	}
	return nil
}

func (f *fetcher) hostAllowed(host, port string) bool {
	return slices.ContainsFunc(f.allow, func(h allowedHost) bool { return h.host == host && (h.port == "" || h.port == port) })
}

func (f *fetcher) refusal(hostPort string) *apiError {
	host, port, _ := net.SplitHostPort(hostPort)
	if port == "80" || port == "443" {
		hostPort = host
	}
	return invalid("The sandbox may not fetch from %s: it is not in %s (allowed: %s). Add the host to %s to import from it.",
		hostPort, fetchAllowSetting, f.allowedText(), fetchAllowSetting)
}

// dial connects only to addresses of allowed hosts. It resolves the name itself and dials exactly the
// addresses it checked, and the dialer's Control checks the socket's address once more, so a DNS answer
// that changes between the check and the connection (rebinding) cannot reach another machine.
func (f *fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if !f.hostAllowed(host, port) {
		return nil, f.refusal(addr)
	}
	ips, err := f.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	approved := map[string]bool{}
	var order []string
	var refused net.IP
	for _, ip := range ips {
		if f.ipAllowed(ip.IP) {
			approved[ip.IP.String()] = true
			order = append(order, ip.IP.String())
		} else if refused == nil {
			refused = ip.IP
		}
	}
	if len(order) == 0 {
		if refused != nil {
			return nil, invalid("The sandbox may not fetch from %s: it resolves to %s, outside the loopback addresses %s allows.", host, refused, fetchAllowSetting)
		}
		return nil, fmt.Errorf("no addresses for %s", host)
	}
	d := net.Dialer{Timeout: fetchConnectTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		ip, _, err := net.SplitHostPort(address)
		if err != nil || !approved[net.ParseIP(ip).String()] || !f.ipAllowed(net.ParseIP(ip)) {
			return invalid("The sandbox may not connect to %s for %s.", address, host)
		}
		return nil
	}}
	var lastErr error
	for _, ip := range order {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip, port))
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// ipAllowed is the check on the address actually dialed: with a loopback-only allow list nothing but
// loopback is reachable; otherwise the operator named the host, and its resolution is what it allowed.
func (f *fetcher) ipAllowed(ip net.IP) bool {
	if ip == nil {
		return false
	}
	if f.loopbackOnly {
		return ip.IsLoopback()
	}
	return !ip.IsUnspecified() && !ip.IsMulticast()
}

// fetch GETs u and returns the body as UTF-8, refusing hosts outside the allow list (on every redirect
// too), non-2xx answers, bodies over fetchMaxBytes and content that is not what kind expects.
func (f *fetcher) fetch(ctx context.Context, u *url.URL, kind fetchKind) (fetchedPage, error) {
	if err := f.check(u); err != nil {
		return fetchedPage{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fetchedPage{}, invalid("The address %q cannot be fetched: %v.", u.String(), err)
	}
	req.Header.Set("User-Agent", "qcadmin-sandbox/1 (+Quickchat knowledge base import)")
	if kind == fetchSitemap {
		req.Header.Set("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1")
	} else {
		req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return fetchedPage{}, fetchFailure(u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fetchedPage{}, invalid("%s answered %s; only pages that load can be imported.", u, resp.Status)
	}
	if resp.ContentLength > fetchMaxBytes {
		return fetchedPage{}, tooLargePage(u)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, fetchMaxBytes+1))
	if err != nil {
		return fetchedPage{}, fetchFailure(u, err)
	}
	if len(body) > fetchMaxBytes {
		return fetchedPage{}, tooLargePage(u)
	}
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = ""
	}
	if !acceptsMediaType(kind, mt) {
		what := "an HTML page"
		if kind == fetchSitemap {
			what = "an XML sitemap"
		}
		if mt == "" {
			mt = "no content type"
		}
		return fetchedPage{}, invalid("%s is %s, not %s.", u, mt, what)
	}
	// Pages in Latin-1 or Windows-1252 still become readable articles; XML declares its own encoding.
	if kind == fetchHTML {
		if r, err := charset.NewReader(bytes.NewReader(body), ct); err == nil {
			if utf8Body, err := io.ReadAll(r); err == nil {
				body = utf8Body
			}
		}
	}
	return fetchedPage{URL: resp.Request.URL, Body: body}, nil
}

func acceptsMediaType(kind fetchKind, mt string) bool {
	if kind == fetchSitemap {
		return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func tooLargePage(u *url.URL) error {
	return invalid("%s is larger than 5 MiB; the sandbox imports pages of up to 5 MiB.", u)
}

// fetchFailure turns a transport error into a message that names the address: a refusal of the
// allow list stays as it is, a timeout says so, anything else carries the network's own words.
func fetchFailure(u *url.URL, err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return invalid("Fetching %s timed out (the sandbox waits %d s for a page).", u, int(fetchTimeout/time.Second))
		}
		err = ue.Err
	}
	return invalid("Could not fetch %s: %v.", u, err)
}
