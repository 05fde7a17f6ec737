package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// clockTicks is the kernel's USER_HZ, the unit of utime and stime in
// /proc/<pid>/stat: 100 on every Linux architecture Go supports.
const clockTicks = 100

// BenchmarkArticleListCPU sets the CPU one console page of 50 articles costs
// against the CPU one sandbox API call for the same list costs. The console
// (`qcadmin serve`) and the sandbox (`qcadmin sandbox`) run as separate
// processes, so each one's CPU time (utime+stime from /proc) is its own:
// b.N console pages at 32 connections, then b.N API calls straight to the
// sandbox. Run it with a fixed count, e.g. -benchtime 3000x.
//
// It reports console-cpu-ms/page (the console process alone),
// sandbox-cpu-ms/call (the sandbox process, direct calls) and their ratio,
// cpu-ratio; sandbox-cpu-ms/page is what the sandbox spent answering the
// console's calls for each page. Two runs: repeat-views, where the console's
// read cache answers (the same page viewed again within 30 s), and
// fresh-reads, where every page asks for a fresh list (?refresh=1), so the
// console also pays for its upstream call.
func BenchmarkArticleListCPU(b *testing.B) {
	for _, v := range []struct{ name, query string }{{"repeat-views", ""}, {"fresh-reads", "&refresh=1"}} {
		b.Run(v.name, func(b *testing.B) { articleListCPU(b, v.query) })
	}
}

func articleListCPU(b *testing.B, query string) {
	sb, console := startSplit(b)
	token := sb.token
	c := signInWithToken(b, console.url, token)

	consoleReq := func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, console.url+"/articles?limit=50"+query, nil)
		return req
	}
	apiReq := func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, sb.url+"/v1/api/knowledge_base/articles/?limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return req
	}
	api := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: connections}}

	// The console must really show 50 rows, or the figures measure error pages.
	res, err := c.Do(consoleReq())
	if err != nil {
		b.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if n := doc.Find(`[data-testid=article-row]`).Length(); n != 50 {
		b.Fatalf("the console page shows %d rows, want 50", n)
	}

	// Warm both up (connections, caches, the heap) before counting.
	fixedLoad(b, c, consoleReq, 200)
	fixedLoad(b, api, apiReq, 200)

	n := b.N
	b.ResetTimer()
	c0, s0 := cpuTime(b, console.pid()), cpuTime(b, sb.pid())
	fixedLoad(b, c, consoleReq, n)
	c1, s1 := cpuTime(b, console.pid()), cpuTime(b, sb.pid())
	fixedLoad(b, api, apiReq, n)
	s2 := cpuTime(b, sb.pid())
	b.StopTimer()

	perPage := (c1 - c0).Seconds() * 1000 / float64(n)
	sbPerPage := (s1 - s0).Seconds() * 1000 / float64(n)
	perCall := (s2 - s1).Seconds() * 1000 / float64(n)
	b.ReportMetric(perPage, "console-cpu-ms/page")
	b.ReportMetric(sbPerPage, "sandbox-cpu-ms/page")
	b.ReportMetric(perCall, "sandbox-cpu-ms/call")
	if perCall > 0 {
		b.ReportMetric(perPage/perCall, "cpu-ratio")
	}
	b.ReportMetric(rssMB(console.pid()), "console-rss-MB")
}

// proc is one qcadmin process of a split run.
type proc struct {
	url   string
	token string // the sandbox's: a write_all token of the demo agent
	cmd   *exec.Cmd
	log   *strings.Builder
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// startSplit runs `qcadmin sandbox` and `qcadmin serve` against it, each with
// its own data dir, rate limits off, and waits until both answer. env is
// added to the console's settings.
func startSplit(t testing.TB, env ...string) (sb, console *proc) {
	t.Helper()
	sb = startSandbox(t)
	addr := freeAddr(t)
	console = startProc(t, []string{"serve"}, append([]string{
		"QCADMIN_ADDR=" + addr, "QCADMIN_DATA_DIR=" + t.TempDir(),
		"QCADMIN_API_ORIGIN=" + sb.url, "QCADMIN_SECURE_COOKIES=false"}, env...)...)
	console.url = "http://" + addr
	waitUntilUp(t, console, console.url+"/readyz", "")
	return sb, console
}

// startSandbox runs `qcadmin sandbox` with a data dir of its own (rate limits
// off unless env says otherwise), and waits until it answers its token.
func startSandbox(t testing.TB, env ...string) *proc {
	t.Helper()
	dir, addr := t.TempDir(), freeAddr(t)
	// The token first: it seeds the sandbox's database before the server opens it.
	tok := exec.Command(binary, "token", "--scope", "write_all")
	tok.Env = append(os.Environ(), "QCADMIN_DATA_DIR="+dir)
	out, err := tok.Output()
	if err != nil {
		t.Fatalf("qcadmin token: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")

	sb := startProc(t, []string{"sandbox"}, append([]string{"QCADMIN_SANDBOX_ADDR=" + addr, "QCADMIN_DATA_DIR=" + dir}, env...)...)
	sb.url, sb.token = "http://"+addr, lines[len(lines)-1]
	waitUntilUp(t, sb, sb.url+"/v1/api/knowledge_base/articles/?limit=1", sb.token)
	return sb
}

func startProc(t testing.TB, args []string, env ...string) *proc {
	t.Helper()
	p := &proc{log: &strings.Builder{}}
	p.cmd = exec.Command(binary, args...)
	p.cmd.Env = append(os.Environ(), "QCADMIN_RATE_LIMITS=false", "QCADMIN_LOG_LEVEL=error")
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("qcadmin %s output:\n%s", strings.Join(args, " "), p.log.String())
		}
	})
	return p
}

// waitUntilUp polls u until it answers 200.
func waitUntilUp(t testing.TB, p *proc, u, token string) {
	t.Helper()
	var h map[string]string
	if token != "" {
		h = map[string]string{"Authorization": "Bearer " + token}
	}
	if err := answersOK(u, h, 30*time.Second); err != nil {
		t.Fatalf("%s did not answer: %v\n%s", u, err, p.log.String())
	}
}

// answersOK polls url, with the headers h, every 10 ms until it answers 200
// (start-up times are measured by it), and says what it last answered when
// timeout passes first.
func answersOK(url string, h map[string]string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		for k, v := range h {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", res.StatusCode)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// signInWithToken signs in to the console by pasting token, as the sign-in form does.
func signInWithToken(t testing.TB, consoleURL, token string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	res, err := c.PostForm(consoleURL+"/login", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/articles" || res.StatusCode != http.StatusOK {
		t.Fatalf("sign-in ended at %s with %d", res.Request.URL, res.StatusCode)
	}
	return c
}

// fixedLoad sends exactly n requests from 32 goroutines; each must answer 200.
func fixedLoad(t testing.TB, c *http.Client, newReq func() *http.Request, n int) {
	t.Helper()
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	for range connections {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				res, err := c.Do(newReq())
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("status %d", res.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}

// cpuTime is the CPU time (user + system) a process has used so far.
func cpuTime(t testing.TB, pid int) time.Duration {
	t.Helper()
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// utime and stime are fields 14 and 15 of stat; f starts at field 3.
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("reading /proc/%d/stat: %q", pid, s)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}
