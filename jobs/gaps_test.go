package jobs_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/internal/pgtest"
	"qcadmin/jobs"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// calls counts the console's reads of Quickchat by kind: the list, a conversation's details, its events.
type calls struct {
	mu sync.Mutex
	n  map[string]int
	// failEvents makes the next so many events reads answer 500.
	failEvents int
}

func (c *calls) failNext() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failEvents > 0 {
		c.failEvents--
		return true
	}
	return false
}

func (c *calls) add(kind string) { c.mu.Lock(); c.n[kind]++; c.mu.Unlock() }

func (c *calls) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.n
	c.n = map[string]int{}
	return out
}

// countingEngine is an engine whose Quickchat calls go through a proxy that counts them.
func (r *rig) countingEngine(slice time.Duration) (*jobs.Engine, *calls) {
	r.t.Helper()
	counted := &calls{n: map[string]int{}}
	target, _ := url.Parse(r.api.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p := req.URL.Path
		switch {
		case strings.HasSuffix(p, "/api_core/conversations") || strings.HasSuffix(p, "/api_core/conversations/"):
			counted.add("list")
		case strings.HasSuffix(p, "/events"):
			counted.add("events")
			if counted.failNext() {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"errors":{"root":[{"message":"Something broke.","code":"server_error"}]}}`))
				return
			}
		case strings.Contains(p, "/api_core/conversations/"):
			counted.add("details")
		default:
			counted.add(req.Method + " " + p)
		}
		proxy.ServeHTTP(w, req)
	}))
	r.t.Cleanup(front.Close)
	e, err := jobs.New(context.Background(), jobs.Config{
		DB: r.db, Sealer: r.sm, Budgets: r.budgets, PollInterval: 50 * time.Millisecond, Slice: slice,
		Connect: func(token string) audit.API { return apiclient.New(front.URL, token, apiclient.WithBudgets(r.budgets)) },
	})
	if err != nil {
		r.t.Fatal(err)
	}
	if err := e.Start(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { e.Stop(context.Background()) })
	return e, counted
}

func (r *rig) readGaps(e *jobs.Engine, from, to time.Time) store.GapRun {
	r.t.Helper()
	run, err := e.ReadConversations(context.Background(), jobs.GapsStart{ScenarioID: sandbox.DemoScenarioID, Identity: "ana@example.com", Token: r.token, From: from, To: to})
	if err != nil {
		r.t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		cur, err := e.Gaps().Run(context.Background(), run.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		if !cur.Active() {
			return cur
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("reading %d still %s: %+v", run.ID, cur.State, cur)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestGapsReadEachConversationOnceWithinTheBudgetThenOnlyNewOnes(t *testing.T) {
	pgtest.EachURL(t, func(t *testing.T, dbURL string) { readOnceThenOnlyNew(t, dbURL) })
}

func readOnceThenOnlyNew(t *testing.T, dbURL string) {
	r := newRig(t, dbURL, true) // Quickchat's rate limits on: a 429 would show the budget was overrun
	e, counted := r.countingEngine(0)
	now := time.Now().UTC()
	from, to := now.AddDate(0, 0, -31), now.Add(time.Hour)
	total, err := r.client().ListConversations(context.Background(), apiclient.ListConversationsParams{Limit: 1, LastMessageStart: from, LastMessageEnd: to})
	if err != nil || total.Count < 50 {
		t.Fatalf("the demo's conversations: %v, %v", total, err)
	}
	n := total.Count

	run := r.readGaps(e, from, to)
	if run.State != store.GapRunDone || run.Total != n || run.Done != n || run.Skipped != 0 || run.Failed != 0 || run.Error != "" {
		t.Fatalf("first reading: %+v (of %d)", run, n)
	}
	got := counted.take()
	// One list call per 100 conversations, then one details and one events read per conversation, nothing else.
	if got["list"] != (n+99)/100 || got["details"] != n || got["events"] != n || len(got) != 3 {
		t.Errorf("first reading's calls: %v for %d conversations", got, n)
	}
	if r.tooMany.Load() != 0 {
		t.Errorf("Quickchat answered 429 %d times: the reading overran the budget", r.tooMany.Load())
	}
	reads, err := e.Gaps().Between(context.Background(), sandbox.DemoScenarioID, from, to)
	if err != nil || len(reads) != n {
		t.Fatalf("kept %d reads, want %d: %v", len(reads), n, err)
	}
	var questions, analysed, handoffs int
	for _, rd := range reads {
		if len(rd.Questions) > 0 && len(rd.Terms) > 0 {
			questions++
		}
		if rd.Analysed && rd.Topic != "" {
			analysed++
		}
		if rd.Handoff {
			handoffs++
		}
	}
	if questions != n || analysed != n || handoffs == 0 {
		t.Errorf("of %d reads: %d with questions and terms, %d with a topic, %d handoffs", n, questions, analysed, handoffs)
	}

	// A visitor starts a new chat: the next reading reads only it.
	chat, err := r.client().Chat(context.Background(), apiclient.ChatMessage{Text: "Do you sell theft insurance for a cargo bike?"})
	if err != nil {
		t.Fatal(err)
	}
	run = r.readGaps(e, from, to)
	if run.State != store.GapRunDone || run.Total != n+1 || run.Done != 1 || run.Skipped != n {
		t.Fatalf("second reading: %+v", run)
	}
	got = counted.take()
	if got["details"] != 1 || got["events"] != 1 || got["list"] != (n+100)/100 {
		t.Errorf("second reading's calls: %v, want one details and one events read", got)
	}
	if r.tooMany.Load() != 0 {
		t.Errorf("Quickchat answered 429 %d times", r.tooMany.Load())
	}

	// The visitor writes again: the conversation changed, and only it is read again.
	time.Sleep(1100 * time.Millisecond) // the list gives the last message to the second
	if _, err := r.client().Chat(context.Background(), apiclient.ChatMessage{Text: "And for a folding bike?", ConvID: chat.ConvID}); err != nil {
		t.Fatal(err)
	}
	run = r.readGaps(e, from, to)
	if run.State != store.GapRunDone || run.Done != 1 || run.Skipped != n {
		t.Fatalf("third reading: %+v", run)
	}
	if got := counted.take(); got["details"] != 1 || got["events"] != 1 {
		t.Errorf("third reading's calls: %v, want the changed conversation read again", got)
	}
	reads, err = e.Gaps().Between(context.Background(), sandbox.DemoScenarioID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, rd := range reads {
		if rd.ConversationID == chat.ConvID && (len(rd.Questions) != 2 || rd.Questions[1] != "And for a folding bike?") {
			t.Errorf("the changed conversation as read again: %+v", rd)
		}
	}
}

func TestGapsReadingResumesAfterItsSlice(t *testing.T) {
	r := newRig(t, "", false)
	e, counted := r.countingEngine(time.Nanosecond) // every conversation goes back to the queue after one read
	now := time.Now().UTC()
	from, to := now.AddDate(0, 0, -3), now.Add(time.Hour)
	run := r.readGaps(e, from, to)
	if run.State != store.GapRunDone || run.Total == 0 || run.Done != run.Total || run.Skipped != 0 {
		t.Fatalf("a sliced reading: %+v", run)
	}
	if got := counted.take(); got["details"] != run.Total || got["events"] != run.Total {
		t.Errorf("each conversation read once across the slices: %v for %d", got, run.Total)
	}
}

func TestGapsReadingCountsWhatQuickchatFailedAndTriesItNextTime(t *testing.T) {
	r := newRig(t, "", false)
	e, counted := r.countingEngine(0)
	now := time.Now().UTC()
	from, to := now.AddDate(0, 0, -3), now.Add(time.Hour)
	counted.mu.Lock()
	counted.failEvents = 1
	counted.mu.Unlock()
	run := r.readGaps(e, from, to)
	if run.State != store.GapRunDone || run.Failed != 1 || run.Done != run.Total-1 || run.Error != "1 conversation could not be read; read again to try them." {
		t.Fatalf("a reading with one failure: %+v", run)
	}
	counted.take()
	run = r.readGaps(e, from, to)
	if run.Failed != 0 || run.Done != 1 || run.Skipped != run.Total-1 || run.Error != "" {
		t.Fatalf("the next reading: %+v", run)
	}
	if got := counted.take(); got["events"] != 1 {
		t.Errorf("the next reading's calls: %v, want the failed conversation read again", got)
	}
}
