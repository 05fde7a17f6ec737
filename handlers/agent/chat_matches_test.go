package agent_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// Quickchat's chat answer names no articles, so under the reply the playground lists the articles a
// knowledge-base search finds for the question, labelled as matches, with one search per question.
func TestChatReplyListsTheArticlesThatMatchTheQuestion(t *testing.T) {
	var searches atomic.Int32
	var target atomic.Pointer[url.URL]
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/knowledge_base/articles/search") {
			searches.Add(1)
		}
		httputil.NewSingleHostReverseProxy(target.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	// The console's read cache, as it runs: it is what spares a repeated question its search.
	c := consoletest.New(t, consoletest.WithUpstream(proxy.URL, apiclient.NewCache(apiclient.CacheConfig{})))
	u, err := url.Parse(c.API.URL)
	if err != nil {
		t.Fatal(err)
	}
	target.Store(u)
	c.SignIn()

	ask := func(question string) *matchesSeen {
		t.Helper()
		_, body := chatPost(c, url.Values{"text": {question}, "mode": {"realtime"}})
		doc := consoletest.Parse(t, body)
		reply := doc.Find(consoletest.TestID("chat-reply")).Parent()
		m := &matchesSeen{label: reply.Find(consoletest.TestID("chat-matches") + " summary").Text()}
		reply.Find(consoletest.TestID("chat-match") + " a").Each(func(_ int, a *goquery.Selection) {
			m.hrefs = append(m.hrefs, a.AttrOr("href", ""))
			m.titles = append(m.titles, a.Text())
		})
		return m
	}
	before := searches.Load()
	got := ask("What is your return policy?")
	if got.label == "" || !strings.HasPrefix(got.label, "Articles that match this question") {
		t.Fatalf("the matches are labelled %q", got.label)
	}
	if len(got.hrefs) == 0 || len(got.hrefs) > 3 {
		t.Fatalf("%d matching articles: %v", len(got.hrefs), got.titles)
	}
	for i, href := range got.hrefs {
		if !regexp.MustCompile(`^/articles/\d+$`).MatchString(href) || got.titles[i] == "" {
			t.Errorf("match %d: %q links to %q", i, got.titles[i], href)
		}
	}
	if !strings.Contains(strings.ToLower(strings.Join(got.titles, " ")), "return") {
		t.Errorf("no match about returns: %v", got.titles)
	}
	// The same question in a new conversation reuses the search.
	again := ask("What is your return policy?")
	if strings.Join(again.hrefs, " ") != strings.Join(got.hrefs, " ") {
		t.Errorf("the same question matched %v, then %v", got.hrefs, again.hrefs)
	}
	if n := searches.Load() - before; n != 1 {
		t.Errorf("%d searches for one question asked twice, want 1", n)
	}
	// A question of nothing but question words is not searched: it would match everything.
	before = searches.Load()
	_, body := chatPost(c, url.Values{"text": {"What can you do for me?"}, "mode": {"realtime"}})
	if got := consoletest.Parse(t, body).Find(consoletest.TestID("chat-no-matches")).Length(); got != 1 || searches.Load() != before {
		t.Errorf("a question without a topic: %d no-match notes, %d searches", got, searches.Load()-before)
	}
	// Nothing in the page claims the articles are what the agent used.
	_, body = chatPost(c, url.Values{"text": {"What is your return policy?"}, "mode": {"realtime"}})
	text := consoletest.Parse(t, body).Find(consoletest.TestID("chat-matches")).Text()
	if !strings.Contains(text, "does not say which articles it drew on") {
		t.Errorf("the matches do not say what they are: %q", text)
	}
}

type matchesSeen struct {
	label         string
	hrefs, titles []string
}
