package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/metrics"
)

func TestNoMetricsListenerUnlessAnAddressIsSet(t *testing.T) {
	if srv := metricsServer("", metrics.New()); srv != nil {
		t.Errorf("metrics are off, yet a listener on %q was made", srv.Addr)
	}
	if srv := metricsServer("127.0.0.1:9090", nil); srv != nil {
		t.Error("a listener was made without metrics to serve")
	}
}

// lockedBuffer is a log the test reads while the servers write to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listeningRE = regexp.MustCompile(`msg=listening addr=(http://\S+)`)

// TestMetricsListenerServesMetricsOnlyAndShutsDownWithTheRest runs the
// metrics listener as serveConsole does, next to another server, and stops both.
func TestMetricsListenerServesMetricsOnlyAndShutsDownWithTheRest(t *testing.T) {
	m := metrics.New()
	m.StreamOpened()
	srv := metricsServer("127.0.0.1:0", m)
	if srv == nil {
		t.Fatal("no metrics listener with an address set")
	}
	console := &http.Server{Addr: "127.0.0.1:0", Handler: http.NotFoundHandler()}
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, slog.New(slog.NewTextHandler(logs, nil)), console, srv) }()

	var addrs []string
	for deadline := time.Now().Add(5 * time.Second); len(addrs) < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		addrs = nil
		for _, m := range listeningRE.FindAllStringSubmatch(logs.String(), -1) {
			addrs = append(addrs, m[1])
		}
	}
	if len(addrs) != 2 {
		cancel()
		t.Fatalf("the servers did not say where they listen:\n%s", logs.String())
	}
	base := addrs[1] // the order they were given in
	get := func(method, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	status, body := get(http.MethodGet, "/metrics")
	if status != http.StatusOK || !strings.Contains(body, "\nqcadmin_event_streams_open 1\n") || !strings.Contains(body, "go_goroutines") {
		t.Errorf("GET /metrics: %d\n%.500s", status, body)
	}
	for _, p := range []string{"/", "/healthz", "/metrics/x"} {
		if status, _ := get(http.MethodGet, p); status != http.StatusNotFound {
			t.Errorf("GET %s on the metrics listener: %d, want 404", p, status)
		}
	}
	if status, _ := get(http.MethodPost, "/metrics"); status != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics: %d, want 405", status)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve stopped with %v, want a clean shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if _, err := http.Get(base + "/metrics"); err == nil {
		t.Error("the metrics listener still answers after shutdown")
	}
}
