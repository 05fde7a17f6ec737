package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/live"
	"qcadmin/sandbox"
)

// sseEvent is one server-sent event as a browser reads it.
type sseEvent struct {
	ID, Name, Data string
}

// stream is one open /events stream of a browser.
type stream struct {
	res    *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

// openStream opens path's event stream from c's browser; it closes when the test ends.
func openStream(t *testing.T, c *consoletest.Console, path string, header ...string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.Server.URL+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Accept-Encoding", "gzip")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &stream{res: res, events: make(chan sseEvent, 64), cancel: cancel}
	t.Cleanup(s.close)
	if res.StatusCode != http.StatusOK {
		return s
	}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Name != "" {
					ev.Data = strings.Join(data, "\n")
					s.events <- ev
				}
				ev, data = sseEvent{}, nil
			case strings.HasPrefix(line, "id: "):
				ev.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	return s
}

func (s *stream) close() {
	s.cancel()
	s.res.Body.Close()
}

// next waits for the stream's next event named name whose data contains want.
func (s *stream) next(t *testing.T, name, want string) sseEvent {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("the stream ended before a %s event with %q", name, want)
			}
			if ev.Name == name && strings.Contains(ev.Data, want) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s event with %q within 5 s", name, want)
		}
	}
}

func TestEventStreamSaysWhoElseIsHereAndWhoSaved(t *testing.T) {
	ana := consoletest.New(t)
	ana.SignInAs("Ana")
	ben := ana.AnotherBrowser()
	ben.SignInAs("Ben")
	article := ana.FirstArticle(t)
	id := strings.TrimPrefix(article, "/articles/")

	// The editor opens its stream; the stream is not compressed, so each event goes out as written.
	_, page := ben.Get(article)
	src, ok := consoletest.Parse(t, page).Find(consoletest.TestID("live")).Attr("sse-connect")
	if !ok || src != "/events?mode=editing&watch=article%3A"+id {
		t.Fatalf("the editor's stream is %q (%v)", src, ok)
	}
	b := openStream(t, ben, src)
	if b.res.StatusCode != http.StatusOK || b.res.Header.Get("Content-Type") != "text/event-stream" || b.res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream: %d, %q, encoding %q", b.res.StatusCode, b.res.Header.Get("Content-Type"), b.res.Header.Get("Content-Encoding"))
	}
	if ev := b.next(t, "presence", ""); strings.Contains(ev.Data, "Ana") {
		t.Fatalf("Ben sees Ana before she came: %q", ev.Data)
	}

	// Ana opens the same article: Ben sees her editing, and she sees him.
	_, page = ana.Get(article)
	a := openStream(t, ana, src)
	b.next(t, "presence", "Ana is editing")
	if ev := a.next(t, "presence", "Ben is editing"); strings.Contains(ev.Data, "Ana") {
		t.Errorf("Ana's own stream names her: %q", ev.Data)
	}

	// Ana saves: Ben gets the heads-up at once; Ana does not.
	base, _ := consoletest.Parse(t, page).Find(`input[name=base_version]`).Attr("value")
	res, body := ana.Post(article, url.Values{"title": {"Shipping times"}, "content": {"Two to four days."}, "save_mode": {"draft"}, "base_version": {base}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	ev := b.next(t, "saved", "Ana saved a newer version")
	if !strings.Contains(ev.Data, `href="/articles/`+id+`/history"`) || ev.ID == "" {
		t.Errorf("heads-up %+v: want a link to the history and an event id", ev)
	}
	select {
	case got := <-a.events:
		if got.Name == "saved" {
			t.Errorf("the person who saved got their own heads-up: %q", got.Data)
		}
	case <-time.After(300 * time.Millisecond):
	}

	// Ana leaves: Ben no longer sees her.
	a.close()
	if ev := b.next(t, "presence", ""); strings.Contains(ev.Data, "Ana") {
		t.Errorf("Ana left, Ben still sees %q", ev.Data)
	}

	// A page that reconnects with the last event id it saw gets what it missed, and only that.
	again := openStream(t, ben, src, "Last-Event-ID", ev.ID)
	select {
	case got := <-again.events:
		if got.Name == "saved" {
			t.Errorf("reconnected after the heads-up, got it again: %+v", got)
		}
	case <-time.After(300 * time.Millisecond):
	}
	missed := openStream(t, ben, src, "Last-Event-ID", strings.Split(ev.ID, ".")[0]+".0")
	missed.next(t, "saved", "Ana saved a newer version")
}

func TestEventStreamsAreBoundedPerSessionAndRefuseStrangeWatches(t *testing.T) {
	c := consoletest.New(t, consoletest.WithLive(live.Config{PerSession: 3}))
	c.SignIn()
	for range 3 {
		if s := openStream(t, c, "/events?watch=inbox&mode=viewing"); s.res.StatusCode != http.StatusOK {
			t.Fatalf("stream within the bound: %d", s.res.StatusCode)
		}
	}
	if s := openStream(t, c, "/events?watch=inbox&mode=viewing"); s.res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a fourth stream of one session: %d, want 429", s.res.StatusCode)
	}
	other := c.AnotherBrowser()
	other.SignIn()
	if s := openStream(t, other, "/events?watch=inbox&mode=viewing"); s.res.StatusCode != http.StatusOK {
		t.Errorf("another session's stream: %d, want 200", s.res.StatusCode)
	}
	for _, q := range []string{"watch=../x&mode=viewing", "watch=inbox&mode=owning", "watch=article:&mode=viewing", "watch=" + strings.Repeat("a", 70) + "&mode=viewing"} {
		if res, _ := other.Get("/events?" + q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("/events?%s: %d, want 400", q, res.StatusCode)
		}
	}
	// Signed out, there is no stream.
	fresh := consoletest.New(t)
	if res, _ := fresh.Get("/events?watch=inbox&mode=viewing"); res.StatusCode == http.StatusOK {
		t.Errorf("a signed-out stream was served")
	}
}

func TestEventStreamsEndWithTheirPagesAndWithTheServer(t *testing.T) {
	c := consoletest.New(t, consoletest.WithLive(live.Config{PerSession: 50}))
	c.SignIn()
	// Warm up what every request starts once (connections, the hub's own goroutines).
	openStream(t, c, "/events?watch=settings&mode=editing").close()
	time.Sleep(200 * time.Millisecond)
	c.Client.CloseIdleConnections()
	baseline := settledGoroutines(0)

	var streams []*stream
	for i := range 20 {
		watch := "article:" + string(rune('1'+i%9))
		s := openStream(t, c, "/events?watch="+watch+"&mode=viewing")
		s.next(t, "presence", "")
		streams = append(streams, s)
	}
	if n, _ := streamGoroutines(); n < baseline+20 {
		t.Fatalf("%d stream goroutines with 20 streams open, baseline %d", n, baseline)
	}
	for _, s := range streams {
		s.close()
	}
	c.Client.CloseIdleConnections()
	if n := settledGoroutines(baseline); n > baseline {
		_, stacks := streamGoroutines()
		t.Errorf("after every page closed, %d stream goroutines; baseline %d\n%s", n, baseline, stacks)
	}

	// The server's graceful shutdown ends the streams still open, at once.
	s := openStream(t, c, "/events?watch=inbox&mode=viewing")
	s.next(t, "presence", "")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.Server.Config.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown with a stream open: %v after %s", err, time.Since(start))
	}
}

// settledGoroutines waits up to 15 s (a loaded CI machine ends closed
// connections slowly) for the count of stream goroutines to reach want, and
// returns it; with want zero, for it to stop changing.
func settledGoroutines(want int) int {
	n, _ := streamGoroutines()
	for range 300 {
		time.Sleep(50 * time.Millisecond)
		m, _ := streamGoroutines()
		if (want > 0 && m <= want) || (want == 0 && m == n) {
			return m
		}
		n = m
	}
	return n
}

// streamGoroutines counts the goroutines an open stream can hold: the
// server's connection and handler, the test client's connection, the live
// hub's own. The job queue's maintenance goroutines start on their own
// schedule (after its leader election) and are not a stream's to end, so
// they are left out. It returns the stacks it counted, to show on failure.
func streamGoroutines() (int, string) {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var counted []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/riverqueue/") {
			continue
		}
		if strings.Contains(g, "net/http.") || strings.Contains(g, "qcadmin/") {
			counted = append(counted, g)
		}
	}
	return len(counted), strings.Join(counted, "\n\n")
}

// Ten people watching one agent's inbox cost one list call per poll,
// however many they are: the shared poller reads for all of them.
func TestTenInboxViewersShareOnePoller(t *testing.T) {
	// 65 s at the production pace of one poll per 30 s, or the same ratio
	// at one poll per second (QCADMIN_LIVE_LONG=1 runs the real thing).
	every := time.Second
	if os.Getenv("QCADMIN_LIVE_LONG") != "" {
		every = 30 * time.Second
	}
	watch := every * 65 / 30
	c, up := countedUpstreamConsole(t, live.Config{PollEvery: every, PerSession: 20})
	viewers := make([]*consoletest.Console, 10)
	for i := range viewers {
		viewers[i] = c.AnotherBrowser()
		viewers[i].SignIn()
		getOK(t, viewers[i], "/conversations") // the page, then its stream, as a browser opens them
	}
	got := up.calls(func() {
		var wg sync.WaitGroup
		for _, v := range viewers {
			s := openStream(t, v, "/events?watch=inbox&mode=viewing")
			if s.res.StatusCode != http.StatusOK {
				t.Fatalf("stream: %d", s.res.StatusCode)
			}
			wg.Go(func() { s.next(t, "presence", "") })
		}
		wg.Wait()
		time.Sleep(watch)
	})
	lists := 0
	for k, v := range got {
		if strings.HasPrefix(k, "GET ") && strings.HasSuffix(k, "/conversations") {
			lists += v
		}
	}
	if lists < 1 || lists > 3 {
		t.Errorf("10 viewers for %s at one poll per %s: %d list calls, want 1 to 3: %s", watch, c.pollEvery, lists, describe(got))
	}
	t.Logf("10 viewers, %s: %s", watch, describe(got))
}

// pacedConsole is a console whose inbox poller reads every pollEvery.
type pacedConsole struct {
	*consoletest.Console
	pollEvery time.Duration
}

// countedUpstreamConsole is countedConsole with the live settings cfg.
func countedUpstreamConsole(t *testing.T, cfg live.Config) (*pacedConsole, *upstream) {
	t.Helper()
	up := &upstream{counts: map[string]int{}}
	proxy := httptest.NewServer(up)
	t.Cleanup(proxy.Close)
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, apiclient.NewCache(apiclient.CacheConfig{})), consoletest.WithLive(cfg))
	target, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	up.mu.Lock()
	up.target = target
	up.mu.Unlock()
	return &pacedConsole{c, cfg.PollEvery}, up
}

func TestEventStreamEndsWhenItsSessionDoes(t *testing.T) {
	c := consoletest.New(t, consoletest.WithLive(live.Config{Beat: 100 * time.Millisecond}))
	c.SignIn()
	s := openStream(t, c, "/events?watch=inbox&mode=viewing")
	s.next(t, "presence", "")
	// Still signed in: the stream stays open across heartbeats.
	select {
	case _, ok := <-s.events:
		if !ok {
			t.Fatal("the stream ended while its session was signed in")
		}
	case <-time.After(400 * time.Millisecond):
	}
	if res, _ := c.Post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-s.events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the stream of a signed-out session stayed open")
		}
	}
}

func TestLivePagesSayWhatTheyWatch(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/conversations")
	doc := consoletest.Parse(t, body)
	if src, _ := doc.Find(consoletest.TestID("live")).Attr("sse-connect"); src != "/events?inbox=1&mode=viewing&watch=inbox" {
		t.Errorf("the inbox's stream is %q", src)
	}
	if doc.Find(`#conversation-results[hx-trigger*="live-inbox"]`).Length() != 1 {
		t.Error("the inbox list does not refresh when its stream says the inbox changed")
	}
	id, _ := doc.Find(`[data-testid=conversation-row]`).First().Attr("data-id")
	_, body = c.Get("/conversations/" + id)
	if src, _ := consoletest.Parse(t, body).Find(consoletest.TestID("live")).Attr("sse-connect"); src != "/events?inbox=1&mode=viewing&watch=conversation%3A"+id {
		t.Errorf("the conversation's stream is %q", src)
	}
	// Opening a conversation from the list swaps the page's stream for the conversation's.
	_, body = c.Get("/conversations/"+id, "HX-Request", "true", "HX-Target", "conversation-detail")
	swap := consoletest.Parse(t, body).Find(`#live[hx-swap-oob]`)
	if src, _ := swap.Attr("sse-connect"); src != "/events?inbox=1&mode=viewing&watch=conversation%3A"+id {
		t.Errorf("the conversation pane swaps in the stream %q", src)
	}
	// The list's own refresh leaves the stream alone.
	_, body = c.Get("/conversations", "HX-Request", "true", "HX-Target", "conversation-results")
	if consoletest.Parse(t, body).Find(`#live`).Length() != 0 {
		t.Error("the list's refresh replaces the stream")
	}
	_, body = c.Get("/settings")
	if src, _ := consoletest.Parse(t, body).Find(consoletest.TestID("live")).Attr("sse-connect"); src != "/events?mode=editing&watch=settings" {
		t.Errorf("the settings' stream is %q", src)
	}
	// Pages nobody edits together have no stream.
	_, body = c.Get("/articles")
	if consoletest.Parse(t, body).Find(consoletest.TestID("live")).Length() != 0 {
		t.Error("the article list opens a stream")
	}
}

func TestAReviewReachesTheConversationAndTheInboxLive(t *testing.T) {
	ana := consoletest.New(t)
	ana.SignInAs("Ana")
	ben := ana.AnotherBrowser()
	ben.SignInAs("Ben")
	_, body := ana.Get("/conversations")
	id, _ := consoletest.Parse(t, body).Find(`[data-testid=conversation-row]`).First().Attr("data-id")
	conv := openStream(t, ana, "/events?watch=conversation:"+id+"&mode=viewing")
	list := openStream(t, ana, "/events?watch=inbox&mode=viewing")
	conv.next(t, "presence", "")
	list.next(t, "presence", "")
	if res, body := ben.Post("/conversations/"+id+"/review", url.Values{"status": {"good"}, "note": {"Fine."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d\n%s", res.StatusCode, body)
	}
	conv.next(t, "saved", "Ben saved a review")
	list.next(t, "inbox", "changed")
}

// A visitor starts a conversation on the website (not through the console):
// the shared poller's next read finds it, and every viewer's page is told.
func TestTheInboxPollerTellsViewersOfANewConversation(t *testing.T) {
	c := consoletest.New(t, consoletest.WithLive(live.Config{PollEvery: 300 * time.Millisecond}))
	c.SignIn()
	other := c.AnotherBrowser()
	other.SignIn()
	a := openStream(t, c, "/events?watch=inbox&mode=viewing")
	b := openStream(t, other, "/events?watch=inbox&mode=viewing")
	a.next(t, "presence", "")
	b.next(t, "presence", "")
	time.Sleep(700 * time.Millisecond) // the poller has its baseline

	key, err := c.Sandbox.APIKey(sandbox.DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`{"api_key":%q,"scenario_id":%q,"text":"Do you ship to Norway?"}`, key, sandbox.DemoScenarioID)
	res, err := http.Post(c.API.URL+"/chat", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("visitor's chat: %d", res.StatusCode)
	}
	a.next(t, "inbox", "changed")
	b.next(t, "inbox", "changed")
}

func TestAgentSettingsPagesGiveAHeadsUp(t *testing.T) {
	ana := consoletest.New(t)
	ana.SignInAs("Ana")
	ben := ana.AnotherBrowser()
	ben.SignInAs("Ben")
	for _, page := range []struct{ path, watch string }{
		{"/settings", "settings"}, {"/widget", "widget"}, {"/handoff", "handoff"}, {"/ratings", "ratings"},
	} {
		_, body := ben.Get(page.path)
		if src, _ := consoletest.Parse(t, body).Find(consoletest.TestID("live")).Attr("sse-connect"); src != "/events?mode=editing&watch="+page.watch {
			t.Errorf("%s: stream %q", page.path, src)
		}
	}
	// Ana saves the settings as they are: Ben, on the settings page, is told.
	b := openStream(t, ben, "/events?mode=editing&watch=settings")
	b.next(t, "presence", "")
	_, body := ana.Get("/settings")
	form := url.Values{}
	consoletest.Parse(t, body).Find(`form[data-testid=settings-form] input[name], form[data-testid=settings-form] select[name], form[data-testid=settings-form] textarea[name]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if typ, _ := s.Attr("type"); (typ == "checkbox" || typ == "radio") && s.AttrOr("checked", "-") == "-" {
			return
		}
		if s.Is("select") {
			form.Set(name, s.Find("option[selected]").AttrOr("value", ""))
			return
		}
		if s.Is("textarea") {
			form.Set(name, s.Text())
			return
		}
		form.Set(name, s.AttrOr("value", ""))
	})
	if len(form) == 0 {
		t.Fatal("no settings form found")
	}
	if res, body := ana.Post("/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", res.StatusCode, body)
	}
	b.next(t, "saved", "Ana saved newer settings")
}
