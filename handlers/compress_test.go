package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"qcadmin/handlers/consoletest"
)

func gunzip(t *testing.T, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}

func varies(res *http.Response, name string) bool {
	for _, v := range res.Header.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

func TestPagesAreGzippedWhenAsked(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()

	res, gz := c.Get("/articles?limit=50", "Accept-Encoding", "gzip")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, Content-Encoding %q; want a gzipped page", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if !varies(res, "Accept-Encoding") {
		t.Errorf("Vary %q does not name Accept-Encoding", res.Header.Values("Vary"))
	}
	if res.Header.Get("Content-Type") != "text/html; charset=UTF-8" {
		t.Errorf("Content-Type %q", res.Header.Get("Content-Type"))
	}
	page := gunzip(t, gz)

	res, plain := c.Get("/articles?limit=50", "Accept-Encoding", "identity")
	if res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("a client that takes no gzip got Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	if !varies(res, "Accept-Encoding") {
		t.Errorf("uncompressed page: Vary %q does not name Accept-Encoding", res.Header.Values("Vary"))
	}
	if page != plain {
		t.Errorf("the gzipped page (%d bytes) differs from the plain one (%d bytes) after decompression", len(page), len(plain))
	}
	if len(gz) >= len(plain)/3 {
		t.Errorf("gzip made %d bytes of %d; want well under a third", len(gz), len(plain))
	}
	if strings.Count(page, `data-testid="article-row"`) != 50 {
		t.Error("the page compared is not the list of 50 articles")
	}
}

func TestSmallAnswersAreNotCompressed(t *testing.T) {
	c := consoletest.New(t)
	res, body := c.Get("/healthz", "Accept-Encoding", "gzip")
	if res.StatusCode != http.StatusOK || len(body) >= 1024 {
		t.Fatalf("/healthz: %d, %d bytes; the test wants a small answer", res.StatusCode, len(body))
	}
	if ce := res.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("a %d-byte answer was sent with Content-Encoding %q", len(body), ce)
	}
	// A redirect has no body to compress, and keeps its status and target.
	res, _ = c.Get("/", "Accept-Encoding", "gzip")
	if res.StatusCode/100 != 3 || res.Header.Get("Location") == "" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("redirect: %d to %q, Content-Encoding %q", res.StatusCode, res.Header.Get("Location"), res.Header.Get("Content-Encoding"))
	}
}

func TestStaticFilesAreLeftToTheirOwnVariants(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, page := c.Get("/articles", "Accept-Encoding", "identity")
	i := strings.Index(page, `href="/static/`)
	if i < 0 {
		t.Fatal("the page links no stylesheet under /static/")
	}
	href := page[i+len(`href="`):]
	href = href[:strings.IndexByte(href, '"')]
	res, body := c.Get(href, "Accept-Encoding", "gzip")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", href, res.StatusCode)
	}
	if res.Header.Get("Content-Encoding") == "gzip" {
		body = gunzip(t, body)
	}
	// Compressed once at most: what comes out is the stylesheet, not more gzip.
	if bytes.HasPrefix([]byte(body), []byte{0x1f, 0x8b}) || !strings.Contains(body, "{") {
		t.Errorf("%s is not a stylesheet after at most one decompression: %q…", href, body[:min(len(body), 40)])
	}
}
