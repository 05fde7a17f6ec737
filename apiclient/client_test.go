package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testToken looks like a JWT; tests check it never leaks into error text.
const testToken = "eyJhbGciOiJIUzI1NiJ9.eyJzY2VuYXJpb19pZCI6ImRlbW8ifQ.c2VjcmV0LXNpZ25hdHVyZQ"

type roundTripperFunc func(req *http.Request) (*http.Response, error)

func (fn roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return fn(req) }

// fakeAPI answers a Client's requests in place of the network and counts them.
type fakeAPI struct {
	calls atomic.Int32
}

// newFakeClient returns a Client for token whose requests go to answer.
// Budgets are disabled unless opts bring some.
func newFakeClient(t *testing.T, token string, answer func(t *testing.T, req *http.Request) (*http.Response, error), opts ...Option) (*Client, *fakeAPI) {
	t.Helper()
	api := &fakeAPI{}
	hc := &http.Client{Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		api.calls.Add(1)
		return answer(t, req)
	})}
	base := []Option{WithHTTPClient(hc), WithBudgets(NewBudgets(false))}
	return New("https://app.quickchat.test", token, append(base, opts...)...), api
}

// wantRequest is what one request must look like.
type wantRequest struct {
	method string
	path   string     // e.g. "/v1/api/knowledge_base/articles/"
	query  url.Values // nil: no query string
	body   string     // expected JSON, compared decoded; "": no body
}

// expectRequest fails the test unless req matches want and carries the
// token and the JSON headers.
func expectRequest(t *testing.T, want wantRequest, req *http.Request) {
	t.Helper()
	if req.Method != want.method {
		t.Errorf("method = %s, want %s", req.Method, want.method)
	}
	if req.URL.Scheme != "https" || req.URL.Host != "app.quickchat.test" {
		t.Errorf("request went to %s://%s", req.URL.Scheme, req.URL.Host)
	}
	if req.URL.EscapedPath() != want.path {
		t.Errorf("path = %s, want %s", req.URL.EscapedPath(), want.path)
	}
	gotQuery := req.URL.Query()
	if len(gotQuery) == 0 {
		gotQuery = nil
	}
	if !reflect.DeepEqual(gotQuery, want.query) {
		t.Errorf("query = %v, want %v", gotQuery, want.query)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Fatalf("reading request body: %v", err)
		}
	}
	if want.body == "" {
		if len(body) != 0 {
			t.Errorf("unexpected body %s", body)
		}
		if ct := req.Header.Get("Content-Type"); ct != "" {
			t.Errorf("Content-Type = %q on a request without body", ct)
		}
		return
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if !jsonEqual(t, body, []byte(want.body)) {
		t.Errorf("body = %s, want %s", body, want.body)
	}
}

// jsonEqual compares two JSON texts by value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("not JSON: %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("not JSON: %s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

// jsonResponseFrom builds an API answer.
func jsonResponseFrom(t *testing.T, status int, header http.Header, body string) *http.Response {
	t.Helper()
	if header == nil {
		header = http.Header{}
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     header,
		Body:       io.NopCloser(strings.NewReader(body)),
	}
}

// expectOne returns a Client that expects exactly the request want (checked
// at the end of the test) and answers it with status and body.
func expectOne(t *testing.T, want wantRequest, status int, body string, opts ...Option) *Client {
	t.Helper()
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		expectRequest(t, want, req)
		return jsonResponseFrom(t, status, nil, body), nil
	}, opts...)
	t.Cleanup(func() {
		if n := api.calls.Load(); n != 1 {
			t.Errorf("%d requests sent, want 1", n)
		}
	})
	return c
}

func TestNewDerivesBaseURLsFromOrigin(t *testing.T) {
	for _, origin := range []string{"http://127.0.0.1:8081", "http://127.0.0.1:8081/"} {
		c := New(origin, testToken)
		if c.apiBase != "http://127.0.0.1:8081/v1/api/" || c.coreBase != "http://127.0.0.1:8081/v1/api_core/" {
			t.Errorf("New(%q): bases %q and %q", origin, c.apiBase, c.coreBase)
		}
		if c.timeout != 15*time.Second {
			t.Errorf("default timeout = %s", c.timeout)
		}
		if c.budgets == nil || !c.budgets.enabled {
			t.Error("a Client without WithBudgets has no enabled budgets")
		}
	}
}

func TestCoreRequestsUseTheCoreBase(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api_core/conversations/c%2F1/"}, 200, `{}`)
	if err := c.do(t.Context(), request{method: "GET", core: true, route: "conversations/{id}/", args: []string{"c/1"}}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRequestPathFillsPlaceholders(t *testing.T) {
	cases := []struct {
		r    request
		want string
	}{
		{request{route: "knowledge_base/articles/"}, "knowledge_base/articles/"},
		{request{route: "knowledge_base/articles/{id}", args: []string{"42"}}, "knowledge_base/articles/42"},
		{request{route: "knowledge_base/articles/{id}/lang_urls/{language}", args: []string{"7", "pt BR"}}, "knowledge_base/articles/7/lang_urls/pt%20BR"},
	}
	for _, tc := range cases {
		if got := tc.r.path(); got != tc.want {
			t.Errorf("path(%q, %q) = %q, want %q", tc.r.route, tc.r.args, got, tc.want)
		}
	}
}

func TestUserAgent(t *testing.T) {
	var got []string
	answer := func(t *testing.T, req *http.Request) (*http.Response, error) {
		got = append(got, req.Header.Get("User-Agent"))
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	}
	plain, _ := newFakeClient(t, testToken, answer)
	custom, _ := newFakeClient(t, testToken, answer, WithUserAgent("qcadmin/1.2 (ops team)"))
	for _, c := range []*Client{plain, custom} {
		if _, err := c.ListTags(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, []string{defaultUserAgent, "qcadmin/1.2 (ops team)"}) {
		t.Errorf("User-Agent headers = %q", got)
	}
}

// hangUntilCancelled is an API that never answers.
func hangUntilCancelled(t *testing.T, req *http.Request) (*http.Response, error) {
	<-req.Context().Done()
	return nil, req.Context().Err()
}

func TestTimeoutBoundsEachCall(t *testing.T) {
	c, _ := newFakeClient(t, testToken, hangUntilCancelled, WithTimeout(50*time.Millisecond))
	start := time.Now()
	_, err := c.GetArticle(t.Context(), 7)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a deadline error", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("call took %s despite a 50ms timeout", elapsed)
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "c2VjcmV0") {
		t.Errorf("error text carries the token: %v", err)
	}
	if !strings.Contains(err.Error(), "GET knowledge_base/articles/{id}") {
		t.Errorf("error does not name the endpoint: %v", err)
	}
}

func TestCallerContextIsHonoured(t *testing.T) {
	c, _ := newFakeClient(t, testToken, hangUntilCancelled)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.ListTags(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	if _, err := c.ListTags(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want cancelled", err)
	}
}

type ctxKey struct{}

func TestCallerContextReachesTheTransport(t *testing.T) {
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		if got := req.Context().Value(ctxKey{}); got != "request-7" {
			t.Errorf("transport saw context value %v", got)
		}
		if _, ok := req.Context().Deadline(); !ok {
			t.Error("request has no deadline")
		}
		return jsonResponseFrom(t, 200, nil, `[]`), nil
	})
	if _, err := c.ListTags(context.WithValue(t.Context(), ctxKey{}, "request-7")); err != nil {
		t.Fatal(err)
	}
}

func TestNetworkErrorIsWrappedWithoutToken(t *testing.T) {
	refused := errors.New("connection refused")
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return nil, refused
	})
	_, err := c.GetKnowledgeBase(t.Context())
	if !errors.Is(err, refused) {
		t.Fatalf("err = %v, want it to wrap the network error", err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Errorf("a network failure became an APIError: %v", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error text carries the token: %v", err)
	}
}

func TestOversizedAnswerIsRefused(t *testing.T) {
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		huge := bytes.Repeat([]byte(" "), maxResponseBytes+1)
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(huge))}, nil
	})
	_, err := c.ListTags(t.Context())
	if err == nil || !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Errorf("err = %v, want the size cap", err)
	}
}

func TestRedirectThatWouldTurnAWriteIntoAReadIsRefused(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		if req.Method != "PATCH" {
			t.Errorf("the redirect was followed with %s", req.Method)
			return jsonResponseFrom(t, 200, nil, `{"id":5}`), nil
		}
		return jsonResponseFrom(t, http.StatusMovedPermanently, http.Header{"Location": {"https://app.quickchat.test/v1/api/knowledge_base/articles/5/"}}, ``), nil
	})
	_, err := c.UpdateArticle(t.Context(), 5, ArticleUpdate{Title: ptr("T")})
	if !IsStatus(err, http.StatusMovedPermanently) || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want the 301 reported", err)
	}
	if n := api.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestRedirectKeepingTheMethodIsFollowed(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		if req.URL.Path == "/v1/api/knowledge_base/articles/5" {
			return jsonResponseFrom(t, http.StatusPermanentRedirect, http.Header{"Location": {"/v1/api/knowledge_base/articles/5/"}}, ``), nil
		}
		expectRequest(t, wantRequest{method: "PATCH", path: "/v1/api/knowledge_base/articles/5/", body: `{"title":"T"}`}, req)
		return jsonResponseFrom(t, 200, nil, `{"id":5,"title":"T"}`), nil
	})
	a, err := c.UpdateArticle(t.Context(), 5, ArticleUpdate{Title: ptr("T")})
	if err != nil || a.Title != "T" || api.calls.Load() != 2 {
		t.Errorf("article %+v, err %v after %d requests", a, err, api.calls.Load())
	}
}

func TestEmptyAnswerWhereOneIsExpected(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/3"}, 200, ``)
	if a, err := c.GetArticle(t.Context(), 3); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("article %+v, err %v; want an error about the empty answer", a, err)
	}
}

func TestUndecodableAnswer(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/"}, 200, `<html>maintenance</html>`)
	_, err := c.GetKnowledgeBase(t.Context())
	if err == nil || !strings.Contains(err.Error(), "decoding the answer") {
		t.Fatalf("err = %v, want a decoding error", err)
	}
	if IsStatus(err, 200) {
		t.Error("a decoding failure looks like an APIError")
	}
}

// HEAVY calls (uploads, imports) get their own, longer bound; other calls keep the short one.
func TestHeavyCallsHaveTheirOwnTimeout(t *testing.T) {
	var deadlines = map[string]time.Duration{}
	rt := deadlineRecorder(func(r *http.Request) (*http.Response, error) {
		d, ok := r.Context().Deadline()
		if !ok {
			t.Fatalf("%s %s has no deadline", r.Method, r.URL.Path)
		}
		deadlines[r.URL.Path] = time.Until(d)
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(`{"status":"success","links":[]}`)), Request: r}, nil
	})
	c := New("http://api.test", "tok", WithHTTPClient(&http.Client{Transport: rt}), WithBudgets(NewBudgets(false)),
		WithTimeout(2*time.Second), WithHeavyTimeout(90*time.Second))
	if _, err := c.ImportLinks(t.Context(), LinkListImport{Links: []string{"http://x.test/"}}); err != nil {
		t.Fatal(err)
	}
	_, _ = c.ListTags(t.Context())
	if d := deadlines["/v1/api/knowledge_base/import_external/scrape-list"]; d < 60*time.Second {
		t.Errorf("an import's deadline is %v away, want the heavy bound of 90s", d)
	}
	if d := deadlines["/v1/api/knowledge_base/tags/"]; d > 3*time.Second {
		t.Errorf("a read's deadline is %v away, want the 2s bound", d)
	}
}

type deadlineRecorder func(*http.Request) (*http.Response, error)

func (f deadlineRecorder) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
