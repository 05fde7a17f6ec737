package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"

	"qcadmin/internal/pgtest"
)

// connections is the number of concurrent clients in the load runs.
const connections = 32

// BenchmarkArticleList loads one page of 50 articles at 32 concurrent
// connections, through the console (signed in, HTML) and straight from the
// sandbox API (JSON), in one run of the real binary with rate limits off.
func BenchmarkArticleList(b *testing.B) {
	a := startApp(b, "QCADMIN_RATE_LIMITS=false", "QCADMIN_LOG_LEVEL=error")
	console := a.signedInClient(b)
	token := a.token(b, "read_all")

	consoleReq := func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, a.URL+"/articles?limit=50", nil)
		return req
	}
	apiReq := func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, a.APIURL+"/v1/api/knowledge_base/articles/?limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return req
	}

	// Both must really answer with 50 rows, or the figures measure error pages.
	res, err := console.Do(consoleReq())
	if err != nil {
		b.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if n := doc.Find(`[data-testid=article-row]`).Length(); n != 50 {
		b.Fatalf("the console page shows %d rows, want 50", n)
	}

	b.Run("console", func(b *testing.B) {
		load(b, console, consoleReq)
		b.ReportMetric(rssMB(a.cmd.Process.Pid), "rss-MB")
		b.ReportMetric(anonMB(a.cmd.Process.Pid), "anon-MB")
	})
	b.Run("sandbox-api", func(b *testing.B) {
		load(b, &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: connections}}, apiReq)
		b.ReportMetric(rssMB(a.cmd.Process.Pid), "rss-MB")
		b.ReportMetric(anonMB(a.cmd.Process.Pid), "anon-MB")
	})
}

// BenchmarkArticleListSessionStore loads the article list (25 rows) at 32
// concurrent connections through one console (`qcadmin serve`) against the
// sandbox, rate limits off, with the console's sessions and state in SQLite
// (the default) and in PostgreSQL (QCADMIN_DATABASE_URL, as replicas run):
// what keeping sessions in a database server costs a page.
func BenchmarkArticleListSessionStore(b *testing.B) {
	for _, store := range []string{"sqlite", "postgres"} {
		b.Run(store, func(b *testing.B) {
			var env []string
			if store == "postgres" {
				env = append(env, "QCADMIN_DATABASE_URL="+pgtest.URL(b))
			}
			sb, console := startSplit(b, env...)
			c := signInWithToken(b, console.url, sb.token)
			page := func() *http.Request {
				req, _ := http.NewRequest(http.MethodGet, console.url+"/articles", nil)
				return req
			}
			fixedLoad(b, c, page, 200) // connections, the read cache and the heap warmed up first
			load(b, c, page)
			b.ReportMetric(rssMB(console.pid()), "rss-MB")
		})
	}
}

// load sends b.N requests from 32 goroutines and reports throughput and latency percentiles.
func load(b *testing.B, c *http.Client, newReq func() *http.Request) {
	b.SetParallelism((connections + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var all []time.Duration
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			res, err := c.Do(newReq())
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// rssMB reads a process's resident set size from /proc.
func rssMB(pid int) float64 { return statusMB(pid, "VmRSS:") }

// anonMB reads the part of a process's resident set that is its own memory
// (heap, stacks), without the pages of its executable mapped from disk.
func anonMB(pid int) float64 { return statusMB(pid, "RssAnon:") }

func statusMB(pid int, field string) float64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkStartup starts the demo binary (console and sandbox) and reports
// how long it takes until /readyz says ready, and its resident set 5 s later,
// idle: all of it (rss-MB), its own memory (anon-MB) and pages of its
// executable and other files (file-MB). -benchtime 3x averages three starts.
func BenchmarkStartup(b *testing.B) {
	var ready time.Duration
	var rss, anon, file float64
	for b.Loop() {
		t0 := time.Now()
		a := startApp(b, "QCADMIN_LOG_LEVEL=error")
		ready += time.Since(t0)
		time.Sleep(5 * time.Second)
		pid := a.cmd.Process.Pid
		rss, anon, file = rss+rssMB(pid), anon+anonMB(pid), file+statusMB(pid, "RssFile:")
	}
	n := float64(b.N)
	b.ReportMetric(float64(ready.Milliseconds())/n, "ready-ms")
	b.ReportMetric(rss/n, "rss-MB")
	b.ReportMetric(anon/n, "anon-MB")
	b.ReportMetric(file/n, "file-MB")
}

// BenchmarkFirstPageLoad reports what a first visit to the article list
// transfers: the HTML and every stylesheet and script it links, as sent to a
// browser that accepts only gzip (*-gz-B) and to one that asks for "br, gzip"
// (*-br-B; static files come in brotli, the HTML as the server compresses it).
func BenchmarkFirstPageLoad(b *testing.B) {
	a := startApp(b, "QCADMIN_RATE_LIMITS=false", "QCADMIN_LOG_LEVEL=error")
	signedIn := a.signedInClient(b)
	var gz, br firstLoad
	for b.Loop() {
		gz = measureFirstLoad(b, a, signedIn, "gzip")
		br = measureFirstLoad(b, a, signedIn, "br, gzip")
	}
	b.ReportMetric(float64(gz.html), "html-gz-B")
	b.ReportMetric(float64(gz.assets), "assets-gz-B")
	b.ReportMetric(float64(gz.html+gz.assets), "total-gz-B")
	b.ReportMetric(float64(br.html), "html-br-B")
	b.ReportMetric(float64(br.assets), "assets-br-B")
	b.ReportMetric(float64(br.html+br.assets), "total-br-B")
}

// firstLoad is what one first visit to a page transferred, in bytes as sent.
type firstLoad struct {
	html, assets int
	files        map[string]int // each stylesheet and script by its URL
}

// measureFirstLoad fetches /articles and every stylesheet and script it links,
// asking with accept as Accept-Encoding, and counts the bytes as sent.
func measureFirstLoad(tb testing.TB, a *app, signedIn *http.Client, accept string) firstLoad {
	tb.Helper()
	// A transport that leaves compression alone, so the bytes counted are the bytes sent.
	raw := &http.Client{Jar: signedIn.Jar, Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path string) (wire int, body []byte) {
		req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
		req.Header.Set("Accept-Encoding", accept)
		res, err := raw.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		defer res.Body.Close()
		sent, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			tb.Fatalf("%s: status %d", path, res.StatusCode)
		}
		var zr io.Reader
		switch enc := res.Header.Get("Content-Encoding"); {
		case enc == "gzip":
			if zr, err = gzip.NewReader(bytes.NewReader(sent)); err != nil {
				tb.Fatal(err)
			}
		case enc == "br" && strings.Contains(accept, "br"):
			zr = brotli.NewReader(bytes.NewReader(sent))
		default:
			tb.Fatalf("%s was sent with Content-Encoding %q to a browser accepting %q", path, enc, accept)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		return len(sent), plain
	}
	n, page := fetch("/articles")
	load := firstLoad{html: n, files: map[string]int{}}
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if doc.Find(`[data-testid=article-row]`).Length() == 0 {
		tb.Fatal("the article list shows no articles")
	}
	doc.Find(`link[rel=stylesheet], script[src]`).Each(func(_ int, s *goquery.Selection) {
		src, ok := s.Attr("href")
		if !ok {
			src, _ = s.Attr("src")
		}
		m, _ := fetch(src)
		load.files[src] = m
		load.assets += m
	})
	return load
}
