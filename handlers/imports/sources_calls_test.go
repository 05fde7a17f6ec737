package imports_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"qcadmin/handlers/consoletest"
)

// callCounter is a proxy in front of the sandbox that counts the source comparisons asked of it.
type callCounter struct {
	mu     sync.Mutex
	target *url.URL
	diffs  int
}

func (p *callCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if strings.HasSuffix(r.URL.Path, "/articles_diff") {
		p.diffs++
	}
	target := p.target
	p.mu.Unlock()
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

func (p *callCounter) take() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.diffs
	p.diffs = 0
	return n
}

// The list of sources costs one comparison per listed source; a source's page one.
func TestSourcesPagesCostOneComparisonPerSource(t *testing.T) {
	p := &callCounter{}
	proxy := httptest.NewServer(p)
	t.Cleanup(proxy.Close)
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, nil))
	u, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.target = u
	p.mu.Unlock()
	c.SignIn()
	p.take()
	c.Get("/sources")
	if n := p.take(); n != 2 {
		t.Errorf("the list of Intercom and Shopify asked for %d comparisons, want 2", n)
	}
	follow(c, "/sources/help_desk/import", nil)
	p.take()
	c.Get("/sources")
	if n := p.take(); n != 3 {
		t.Errorf("the list of three sources asked for %d comparisons, want 3", n)
	}
	c.Get("/sources?source=help_desk")
	if n := p.take(); n != 1 {
		t.Errorf("a source's page asked for %d comparisons, want 1", n)
	}
}
