package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is a settable clock for Config.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is a sandbox in a temp dir with a controllable clock and tokens for the demo agent.
type testEnv struct {
	t     *testing.T
	dir   string
	clock *testClock
	sb    *Sandbox
	write string // write_all token for the demo scenario
	read  string // read_all token for the demo scenario
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvWith(t, Config{})
}

// newEnvWith opens a sandbox with cfg, filling in DataDir, Secret and Now when they are unset.
func newEnvWith(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	e := &testEnv{t: t, dir: cfg.DataDir, clock: newTestClock()}
	if e.dir == "" {
		e.dir = t.TempDir()
	}
	cfg.DataDir = e.dir
	if cfg.Secret == "" {
		cfg.Secret = "test-secret"
	}
	if cfg.Now == nil {
		cfg.Now = e.clock.Now
	}
	sb, err := Open(cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	e.sb = sb
	e.write = e.token(DemoScenarioID, ScopeWrite)
	e.read = e.token(DemoScenarioID, ScopeRead)
	return e
}

func (e *testEnv) token(scenarioID, scope string) string {
	e.t.Helper()
	tok, err := e.sb.Token(scenarioID, scope, 52*7*24*time.Hour)
	if err != nil {
		e.t.Fatalf("Token: %v", err)
	}
	return tok
}

// response is a recorded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends a request; body is sent as is when it is a string, JSON-encoded otherwise (nil: no body).
func (e *testEnv) do(method, path, token string, body any) response {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.send(req)
}

func (e *testEnv) send(req *http.Request) response {
	rec := httptest.NewRecorder()
	e.sb.Handler().ServeHTTP(rec, req)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// decode unmarshals the body into v, failing the test on error.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// wantStatus fails the test unless the status is want.
func (r response) wantStatus(t *testing.T, want int) response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, want, r.Body)
	}
	return r
}

// wantError checks the status, the envelope, its code and (when non-empty) that the message contains msg.
func (r response) wantError(t *testing.T, status int, code, msg string) {
	t.Helper()
	r.wantStatus(t, status)
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var env struct {
		Errors struct {
			Root []struct {
				Message string `json:"message"`
				Code    string `json:"code"`
			} `json:"root"`
		} `json:"errors"`
	}
	r.decode(t, &env)
	if len(env.Errors.Root) != 1 {
		t.Fatalf("errors.root has %d entries, want 1: %s", len(env.Errors.Root), r.Body)
	}
	got := env.Errors.Root[0]
	if got.Code != code {
		t.Errorf("code = %q, want %q (message %q)", got.Code, code, got.Message)
	}
	if got.Message == "" || !strings.Contains(got.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", got.Message, msg)
	}
}

// createArticle creates an article in the demo scenario and returns it.
func (e *testEnv) createArticle(body map[string]any) articleJSON {
	e.t.Helper()
	var a articleJSON
	e.do("POST", "/v1/api/knowledge_base/articles/", e.write, body).wantStatus(e.t, http.StatusCreated).decode(e.t, &a)
	return a
}

// list fetches the article list with a readable query string ("query=30 days&tags=a,b"), escaping its values.
func (e *testEnv) list(token, query string) articlePage {
	e.t.Helper()
	var p articlePage
	e.do("GET", "/v1/api/knowledge_base/articles/?"+encodeQuery(query), token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &p)
	return p
}

func newRequest(method, path, body string) *http.Request {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	return httptest.NewRequest(method, path, r)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// encodeQuery escapes the values of a readable "k=v&k=v" query.
func encodeQuery(readable string) string {
	if readable == "" {
		return ""
	}
	var parts []string
	for pair := range strings.SplitSeq(readable, "&") {
		k, v, _ := strings.Cut(pair, "=")
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return strings.Join(parts, "&")
}

// ver reads a version the API may show as null (never published) as 0.
func ver(v *int) int {
	if v == nil {
		return 0
	}
	return *v
}
