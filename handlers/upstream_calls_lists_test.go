package handlers_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers/consoletest"
)

// TestUpstreamCallsOfCountsAndTitles: the tag counts, the paragraphs'
// article titles and hiding test chats cost a bounded number of reads, shared
// through the cache (BENCHMARKS.md, "Upstream calls per page").
func TestUpstreamCallsOfCountsAndTitles(t *testing.T) {
	c, up := countedConsole(t)
	c.SignIn()
	got := expectCalls(t, up, "/paragraphs", 2, func() { getOK(t, c, "/paragraphs") })
	t.Logf("/paragraphs: %s", describe(got))
	expectCalls(t, up, "/tags after /paragraphs", 1, func() { getOK(t, c, "/tags") })
	expectCalls(t, up, "/tags again", 0, func() { getOK(t, c, "/tags") })

	// A playground chat, so the inbox's first page has a row to check.
	if _, err := c.SandboxClient().Chat(context.Background(), apiclient.ChatMessage{Text: "Test: do you ship to Malta?", ClientMetadata: map[string]any{"qcadmin_test": "true"}}); err != nil {
		t.Fatal(err)
	}
	var inbox string
	expectCalls(t, up, "/conversations", 1, func() { inbox = getOK(t, c, "/conversations") })
	api := 0
	consoletest.Parse(t, inbox).Find(consoletest.TestID("conversation-row")).Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Find(consoletest.TestID("source")).Text()) == "api" {
			api++
		}
	})
	if api == 0 {
		t.Fatal("no API chat on the inbox's first page")
	}
	// The list comes from the cache (the toggle is not an API filter); each API chat's details are read once.
	got = expectCalls(t, up, "/conversations?tests=hide", api, func() { getOK(t, c, "/conversations?tests=hide") })
	t.Logf("/conversations?tests=hide with %d API chats on the page: %s", api, describe(got))

	var list string
	expectCalls(t, up, "/articles after /paragraphs", 1, func() { list = getOK(t, c, "/articles") })
	// State filter and order: the same page read (from the cache), the rest from the index /paragraphs read.
	expectCalls(t, up, "/articles?state=draft&sort=title", 0, func() { getOK(t, c, "/articles?state=draft&sort=title") })
	expectCalls(t, up, "/articles?state=published&sort=-modified&offset=25", 1, func() { getOK(t, c, "/articles?state=published&sort=-modified&offset=25") })
	href, _ := consoletest.Parse(t, list).Find("td.title a").First().Attr("href")
	getOK(t, c, href+"/lang-urls")
	got = up.calls(func() {
		if res, _ := c.Post(href+"/lang-urls", url.Values{"url_de": {"https://velora.example/de/x"}, "url_fr": {""}}); res.StatusCode >= 400 {
			t.Fatalf("language save = %d", res.StatusCode)
		}
	})
	// A fresh read of each language's link, then the one write.
	if total(got) != 5 {
		t.Errorf("language versions saved, one changed: %d calls: %s", total(got), describe(got))
	}
}
