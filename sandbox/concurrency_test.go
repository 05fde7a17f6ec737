package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWrites checks that parallel writers wait for SQLite's lock instead of failing with a 500.
func TestConcurrentWrites(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.sb.Handler())
	defer srv.Close()
	tok := e.token("busy", ScopeWrite)
	const n = 40
	var wg sync.WaitGroup
	statuses := make(chan int, n*2)
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", srv.URL+articlesPath, strings.NewReader(`{"content":"parallel `+itoa(int64(i))+`"}`))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
			req, _ = http.NewRequest("GET", srv.URL+articlesPath+"?limit=5", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err = srv.Client().Do(req); err == nil {
				resp.Body.Close()
				statuses <- resp.StatusCode
			}
		})
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusCreated && s != http.StatusOK {
			t.Errorf("status %d under concurrency", s)
		}
	}
	if got := e.list(tok, "").Count; got != n {
		t.Errorf("%d articles after %d parallel creates", got, n)
	}
}
