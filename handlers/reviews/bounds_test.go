package reviews_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// fakeList serves n conversations that all started in the last seven days,
// spread over them, and counts the list calls and what they asked for.
type fakeList struct {
	mu     sync.Mutex
	calls  int
	params []apiclient.ListConversationsParams
	items  []apiclient.Conversation
}

func newFakeList(n int) *fakeList {
	f := &fakeList{}
	for i := range n {
		f.items = append(f.items, apiclient.Conversation{
			ID: fmt.Sprintf("conv-%04d", i), Ord: i + 1, Source: []string{"widget", "slack"}[i%2],
			CreatedAt: today().AddDate(0, 0, -(i % 7)).Add(time.Hour), Assignee: apiclient.Assignee{Type: "ai_assistant"},
		})
	}
	return f
}

func (f *fakeList) list(p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.params = append(f.params, p)
	n := len(f.items)
	return &apiclient.Page[apiclient.Conversation]{Items: f.items[min(p.Offset, n):min(p.Offset+p.Limit, n)], Offset: p.Offset, Limit: p.Limit, Count: n}, nil
}

func (f *fakeList) counted() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func TestTheOverviewCallsQuickchatOncePerHundredConversationsAndStopsAtTheBound(t *testing.T) {
	for _, tc := range []struct {
		conversations, calls, counted int
		partial                       bool
	}{
		{250, 3, 250, false},
		{2500, 20, 2000, true},
	} {
		t.Run(fmt.Sprint(tc.conversations), func(t *testing.T) {
			f := newFakeList(tc.conversations)
			c := consoletest.New(t, consoletest.WithAPI(consoletest.FakeConversations{List: f.list}))
			c.SignInAs("Ana")
			for _, id := range []string{"conv-0000", "conv-0001", "conv-0149"} {
				if _, err := c.Reviews.Add(context.Background(), store.Review{ScenarioID: sandbox.DemoScenarioID, ConversationID: id, Verdict: "needs_work", Reviewer: "Ana"}); err != nil {
					t.Fatal(err)
				}
			}
			before := f.counted()
			res, body := c.Get("/reviews?period=7")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%d\n%s", res.StatusCode, body)
			}
			if calls := f.counted() - before; calls != tc.calls {
				t.Errorf("%d conversations took %d list calls, want %d", tc.conversations, calls, tc.calls)
			}
			f.mu.Lock()
			p := f.params[len(f.params)-1]
			f.mu.Unlock()
			if p.Limit != 100 || !p.CreatedStart.Equal(today().AddDate(0, 0, -6)) || !p.CreatedEnd.Equal(today().AddDate(0, 0, 1).Add(-time.Microsecond)) {
				t.Errorf("asked for %+v", p)
			}
			doc := consoletest.Parse(t, body)
			total := readRow(t, doc.Find(consoletest.TestID("reviews-total")))
			if total.Conversations != tc.counted || total.NeedsWork != 3 {
				t.Errorf("total %+v, want %d conversations, 3 needing work", total, tc.counted)
			}
			notice := doc.Find(consoletest.TestID("notice")).Text()
			if tc.partial != strings.Contains(notice, "This period has 2,500 conversations; the overview reads at most 2,000") {
				t.Errorf("notice %q", notice)
			}

			before = f.counted()
			_, body = c.Get("/reviews/export.csv?period=7")
			if calls := f.counted() - before; calls != tc.calls {
				t.Errorf("the export took %d list calls, want %d", calls, tc.calls)
			}
			rows := readCSV(t, body)
			if last := rows[len(rows)-1]; tc.partial != (last[0] == "partial") {
				t.Errorf("the export's last row %v", last)
			}
		})
	}
}

func TestTheOverviewSaysWhyQuickchatCouldNotBeRead(t *testing.T) {
	down := &apiclient.APIError{Status: 503, Code: "SERVICE_UNAVAILABLE", Message: "down"}
	c := consoletest.New(t, consoletest.WithAPI(consoletest.FakeConversations{List: func(apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
		return nil, down
	}}))
	c.SignIn()
	for _, path := range []string{"/reviews", "/reviews/export.csv"} {
		res, body := c.Get(path)
		if res.StatusCode != http.StatusBadGateway {
			t.Errorf("%s with Quickchat down: %d", path, res.StatusCode)
		}
		if msg := consoletest.Parse(t, body).Find(consoletest.TestID("error-page")).Text(); !strings.Contains(msg, "not answering") {
			t.Errorf("%s says %q", path, msg)
		}
	}
}
