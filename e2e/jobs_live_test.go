package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"qcadmin/apiclient"
)

// jobWatch records, in the page, every read of a job's progress card (by
// what: "sse:job" when the stream told it, "poll" for the fallback, and
// whether the fallback stood down) and every change of its done count.
const jobWatch = `(() => {
  window.jobReads = []; window.jobDone = [];
  document.addEventListener('htmx:beforeRequest', e => {
    const elt = e.detail.elt;
    if (!(elt instanceof Element) || !elt.matches('[data-job-progress]')) return;
    const ev = e.detail.requestConfig && e.detail.requestConfig.triggeringEvent;
    window.jobReads.push({t: Date.now(), by: ev ? ev.type : 'poll', skipped: e.defaultPrevented,
      live: !!elt.closest('[data-job-live]')?.classList.contains('live-open')});
  });
  let last = null;
  setInterval(() => {
    const d = document.querySelector('[data-testid=job-done]')?.innerText;
    if (d !== undefined && d !== last) { last = d; window.jobDone.push({t: Date.now(), done: Number(d)}); }
  }, 25);
})()`

type jobRead struct {
	T       float64 `json:"t"`
	By      string  `json:"by"`
	Skipped bool    `json:"skipped"`
	Live    bool    `json:"live"`
}

type jobDone struct {
	T    float64 `json:"t"`
	Done int     `json:"done"`
}

// TestJobProgressArrivesLive: a bulk publish of more drafts than the
// token's write budget holds at once runs at Quickchat's pace (one a
// second once the burst is spent); the card on the list that started it
// shows each article as it finishes, told by its stream, while its poll
// stands down to one read in ten seconds.
func TestJobProgressArrivesLive(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	const n = 56
	title := fmt.Sprintf("Live draft %d", time.Now().UnixNano()%100000)
	var api *apiclient.Client
	for i := range n {
		if i%40 == 0 { // each token its own write budget, so setting up stays within the sandbox's limits
			api = apiclient.New(a.APIURL, a.token(t, "write_all"))
		}
		if _, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: fmt.Sprintf("%s %d", title, i), Content: "Spring."}); err != nil {
			t.Fatal(err)
		}
	}

	step(t, ctx, "sign in and filter the drafts by title",
		a.demoSignIn(),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
	)
	waitFor(t, ctx, "all drafts named as matching", fmt.Sprintf(`document.querySelector('[data-testid=bulk-all-count]')?.innerText.includes('All %d matching this filter')`, n))
	step(t, ctx, "publish all matching",
		chromedp.Click(chromedp.CSS(`[data-testid=bulk-all-publish]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-bulk-button]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=confirm-bulk-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
		chromedp.Evaluate[chromedp.Void](jobWatch),
	)
	waitFor(t, ctx, "the card's stream to open", `!!document.querySelector('[data-testid=job-live].live-open')`)
	deadline := time.Now().Add(90 * time.Second)
	for {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=job-progress]')?.dataset.state || ''`))
		if err == nil && state == "done" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job is %q after 90 s", state)
		}
		time.Sleep(250 * time.Millisecond)
	}
	reads, err := chromedp.Run(ctx, chromedp.Evaluate[[]jobRead](`window.jobReads`))
	if err != nil {
		t.Fatal(err)
	}
	dones, err := chromedp.Run(ctx, chromedp.Evaluate[[]jobDone](`window.jobDone`))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, `[data-testid=job-done]`); got != fmt.Sprint(n) {
		t.Errorf("the card ends with %s done, want %d", got, n)
	}

	var told, polled, skipped int
	for _, r := range reads {
		switch {
		case r.By == "sse:job":
			told++
		case r.By == "poll" && r.Skipped:
			skipped++
		case r.By == "poll" && r.Live:
			polled++
		}
	}
	span := time.Duration(dones[len(dones)-1].T-dones[0].T) * time.Millisecond
	// Changes closer together than the 2-s poll could show, while that poll stood down.
	quick := 0
	for i := 1; i < len(dones); i++ {
		if dones[i].T-dones[i-1].T < 1500 {
			quick++
		}
	}
	t.Logf("%d reads told by the stream, %d fallback reads while live, %d polls stood down; done changed %d times over %s, %d within 1.5 s of the last",
		told, polled, skipped, len(dones), span.Round(100*time.Millisecond), quick)
	if told < 3 {
		t.Errorf("the stream told the card %d times; want the card told as articles finish", told)
	}
	if max := int(span/(10*time.Second)) + 2; polled > max {
		t.Errorf("%d fallback reads while the stream was open over %s; want at most one in 10 s (%d)", polled, span, max)
	}
	if quick < 3 {
		t.Errorf("the done count changed within 1.5 s of the previous change only %d times (%v): progress did not arrive through the stream", quick, dones)
	}

	step(t, ctx, "open the job", chromedp.Click(chromedp.CSS(`[data-testid=job-link]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=job-items]`)))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=job-item][data-outcome=changed]').length`)); err != nil || n != 56 {
		t.Errorf("the job page lists %d published (%v)", n, err)
	}
	if live, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('[data-testid=job-live]')`)); live {
		t.Error("a finished job's page still opens a stream")
	}
}

// TestQueuedJobsCardPollsSlowlyWhileLive: with the queue's two workers busy,
// a third job waits to start; its card, told nothing while it waits, reads
// itself once in ten seconds while its stream is open, not every two.
func TestQueuedJobsCardPollsSlowlyWhileLive(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	stamp := time.Now().UnixNano() % 100000
	var api *apiclient.Client
	made := 0
	for _, set := range []struct {
		name string
		n    int
	}{{"A", 70}, {"B", 70}, {"C", 3}} {
		for i := range set.n {
			if made%40 == 0 { // each token its own write budget, so setting up stays within the sandbox's limits
				api = apiclient.New(a.APIURL, a.token(t, "write_all"))
			}
			made++
			if _, err := api.CreateArticle(context.Background(), apiclient.ArticleCreate{Title: fmt.Sprintf("Queue %d %s %d", stamp, set.name, i), Content: "Waiting."}); err != nil {
				t.Fatal(err)
			}
		}
	}
	step(t, ctx, "sign in", a.demoSignIn())
	for _, set := range []string{"A", "B", "C"} {
		step(t, ctx, "publish all of set "+set,
			chromedp.Navigate(fmt.Sprintf("%s/articles?title=Queue+%d+%s", a.URL, stamp, set)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-all-publish]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=bulk-all-publish]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=confirm-bulk-button]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=confirm-bulk-button]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
		)
	}
	step(t, ctx, "watch the third job's card", chromedp.Evaluate[chromedp.Void](jobWatch))
	waitFor(t, ctx, "the card's stream to open", `!!document.querySelector('[data-testid=job-live].live-open')`)
	time.Sleep(12 * time.Second)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=job-progress]').dataset.state`))
	if err != nil || state != "queued" {
		t.Fatalf("the third job did not wait the whole time (%q, %v): the other two finished first", state, err)
	}
	reads, err := chromedp.Run(ctx, chromedp.Evaluate[[]jobRead](`window.jobReads`))
	if err != nil {
		t.Fatal(err)
	}
	var polled, skipped int
	for _, r := range reads {
		switch {
		case r.By == "poll" && r.Skipped:
			skipped++
		case r.By == "poll":
			polled++
		}
	}
	t.Logf("over 12 s waiting: %d polls read the card, %d stood down", polled, skipped)
	if skipped < 3 || polled > 2 {
		t.Errorf("over 12 s with the stream open, %d polls read the card and %d stood down; want one read in 10 s", polled, skipped)
	}
}
