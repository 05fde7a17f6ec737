package testdocs

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Page is one page of a HelpSite.
type Page struct {
	Path     string // where it is served, e.g. "/docs/returns"
	Title    string // the page's <title>, as text
	Body     string // the HTML inside <body>, written as given
	Unlisted bool   // left out of sitemap.xml
}

// HelpSite serves a small help site on 127.0.0.1, where the sandbox may fetch from by default: each
// page as UTF-8 HTML at its path, /sitemap.xml listing the absolute address of every page not
// Unlisted, in the order given, and 404 for anything else. The server closes when the test ends.
func HelpSite(t testing.TB, pages ...Page) *httptest.Server {
	t.Helper()
	byPath := make(map[string]Page, len(pages))
	for _, p := range pages {
		if _, dup := byPath[p.Path]; dup || !strings.HasPrefix(p.Path, "/") || p.Path == "/sitemap.xml" {
			t.Fatalf("testdocs.HelpSite: page path %q is not a new path of its own", p.Path)
		}
		byPath[p.Path] = p
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sitemap.xml" {
			w.Header().Set("Content-Type", "application/xml")
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for _, p := range pages {
				if !p.Unlisted {
					fmt.Fprintf(w, "<url><loc>%s</loc></url>", escapeXML(srv.URL+p.Path))
				}
			}
			io.WriteString(w, `</urlset>`)
			return
		}
		p, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body>%s</body></html>", html.EscapeString(p.Title), p.Body)
	}))
	t.Cleanup(srv.Close)
	return srv
}
