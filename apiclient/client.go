// Package apiclient is a typed client of the public Quickchat AI REST API.
//
// A Client is bound to one API token (one agent, one scope). Every call takes
// a context, waits for the token's rate budget instead of provoking a 429,
// and turns the API's error envelope into an *APIError that carries the
// server's message.
package apiclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

const (
	defaultTimeout = 15 * time.Second
	// defaultHeavyTimeout bounds uploads and imports, which move files or fetch whole sites.
	defaultHeavyTimeout = 2 * time.Minute
	defaultUserAgent    = "qcadmin-apiclient/1"
	// maxResponseBytes caps how much of a response body is read: the largest
	// legitimate answer (a page of full articles) is far below it.
	maxResponseBytes = 10 << 20
	// maxRetries is how many times a 429 is retried after its Retry-After.
	maxRetries = 2
)

// Client calls the Quickchat API on behalf of one token. It is safe for
// concurrent use.
type Client struct {
	apiBase      string // origin + "/v1/api/"
	coreBase     string // origin + "/v1/api_core/"
	chatURL      string // origin + "/chat": the realtime chat
	token        string
	tokenKey     [sha256.Size]byte // names the token in rate budgets without keeping it there
	http         *http.Client
	budgets      *Budgets
	timeout      time.Duration
	heavyTimeout time.Duration
	userAgent    string
	cache        *Cache
	agent        string   // names the token's agent in the cache
	observer     Observer // told about every call; nil when none
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends requests through a copy of hc instead of a default
// http.Client. Unless hc decides about redirects itself, the copy refuses
// those that would turn a write into a GET (see keepMethod).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			cp := *hc
			if cp.CheckRedirect == nil {
				cp.CheckRedirect = keepMethod
			}
			c.http = &cp
		}
	}
}

// keepMethod follows a redirect only if the request keeps its method: after
// a 301, 302 or 303 a PATCH would come back as a GET, and its 200 would look
// like a saved change.
func keepMethod(req *http.Request, via []*http.Request) error {
	if req.Method != via[0].Method {
		return http.ErrUseLastResponse
	}
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// WithBudgets shares rate budgets between Clients. Pass the same *Budgets to
// every Client of a process: many sessions may use the same token, and the
// API counts requests per token and endpoint.
func WithBudgets(b *Budgets) Option {
	return func(c *Client) {
		if b != nil {
			c.budgets = b
		}
	}
}

// WithTimeout bounds each call (waiting for the rate budget, sending, and any
// retry after a 429) to d; the default is 15 seconds. A d of zero or less
// leaves the caller's context as the only bound.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithHeavyTimeout bounds each HEAVY-tier call (uploads, imports, scraping)
// instead of WithTimeout's bound; the default is two minutes. A d of zero or
// less falls back to WithTimeout's bound.
func WithHeavyTimeout(d time.Duration) Option {
	return func(c *Client) { c.heavyTimeout = d }
}

// WithUserAgent sets the User-Agent header sent with every request.
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.userAgent = ua
		}
	}
}

// New returns a Client for the API at origin (such as
// "https://app.quickchat.ai" or the sandbox's "http://127.0.0.1:8081") that
// authenticates with token. Without WithBudgets the Client keeps budgets of
// its own, which protects only its own calls.
func New(origin, token string, opts ...Option) *Client {
	origin = strings.TrimRight(origin, "/")
	c := &Client{
		apiBase:      origin + "/v1/api/",
		coreBase:     origin + "/v1/api_core/",
		chatURL:      origin + "/chat",
		token:        token,
		tokenKey:     sha256.Sum256([]byte(token)),
		http:         &http.Client{CheckRedirect: keepMethod},
		timeout:      defaultTimeout,
		heavyTimeout: defaultHeavyTimeout,
		userAgent:    defaultUserAgent,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.budgets == nil {
		c.budgets = NewBudgets(true)
	}
	if c.cache != nil {
		c.agent = CacheAgent(token)
	}
	return c
}

// request describes one API call.
type request struct {
	method string
	core   bool     // served under /v1/api_core/ instead of /v1/api/
	route  string   // path template such as "knowledge_base/articles/{id}"; it names the rate budget
	args   []string // values for route's placeholders, in order
	query  url.Values
	// url, when set, is the whole address, in place of a base, the route
	// and query: the chat endpoints live outside /v1/. The route still
	// names the call and its rate budget.
	url string
	// anonymous sends no Authorization header: the legacy chat is
	// authenticated by an api_key in the body, not by the token.
	anonymous bool
	body      any // sent as JSON when not nil
	// upload, when set, gives the body instead of body. It is called once,
	// only after the rate budget let the request through, and the stream
	// is closed after the exchange. A stream cannot be sent twice, so a 429
	// is returned, not retried.
	upload func() stream
	tier   tier // zero: decided by the method
	// exactNumbers decodes numbers in untyped values (any, map[string]any)
	// as json.Number instead of float64, so that ids and amounts people
	// stored keep every digit when shown or sent back.
	exactNumbers bool
	// acceptedEmpty lets a 202 Accepted come without a body: the work goes
	// on in the background and there is nothing to decode yet.
	acceptedEmpty bool
}

// stream is a request body: JSON, or an upload that can be read only once
// and is closed after the exchange.
type stream struct {
	body        io.Reader // nil: no body
	contentType string
	length      int64 // in bytes; -1 when unknown, and the body is sent in chunks
}

// endpoint names the call for rate budgets and error messages, e.g.
// "PATCH knowledge_base/articles/{id}".
func (r request) endpoint() string { return r.method + " " + r.route }

// path fills the route's placeholders with the escaped args.
func (r request) path() string {
	var b strings.Builder
	rest, args := r.route, r.args
	for {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open || len(args) == 0 {
			b.WriteString(rest)
			return b.String()
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(args[0]))
		rest, args = rest[end+1:], args[1:]
	}
}

// checkArgs refuses placeholder values that would make the path name
// another resource: an empty value drops a path segment, and "." or ".."
// survive escaping and are resolved by servers and proxies, so that
// deleting the language URL ".." of article 5 could delete article 5.
func (r request) checkArgs() error {
	for _, a := range r.args {
		if a == "" || a == "." || a == ".." {
			return fmt.Errorf("quickchat: %s: %q cannot stand in a path", r.endpoint(), a)
		}
	}
	return nil
}

// timeoutFor is the bound of one call: HEAVY calls move files or fetch sites, so they get longer.
func (c *Client) timeoutFor(r request) time.Duration {
	if r.tier.orDefault(r.method) == tierHeavy && c.heavyTimeout > 0 {
		return c.heavyTimeout
	}
	return c.timeout
}

// do performs r and decodes a successful answer into out; with a nil out
// the answer's body is ignored. Its errors say what happened: an *APIError
// when the API refused, or one wrapping ErrUnreachable, ErrTimeout,
// ErrRateBudget or ErrUnreadable (an *UnreadableError).
//
// With a Cache (WithCache), reads are answered from it when they can be, and
// every other call invalidates what it may change, before and after it is sent.
func (c *Client) do(ctx context.Context, r request, out any) error {
	if err := r.checkArgs(); err != nil {
		return err
	}
	if c.cache != nil {
		if c.cache.cacheable(r) {
			return c.cachedRead(ctx, r, out)
		}
		if r.method != http.MethodGet && r.method != http.MethodHead {
			families := writeFamilies(r)
			c.cache.invalidate(c.agent, families, false)
			defer c.cache.invalidate(c.agent, families, true)
		}
	}
	status, body, err := c.fetch(ctx, r)
	if err != nil {
		return err
	}
	return decodeInto(r, status, body, out)
}

// target is the address r is sent to.
func (c *Client) target(r request) string {
	if r.url != "" {
		return r.url
	}
	target := c.apiBase
	if r.core {
		target = c.coreBase
	}
	target += r.path()
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	return target
}

// bound applies the shared call deadline and the Client's timeout for r to
// ctx.
func (c *Client) bound(ctx context.Context, r request) (context.Context, context.CancelFunc) {
	cancels := []context.CancelFunc{}
	if deadline, ok := CallDeadline(ctx); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		cancels = append(cancels, cancel)
	}
	if timeout := c.timeoutFor(r); timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		cancels = append(cancels, cancel)
	}
	return ctx, func() {
		for _, cancel := range cancels {
			cancel()
		}
	}
}

// fetch sends r, waiting for its rate budget and retrying after a 429, and
// returns the status and body of a successful answer.
func (c *Client) fetch(ctx context.Context, r request) (int, []byte, error) {
	ctx, cancel := c.bound(ctx, r)
	defer cancel()

	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return 0, nil, fmt.Errorf("quickchat: %s: encoding request: %w", r.endpoint(), err)
		}
	}
	target := c.target(r)
	t := r.tier.orDefault(r.method)

	for attempt := 0; ; attempt++ {
		// A deadline that has passed (one shared with earlier calls)
		// sends nothing.
		if err := ctx.Err(); err != nil {
			return 0, nil, c.observeCall(r, 0, notAnswered(ctx, r, err), time.Time{})
		}
		waited, err := c.budgets.take(ctx, budgetKey{c.tokenKey, r.endpoint()}, t)
		c.observeWait(r, waited)
		if err != nil {
			if errors.Is(err, ErrRateBudget) {
				return 0, nil, c.observeCall(r, 0, fmt.Errorf("quickchat: %s: %w", r.endpoint(), err), time.Time{})
			}
			return 0, nil, c.observeCall(r, 0, notAnswered(ctx, r, err), time.Time{})
		}
		var sent stream
		switch {
		case r.upload != nil:
			sent = r.upload()
		case payload != nil:
			// A *bytes.Reader also lets redirects that keep the method
			// send the body again.
			sent = stream{bytes.NewReader(payload), "application/json", int64(len(payload))}
		}
		start := time.Now()
		ans, err := c.send(ctx, r.method, target, sent, !r.anonymous)
		if closer, ok := sent.body.(io.Closer); ok {
			closer.Close()
		}
		if err != nil {
			return 0, nil, c.observeCall(r, 0, notAnswered(ctx, r, err), start)
		}
		if c.cache != nil && !r.anonymous {
			c.cache.vouch(c.tokenKey, ans.status)
		}
		ok := ans.status >= 200 && ans.status <= 299
		if ans.readErr != nil {
			switch {
			case ctx.Err() != nil:
				return 0, nil, c.observeCall(r, ans.status, notAnswered(ctx, r, ans.readErr), start)
			case ok && errors.Is(ans.readErr, errTooLarge):
				return 0, nil, c.observeCall(r, ans.status, &UnreadableError{Method: r.method, Endpoint: r.endpoint(), Status: ans.status, Reason: errTooLarge.Error()}, start)
			case ok:
				return 0, nil, c.observeCall(r, ans.status, &UnreadableError{Method: r.method, Endpoint: r.endpoint(), Status: ans.status, Reason: "reading the answer", Err: ans.readErr}, start)
			default:
				// The status says enough; the body it came with is lost.
				return 0, nil, c.observeCall(r, ans.status, errorFromResponse(ans.status, nil), start)
			}
		}
		if ans.status == http.StatusTooManyRequests && attempt < maxRetries && r.upload == nil {
			delay, ok := retryAfter(ans.header.Get("Retry-After"), time.Now())
			if !ok {
				delay = t.interval()
			}
			if !fitsDeadline(ctx, delay) {
				// Sleeping would only end in a timeout: say now that the
				// budget is used up.
				return 0, nil, c.observeCall(r, ans.status, fmt.Errorf("quickchat: %s: %w beyond its deadline (the API asked to wait %s): %w",
					r.endpoint(), ErrRateBudget, delay.Round(time.Millisecond), errorFromResponse(ans.status, ans.body)), start)
			}
			c.observeCall(r, ans.status, errorFromResponse(ans.status, ans.body), start)
			held := time.Now()
			if err := c.budgets.hold(ctx, delay); err != nil {
				c.observeWait(r, time.Since(held))
				return 0, nil, notAnswered(ctx, r, err)
			}
			c.observeWait(r, delay)
			continue
		}
		if !ok {
			return 0, nil, c.observeCall(r, ans.status, errorFromResponse(ans.status, ans.body), start)
		}
		if isHTML(ans.header) {
			// A proxy's or captive portal's page served as a success.
			return 0, nil, c.observeCall(r, ans.status, &UnreadableError{Method: r.method, Endpoint: r.endpoint(), Status: ans.status, Reason: "the answer is an HTML page, not the API's JSON"}, start)
		}
		c.observeCall(r, ans.status, nil, start)
		return ans.status, ans.body, nil
	}
}

// decodeInto decodes a successful answer's body into out; a nil out ignores it.
func decodeInto(r request, status int, body []byte, out any) error {
	if out == nil {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if r.acceptedEmpty && status == http.StatusAccepted {
			return nil
		}
		return &UnreadableError{Method: r.method, Endpoint: r.endpoint(), Status: status, Reason: "the answer is empty"}
	}
	if err := decodeAnswer(body, out, r.exactNumbers); err != nil {
		return &UnreadableError{Method: r.method, Endpoint: r.endpoint(), Status: status, Reason: "decoding the answer", Err: err}
	}
	return nil
}

// notAnswered words a call that got no answer it could use: its deadline
// passed (ErrTimeout), the caller gave up (the context's error), or the API
// could not be reached (ErrUnreachable).
func notAnswered(ctx context.Context, r request, err error) error {
	var netErr net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("quickchat: %s: %w: %w (%w)", r.endpoint(), ErrTimeout, err, context.DeadlineExceeded)
		}
		return fmt.Errorf("quickchat: %s: %w: %w", r.endpoint(), ErrTimeout, err)
	case ctx.Err() != nil:
		return fmt.Errorf("quickchat: %s: %w", r.endpoint(), err)
	case errors.As(err, &netErr) && netErr.Timeout():
		// A transport's own bound, such as a dial timeout.
		return fmt.Errorf("quickchat: %s: %w: %w (%w)", r.endpoint(), ErrTimeout, err, context.DeadlineExceeded)
	default:
		return fmt.Errorf("quickchat: %s: %w: %w", r.endpoint(), ErrUnreachable, err)
	}
}

// isHTML reports an answer labelled as an HTML page.
func isHTML(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// decodeAnswer decodes one JSON value, and nothing after it, into out.
// Answers go through the v2 decoder with encoding/json's semantics: the
// same results, in about a quarter of the CPU a console page spent on them.
// Articles and pages of them, the answers decoded most, have a decoder of
// their own with the same results (decodeArticles). Exact numbers
// (json.Number in maps) keep encoding/json's decoder.
func decodeAnswer(body []byte, out any, exactNumbers bool) error {
	if !exactNumbers {
		switch o := out.(type) {
		case *Page[Article]:
			return decodeArticles(body, o)
		case *Article:
			return decodeArticles(body, o)
		}
		return jsonv2.Unmarshal(body, out, jsonv1.DefaultOptionsV1())
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// call performs r and returns the decoded answer.
func call[T any](ctx context.Context, c *Client, r request) (*T, error) {
	var out T
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// answer is what came back from one exchange. A readErr means the status
// and headers came but the body could not be read whole: cut off, or larger
// than maxResponseBytes.
type answer struct {
	status  int
	header  http.Header
	body    []byte
	readErr error
}

// errTooLarge is the read error of an answer over maxResponseBytes.
var errTooLarge = errors.New("the answer is larger than 10 MiB")

// send makes one HTTP exchange and reads the answer, at most maxResponseBytes.
// A zero body sends none; the token goes along only with auth. An error
// means no answer came at all.
func (c *Client) send(ctx context.Context, method, target string, body stream, auth bool) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, body.body)
	if err != nil {
		return answer{}, err
	}
	if body.body != nil {
		req.ContentLength = body.length
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body.body != nil {
		req.Header.Set("Content-Type", body.contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	ans := answer{status: resp.StatusCode, header: resp.Header}
	ans.body, err = readAnswer(resp.Body, resp.ContentLength)
	switch {
	case err != nil:
		ans.body, ans.readErr = nil, err
	case len(ans.body) > maxResponseBytes:
		ans.body, ans.readErr = nil, errTooLarge
	}
	return ans, nil
}

// readBuffers hold answers while they are read whole: reading into a
// growing slice would copy a list's answer about a dozen times.
var readBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readAnswer reads at most maxResponseBytes+1 bytes of an answer of size
// bytes (-1: unknown) into a slice of its own.
func readAnswer(r io.Reader, size int64) ([]byte, error) {
	r = io.LimitReader(r, maxResponseBytes+1)
	if size >= 0 && size <= maxResponseBytes {
		b := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
		_, err := b.ReadFrom(r)
		return b.Bytes(), err
	}
	buf := readBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	_, err := buf.ReadFrom(r)
	body := append([]byte{}, buf.Bytes()...)
	if buf.Cap() <= 1<<20 {
		readBuffers.Put(buf)
	}
	return body, err
}

// fitsDeadline reports whether waiting d still leaves ctx alive.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Now().Add(d).Before(deadline)
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Page is one page of a list endpoint.
type Page[T any] struct {
	Items  []T `json:"items"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
	Count  int `json:"count"` // all items matching the filters, across pages
}
