package jobs_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
)

// sse is one server-sent event as a browser reads it.
type sse struct{ Name, Data string }

// listen opens path's event stream from c's browser; its events arrive on
// the channel until the test ends.
func listen(t *testing.T, c *consoletest.Console, path string) <-chan sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.Server.URL+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := c.Client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	if res.StatusCode != http.StatusOK {
		t.Fatalf("stream %s: %d", path, res.StatusCode)
	}
	out := make(chan sse, 256)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var ev sse
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "":
				if ev.Name != "" {
					out <- ev
				}
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out
}

// jobStream is the stream a running job's card opens, as the card names it.
func jobStream(t *testing.T, c *consoletest.Console, job string) string {
	t.Helper()
	_, body := c.Get(job)
	src, ok := consoletest.Parse(t, body).Find(consoletest.TestID("job-live")).Attr("sse-connect")
	if !ok {
		t.Fatalf("the running job's page opens no stream:\n%s", body)
	}
	return src
}

func TestAJobsProgressReachesItsPageLiveAndNoOtherAgents(t *testing.T) {
	c := consoletest.NewRateLimited(t)
	ids := drafts(t, c, 4, "live-sale")
	c.SignInAs("Ana")

	// Another agent's person, signed in on the same console.
	other := c.AnotherBrowser()
	tok, err := c.Sandbox.Token("scn_other_agent", sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	other.SignInWith(tok)

	// Ana publishes four drafts; her page and the other agent's watch the job.
	form := url.Values{"action": {"publish"}, "confirm": {"yes"}}
	for _, id := range ids {
		form.Add("ids", strconv.FormatInt(id, 10))
	}
	res, body := c.Post("/articles/bulk", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", res.StatusCode, body)
	}
	jobID, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/articles?job="), 10, 64)
	if jobID == 0 {
		t.Fatalf("started job at %q", res.Header.Get("Location"))
	}
	job := "/jobs/" + strconv.FormatInt(jobID, 10)
	src := jobStream(t, c, job)
	if want := "/events?mode=viewing&watch=job%3A" + strconv.FormatInt(jobID, 10); src != want {
		t.Fatalf("the card's stream is %q, want %q", src, want)
	}
	mine := listen(t, c, src)
	theirs := listen(t, other, src) // the same job's id, watched from another agent

	var progressed int
	var dones []int
	deadline := time.After(60 * time.Second)
	for ended := false; !ended; {
		select {
		case ev, ok := <-mine:
			if !ok {
				t.Fatal("the stream ended before the job did")
			}
			switch ev.Name {
			case "job":
				progressed++
				// What a card reads when told: the progress so far.
				_, body := c.Get(job+"/progress?region=1", "HX-Request", "true")
				n, _ := strconv.Atoi(consoletest.Parse(t, body).Find(consoletest.TestID("job-done")).Text())
				dones = append(dones, n)
			case "job-end":
				ended = true
			}
		case <-deadline:
			t.Fatalf("the job's stream did not say it ended within a minute; %d progress events, done %v", progressed, dones)
		}
	}
	if progressed < 2 {
		t.Errorf("the stream said the job progressed %d times over 4 articles; want it told as articles finish", progressed)
	}
	if last := dones[len(dones)-1]; last != 4 {
		t.Errorf("after the last event the card reads %d done, want 4 (reads %v)", last, dones)
	}
	for i := 1; i < len(dones); i++ {
		if dones[i] < dones[i-1] {
			t.Errorf("progress went back: %v", dones)
		}
	}
	t.Logf("%d progress events; the card read %v done", progressed, dones)
	_, body = c.Get(job)
	if state := consoletest.Parse(t, body).Find(consoletest.TestID("job-progress")).AttrOr("data-state", ""); state != "done" {
		t.Fatalf("job is %s", state)
	}

	// The other agent's stream heard who else looks, never this agent's job.
	for {
		select {
		case ev := <-theirs:
			if ev.Name != "presence" {
				t.Fatalf("another agent's page heard this agent's job: %+v", ev)
			}
		case <-time.After(300 * time.Millisecond):
			return
		}
	}
}

// A bulk job's save gives the people who have the article open the same
// heads-up a page's save gives, in the name of who started the job.
func TestABulkJobsSaveGivesTheHeadsUp(t *testing.T) {
	c := consoletest.New(t)
	ids := drafts(t, c, 1, "heads-up")
	c.SignInAs("Ana")
	ben := c.AnotherBrowser()
	ben.SignInAs("Ben")
	article := "/articles/" + strconv.FormatInt(ids[0], 10)
	_, page := ben.Get(article)
	src, ok := consoletest.Parse(t, page).Find(consoletest.TestID("live")).Attr("sse-connect")
	if !ok {
		t.Fatal("the editor opens no stream")
	}
	open := listen(t, ben, src)

	form := url.Values{"action": {"publish"}, "confirm": {"yes"}, "ids": {strconv.FormatInt(ids[0], 10)}}
	if res, body := c.Post("/articles/bulk", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", res.StatusCode, body)
	}
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-open:
			if !ok {
				t.Fatal("Ben's stream ended")
			}
			if ev.Name != "saved" {
				continue
			}
			if !strings.Contains(ev.Data, "Ana&#39;s bulk job saved a newer version") && !strings.Contains(ev.Data, "Ana's bulk job saved a newer version") {
				t.Errorf("heads-up %q, want Ana's bulk job named", ev.Data)
			}
			if !strings.Contains(ev.Data, article+"/history") {
				t.Errorf("heads-up %q links no history", ev.Data)
			}
			return
		case <-deadline:
			t.Fatal("Ben, with the article open, heard nothing of the bulk job's save")
		}
	}
}
