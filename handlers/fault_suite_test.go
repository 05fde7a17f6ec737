package handlers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
)

// The fault suite: a Quickchat that answers reads as the sandbox does and
// fails in every way a real one can, with every form of the console sent
// through it. Whatever Quickchat does, a form comes back with everything the
// person typed and words for what happened, and a page is either shown or
// is the console's own error page saying why.

// faultRequestTimeout is the console's one deadline per request in the suite: short, so hangs end fast.
const faultRequestTimeout = 500 * time.Millisecond

// faultAnswerBound is the most any answer may take under a fault: loose, never a measured timing.
const faultAnswerBound = 5 * time.Second

// fault is one way Quickchat fails. write is what a form's message says when
// a change met it; read what a page's error says when a read did.
type fault struct {
	name        string
	answer      func(f *faultyQuickchat, w http.ResponseWriter, r *http.Request)
	write, read string
	// slowRead: reading the answer itself can outlast the suite's short
	// deadline on a busy machine, and then "did not answer in time" is the
	// true account of what happened.
	slowRead bool
}

// says reports whether text tells what happened under ft: its own words, or
// for an answer slow to read, that the deadline passed.
func (ft *fault) says(text, words string) bool {
	return strings.Contains(text, "Quickchat") &&
		(strings.Contains(text, words) || ft.slowRead && strings.Contains(text, "did not answer in time"))
}

var faults = []fault{
	{"500", func(_ *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"errors":{"root":[{"message":"Internal error.","code":"INTERNAL_ERROR"}]}}`)
	}, "not answering properly (500", "not answering properly (500", false},
	{"503-html", func(_ *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "<!doctype html><html><body><h1>503 Service Temporarily Unavailable</h1><hr>nginx</body></html>")
	}, "not answering properly (503", "not answering properly (503", false},
	{"429", func(_ *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errors":{"root":[{"message":"Rate limit exceeded.","code":"TOO_MANY_REQUESTS"}]}}`)
	}, "rate limit", "rate limit", false},
	{"hang", func(_ *faultyQuickchat, _ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done(): // the console gave up; the fake's server can shut down
		case <-time.After(10 * faultRequestTimeout):
		}
	}, "did not answer in time", "did not answer in time", false},
	{"reset", func(f *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			f.t.Errorf("hijack: %v", err)
			return
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // a reset, not a polite close
		}
		conn.Close()
	}, "could not be reached", "could not be reached", false},
	{"malformed-json", func(_ *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id": 7, "title": "cut off`)
	}, "may have been saved", "could not read", false},
	{"html-200", func(_ *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!doctype html><html><body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>")
	}, "may have been saved", "could not read", false},
	{"wrong-types", func(f *faultyQuickchat, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(f.wrongTypes(r))
	}, "may have been saved", "could not read", false},
	{"10mb", func(f *faultyQuickchat, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(f.huge)
	}, "may have been saved", "could not read", true},
}

// faultyQuickchat stands in for Quickchat: reads go to the sandbox, writes
// fail as the fault says, and so do reads while the fault is on them.
type faultyQuickchat struct {
	t      *testing.T
	srv    *httptest.Server
	target atomic.Pointer[url.URL] // the sandbox
	proxy  *httputil.ReverseProxy
	huge   []byte

	mu    sync.Mutex
	fault *fault
	// readsFail fails every read; readsFailAfterWrite fails the reads that
	// come after a failed write (the form's re-render), so those before it
	// (what the save itself needs) still succeed.
	readsFail, readsFailAfterWrite, wrote bool
	writes                                int
}

func newFaultyQuickchat(t *testing.T) *faultyQuickchat {
	f := &faultyQuickchat{t: t}
	// More than the client reads: it stops at 10 MiB and calls the answer unreadable.
	pad := bytes.Repeat([]byte("x"), 10<<20+1024)
	f.huge = append(append([]byte(`{"id": 7, "padding": "`), pad...), `"}`...)
	f.proxy = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(f.target.Load())
		r.Out.Host = r.In.Host
	}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// set puts a fault on writes, and on reads as told; nil fault heals Quickchat.
func (f *faultyQuickchat) set(ft *fault, readsFail, readsFailAfterWrite bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault, f.readsFail, f.readsFailAfterWrite, f.wrote, f.writes = ft, readsFail, readsFailAfterWrite, false, 0
}

// writesSeen is how many writes came since set.
func (f *faultyQuickchat) writesSeen() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

func (f *faultyQuickchat) serve(w http.ResponseWriter, r *http.Request) {
	read := r.Method == http.MethodGet || r.Method == http.MethodHead
	f.mu.Lock()
	ft := f.fault
	failing := ft != nil && (!read || f.readsFail || (f.readsFailAfterWrite && f.wrote))
	if ft != nil && !read {
		f.wrote = true
		f.writes++
	}
	f.mu.Unlock()
	switch {
	case !failing:
		f.proxy.ServeHTTP(w, r)
	case read && ft.name == "wrong-types":
		f.wrongTypesRead(w, r)
	default:
		ft.answer(f, w, r)
	}
}

// wrongTypesRead answers a read as the sandbox would, mistyped.
func (f *faultyQuickchat) wrongTypesRead(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	f.proxy.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusOK {
		body = mistyped(body)
	}
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// wrongTypes is the answer to a write of the right shape with the wrong
// types: what the sandbox gives for a read of the same address, or else
// what was sent, mistyped, with the usual fields of an answer mistyped too.
func (f *faultyQuickchat) wrongTypes(r *http.Request) []byte {
	sent, _ := io.ReadAll(r.Body)
	get, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, r.URL.String(), nil)
	get.Header = r.Header.Clone()
	get.Header.Del("Content-Type")
	get.Host = r.Host
	rec := httptest.NewRecorder()
	f.proxy.ServeHTTP(rec, get)
	if rec.Code == http.StatusOK {
		if body := mistyped(rec.Body.Bytes()); !bytes.Equal(body, rec.Body.Bytes()) {
			return body
		}
	}
	answer := map[string]any{"id": "seven", "ord": "first", "count": "many", "conv_id": 7, "reply": 42, "is_valid": "yes", "items": "none"}
	var echo map[string]any
	if json.Unmarshal(mistyped(sent), &echo) == nil {
		maps.Copy(answer, echo)
	}
	out, _ := json.Marshal(answer)
	return out
}

// mistyped turns every string of a JSON document into a number and every
// number and boolean into a string; objects held by the top-level object
// become strings of JSON.
func mistyped(body []byte) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	var turn func(any) any
	turn = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				v[k] = turn(e)
			}
		case []any:
			for i, e := range v {
				v[i] = turn(e)
			}
		case string:
			return len(v)
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(v)
		}
		return v
	}
	if top, ok := v.(map[string]any); ok {
		for k, e := range top {
			if inner, ok := e.(map[string]any); ok {
				text, _ := json.Marshal(inner)
				top[k] = string(text)
			} else {
				top[k] = turn(e)
			}
		}
	} else {
		v = turn(v)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

// faultConsole is the console talking to a faulty Quickchat, with a short deadline per request.
func faultConsole(t *testing.T) (*consoletest.Console, *faultyQuickchat) {
	f := newFaultyQuickchat(t)
	budgets := apiclient.NewBudgets(false)
	c := consoletest.New(t, func(d *handlers.Deps) {
		d.Connect = func(token string) handlers.API {
			return apiclient.New(f.srv.URL, token, apiclient.WithBudgets(budgets))
		}
		d.Budgets = budgets
		d.RequestTimeout = faultRequestTimeout
		d.LegacyChatURL = f.srv.URL + "/chat"
	})
	u, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.target.Store(u)
	c.SignIn()
	return c, f
}

// formCase is one form of the console, filled in as a person would.
type formCase struct {
	name string
	page string // where the form is
	form string // which form of the page
	// typed are the fields the person typed, replacing what the page held;
	// each must come back as typed.
	typed url.Values
	press url.Values // the button pressed
}

// formValues is what a browser sends for the form sel of doc, before any button.
func formValues(doc *goquery.Document, sel string) (action string, v url.Values) {
	form := doc.Find(sel).First()
	action, _ = form.Attr("action")
	v = url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		_, disabled := s.Attr("disabled")
		if disabled {
			return
		}
		switch {
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, ok := opt.Attr("value")
			if !ok {
				val = opt.Text()
			}
			v.Add(name, val)
		default:
			typ, _ := s.Attr("type")
			val, _ := s.Attr("value")
			switch typ {
			case "submit", "button", "image", "reset", "file":
				return
			case "checkbox", "radio":
				if _, checked := s.Attr("checked"); !checked {
					return
				}
				if val == "" {
					val = "on"
				}
			}
			v.Add(name, val)
		}
	})
	return action, v
}

// keptAsTyped reports the typed fields that did not come back as typed in form sel of doc.
func keptAsTyped(doc *goquery.Document, sel string, typed url.Values) []string {
	form := doc.Find(sel)
	var lost []string
	for name, want := range typed {
		fields := form.Find(`[name="` + name + `"]`)
		var got []string
		checkable := false
		fields.Each(func(_ int, s *goquery.Selection) {
			typ, _ := s.Attr("type")
			val, _ := s.Attr("value")
			switch {
			case s.Is("textarea"):
				got = append(got, strings.TrimPrefix(s.Text(), "\n"))
			case s.Is("select"):
				if v, ok := s.Find("option[selected]").Attr("value"); ok {
					got = append(got, v)
				}
			case typ == "checkbox" || typ == "radio":
				checkable = true
				if _, checked := s.Attr("checked"); checked {
					got = append(got, val)
				}
			case typ != "submit" && typ != "button":
				got = append(got, val)
			}
		})
		if checkable {
			if !sameSet(got, want) {
				lost = append(lost, name+" ("+strings.Join(got, ",")+" checked, sent "+strings.Join(want, ",")+")")
			}
			continue
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				lost = append(lost, name+"="+w)
			}
		}
	}
	slices.Sort(lost)
	return lost
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// firstLink is the first link of page matching sel.
func firstLink(t *testing.T, c *consoletest.Console, page, sel string) string {
	t.Helper()
	_, body := c.Get(page)
	href, ok := consoletest.Parse(t, body).Find(sel).First().Attr("href")
	if !ok {
		t.Fatalf("%s has no link %s", page, sel)
	}
	return href
}

func TestEveryFormKeepsWhatWasTypedWhateverQuickchatDoes(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault suite sends every form through every fault")
	}
	c, fake := faultConsole(t)
	article := c.FirstArticle(t)
	action := firstLink(t, c, "/ai-actions", `a[href^="/ai-actions/"]:not([href="/ai-actions/tag-coverage"])`)
	conversation := firstLink(t, c, "/conversations", `a[href^="/conversations/"]:not([href$=".csv"])`)

	forms := []formCase{
		{name: "article-new", page: "/articles/new", form: consoletest.TestID("article-form"),
			typed: url.Values{"title": {"Typed title of a new article"}, "tags": {"typed-tag"}, "content": {"Typed first paragraph.\n\nTyped second paragraph."}},
			press: url.Values{"save_mode": {"draft"}}},
		{name: "article-save", page: article, form: consoletest.TestID("article-form"),
			typed: url.Values{"title": {"Typed new title"}, "content": {"Typed careful edit.\n\nWith a second paragraph."}},
			press: url.Values{"save_mode": {"publish"}}},
		{name: "settings-kb", page: "/settings", form: `form[action="/settings"]`,
			typed: url.Values{"one_word_description": {"Typedname"}, "short_description": {"Typed short description of the agent."}, "ai_commands": {"Typed first rule.", "Typed second rule."}},
			press: url.Values{"op": {"save"}}},
		{name: "settings-chatbot", page: "/settings?tab=chatbot", form: `form[action="/settings/chatbot"]`,
			typed: url.Values{"header": {"Typed chatbot header"}, "greeting": {"Typed greeting for visitors."}, "profession": {"Typed profession"}},
			press: url.Values{"op": {"save"}}},
		{name: "widget", page: "/widget", form: `form[action="/widget"]`,
			typed: url.Values{"header": {"Typed widget header"}, "subtitle": {"Typed subtitle"}, "conversation_starters": {"Typed starter?"}, "prechat_button_text": {"Typed start"}},
			press: url.Values{"op": {"save"}}},
		{name: "handoff", page: "/handoff", form: `form[action="/handoff"]`,
			typed: url.Values{"confirmation_message": {"Typed: shall I connect you?"}, "custom_guidelines": {"Typed guideline for handing over."}, "keyword_triggers": {"typed trigger"}},
			press: url.Values{"op": {"save"}}},
		{name: "ratings", page: "/ratings", form: `form[action="/ratings"]`,
			typed: url.Values{"conv_rating_active": {"true"}, "conv_rating_question_codes": {"NPS", "HELPFUL_THUMBS"}}},
		{name: "ai-action", page: action, form: `form[action="` + action + `"]`,
			typed: url.Values{"name": {"Typed action name"}, "description": {"Typed: when the customer asks about typed things."}, "parameter_description": {"Typed parameter words."}}},
		{name: "metadata-rows", page: conversation, form: consoletest.TestID("metadata-form"),
			typed: url.Values{"key": {"typed_key", "typed_count"}, "type": {"string", "number"}, "value": {"Typed value", "42"}},
			press: url.Values{"op": {"save"}}},
		{name: "metadata-json", page: conversation, form: `form:has(textarea[name="metadata"])`,
			typed: url.Values{"metadata": {"{\n  \"typed_key\": \"Typed JSON value\",\n  \"typed_count\": 7\n}"}}},
		{name: "review", page: conversation, form: consoletest.TestID("review-form"),
			typed: url.Values{"note": {"Typed review note: offered the right link."}},
			press: url.Values{"status": {"needs_work"}}},
		{name: "lang-url", page: article + "/lang-urls", form: `form[action$="/lang-urls"]`,
			typed: url.Values{"url_de": {"https://typed.example/de/page"}}},
		{name: "chat", page: "/chat", form: `form[action="/chat"]`,
			typed: url.Values{"text": {"Typed question for the agent?"}},
			press: url.Values{"op": {"send"}}},
	}

	for _, fc := range forms {
		_, body := c.Get(fc.page)
		target, sent := formValues(consoletest.Parse(t, body), fc.form)
		if target == "" {
			t.Fatalf("%s: no form %s on %s", fc.name, fc.form, fc.page)
		}
		for k, v := range fc.typed {
			sent[k] = v
		}
		for k, v := range fc.press {
			sent[k] = v
		}
		for _, pass := range []struct {
			name      string
			readsFail bool
		}{{"", false}, {"+reads", true}} {
			for i := range faults {
				ft := &faults[i]
				t.Run(fc.name+"/"+ft.name+pass.name, func(t *testing.T) {
					fake.set(ft, false, pass.readsFail)
					defer fake.set(nil, false, false)
					start := time.Now()
					res, body := c.Post(target, sent)
					took := time.Since(start)
					if took > faultAnswerBound {
						t.Errorf("the form took %s to come back", took)
					}
					if fake.writesSeen() == 0 {
						t.Fatalf("the form sent nothing to Quickchat (%d)", res.StatusCode)
					}
					doc := consoletest.Parse(t, body)
					if res.StatusCode != http.StatusOK {
						t.Fatalf("answered %d %s, want the form again with what was typed: %q",
							res.StatusCode, res.Header.Get("Location"), strings.TrimSpace(doc.Find(consoletest.TestID("error-page")).Text()))
					}
					if lost := keptAsTyped(doc, fc.form, fc.typed); len(lost) > 0 {
						t.Errorf("the form came back without what was typed: %s", strings.Join(lost, "; "))
					}
					text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
					if !ft.says(text, ft.write) {
						t.Errorf("the page does not say what happened (want %q):\n%s", ft.write, text)
					}
				})
			}
		}
	}
}

func TestEveryPageSaysWhyQuickchatCouldNotBeRead(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault suite opens every page through every fault")
	}
	c, fake := faultConsole(t)
	article := c.FirstArticle(t)
	action := firstLink(t, c, "/ai-actions", `a[href^="/ai-actions/"]:not([href="/ai-actions/tag-coverage"])`)
	conversation := firstLink(t, c, "/conversations", `a[href^="/conversations/"]:not([href$=".csv"])`)
	pages := []string{
		"/articles", "/articles/new", article, article + "/lang-urls", article + "/history",
		"/search?query=battery", "/tags", "/paragraphs",
		"/conversations", conversation, "/conversations/export.csv",
		"/settings", "/settings?tab=chatbot", "/settings/retrain", // the last as the settings page polls it
		"/ai-actions", action, "/ai-actions/tag-coverage",
		"/widget", "/handoff", "/chat", "/ratings",
		"/imports", "/sources", "/audit",
	}
	for _, page := range pages {
		for i := range faults {
			ft := &faults[i]
			t.Run(strings.TrimPrefix(page, "/")+"/"+ft.name, func(t *testing.T) {
				fake.set(ft, true, true)
				defer fake.set(nil, false, false)
				start := time.Now()
				var header []string
				if page == "/settings/retrain" {
					header = []string{"HX-Request", "true"}
				}
				res, body := c.Get(page, header...)
				if took := time.Since(start); took > faultAnswerBound {
					t.Errorf("the page took %s", took)
				}
				switch res.StatusCode {
				case http.StatusOK:
					// The page shows what it could: what it reads only as a courtesy (tag suggestions) may be left out.
				case http.StatusBadGateway, http.StatusGatewayTimeout:
					msg := strings.Join(strings.Fields(consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text()), " ")
					if !ft.says(msg, ft.read) {
						t.Errorf("%d, the error page says %q, want %q", res.StatusCode, msg, ft.read)
					}
				default:
					t.Errorf("answered %d, want the page or the console's 502/504 page saying why", res.StatusCode)
				}
			})
		}
	}
}
