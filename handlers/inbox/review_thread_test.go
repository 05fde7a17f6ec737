package inbox_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// threadOf reads the review history the conversation page shows, newest first.
func threadOf(t *testing.T, c *consoletest.Console, id string) []map[string]string {
	t.Helper()
	res, body := c.Get("/conversations/" + id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("conversation page: %d", res.StatusCode)
	}
	var out []map[string]string
	consoletest.Parse(t, body).Find(consoletest.TestID("review-thread") + " " + consoletest.TestID("review-entry")).Each(func(_ int, s *goquery.Selection) {
		at := s.Find(consoletest.TestID("review-entry-at"))
		iso, _ := at.Attr("datetime")
		exact, _ := at.Attr("title")
		out = append(out, map[string]string{
			"verdict": s.Find(consoletest.TestID("review-entry-verdict")).Text(),
			"by":      s.Find(consoletest.TestID("review-entry-by")).Text(),
			"note":    s.Find(consoletest.TestID("review-entry-note")).Text(),
			"iso":     iso, "exact": exact,
		})
	})
	return out
}

func review(t *testing.T, c *consoletest.Console, id, status, note string) {
	t.Helper()
	res, body := c.Post("/conversations/"+id+"/review", url.Values{"status": {status}, "note": {note}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review %s: %d\n%s", status, res.StatusCode, body)
	}
}

func TestReviewsMakeAThreadAndTheLatestGoesToTheMetadata(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana Wójcik")
	id := firstConversation(c)
	start := time.Now().UTC().Truncate(time.Second)

	review(t, c, id, "needs_work", "Missed the warranty link.")
	review(t, c, id, "good", "Fixed after the KB update.")

	thread := threadOf(t, c, id)
	if len(thread) != 2 {
		t.Fatalf("thread %v, want two reviews", thread)
	}
	if thread[0]["verdict"] != "good" || thread[0]["note"] != "Fixed after the KB update." || thread[0]["by"] != "Ana Wójcik" {
		t.Errorf("newest first: %v", thread[0])
	}
	if thread[1]["verdict"] != "needs work" || thread[1]["note"] != "Missed the warranty link." {
		t.Errorf("older second: %v", thread[1])
	}
	for _, e := range thread {
		at, err := time.Parse(time.RFC3339, e["iso"])
		if err != nil || at.Before(start) || !strings.HasSuffix(e["exact"], "UTC") {
			t.Errorf("review time %q / %q (%v)", e["iso"], e["exact"], err)
		}
	}
	meta := metadata(c, id)
	if meta["review_status"] != "good" || meta["review_note"] != "Fixed after the KB update." || meta["review_by"] != "Ana Wójcik" {
		t.Errorf("metadata holds %v", meta)
	}

	// Marking it unreviewed is a review too: it joins the thread, and the list's badge goes.
	review(t, c, id, "unreviewed", "")
	if thread := threadOf(t, c, id); len(thread) != 3 || thread[0]["verdict"] != "marked unreviewed" {
		t.Errorf("after marking unreviewed: %v", thread)
	}
	_, body := c.Get("/conversations")
	if n := consoletest.Parse(t, body).Find(`[data-id="` + id + `"] ` + consoletest.TestID("review-badge")).Length(); n != 0 {
		t.Errorf("an unreviewed conversation has %d badges", n)
	}

	// The audit log names the person, not the agent.
	var named bool
	for _, e := range c.Entries() {
		if strings.HasPrefix(e.Action, "review") || strings.Contains(strings.Join(e.TargetIDs, ","), id) {
			if e.Identity != "Ana Wójcik" {
				t.Errorf("audit entry %s names %q", e.Action, e.Identity)
			}
			named = true
		}
	}
	if !named {
		t.Error("the reviews left no audit entry")
	}
}

// The list's badges come from the console's threads: they survive a restart
// of the console, which forgets what it read of the metadata.
func TestListBadgesComeFromTheThreads(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := conversations(c, apiclient.ListConversationsParams{Limit: 50}).Items[7].ID
	// A review that reached the thread but whose metadata the console never read.
	if _, err := c.Reviews.Add(context.Background(), store.Review{ScenarioID: sandbox.DemoScenarioID, ConversationID: id, Verdict: "needs_work", Reviewer: "Ben"}); err != nil {
		t.Fatal(err)
	}
	_, body := c.Get("/conversations?limit=50")
	badge := consoletest.Parse(t, body).Find(`[data-id="` + id + `"] ` + consoletest.TestID("review-badge"))
	if badge.Text() != "needs work" {
		t.Fatalf("badge %q", badge.Text())
	}
	if title, _ := badge.Attr("title"); !strings.Contains(title, "Ben") {
		t.Errorf("badge title %q", title)
	}
}

// Two people review the same conversation at once, from two browsers: both
// reviews stay in the thread, and the metadata shows the later one.
func TestTwoReviewsAtOnceBothSurvive(t *testing.T) {
	c := consoletest.New(t)
	ana := c
	ana.SignInAs("Ana")
	ben := c.AnotherBrowser()
	ben.SignInAs("Ben")
	id := firstConversation(c)
	// Both have the conversation open.
	for _, b := range []*consoletest.Console{ana, ben} {
		if res, _ := b.Get("/conversations/" + id); res.StatusCode != http.StatusOK {
			t.Fatalf("open: %d", res.StatusCode)
		}
	}

	post := func(b *consoletest.Console, status, note string) (int, error) {
		form := url.Values{"status": {status}, "note": {note}}
		req, _ := http.NewRequest(http.MethodPost, b.Server.URL+"/conversations/"+id+"/review", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := b.Client.Do(req)
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	errs := make([]error, 2)
	wg.Go(func() { codes[0], errs[0] = post(ana, "good", "Ana: clear answer.") })
	wg.Go(func() { codes[1], errs[1] = post(ben, "needs_work", "Ben: should have linked the form.") })
	wg.Wait()
	for i := range codes {
		if errs[i] != nil || codes[i] != http.StatusSeeOther {
			t.Fatalf("review %d: %d %v", i, codes[i], errs[i])
		}
	}

	thread := threadOf(t, ana, id)
	if len(thread) != 2 {
		t.Fatalf("thread %v, want both reviews", thread)
	}
	people := map[string]string{}
	for _, e := range thread {
		people[e["by"]] = e["note"]
	}
	if people["Ana"] != "Ana: clear answer." || people["Ben"] != "Ben: should have linked the form." {
		t.Errorf("thread %v", thread)
	}
	meta := metadata(c, id)
	if meta["review_by"] != thread[0]["by"] || meta["review_note"] != people[thread[0]["by"]] {
		t.Errorf("metadata shows %v / %v, the thread's newest is %v", meta["review_by"], meta["review_note"], thread[0])
	}

	// One after the other: the metadata shows the later, the thread both.
	review(t, ben, id, "good", "Ben again.")
	review(t, ana, id, "needs_work", "Ana again.")
	if meta := metadata(c, id); meta["review_by"] != "Ana" || meta["review_note"] != "Ana again." {
		t.Errorf("metadata after Ben then Ana: %v", meta)
	}
	if thread := threadOf(t, ben, id); len(thread) != 4 || thread[0]["by"] != "Ana" || thread[1]["by"] != "Ben" {
		t.Errorf("thread after Ben then Ana: %v", thread)
	}
}

// A metadata key written outside the console, after the page was read,
// survives a review: the save reads the metadata fresh and changes only the
// review keys.
func TestReviewKeepsMetadataWrittenBehindTheConsole(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	id := firstConversation(c)
	if res, _ := c.Get("/conversations/" + id); res.StatusCode != http.StatusOK {
		t.Fatalf("open: %d", res.StatusCode)
	}
	ctx := context.Background()
	api := c.Quickchat()
	m, err := api.GetConversationMetadata(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	m["crm_case"] = "CASE-77"
	m["priority"] = "high"
	if _, err := api.SetConversationMetadata(ctx, id, m); err != nil {
		t.Fatal(err)
	}

	review(t, c, id, "good", "Kind and quick.")
	after, err := c.SandboxClient().GetConversationMetadata(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if after["crm_case"] != "CASE-77" || after["priority"] != "high" || after["review_status"] != "good" || after["review_by"] != "Demo agent" {
		t.Errorf("after the review the metadata holds %v", after)
	}
	for k, v := range m {
		if !strings.HasPrefix(k, "review_") && after[k] != v {
			t.Errorf("the review changed %s: %v → %v", k, v, after[k])
		}
	}
}

// What people type shows as text: a note or a name with markup is escaped.
func TestReviewThreadEscapesNamesAndNotes(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs(`<img src=x onerror=alert(1)>`)
	id := firstConversation(c)
	review(t, c, id, "needs_work", `<script>alert("note")</script>`)
	_, body := c.Get("/conversations/" + id)
	if strings.Contains(body, `<img src=x`) || strings.Contains(body, `<script>alert("note")`) {
		t.Fatal("the page carries the markup as HTML")
	}
	thread := threadOf(t, c, id)
	if len(thread) != 1 || thread[0]["by"] != `<img src=x onerror=alert(1)>` || thread[0]["note"] != `<script>alert("note")</script>` {
		t.Errorf("thread %v", thread)
	}
}

// A review and a metadata edit of a conversation wait while another save of
// it holds the conversation (another replica's, on PostgreSQL), then go
// through: they take turns through the review store's lock.
func TestSavesWaitForTheConversationsLock(t *testing.T) {
	c := consoletest.New(t)
	c.SignInAs("Ana")
	id := firstConversation(c)
	post := func(path string, form url.Values) <-chan int {
		done := make(chan int, 1)
		go func() {
			req, _ := http.NewRequest(http.MethodPost, c.Server.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := c.Client.Do(req)
			if err != nil {
				t.Error(err)
				done <- 0
				return
			}
			res.Body.Close()
			done <- res.StatusCode
		}()
		return done
	}
	for _, save := range []struct {
		path string
		form url.Values
	}{
		{"/conversations/" + id + "/review", url.Values{"status": {"good"}, "note": {"Waited its turn."}}},
		{"/conversations/" + id + "/metadata", url.Values{"metadata": {`{"ticket_id":"T-9"}`}}},
	} {
		unlock, err := c.Reviews.Lock(context.Background(), sandbox.DemoScenarioID, id)
		if err != nil {
			t.Fatal(err)
		}
		done := post(save.path, save.form)
		select {
		case code := <-done:
			unlock()
			t.Fatalf("%s went through (%d) while the conversation was held", save.path, code)
		case <-time.After(400 * time.Millisecond):
		}
		unlock()
		select {
		case code := <-done:
			if code != http.StatusSeeOther {
				t.Fatalf("%s after its turn came: %d", save.path, code)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s still waits after the conversation was released", save.path)
		}
	}
	if meta := metadata(c, id); meta["review_note"] != "Waited its turn." || meta["ticket_id"] != "T-9" {
		t.Errorf("metadata after both saves: %v", meta)
	}
}
