package handlers

import (
	"bufio"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// A flushed write reaches the client, compressed, while the answer is still streaming
// (the console's own event streams, /events, skip compression altogether).
func TestCompressPassesFlushesThrough(t *testing.T) {
	e := echo.New()
	e.Use(compress())
	release := make(chan struct{})
	e.GET("/stream", func(c echo.Context) error {
		c.Response().Header().Set("Content-Type", "text/event-stream")
		c.Response().WriteHeader(http.StatusOK)
		_, _ = c.Response().Write([]byte("data: hello\n\n"))
		c.Response().Flush()
		<-release
		return nil
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	defer close(release)

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/stream", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(zr).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "data: hello" {
		t.Errorf("first line %q, %v; want the flushed event before the answer ends", line, err)
	}
}
