package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestLoadRun is `make load`: many signed-in people (one session each, signed
// in through the demo sign-in form) browse and save against the real binary for
// a while, with the console's and the sandbox's rate limits off. Afterwards every
// article, review and setting they saved must hold the last value its owner
// wrote, and no console answer may be a 5xx. It prints throughput, latency per
// kind (view = GET, save = POST), answers by status and the process's RSS.
//
// QCADMIN_LOAD=1 turns it on (make test leaves it out); QCADMIN_LOAD_DURATION
// (default 60s) and QCADMIN_LOAD_PEOPLE (default 200) size it.
func TestLoadRun(t *testing.T) {
	if os.Getenv("QCADMIN_LOAD") != "1" {
		t.Skip("the load run is `make load` (QCADMIN_LOAD=1)")
	}
	duration := loadEnvDuration(t, "QCADMIN_LOAD_DURATION", 60*time.Second)
	people := loadEnvInt(t, "QCADMIN_LOAD_PEOPLE", 200)

	a := startApp(t, "QCADMIN_RATE_LIMITS=false", "QCADMIN_LOG_LEVEL=error")
	pid := a.cmd.Process.Pid
	rssBefore := rssMB(pid)

	v := loadDemoData(t, a.signedInClient(t), a.URL)
	ps := loadPeople(t, a.URL, people, v, "")
	t.Logf("%d people signed in through the demo sign-in form", people)

	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Go(func() { p.run(deadline, v) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	rssAfter := rssMB(pid)

	// What the sandbox holds now, read with a token of the demo agent.
	total, checked, lost, unsure := loadVerify(t, ps, a.APIURL, a.token(t, "read_all"))

	secs := elapsed.Seconds()
	requests := total.requests()
	var b strings.Builder
	fmt.Fprintf(&b, "load run: %d people, %v (ran %.1f s), demo mode, rate limits off, %d articles, %d conversations\n",
		people, duration, secs, len(v.articles), len(v.conversations))
	fmt.Fprintf(&b, "  requests %d, %.0f req/s\n", requests, float64(requests)/secs)
	for _, kind := range []string{"view", "save"} {
		d := total.latency[kind]
		slices.Sort(d)
		fmt.Fprintf(&b, "  %-4s %6d requests  p50 %7s  p99 %7s  max %7s\n", kind, len(d),
			loadPct(d, 0.50), loadPct(d, 0.99), loadPct(d, 1))
	}
	all := append(slices.Clone(total.latency["view"]), total.latency["save"]...)
	slices.Sort(all)
	fmt.Fprintf(&b, "  all  %6d requests  p50 %7s  p99 %7s\n", len(all), loadPct(all, 0.50), loadPct(all, 0.99))
	for _, kind := range []string{"view", "save"} {
		codes := []int{}
		for code := range total.status[kind] {
			codes = append(codes, code)
		}
		slices.Sort(codes)
		parts := []string{}
		for _, code := range codes {
			parts = append(parts, fmt.Sprintf("%d × %d", total.status[kind][code], code))
		}
		fmt.Fprintf(&b, "  %s answers by status: %s\n", kind, strings.Join(parts, ", "))
	}
	pages := slices.Sorted(maps.Keys(total.byPage))
	for _, page := range pages {
		d := total.byPage[page]
		slices.Sort(d)
		fmt.Fprintf(&b, "    %-34s %6d  p50 %7s  p99 %7s\n", page, len(d), loadPct(d, 0.50), loadPct(d, 0.99))
	}
	fmt.Fprintf(&b, "  saves: %d acknowledged, %d conflict views, %d refused with a message, %d without an answer\n",
		total.acked, total.conflicts, total.refused, total.unknown)
	fmt.Fprintf(&b, "  checked: %d articles, %d reviews, %d settings; %d lost edits (%d whose last write had no clear outcome)\n",
		checked["article"], checked["review"], checked["settings"], lost, unsure)
	fmt.Fprintf(&b, "  5xx: %d; transport errors: %d; sent to sign-in: %d\n", total.fivexx, total.transport, total.signedOut)
	fmt.Fprintf(&b, "  qcadmin RSS: %.0f MB before, %.0f MB after\n", rssBefore, rssAfter)
	t.Log("\n" + b.String())
	for _, e := range total.samples {
		t.Log(e)
	}

	if total.fivexx > 0 {
		t.Errorf("the console answered %d requests with a 5xx", total.fivexx)
	}
	if lost > 0 {
		t.Errorf("%d lost edits", lost)
	}
	if total.signedOut > 0 {
		t.Errorf("%d requests were sent to sign-in: those figures measure the wrong page", total.signedOut)
	}
	if total.acked == 0 {
		t.Error("no save was acknowledged: the run measured nothing of saving")
	}
}

// loadDemoData reads, once, what the people browse: article and conversation ids, tag names.
func loadDemoData(t *testing.T, c *http.Client, base string) loadViews {
	t.Helper()
	articles := loadRowIDs(t, c, base+"/articles?limit=100", "article-row")
	conversations := loadRowIDs(t, c, base+"/conversations?limit=100", "conversation-row")
	var tags []string
	loadDoc(t, c, base+"/tags").Find(`a[href^="/articles?tags="]`).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if u, err := url.Parse(href); err == nil && u.Query().Get("tags") != "" {
			tags = append(tags, u.Query().Get("tags"))
		}
	})
	if len(articles) == 0 || len(conversations) == 0 || len(tags) == 0 {
		t.Fatalf("demo data: %d articles, %d conversations, %d tags", len(articles), len(conversations), len(tags))
	}
	return loadViews{articles: articles, conversations: conversations, tags: tags}
}

// loadPeople makes n people of the console at base, each signed in with a
// session of its own (with token, or the demo sign-in when it is empty) and
// owning a share of the articles and conversations of v.
func loadPeople(t *testing.T, base string, n int, v loadViews, token string) []*loadPerson {
	t.Helper()
	// All share one pool of loopback connections.
	transport := &http.Transport{MaxIdleConnsPerHost: n, IdleConnTimeout: 90 * time.Second}
	t.Cleanup(transport.CloseIdleConnections)
	ps := make([]*loadPerson, n)
	for i := range ps {
		jar, _ := cookiejar.New(nil)
		ps[i] = &loadPerson{
			n:     i,
			base:  base,
			token: token,
			c: &http.Client{Jar: jar, Transport: transport, Timeout: 30 * time.Second,
				// Each answer is measured on its own; the person follows redirects as a browser would, as new requests.
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
			rnd:    rand.New(rand.NewPCG(uint64(i), 0x10ad)),
			writes: map[string][]loadWrite{},
		}
	}
	// Each article and conversation belongs to one person, so "the last value written" is well defined.
	for i, id := range v.articles {
		p := ps[i%n]
		p.articles = append(p.articles, id)
	}
	for i, id := range v.conversations {
		p := ps[i%n]
		p.conversations = append(p.conversations, id)
	}
	ps[0].settings = true

	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for _, p := range ps {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- p.signIn()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

// loadVerify merges what the people saw and reads back, through the API at
// apiURL with token, every article, review and setting they saved: each must
// hold the last value its person wrote. It reports the merged figures, what
// it checked by kind, the lost edits (each also an error of t) and how many
// of the last writes had no clear outcome.
func loadVerify(t *testing.T, ps []*loadPerson, apiURL, token string) (total loadStats, checked map[string]int, lost, unsure int) {
	t.Helper()
	api := &http.Client{Timeout: 30 * time.Second}
	apiGet := func(path string, into any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, apiURL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := api.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			body, _ := io.ReadAll(res.Body)
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
		}
		if err := json.NewDecoder(res.Body).Decode(into); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	stored := func(key string) string {
		kind, id, _ := strings.Cut(key, " ")
		switch kind {
		case "article":
			var art struct{ Content string }
			apiGet("/v1/api/knowledge_base/articles/"+id+"/", &art)
			return art.Content
		case "review":
			var m struct{ Metadata map[string]any }
			apiGet("/v1/api_core/conversations/"+id+"/metadata", &m)
			return fmt.Sprint(m.Metadata["review_status"]) + " " + fmt.Sprint(m.Metadata["review_note"])
		case "settings":
			var s struct {
				ShortDescription string `json:"short_description"`
			}
			apiGet("/v1/api/knowledge_base/", &s)
			return s.ShortDescription
		}
		t.Fatalf("unknown write %q", key)
		return ""
	}

	total.init()
	checked = map[string]int{}
	for _, p := range ps {
		total.add(&p.stats)
		for key, ws := range p.writes {
			allowed, sure := lastWritten(ws)
			if !sure {
				unsure++
			}
			if allowed == nil {
				continue // no write was acknowledged: nothing to hold the store to
			}
			kind, _, _ := strings.Cut(key, " ")
			checked[kind]++
			got := stored(key)
			if !slices.Contains(allowed, got) {
				lost++
				t.Errorf("lost edit: %s of person %d holds %q, the last write acknowledged was %q", key, p.n, loadMarker(got), loadMarker(allowed[0]))
			}
		}
	}
	return total, checked, lost, unsure
}

// loadViews is what the people browse.
type loadViews struct {
	articles, conversations, tags []string
}

var loadWords = []string{"battery", "delivery", "return", "warranty", "charger", "brake", "order", "payment", "motor", "tyre"}

// page picks a page to view, weighted roughly as people use the console.
func (v loadViews) page(r *rand.Rand) string {
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	switch n := r.IntN(100); {
	case n < 20:
		return pick([]string{
			"/articles",
			"/articles?limit=50",
			"/articles?query=" + pick(loadWords),
			"/articles?tags=" + url.QueryEscape(pick(v.tags)),
			"/articles?types=Paragraph",
			"/articles?types=URL&limit=50",
			"/articles?offset=25",
		})
	case n < 35:
		return "/articles/" + pick(v.articles)
	case n < 50:
		return pick([]string{
			"/conversations",
			"/conversations?resolution_status=open",
			"/conversations?assignee_type=unassigned&resolution_status=open",
			"/conversations?query=" + pick(loadWords),
			"/conversations?limit=50",
			"/conversations?offset=25",
		})
	case n < 65:
		return "/conversations/" + pick(v.conversations)
	case n < 78:
		return "/search?query=" + pick(loadWords)
	case n < 81:
		return "/articles/" + pick(v.articles) + "/history"
	default:
		return pick([]string{"/settings", "/widget", "/audit", "/tags", "/paragraphs", "/ai-actions", "/handoff", "/ratings"})
	}
}

// loadWrite is one save and what became of it.
type loadWrite struct {
	value   string
	outcome int
}

const (
	writeAcked    = iota // the console confirmed the save (303)
	writeConflict        // the console showed someone else's version and saved nothing
	writeRefused         // the form came back with a message; the API may still have applied it
	writeUnknown         // no answer: applied or not
)

// lastWritten lists the values the store may hold after these writes, the last
// acknowledged one first: it, or any later write whose outcome is unclear. It
// lists nothing when no write was acknowledged (the original may still stand).
// sure is false when the last write's outcome is unclear.
func lastWritten(ws []loadWrite) (allowed []string, sure bool) {
	last := -1
	for i, w := range ws {
		if w.outcome == writeAcked {
			last = i
		}
	}
	sure = true
	if last >= 0 {
		allowed = append(allowed, ws[last].value)
	}
	for _, w := range ws[last+1:] {
		if w.outcome == writeRefused || w.outcome == writeUnknown {
			allowed = append(allowed, w.value)
			sure = false
		}
	}
	if last < 0 {
		return nil, sure
	}
	return allowed, sure
}

// loadStats counts one person's answers; merged at the end.
type loadStats struct {
	latency                            map[string][]time.Duration
	byPage                             map[string][]time.Duration // "GET /articles/{id}" → latencies
	status                             map[string]map[int]int
	acked, conflicts, refused, unknown int
	fivexx, transport, signedOut       int
	samples                            []string // the first few surprises, for the log
}

func (s *loadStats) init() {
	s.latency = map[string][]time.Duration{}
	s.byPage = map[string][]time.Duration{}
	s.status = map[string]map[int]int{"view": {}, "save": {}}
}

func (s *loadStats) requests() int {
	return len(s.latency["view"]) + len(s.latency["save"]) + s.transport
}

func (s *loadStats) add(o *loadStats) {
	for k, d := range o.latency {
		s.latency[k] = append(s.latency[k], d...)
	}
	for k, d := range o.byPage {
		s.byPage[k] = append(s.byPage[k], d...)
	}
	for k, m := range o.status {
		for code, n := range m {
			s.status[k][code] += n
		}
	}
	s.acked += o.acked
	s.conflicts += o.conflicts
	s.refused += o.refused
	s.unknown += o.unknown
	s.fivexx += o.fivexx
	s.transport += o.transport
	s.signedOut += o.signedOut
	if len(s.samples) < 20 {
		s.samples = append(s.samples, o.samples[:min(len(o.samples), 20-len(s.samples))]...)
	}
}

func (s *loadStats) note(format string, args ...any) {
	if len(s.samples) < 5 {
		s.samples = append(s.samples, fmt.Sprintf(format, args...))
	}
}

// loadPerson is one signed-in person: a session, what it owns, what it wrote.
type loadPerson struct {
	n        int
	base     string
	token    string // signs in with this agent token; the demo sign-in when empty
	c        *http.Client
	rnd      *rand.Rand
	stats    loadStats
	articles []string // ids this person alone saves
	// conversations whose review this person alone saves
	conversations []string
	settings      bool                   // this person alone saves the agent's settings
	writes        map[string][]loadWrite // "article 12", "review <id>", "settings" → writes in order
	count         int
}

func (p *loadPerson) signIn() error {
	p.stats.init()
	path, form := "/login/demo", url.Values{}
	if p.token != "" {
		path, form = "/login", url.Values{"token": {p.token}}
	}
	res, err := p.c.PostForm(p.base+path, form)
	if err != nil {
		return fmt.Errorf("person %d: sign-in: %w", p.n, err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		return fmt.Errorf("person %d: sign-in answered %d → %q", p.n, res.StatusCode, res.Header.Get("Location"))
	}
	return nil
}

// do sends one request and counts its answer; body is nil when there was none.
func (p *loadPerson) do(method, path string, form url.Values) (*http.Response, []byte) {
	kind := "view"
	var body io.Reader
	if method == http.MethodPost {
		kind, body = "save", strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, p.base+path, body)
	if err != nil {
		panic(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	t0 := time.Now()
	res, err := p.c.Do(req)
	if err != nil {
		p.stats.transport++
		p.stats.note("%s %s: %v", method, path, err)
		return nil, nil
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		p.stats.transport++
		p.stats.note("%s %s: reading the answer: %v", method, path, err)
		return nil, nil
	}
	took := time.Since(t0)
	p.stats.latency[kind] = append(p.stats.latency[kind], took)
	page := method + " " + loadPage(path)
	p.stats.byPage[page] = append(p.stats.byPage[page], took)
	p.stats.status[kind][res.StatusCode]++
	if res.StatusCode >= 500 {
		p.stats.fivexx++
		p.stats.note("%s %s: %d %.200s", method, path, res.StatusCode, b)
	}
	if loc := res.Header.Get("Location"); strings.HasPrefix(loc, "/login") {
		p.stats.signedOut++
	}
	if method == http.MethodGet && res.StatusCode != http.StatusOK {
		p.stats.note("%s %s: %d %.200s", method, path, res.StatusCode, b)
	}
	return res, b
}

// run browses and saves until the deadline.
func (p *loadPerson) run(deadline time.Time, v loadViews) {
	canSave := len(p.articles) > 0 || len(p.conversations) > 0 || p.settings
	for time.Now().Before(deadline) {
		if !canSave || p.rnd.IntN(100) >= 25 {
			p.do(http.MethodGet, v.page(p.rnd), nil)
			continue
		}
		switch n := p.rnd.IntN(100); {
		case p.settings && n < 20:
			p.saveSettings(deadline)
		case len(p.articles) > 0 && (n < 55 || len(p.conversations) == 0):
			p.saveArticle(deadline, p.articles[p.rnd.IntN(len(p.articles))])
		case len(p.conversations) > 0:
			p.saveReview(deadline, p.conversations[p.rnd.IntN(len(p.conversations))])
		}
	}
}

// openForm views a page and reads one of its forms as the browser would send it.
func (p *loadPerson) openForm(path, selector string) (action string, form url.Values, ok bool) {
	res, body := p.do(http.MethodGet, path, nil)
	if res == nil || res.StatusCode != http.StatusOK {
		return "", nil, false
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		return "", nil, false
	}
	f := doc.Find(selector).First()
	if f.Length() == 0 {
		p.stats.note("GET %s: no %s", path, selector)
		return "", nil, false
	}
	action, _ = f.Attr("action")
	form = url.Values{}
	f.Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		if _, disabled := s.Attr("disabled"); disabled {
			return
		}
		name, _ := s.Attr("name")
		switch goquery.NodeName(s) {
		case "textarea":
			form.Add(name, s.Text())
		case "select":
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			form.Add(name, val)
		default:
			typ, _ := s.Attr("type")
			switch typ {
			case "submit", "button", "image", "reset", "file":
				return
			case "checkbox", "radio":
				if _, checked := s.Attr("checked"); !checked {
					return
				}
			}
			val, _ := s.Attr("value")
			form.Add(name, val)
		}
	})
	return action, form, true
}

// submit posts a form and follows a redirect as the browser would. It tells what became of the save.
func (p *loadPerson) submit(action string, form url.Values) int {
	res, body := p.do(http.MethodPost, action, form)
	switch {
	case res == nil:
		p.stats.unknown++
		return writeUnknown
	case res.StatusCode == http.StatusSeeOther:
		p.stats.acked++
		if loc := res.Header.Get("Location"); strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "/login") {
			p.do(http.MethodGet, loc, nil)
		}
		return writeAcked
	case res.StatusCode == http.StatusOK && strings.Contains(string(body), `data-testid="conflict"`):
		p.stats.conflicts++
		return writeConflict
	case res.StatusCode >= 500:
		p.stats.unknown++
		return writeUnknown
	default:
		p.stats.refused++
		p.stats.note("POST %s: refused (%d): %s", action, res.StatusCode, loadNotice(body))
		return writeRefused
	}
}

// saveArticle opens the editor, changes the content (a marker unique to this write first) and saves a draft or publishes.
func (p *loadPerson) saveArticle(deadline time.Time, id string) {
	action, form, ok := p.openForm("/articles/"+id, `form[data-testid=article-form]`)
	if !ok || !time.Now().Before(deadline) {
		return
	}
	p.count++
	content := form.Get("content")
	if strings.HasPrefix(content, "load-run person ") {
		_, content, _ = strings.Cut(content, "\n\n")
	}
	content = fmt.Sprintf("load-run person %d write %d\n\n%s", p.n, p.count, content)
	form.Set("content", content)
	form.Set("save_mode", "draft")
	if p.rnd.IntN(5) == 0 {
		form.Set("save_mode", "publish")
	}
	key := "article " + id
	p.writes[key] = append(p.writes[key], loadWrite{value: content, outcome: p.submit(action, form)})
}

// saveReview opens a conversation and saves a review with a note unique to this write.
func (p *loadPerson) saveReview(deadline time.Time, id string) {
	action, form, ok := p.openForm("/conversations/"+id, `form[data-testid=review-form]`)
	if !ok || !time.Now().Before(deadline) {
		return
	}
	p.count++
	status := []string{"good", "needs_work"}[p.rnd.IntN(2)]
	note := fmt.Sprintf("load-run person %d write %d", p.n, p.count)
	form.Set("note", note)
	form.Set("status", status)
	key := "review " + id
	p.writes[key] = append(p.writes[key], loadWrite{value: status + " " + note, outcome: p.submit(action, form)})
}

// saveSettings changes the agent's short description: a marker unique to this write at its end.
func (p *loadPerson) saveSettings(deadline time.Time) {
	action, form, ok := p.openForm("/settings", `form[data-testid=settings-form]`)
	if !ok || !time.Now().Before(deadline) {
		return
	}
	p.count++
	desc, _, _ := strings.Cut(form.Get("short_description"), "\n\nload-run person ")
	desc = fmt.Sprintf("%s\n\nload-run person %d write %d", desc, p.n, p.count)
	form.Set("short_description", desc)
	form.Set("op", "save")
	p.writes["settings"] = append(p.writes["settings"], loadWrite{value: desc, outcome: p.submit(action, form)})
}

// loadPage is a path without its query, ids replaced by {id}.
func loadPage(path string) string {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	if len(parts) > 2 && (parts[1] == "articles" || parts[1] == "conversations") {
		parts[2] = "{id}"
	}
	return strings.Join(parts, "/")
}

// loadMarker is the line of a value that says which write it came from.
func loadMarker(s string) string {
	i := strings.Index(s, "load-run person ")
	if i < 0 {
		return "(no load-run write) " + s[:min(len(s), 60)]
	}
	line, _, _ := strings.Cut(s[i:], "\n")
	return line
}

// loadNotice is the error a re-shown form carries.
func loadNotice(body []byte) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(doc.Find(`.notice-error, .field-error, [role=alert]`).First().Text()), " ")
}

func loadDoc(t *testing.T, c *http.Client, u string) *goquery.Document {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", u, res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func loadRowIDs(t *testing.T, c *http.Client, u, testid string) []string {
	t.Helper()
	var ids []string
	loadDoc(t, c, u).Find(`[data-testid=` + testid + `]`).Each(func(_ int, s *goquery.Selection) {
		if id, ok := s.Attr("data-id"); ok && id != "" {
			ids = append(ids, id)
		}
	})
	slices.Sort(ids)
	return ids
}

func loadPct(sorted []time.Duration, p float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	return sorted[int(p*float64(len(sorted)-1))].Round(100 * time.Microsecond).String()
}

func loadEnvDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a duration such as 60s", name, s)
	}
	return d
}

func loadEnvInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}
