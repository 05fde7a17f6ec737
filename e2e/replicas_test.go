package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"qcadmin/internal/pgtest"
)

// replica is one console replica (`qcadmin serve`) of a scaled-out console.
type replica struct {
	*proc
	addr    string // host:port of its own listener, as nginx names it
	metrics string // its Prometheus listener
}

// startReplica starts `qcadmin serve` on the shared database dbURL against the
// API at apiOrigin, with rate limits on and the shared secret key, and does
// not wait for it: replicas started one after the other race to migrate.
func startReplica(t testing.TB, apiOrigin, dbURL, secretKey string, env ...string) *replica {
	t.Helper()
	r := &replica{addr: freeAddr(t), metrics: freeAddr(t)}
	r.proc = startProc(t, []string{"serve"}, append([]string{
		"QCADMIN_ADDR=" + r.addr,
		"QCADMIN_METRICS_ADDR=" + r.metrics,
		"QCADMIN_DATA_DIR=" + t.TempDir(), // no volume shared between replicas
		"QCADMIN_DATABASE_URL=" + dbURL,
		"QCADMIN_SECRET_KEY=" + secretKey,
		"QCADMIN_API_ORIGIN=" + apiOrigin,
		"QCADMIN_SECURE_COOKIES=false",
		"QCADMIN_RATE_LIMITS=true",
		"QCADMIN_LOG_LEVEL=warn",
	}, env...)...)
	r.url = "http://" + r.addr
	return r
}

// newSecretKey is a QCADMIN_SECRET_KEY: 32 random bytes in hex.
func newSecretKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// startBalancer runs nginx as a plain round-robin load balancer in front of
// the replicas: no sticky sessions; a request a replica cannot take (refused
// connection, timeout) goes to the next one, and a replica that failed is
// left out for a while. Each request is logged as "time upstream status
// method uri", upstream being every replica tried ("a, b" after a failover). It
// returns nginx's URL and the log's path.
func startBalancer(t *testing.T, replicas ...*replica) (string, string) {
	t.Helper()
	var servers strings.Builder
	for _, r := range replicas {
		fmt.Fprintf(&servers, "    server %s max_fails=1 fail_timeout=10s;\n", r.addr)
	}
	dir, listen := t.TempDir(), freeAddr(t)
	accessLog := filepath.Join(dir, "access.log")
	return startNginx(t, dir, fmt.Sprintf(`
  log_format replicas '$msec $upstream_addr $status $request_method $request_uri';
  upstream console {
%s  }
  server {
    listen %s;
    access_log %s replicas;
    location / {
      proxy_pass http://console;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
`, servers.String(), listen, accessLog), listen), accessLog
}

// balancerEntry is one request as the balancer logged it.
type balancerEntry struct {
	at        time.Time // when nginx finished with it
	upstreams []string  // the replicas tried, in order; the last one answered
	status    int
	method    string
	uri       string
}

func readBalancerLog(t *testing.T, path string) []balancerEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []balancerEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		// "1764646027.123 127.0.0.1:1, 127.0.0.1:2 200 GET /articles": the upstream list may hold ", ".
		f := strings.Fields(strings.ReplaceAll(line, ", ", ","))
		if len(f) < 5 {
			t.Fatalf("balancer log line %q", line)
		}
		secs, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("balancer log line %q", line)
		}
		status, _ := strconv.Atoi(f[2])
		out = append(out, balancerEntry{at: time.UnixMilli(int64(secs * 1000)), upstreams: strings.Split(f[1], ","), status: status, method: f[3], uri: f[4]})
	}
	return out
}

// servedBy counts the entries from i on that each replica answered, static files left out.
func servedBy(entries []balancerEntry, from int) map[string]int {
	n := map[string]int{}
	for _, e := range entries[from:] {
		if strings.HasPrefix(e.uri, "/static/") {
			continue
		}
		n[e.upstreams[len(e.upstreams)-1]]++
	}
	return n
}

// metricLines are the samples of a metric, from a replica's /metrics, for a failure message.
func metricLines(t *testing.T, r *replica, name string) string {
	t.Helper()
	res, err := http.Get("http://" + r.metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var out strings.Builder
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, name) {
			fmt.Fprintf(&out, "  %s: %s\n", r.addr, line)
		}
	}
	return out.String()
}

// metricSum adds up the samples of a metric, from a replica's /metrics, whose labels hold every one of labels.
func metricSum(t *testing.T, r *replica, name string, labels ...string) float64 {
	t.Helper()
	res, err := http.Get("http://" + r.metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	sum := 0.0
lines:
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		for _, l := range labels {
			if !strings.Contains(line, l) {
				continue lines
			}
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q", line)
		}
		sum += v
	}
	return sum
}

// TestReplicasBehindALoadBalancer runs the console scaled out: two replicas
// in serve mode on one PostgreSQL database, against one sandbox with its rate
// limits on, behind nginx round-robin without sticky sessions. In Chromium,
// the session holds whichever replica answers, a change saved through one
// replica is shown at once by the other, and its audit log lists it; a burst
// of page views over both draws no 429 from the sandbox; and when a replica
// is killed mid-session, the next actions go to the other and succeed.
func TestReplicasBehindALoadBalancer(t *testing.T) {
	nginxPath(t)
	began := time.Now()
	dbURL := pgtest.URL(t)
	sb := startSandbox(t, "QCADMIN_RATE_LIMITS=true")
	key := newSecretKey(t)

	// Both replicas start at the same instant on an empty database: they race to migrate it.
	a := startReplica(t, sb.url, dbURL, key)
	b := startReplica(t, sb.url, dbURL, key)
	waitUntilUp(t, a.proc, a.url+"/readyz", "")
	waitUntilUp(t, b.proc, b.url+"/readyz", "")
	checkOneSchema(t, dbURL)
	lb, accessLog := startBalancer(t, a, b)
	t.Logf("sandbox, two replicas and nginx up in %v", time.Since(began).Round(time.Millisecond))

	ctx := newBrowser(t)
	step(t, ctx, "sign in through the load balancer with the agent's token",
		chromedp.Navigate(lb+"/login"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SetValue(chromedp.ID("token"), sb.token),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)

	// Page after page through the balancer: each must be the signed-in page, whichever replica drew it.
	signedIn := len(readBalancerLog(t, accessLog))
	pages := []struct{ path, testid string }{
		{"/articles", "articles"}, {"/conversations", "account"}, {"/tags", "account"},
		{"/articles?limit=50", "articles"}, {"/settings", "account"}, {"/audit", "account"},
		{"/articles?offset=25", "articles"}, {"/search?query=battery", "account"},
	}
	for _, p := range pages {
		step(t, ctx, "open "+p.path+" through the load balancer",
			chromedp.Navigate(lb+p.path),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=`+p.testid+`]`)),
		)
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=account]').length - document.querySelectorAll('[data-testid=error-page]').length`)); n != 1 {
			t.Fatalf("%s through the load balancer is not the signed-in page", p.path)
		}
	}
	served := servedBy(readBalancerLog(t, accessLog), signedIn)
	if served[a.addr] < 2 || served[b.addr] < 2 {
		t.Fatalf("the pages were not spread over both replicas: %v (a %s, b %s)", served, a.addr, b.addr)
	}
	t.Logf("signed-in pages by replica: %v", served)

	// B shows the article list, and keeps it in its read cache.
	step(t, ctx, "view the article list on replica B",
		chromedp.Navigate(b.url+"/articles"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-row]`)),
	)
	id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=article-row]').dataset.id`))
	oldTitle := text(t, ctx, `[data-testid=article-row] td.title`)
	title := fmt.Sprintf("Saved through replica A %d", time.Now().UnixNano()%100000)

	step(t, ctx, "rename and publish the article on replica A",
		chromedp.Navigate(a.url+"/articles/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
		chromedp.SetValue(chromedp.ID("title"), title),
		chromedp.Click(chromedp.CSS(`[data-testid=publish]`)),
	)
	waitFor(t, ctx, "the article to be published on A", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)
	saved := time.Now()

	// B's cached list is 30 s fresh; only the change event can make it show the new title now.
	rowTitle := fmt.Sprintf(`document.querySelector('[data-testid=article-row][data-id="%s"] td.title')?.innerText`, id)
	views := 0
	for {
		views++
		step(t, ctx, "view the article list on replica B again",
			chromedp.Navigate(b.url+"/articles"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-row]`)),
		)
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](rowTitle))
		if got == title {
			break
		}
		if time.Since(saved) > 2*time.Second {
			t.Fatalf("2 s after A saved it, replica B still lists the article as %q (was %q), want %q: B's cache was not told", got, oldTitle, title)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("replica B listed A's change %v after A saved it, on view %d", time.Since(saved).Round(time.Millisecond), views)

	step(t, ctx, "open the audit log on replica B",
		chromedp.Navigate(b.url+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=audit-row]`)),
	)
	if row := text(t, ctx, `[data-testid=audit-row]`); !strings.Contains(row, title) {
		t.Fatalf("the newest audit entry on replica B is %q, want A's write of %q", row, title)
	}

	burstViews(t, lb, sb.token, accessLog, a, b)

	// A dies mid-session: no shutdown, connections cut.
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := len(readBalancerLog(t, accessLog))
	after := title + " after the failover"
	for _, p := range pages[:4] {
		step(t, ctx, "open "+p.path+" through the load balancer, A dead",
			chromedp.Navigate(lb+p.path),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=`+p.testid+`]`)),
		)
	}
	step(t, ctx, "the article as A saved it, through the load balancer",
		chromedp.Navigate(lb+"/articles/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("title"))); got != title {
		t.Fatalf("after A died the article's title is %q, want %q", got, title)
	}
	step(t, ctx, "rename and publish it again, A dead",
		chromedp.SetValue(chromedp.ID("title"), after),
		chromedp.Click(chromedp.CSS(`[data-testid=publish]`)),
	)
	waitFor(t, ctx, "the article to be published again", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)
	step(t, ctx, "open the audit log through the load balancer, A dead",
		chromedp.Navigate(lb+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=audit-row]`)),
	)
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid=audit-row]')].slice(0, 5).map(r => r.innerText)`))
	if len(rows) < 2 || !strings.Contains(rows[0], after) || !strings.Contains(strings.Join(rows[1:], "\n"), title) {
		t.Fatalf("the audit log after the failover shows %q, want B's write of %q above A's of %q", rows, after, title)
	}

	entries := readBalancerLog(t, accessLog)
	for _, e := range entries[killed:] {
		if last := e.upstreams[len(e.upstreams)-1]; last != b.addr {
			t.Errorf("after A died, %s %s was answered by %s", e.method, e.uri, last)
		}
	}
	for _, e := range entries {
		if e.status >= 500 {
			t.Errorf("the balancer answered %s %s with %d (tried %v)", e.method, e.uri, e.status, e.upstreams)
		}
	}
	if n := metricSum(t, b, "qcadmin_upstream_rate_limited_total"); n != 0 {
		t.Errorf("replica B received %v 429s from the sandbox in the whole run", n)
	}
	t.Logf("the whole run took %v", time.Since(began).Round(time.Millisecond))
}

// burstCalls is how many fresh article lists the burst asks for: more than
// one endpoint's budget of 120 a minute, so two replicas budgeting on their
// own would overrun the sandbox's limit and draw 429s, and few enough that
// waiting for the shared budget stays within a page's deadline.
const burstCalls = 140

// burstViews sends a burst of page views, each reading the article list fresh
// from the sandbox, through the balancer from one signed-in session, and
// checks that both replicas served it, every view answered 200 and the
// sandbox answered no call with a 429.
func burstViews(t *testing.T, lb, token, accessLog string, a, b *replica) {
	t.Helper()
	c := signInWithToken(t, lb, token)
	list := `endpoint="GET knowledge_base/articles/"`
	calls := func() float64 {
		return metricSum(t, a, "qcadmin_upstream_requests_total", list) + metricSum(t, b, "qcadmin_upstream_requests_total", list)
	}
	before, from := calls(), len(readBalancerLog(t, accessLog))
	start := time.Now()
	var left atomic.Int64
	left.Store(burstCalls)
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				res, err := c.Get(lb + "/articles?limit=5&refresh=1")
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mu.Lock()
				codes[res.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	made := calls() - before
	limited := metricSum(t, a, "qcadmin_upstream_rate_limited_total") + metricSum(t, b, "qcadmin_upstream_rate_limited_total")
	status429 := metricSum(t, a, "qcadmin_upstream_requests_total", `status="429"`) + metricSum(t, b, "qcadmin_upstream_requests_total", `status="429"`)
	served := servedBy(readBalancerLog(t, accessLog), from)
	t.Logf("burst: %d views in %v, answers %v, by replica %v; %v article list calls; 429s from the sandbox: %v", burstCalls, took.Round(time.Millisecond), codes, served, made, limited)
	if codes[http.StatusOK] != burstCalls {
		t.Errorf("the burst's views answered %v, want %d × 200", codes, burstCalls)
	}
	if served[a.addr] == 0 || served[b.addr] == 0 {
		t.Errorf("the burst was not spread over both replicas: %v", served)
	}
	if made < burstCalls {
		t.Errorf("the burst made %v article list calls, want one per view (%d): it measured the cache, not the budget", made, burstCalls)
	}
	if limited != 0 || status429 != 0 {
		t.Errorf("the sandbox answered %v calls with 429 (%v counted by status): the replicas overran the shared rate budget\n%s%s",
			limited, status429, metricLines(t, a, "qcadmin_upstream_rate_limited_total"), metricLines(t, b, "qcadmin_upstream_rate_limited_total"))
	}
}

// checkOneSchema checks that the database holds one schema: each migration
// recorded once, however many replicas applied them at once.
func checkOneSchema(t *testing.T, dbURL string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT version_id, count(*) FROM goose_db_version GROUP BY version_id ORDER BY version_id`)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]int64, error) {
		var v [2]int64
		return v, r.Scan(&v[0], &v[1])
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) < 2 {
		t.Fatalf("the migrations table holds %v: no migration applied", counts)
	}
	for _, c := range counts {
		if c[1] != 1 {
			t.Fatalf("migration %d is recorded %d times after two replicas started at once", c[0], c[1])
		}
	}
}

// TestReplicaWithoutItsDatabaseIsNotReady checks that a replica whose
// PostgreSQL database is gone answers 503 at /readyz and names the console
// store, so the load balancer takes it out, while the API still counts as up.
func TestReplicaWithoutItsDatabaseIsNotReady(t *testing.T) {
	dbURL := pgtest.URL(t)
	sb := startSandbox(t)
	r := startReplica(t, sb.url, dbURL, newSecretKey(t), "QCADMIN_RATE_LIMITS=false")
	waitUntilUp(t, r.proc, r.url+"/readyz", "")
	c := signInWithToken(t, r.url, sb.token)

	// The database goes away under the replica: its connections are cut and it cannot reconnect.
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}

	res, err := http.Get(r.url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	if err := json.NewDecoder(res.Body).Decode(&ready); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(ready.Checks["console store"], "failing") {
		t.Fatalf("/readyz without the database = %d %+v, want 503 naming the console store", res.StatusCode, ready)
	}
	if ready.Checks["quickchat api"] != "ok" {
		t.Errorf("/readyz says the API is %q; only the store is down", ready.Checks["quickchat api"])
	}
	if strings.Contains(fmt.Sprint(ready.Checks), name) {
		t.Errorf("/readyz, which needs no sign-in, names the database: %v", ready.Checks)
	}

	// A person who was signed in is told the store is unavailable, not signed out.
	page, err := c.Get(r.url + "/articles")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != http.StatusServiceUnavailable || page.Request.URL.Path != "/articles" ||
		!strings.Contains(string(body), "store is unavailable") || page.Header.Get("Retry-After") == "" {
		t.Errorf("a page without the database = %d at %s (Retry-After %q): %.300s", page.StatusCode, page.Request.URL.Path, page.Header.Get("Retry-After"), body)
	}
}
