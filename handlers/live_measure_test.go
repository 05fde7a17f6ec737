package handlers_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/handlers/consoletest"
	"qcadmin/live"
	"qcadmin/sessions"
)

// The measurements of BENCHMARKS.md ("Live updates"); QCADMIN_LIVE_MEASURE=1 runs them.
func measureOnly(t *testing.T) {
	if os.Getenv("QCADMIN_LIVE_MEASURE") == "" {
		t.Skip("a measurement: set QCADMIN_LIVE_MEASURE=1")
	}
}

// Upstream list calls per minute for 1, 10 and 50 people watching one
// agent's inbox, at one poll per 3 s over 6 s: a tenth of the production
// minute at a tenth of its 30 s poll, so the same number of calls.
func TestMeasureInboxViewers(t *testing.T) {
	measureOnly(t)
	for _, n := range []int{1, 10, 50} {
		c, up := countedUpstreamConsole(t, live.Config{PollEvery: 3 * time.Second, PerSession: 60, Total: 100})
		viewers := make([]*consoletest.Console, n)
		for i := range viewers {
			viewers[i] = c.AnotherBrowser()
			viewers[i].SignIn()
			getOK(t, viewers[i], "/conversations")
		}
		got := up.calls(func() {
			for _, v := range viewers {
				s := openStream(t, v, "/events?watch=inbox&mode=viewing")
				s.next(t, "presence", "")
			}
			time.Sleep(6200 * time.Millisecond)
		})
		lists := 0
		for k, v := range got {
			if strings.HasPrefix(k, "GET ") && strings.HasSuffix(k, "/conversations") {
				lists += v
			}
		}
		t.Logf("%d inbox viewers: %d list calls per (scaled) minute; all calls: %s", n, lists, describe(got))
	}
}

// Memory of an open stream on the server: streams held open by bare
// connections (nothing read on the client's side, so only the server's
// goroutine, buffers and hub entry count).
func TestMeasureMemoryPerStream(t *testing.T) {
	measureOnly(t)
	const n = 500
	c := consoletest.New(t, consoletest.WithLive(live.Config{PerSession: n + 1, Total: n + 1}))
	c.SignIn()
	cookie := c.SessionCookie()
	addr := strings.TrimPrefix(c.Server.URL, "http://")
	open := func() net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET /events?watch=inbox&mode=viewing HTTP/1.1\r\nHost: %s\r\nCookie: %s=%s\r\nAccept: text/event-stream\r\n\r\n", addr, sessions.CookieName, cookie)
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil || !strings.Contains(line, "200") {
			t.Fatalf("stream: %q %v", line, err)
		}
		return conn
	}
	open().Close()
	mem := func() (heap, stack uint64, goroutines int) {
		for range 3 {
			runtime.GC()
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc, m.StackInuse, runtime.NumGoroutine()
	}
	time.Sleep(200 * time.Millisecond)
	h0, s0, g0 := mem()
	conns := make([]net.Conn, n)
	for i := range conns {
		conns[i] = open()
	}
	time.Sleep(500 * time.Millisecond)
	h1, s1, g1 := mem()
	t.Logf("%d open streams: heap +%d B, stacks +%d B, goroutines +%d: %.1f KiB per stream",
		n, h1-h0, s1-s0, g1-g0, float64(h1-h0+s1-s0)/n/1024)
	for _, conn := range conns {
		conn.Close()
	}
}

// The time from a save to the heads-up in another person's open page: from
// the moment the save is sent to the event's arrival in the other tab,
// beside the time the save itself takes to answer.
func TestMeasureSaveToHeadsUp(t *testing.T) {
	measureOnly(t)
	ana := consoletest.New(t)
	ana.SignInAs("Ana")
	ben := ana.AnotherBrowser()
	ben.SignInAs("Ben")
	article := ana.FirstArticle(t)
	id := strings.TrimPrefix(article, "/articles/")
	b := openStream(t, ben, "/events?watch=article:"+id+"&mode=editing")
	b.next(t, "presence", "")
	var lat, saves []time.Duration
	for i := range 30 {
		_, page := ana.Get(article)
		base, _ := consoletest.Parse(t, page).Find(`input[name=base_version]`).Attr("value")
		start := time.Now()
		var wg sync.WaitGroup
		var arrived time.Time
		wg.Go(func() {
			b.next(t, "saved", "Ana saved")
			arrived = time.Now()
		})
		res, _ := ana.Post(article, url.Values{"title": {fmt.Sprintf("Shipping times %d", i)}, "content": {"Two to four days."}, "save_mode": {"draft"}, "base_version": {base}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		saved := time.Now()
		wg.Wait()
		lat = append(lat, arrived.Sub(start))
		saves = append(saves, saved.Sub(start))
	}
	slices.Sort(lat)
	slices.Sort(saves)
	t.Logf("save sent → heads-up in the other tab: median %s, p95 %s, max %s; save sent → save answered: median %s, p95 %s",
		lat[len(lat)/2], lat[len(lat)*95/100], lat[len(lat)-1], saves[len(saves)/2], saves[len(saves)*95/100])
}
