package handlers_test

import (
	"context"
	"strings"
	"testing"

	"qcadmin/apiclient"
)

// A review-filtered inbox answers from what the console knows: one list call
// per 100 conversations it reads, and nothing per conversation.
func TestReviewFiltersCostOneListCallPer100Conversations(t *testing.T) {
	c, up := countedConsole(t)
	c.SignIn()
	first, err := c.Quickchat().ListConversations(context.Background(), apiclient.ListConversationsParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	count := first.Count
	if count > 500 {
		t.Fatalf("the demo has %d conversations; this test reads them all", count)
	}
	lists := (count + 99) / 100
	// The first reads the whole list; the others read the same pages, which the read cache keeps.
	expectCalls(t, up, "/conversations?review=good", lists, func() { getOK(t, c, "/conversations?review=good") })
	for _, query := range []string{"review=needs_work", "reviewer=Nobody", "review=good&period=last_30_days"} {
		got := up.calls(func() { getOK(t, c, "/conversations?"+query) })
		if total(got) > lists {
			t.Errorf("%s: %d calls upstream, want at most %d: %s", query, total(got), lists, describe(got))
		}
		for k := range got {
			if !strings.HasSuffix(k, "/conversations") {
				t.Errorf("%s called %s", query, k)
			}
		}
	}
	// Unreviewed fills a page of 25 from its first call.
	if got := up.calls(func() { getOK(t, c, "/conversations?review=unreviewed&limit=25&source=widget") }); total(got) != 1 {
		t.Errorf("unreviewed widget conversations: %d calls upstream, want 1: %s", total(got), describe(got))
	}
}
