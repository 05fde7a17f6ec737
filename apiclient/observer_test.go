package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// observed is one report to a recordingObserver.
type observed struct {
	what     string // call, wait, 429, hit or miss
	endpoint string // the endpoint or cache family
	status   int
	kind     string
	d        time.Duration
}

// recordingObserver keeps every report it is given.
type recordingObserver struct {
	mu   sync.Mutex
	seen []observed
}

func (o *recordingObserver) add(e observed) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seen = append(o.seen, e)
}

func (o *recordingObserver) Call(endpoint string, status int, err error, d time.Duration) {
	o.add(observed{what: "call", endpoint: endpoint, status: status, kind: ErrorKind(err), d: d})
}
func (o *recordingObserver) BudgetWait(endpoint string, d time.Duration) {
	o.add(observed{what: "wait", endpoint: endpoint, d: d})
}
func (o *recordingObserver) RateLimited(endpoint string) {
	o.add(observed{what: "429", endpoint: endpoint})
}
func (o *recordingObserver) CacheHit(family string)  { o.add(observed{what: "hit", endpoint: family}) }
func (o *recordingObserver) CacheMiss(family string) { o.add(observed{what: "miss", endpoint: family}) }

// of returns the reports of one kind, without their durations.
func (o *recordingObserver) of(what string) []observed {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []observed
	for _, e := range o.seen {
		if e.what == what {
			e.d = 0
			out = append(out, e)
		}
	}
	return out
}

func (o *recordingObserver) durations(what string) []time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []time.Duration
	for _, e := range o.seen {
		if e.what == what {
			out = append(out, e.d)
		}
	}
	return out
}

// answering is an API that answers every request with status and body.
func answering(t *testing.T, status int, header http.Header, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

const articleEndpoint = "GET knowledge_base/articles/{id}"

func TestObserverHearsASuccessByItsEndpointFamily(t *testing.T) {
	srv := answering(t, http.StatusOK, nil, `{"id":4242,"title":"Returns"}`)
	o := &recordingObserver{}
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.GetArticle(context.Background(), 4242); err != nil {
		t.Fatal(err)
	}
	want := []observed{{what: "call", endpoint: articleEndpoint, status: 200, kind: KindOK}}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
	if d := o.durations("call"); d[0] <= 0 {
		t.Errorf("a call that was sent took %s", d[0])
	}
	if len(o.of("429"))+len(o.of("wait"))+len(o.of("hit"))+len(o.of("miss")) != 0 {
		t.Errorf("a plain success reported more: %+v", o.seen)
	}
}

func TestObserverHearsARefusalWithItsStatus(t *testing.T) {
	srv := answering(t, http.StatusNotFound, nil, `{"errors":{"root":[{"message":"Article not found.","code":"NOT_FOUND"}]}}`)
	o := &recordingObserver{}
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.GetArticle(context.Background(), 7); !IsStatus(err, 404) {
		t.Fatalf("err = %v, want a 404", err)
	}
	want := []observed{{what: "call", endpoint: articleEndpoint, status: 404, kind: KindRefused}}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
}

func TestObserverHearsA429AndTheWaitAfterIt(t *testing.T) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if first {
			// No Retry-After: the client backs off one interval of the READ tier, 500 ms.
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"errors":{"root":[{"message":"Slow down.","code":"TOO_MANY_REQUESTS"}]}}`)
			return
		}
		fmt.Fprint(w, `["faq"]`)
	}))
	t.Cleanup(srv.Close)
	o := &recordingObserver{}
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	const ep = "GET knowledge_base/tags/"
	wantCalls := []observed{
		{what: "call", endpoint: ep, status: 429, kind: KindRefused},
		{what: "call", endpoint: ep, status: 200, kind: KindOK},
	}
	if got := o.of("call"); !slices.Equal(got, wantCalls) {
		t.Fatalf("calls = %+v, want %+v", got, wantCalls)
	}
	if got := o.of("429"); !slices.Equal(got, []observed{{what: "429", endpoint: ep}}) {
		t.Errorf("429s = %+v, want one for %s", got, ep)
	}
	if got := o.durations("wait"); len(got) != 1 || got[0] != 500*time.Millisecond {
		t.Errorf("waits = %v, want the 500 ms backed off after the 429", got)
	}
}

func TestObserverHearsTheRateBudgetsWait(t *testing.T) {
	hc := &http.Client{Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, http.StatusOK, nil, `["faq"]`), nil
	})}
	budgets := NewBudgets(true)
	budgets.setPerMinute(tierRead, 600) // a burst of 600, then one request every 100 ms
	o := &recordingObserver{}
	c := New("https://app.quickchat.test", testToken, WithHTTPClient(hc), WithBudgets(budgets), WithObserver(o))
	for range 601 {
		if _, err := c.ListTags(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	waits := o.durations("wait")
	if len(waits) != 1 || waits[0] < 50*time.Millisecond || waits[0] > 150*time.Millisecond {
		t.Fatalf("waits = %v, want one of about 100 ms, past the burst", waits)
	}
	if got := o.of("wait")[0].endpoint; got != "GET knowledge_base/tags/" {
		t.Errorf("the wait was reported for %q", got)
	}
}

func TestObserverHearsACallTheBudgetRefused(t *testing.T) {
	hc := &http.Client{Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, http.StatusOK, nil, `["faq"]`), nil
	})}
	budgets := NewBudgets(true)
	budgets.setPerMinute(tierRead, 1) // the second call would wait a minute
	o := &recordingObserver{}
	c := New("https://app.quickchat.test", testToken, WithHTTPClient(hc), WithBudgets(budgets), WithObserver(o), WithTimeout(time.Second))
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTags(context.Background()); ErrorKind(err) != KindBudget {
		t.Fatalf("err = %v, want the rate budget's", err)
	}
	want := []observed{
		{what: "call", endpoint: "GET knowledge_base/tags/", status: 200, kind: KindOK},
		{what: "call", endpoint: "GET knowledge_base/tags/", status: 0, kind: KindBudget},
	}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
	if d := o.durations("call"); d[1] != 0 {
		t.Errorf("a call never sent took %s", d[1])
	}
}

func TestObserverHearsAnUnreachableAPI(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	origin := srv.URL
	srv.Close()
	o := &recordingObserver{}
	c := New(origin, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.GetArticle(context.Background(), 5); ErrorKind(err) != KindUnreachable {
		t.Fatalf("err = %v, want unreachable", err)
	}
	want := []observed{{what: "call", endpoint: articleEndpoint, status: 0, kind: KindUnreachable}}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
}

func TestObserverHearsAnUnreadableAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>Sign in to the Wi-Fi</html>")
	}))
	t.Cleanup(srv.Close)
	o := &recordingObserver{}
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.GetArticle(context.Background(), 5); ErrorKind(err) != KindUnreadable {
		t.Fatalf("err = %v, want unreadable", err)
	}
	want := []observed{{what: "call", endpoint: articleEndpoint, status: 200, kind: KindUnreadable}}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
}

func TestObserverHearsCacheHitsAndMissesByFamily(t *testing.T) {
	_, srv := newCountingAPI(t)
	o := &recordingObserver{}
	c := New(srv.URL, agentToken("s1"), WithCache(NewCache(CacheConfig{})), WithBudgets(NewBudgets(false)), WithObserver(o))
	ctx := context.Background()
	for range 2 {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// The article's answer is a list here, so it does not decode; its family still counts.
	_, _ = c.GetArticle(ctx, 4242)
	_, _ = c.ListTags(Fresh(ctx))
	want := []observed{
		{what: "miss", endpoint: FamilyTags}, // the token's first read goes to the API
		{what: "hit", endpoint: FamilyTags},
		{what: "miss", endpoint: FamilyArticle}, // the family, never the article's id
		{what: "miss", endpoint: FamilyTags},    // a fresh read skips the Cache
	}
	var got []observed
	for _, e := range o.seen {
		if e.what == "hit" || e.what == "miss" {
			got = append(got, e)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("cache reports = %+v, want %+v", got, want)
	}
	if calls := o.of("call"); len(calls) != 3 {
		t.Errorf("calls = %+v, want the three that went to the API", calls)
	}
	for _, e := range o.seen {
		if strings.Contains(e.endpoint, "4242") {
			t.Errorf("a report names the article's id: %+v", e)
		}
	}
}

func TestLegacyChatIsReportedUnderAFixedName(t *testing.T) {
	srv := answering(t, http.StatusOK, nil, `{"ord_number":1,"reply":"Hi","conv_id":"c1"}`)
	o := &recordingObserver{}
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)), WithObserver(o))
	if _, err := c.LegacyChat(context.Background(), srv.URL+"/chat/some-agent", LegacyChatMessage{APIKey: "k", ScenarioID: "s", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	want := []observed{{what: "call", endpoint: "POST legacy_chat", status: 200, kind: KindOK}}
	if got := o.of("call"); !slices.Equal(got, want) {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
}

func TestErrorKindNamesEveryOutcome(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, KindOK},
		{&APIError{Status: 404}, KindRefused},
		{fmt.Errorf("x: %w", ErrRateBudget), KindBudget},
		{fmt.Errorf("x: %w: %w", ErrRateBudget, &APIError{Status: 429}), KindBudget},
		{fmt.Errorf("x: %w", ErrTimeout), KindTimeout},
		{fmt.Errorf("x: %w", ErrUnreachable), KindUnreachable},
		{&UnreadableError{Reason: "r"}, KindUnreadable},
		{fmt.Errorf("x: %w", context.Canceled), KindCanceled},
		{fmt.Errorf("no"), KindOther},
	} {
		if got := ErrorKind(tc.err); got != tc.want {
			t.Errorf("ErrorKind(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
