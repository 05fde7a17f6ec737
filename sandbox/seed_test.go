package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func TestDemoSeed(t *testing.T) {
	e := newEnv(t)
	var all []articleJSON
	for offset := 0; ; offset += 100 {
		p := e.list(e.read, "limit=100&offset="+itoa(int64(offset)))
		all = append(all, p.Items...)
		if len(all) >= p.Count {
			break
		}
	}
	if len(all) < 40 {
		t.Fatalf("seed has %d articles, want at least 40", len(all))
	}
	states, types, tags := map[string]int{}, map[string]int{}, map[string]int{}
	withURL, dates := 0, map[string]bool{}
	for _, a := range all {
		states[a.State]++
		types[a.Type]++
		for _, tag := range a.Tags {
			tags[tag]++
		}
		if a.URL != nil {
			withURL++
		}
		dates[a.LastModifiedTimestamp] = true
		if (a.State == "published") != (a.DeployState == "deployed") {
			t.Errorf("article %d: state %s with deploy_state %s", a.ID, a.State, a.DeployState)
		}
		if a.Type == "URL" && (a.DownloadedTimestamp == "" || a.URL == nil) {
			t.Errorf("imported page %d lacks url or downloaded_timestamp", a.ID)
		}
	}
	if states["draft"] == 0 || states["published"] == 0 {
		t.Errorf("states = %v, want both drafts and published", states)
	}
	if types["Paragraph"] == 0 || types["Article"] == 0 || types["URL"] == 0 {
		t.Errorf("types = %v", types)
	}
	for _, want := range []string{"shipping", "returns", "warranty", "batteries", "maintenance", "billing", "account", "riding"} {
		if tags[want] < 2 {
			t.Errorf("tag %q on %d articles", want, tags[want])
		}
	}
	languages := 0
	for _, lang := range []string{"de", "fr", "es", "pl"} {
		if tags[lang] > 0 {
			languages++
		}
	}
	if languages < 2 {
		t.Errorf("seed covers %d languages besides English", languages)
	}
	if withURL < 2 || len(dates) < 20 {
		t.Errorf("%d articles with url, %d distinct dates", withURL, len(dates))
	}

	// Foreign-language articles have real text in that language.
	for query, lang := range map[string]string{"Lieferzeit": "de", "remboursement": "fr", "garantía": "es", "dostawy": "pl"} {
		p := e.list(e.read, "query="+query+"&tags="+lang)
		if p.Count == 0 {
			t.Errorf("no %s article mentions %q", lang, query)
		}
	}

	// Full articles carry Markdown, tables included.
	var tableArticle articleJSON
	e.do("GET", articlesPath+itoa(e.list(e.read, "title=Delivery times").Items[0].ID), e.read, nil).wantStatus(t, http.StatusOK).decode(t, &tableArticle)
	if c := *tableArticle.Content; !strings.HasPrefix(c, "# ") || !strings.Contains(c, "|---|") {
		t.Errorf("seed content is not Markdown with a table: %.80q", c)
	}
}
