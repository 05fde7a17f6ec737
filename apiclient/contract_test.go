package apiclient_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"qcadmin/apiclient"
	"qcadmin/internal/testdocs"
	"qcadmin/sandbox"
)

// The contract tests run the client against the embedded sandbox, an
// independent implementation of the same API: what passes here is what the
// console can rely on when it talks to the sandbox instead of Quickchat.

const contractSecret = "contract-test-secret"

// contractAPI is a sandbox served over HTTP, with fresh data.
type contractAPI struct {
	sb     *sandbox.Sandbox
	origin string
}

func newContractAPI(t *testing.T, rateLimits bool) *contractAPI {
	t.Helper()
	sb, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: contractSecret, RateLimits: rateLimits})
	if err != nil {
		t.Fatalf("opening the sandbox: %v", err)
	}
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	return &contractAPI{sb: sb, origin: srv.URL}
}

// client returns a Client for the scenario with the given scope.
func (api *contractAPI) client(t *testing.T, scenarioID, scope string, opts ...apiclient.Option) *apiclient.Client {
	t.Helper()
	token, err := api.sb.Token(scenarioID, scope, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]apiclient.Option{apiclient.WithBudgets(apiclient.NewBudgets(false)), apiclient.WithTimeout(5 * time.Second)}, opts...)
	return apiclient.New(api.origin, token, opts...)
}

func ptr[T any](v T) *T { return &v }

func ids(items []apiclient.Article) []int64 {
	out := make([]int64, len(items))
	for i, a := range items {
		out[i] = a.ID
	}
	slices.Sort(out)
	return out
}

func sorted(vs ...int64) []int64 { return slices.Sorted(slices.Values(vs)) }

func TestContractArticles(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-articles", sandbox.ScopeWrite)
	ctx := t.Context()

	empty, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if empty.Count != 0 || len(empty.Items) != 0 || empty.Items == nil {
		t.Fatalf("a new agent's list = %+v, want an empty page with an empty items list", empty)
	}

	// Create (201), as a draft, with the API's default type.
	returns, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Returns are accepted within 30 days.", Title: "Return policy"})
	if err != nil {
		t.Fatal(err)
	}
	if returns.ID <= 0 || returns.Type != "Article" || returns.State != "draft" || returns.Version != 1 ||
		returns.Content != "Returns are accepted within 30 days." || returns.Tags == nil || len(returns.Tags) != 0 {
		t.Errorf("created article = %+v", returns)
	}
	if returns.CreatedTimestamp == "" || returns.LastModifiedTimestamp == "" {
		t.Errorf("created article has no timestamps: %+v", returns)
	}
	hours, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Content: "We are open 9 to 17 on weekdays.", Title: "Opening hours", Type: "Paragraph"})
	if err != nil {
		t.Fatal(err)
	}
	shipping, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Shipping is free above 50 EUR."})
	if err != nil {
		t.Fatal(err)
	}
	if hours.Type != "Paragraph" || shipping.Title != "" {
		t.Errorf("paragraph %+v, untitled %+v", hours, shipping)
	}

	// Get: the whole article, content included.
	got, err := c.GetArticle(ctx, returns.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != returns.ID || got.Title != "Return policy" || got.Content != returns.Content {
		t.Errorf("GetArticle = %+v", got)
	}

	// Update as a draft, then publish: each save is a new version.
	draft, err := c.UpdateArticle(ctx, returns.ID, apiclient.ArticleUpdate{
		Title: ptr("Return policy (EU)"), Tags: &[]string{"returns", "policies"}, SaveMode: apiclient.SaveDraft,
	})
	if err != nil {
		t.Fatal(err)
	}
	if draft.State != "draft" || draft.Version != 2 || draft.Title != "Return policy (EU)" ||
		draft.Content != returns.Content || !slices.Equal(draft.Tags, []string{"returns", "policies"}) {
		t.Errorf("after a draft save: %+v", draft)
	}
	published, err := c.UpdateArticle(ctx, returns.ID, apiclient.ArticleUpdate{
		Content: ptr("Returns are accepted within 60 days."), SaveMode: apiclient.SavePublish,
	})
	if err != nil {
		t.Fatal(err)
	}
	if published.State != "published" || published.Version != 3 || published.MaxAvailableVersion < 3 ||
		published.Content != "Returns are accepted within 60 days." || published.Title != "Return policy (EU)" ||
		!slices.Equal(published.Tags, []string{"returns", "policies"}) {
		t.Errorf("after publishing: %+v", published)
	}
	if _, err := c.UpdateArticle(ctx, hours.ID, apiclient.ArticleUpdate{Tags: &[]string{"hours"}}); err != nil {
		t.Fatal(err)
	}

	// Tags: every tag in use.
	tags, err := c.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hours", "policies", "returns"} {
		if !slices.Contains(tags, want) {
			t.Errorf("tags %q lack %q", tags, want)
		}
	}
	if len(tags) != 3 {
		t.Errorf("tags = %q, want 3", tags)
	}

	// Clearing tags with an empty list.
	cleared, err := c.UpdateArticle(ctx, hours.ID, apiclient.ArticleUpdate{Tags: &[]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cleared.Tags) != 0 || cleared.Title != "Opening hours" {
		t.Errorf("after clearing tags: %+v", cleared)
	}
	if _, err := c.UpdateArticle(ctx, hours.ID, apiclient.ArticleUpdate{Tags: &[]string{"hours"}}); err != nil {
		t.Fatal(err)
	}

	// List with each filter.
	all := sorted(returns.ID, hours.ID, shipping.ID)
	filters := []struct {
		name string
		p    apiclient.ListArticlesParams
		want []int64
	}{
		{"no filter", apiclient.ListArticlesParams{}, all},
		{"one type", apiclient.ListArticlesParams{Types: []string{"Paragraph"}}, sorted(hours.ID)},
		{"two types", apiclient.ListArticlesParams{Types: []string{"Article", "Paragraph"}}, all},
		{"one tag", apiclient.ListArticlesParams{Tags: []string{"returns"}}, sorted(returns.ID)},
		{"two tags", apiclient.ListArticlesParams{Tags: []string{"returns", "hours"}}, sorted(returns.ID, hours.ID)},
		{"title", apiclient.ListArticlesParams{Title: "return"}, sorted(returns.ID)},
		{"query", apiclient.ListArticlesParams{Query: "weekdays"}, sorted(hours.ID)},
		{"url", apiclient.ListArticlesParams{URL: "https://example.com/nowhere"}, sorted()},
		{"filters combine", apiclient.ListArticlesParams{Types: []string{"Article"}, Query: "free"}, sorted(shipping.ID)},
	}
	for _, f := range filters {
		page, err := c.ListArticles(ctx, f.p)
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		if got := ids(page.Items); !slices.Equal(got, f.want) || page.Count != len(f.want) {
			t.Errorf("%s: ids %v (count %d), want %v", f.name, got, page.Count, f.want)
		}
		for _, a := range page.Items {
			if a.Content != "" {
				t.Errorf("%s: list item %d carries its content", f.name, a.ID)
			}
		}
	}

	// Pagination: two pages cover everything once.
	first, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 2 || len(second.Items) != 1 || first.Count != 3 || second.Count != 3 ||
		first.Limit != 2 || second.Offset != 2 {
		t.Errorf("pages: %+v then %+v", first, second)
	}
	if got := ids(append(first.Items, second.Items...)); !slices.Equal(got, all) {
		t.Errorf("pages hold %v, want %v", got, all)
	}

	// Delete, then the article is gone.
	if err := c.DeleteArticles(ctx, []int64{returns.ID, shipping.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetArticle(ctx, returns.ID)
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || apiErr.Message == "" {
		t.Errorf("getting a deleted article: %v", err)
	}
	if err := c.DeleteArticles(ctx, []int64{shipping.ID}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting a deleted article: %v, want 404", err)
	}
	if _, err := c.UpdateArticle(ctx, returns.ID, apiclient.ArticleUpdate{Title: ptr("x")}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("updating a deleted article: %v, want 404", err)
	}
	left, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(left.Items); !slices.Equal(got, sorted(hours.ID)) {
		t.Errorf("after deleting, the list holds %v", got)
	}
}

func TestContractDemoAgent(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()

	page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Count < 10 || len(page.Items) != page.Count {
		t.Fatalf("the demo agent lists %d of %d articles", len(page.Items), page.Count)
	}
	var withURL *apiclient.Article
	for i, a := range page.Items {
		if a.URL != nil && *a.URL != "" {
			withURL = &page.Items[i]
			break
		}
	}
	if withURL == nil {
		t.Fatal("no demo article has a URL")
	}
	byURL, err := c.ListArticles(ctx, apiclient.ListArticlesParams{URL: *withURL.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(byURL.Items, func(a apiclient.Article) bool { return a.ID == withURL.ID }) || byURL.Count >= page.Count {
		t.Errorf("filtering by %q gave %d articles", *withURL.URL, byURL.Count)
	}
	tags, err := c.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) == 0 {
		t.Fatal("the demo agent has no tags")
	}
	tagged, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Tags: tags[:1], Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range tagged.Items {
		if !slices.Contains(a.Tags, tags[0]) {
			t.Errorf("article %d listed under tag %q has tags %q", a.ID, tags[0], a.Tags)
		}
	}
	if tagged.Count == 0 || tagged.Count >= page.Count {
		t.Errorf("tag %q narrows %d articles to %d", tags[0], page.Count, tagged.Count)
	}
	full, err := c.GetArticle(ctx, page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Content == "" || full.DeployState == "" || full.Version < 1 || full.MaxAvailableVersion < full.Version {
		t.Errorf("demo article = %+v", full)
	}
	settings, err := c.GetKnowledgeBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if settings.OneWordDescription == "" {
		t.Errorf("demo settings = %+v", settings)
	}
}

func TestContractSettings(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-settings", sandbox.ScopeWrite)
	ctx := t.Context()

	s, err := c.GetKnowledgeBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.OneWordDescription != "" || s.AICommands == nil || len(s.AICommands) != 0 {
		t.Errorf("a new agent's settings = %+v", s)
	}
	s, err = c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{
		OneWordDescription: ptr("Sales Bot"), AICommands: &[]string{"Be polite", "Stay on topic"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.OneWordDescription != "Sales Bot" || !slices.Equal(s.AICommands, []string{"Be polite", "Stay on topic"}) {
		t.Errorf("after the first patch: %+v", s)
	}
	// A patch leaves the fields it does not name alone.
	s, err = c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{ShortDescription: ptr("Answers questions about orders.")})
	if err != nil {
		t.Fatal(err)
	}
	if s.OneWordDescription != "Sales Bot" || s.ShortDescription != "Answers questions about orders." || len(s.AICommands) != 2 {
		t.Errorf("after the second patch: %+v", s)
	}
	if _, err := c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{AICommands: &[]string{}}); err != nil {
		t.Fatal(err)
	}
	s, err = c.GetKnowledgeBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.OneWordDescription != "Sales Bot" || len(s.AICommands) != 0 {
		t.Errorf("read back: %+v", s)
	}

	// Publishing an article asks for a retrain.
	a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Orders ship in 2 days."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}); err != nil {
		t.Fatal(err)
	}
	if s, err = c.GetKnowledgeBase(ctx); err != nil {
		t.Fatal(err)
	}
	if s.RetrainState == nil || *s.RetrainState != "to_be_retrained" {
		t.Errorf("retrain state after publishing = %v", s.RetrainState)
	}
}

func TestContractRefusals(t *testing.T) {
	api := newContractAPI(t, false)
	ctx := t.Context()
	writer := api.client(t, "contract-refusals", sandbox.ScopeWrite)
	a, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Kept."})
	if err != nil {
		t.Fatal(err)
	}

	// 401: not a token, or a token signed with another key.
	other, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: "another-secret"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	foreign, err := other.Token("contract-refusals", sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{"garbage": "not-a-token", "foreign": foreign} {
		c := apiclient.New(api.origin, token, apiclient.WithBudgets(apiclient.NewBudgets(false)))
		_, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
		var apiErr *apiclient.APIError
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized || apiErr.Code != "PERMISSION_DENIED" || apiErr.Message == "" {
			t.Errorf("%s token: %v, want 401 PERMISSION_DENIED", name, err)
		}
	}

	// 403: a read-only token may read but not write.
	reader := api.client(t, "contract-refusals", sandbox.ScopeRead)
	if _, err := reader.GetArticle(ctx, a.ID); err != nil {
		t.Fatalf("a read-only token cannot read: %v", err)
	}
	writes := map[string]func() error{
		"create": func() error {
			_, err := reader.CreateArticle(ctx, apiclient.ArticleCreate{Content: "x"})
			return err
		},
		"update": func() error {
			_, err := reader.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{Title: ptr("x")})
			return err
		},
		"delete": func() error { return reader.DeleteArticles(ctx, []int64{a.ID}) },
		"settings": func() error {
			_, err := reader.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{OneWordDescription: ptr("x")})
			return err
		},
	}
	for name, write := range writes {
		want := apiclient.APIError{Status: http.StatusForbidden, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}
		var apiErr *apiclient.APIError
		if err := write(); !errors.As(err, &apiErr) || *apiErr != want {
			t.Errorf("%s with a read-only token: %v, want %v", name, err, &want)
		}
	}
	if kept, err := writer.GetArticle(ctx, a.ID); err != nil || kept.Title != "" {
		t.Errorf("refused writes changed the article: %+v, %v", kept, err)
	}

	// 422: input the API refuses.
	invalid := map[string]func() error{
		"empty content": func() error {
			_, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "  "})
			return err
		},
		"unknown type": func() error {
			_, err := writer.CreateArticle(ctx, apiclient.ArticleCreate{Content: "x", Type: "Poem"})
			return err
		},
		"unknown save mode": func() error {
			_, err := writer.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{SaveMode: "someday"})
			return err
		},
	}
	for name, call := range invalid {
		var apiErr *apiclient.APIError
		if err := call(); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" || apiErr.Message == "" {
			t.Errorf("%s: %v, want 422 VALIDATION_ERROR", name, err)
		}
	}
}

// countingTransport counts the answers with a given status. With dropFirst,
// the first request fails before it leaves the machine.
type countingTransport struct {
	status    int
	dropFirst bool
	sent      atomic.Int32
	n         atomic.Int32
}

func (ct *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if ct.sent.Add(1) == 1 && ct.dropFirst {
		return nil, errors.New("network down")
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && resp.StatusCode == ct.status {
		ct.n.Add(1)
	}
	return resp, err
}

func TestContractRateLimits(t *testing.T) {
	api := newContractAPI(t, true)
	ctx := t.Context()
	const readsPerMinute = 120

	// Without budgets, the sandbox's 429 comes, and the client waits out its
	// Retry-After and succeeds.
	unbudgeted := &countingTransport{status: http.StatusTooManyRequests}
	c := api.client(t, "contract-rate-a", sandbox.ScopeRead, apiclient.WithHTTPClient(&http.Client{Transport: unbudgeted}))
	// Read until the sandbox first says 429: on a busy machine the bucket may
	// refill a few times before the burst of 120 is spent.
	for i := 0; unbudgeted.n.Load() == 0 && i < 5*readsPerMinute; i++ {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatalf("read %d: %v", i+1, err)
		}
	}
	if unbudgeted.n.Load() != 1 {
		t.Errorf("%d answers were 429, want 1 (then a successful retry)", unbudgeted.n.Load())
	}

	// With budgets, the client waits for its turn and never provokes a 429.
	// The first request is lost on the way, so the client's budget runs one
	// request behind the sandbox's: a margin for the moments at which each
	// side starts counting.
	budgeted := &countingTransport{status: http.StatusTooManyRequests, dropFirst: true}
	c = api.client(t, "contract-rate-b", sandbox.ScopeRead,
		apiclient.WithHTTPClient(&http.Client{Transport: budgeted}), apiclient.WithBudgets(apiclient.NewBudgets(true)))
	if _, err := c.ListTags(ctx); err == nil {
		t.Fatal("the dropped request succeeded")
	}
	start := time.Now()
	for i := range readsPerMinute + 1 {
		if _, err := c.ListTags(ctx); err != nil {
			t.Fatalf("read %d: %v", i+1, err)
		}
	}
	if budgeted.n.Load() != 0 {
		t.Errorf("%d answers were 429 despite the budget", budgeted.n.Load())
	}
	// 122 requests against 120 a minute: two waits of half a second.
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("%d reads took %s: the client did not wait for its budget", readsPerMinute+1, elapsed)
	}
}

// publish creates an article and publishes it, as an editor would before
// the agent (and its search) relies on it.
func publish(t *testing.T, c *apiclient.Client, title, content string, tags ...string) *apiclient.Article {
	t.Helper()
	ctx := t.Context()
	a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Title: title, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	u := apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}
	if len(tags) > 0 {
		u.Tags = &tags
	}
	if a, err = c.UpdateArticle(ctx, a.ID, u); err != nil {
		t.Fatal(err)
	}
	return a
}

// checkSnippets fails the test unless every snippet names an existing
// article and every marked word lies inside its sentence, in characters,
// and spells the word it claims.
func checkSnippets(t *testing.T, c *apiclient.Client, name string, res *apiclient.SearchResult) {
	t.Helper()
	for _, s := range res.ArticleSnippets {
		if _, err := c.GetArticle(t.Context(), s.ArticleID); err != nil {
			t.Errorf("%s: snippet names article %d: %v", name, s.ArticleID, err)
		}
		chars := []rune(s.ExpositorySentence)
		if s.ExpositorySentence == "" || !utf8.ValidString(s.ExpositorySentence) {
			t.Errorf("%s: snippet of article %d has the sentence %q", name, s.ArticleID, s.ExpositorySentence)
		}
		for _, w := range s.QueryWordsIDs {
			if w.StartChar < 0 || w.StartChar >= w.EndChar || w.EndChar > len(chars) {
				t.Errorf("%s: word %+v lies outside %q (%d characters)", name, w, s.ExpositorySentence, len(chars))
				continue
			}
			if got := string(chars[w.StartChar:w.EndChar]); got != w.Text {
				t.Errorf("%s: characters %d-%d of %q are %q, the word says %q", name, w.StartChar, w.EndChar, s.ExpositorySentence, got, w.Text)
			}
		}
		var joined strings.Builder
		for _, seg := range s.Segments() {
			joined.WriteString(seg.Text)
		}
		if joined.String() != s.ExpositorySentence {
			t.Errorf("%s: segments of %q join to %q", name, s.ExpositorySentence, joined.String())
		}
	}
}

func snippetIDs(res *apiclient.SearchResult) []int64 {
	var out []int64
	for _, s := range res.ArticleSnippets {
		out = append(out, s.ArticleID)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestContractSearch(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-search", sandbox.ScopeWrite)
	ctx := t.Context()

	rueckgabe := publish(t, c, "Rückgabe", "Die Rückgabe ist innerhalb von 30 Tagen möglich. Der Żółw 🐢 bleibt im Laden.")
	returns := publish(t, c, "Return policy", "Our return policy allows returns within 30 days.", "policies")
	hours := publish(t, c, "Opening hours", "We are open 9 to 17 on weekdays.", "hours")

	search := func(name string, p apiclient.SearchParams) []int64 {
		t.Helper()
		res, err := c.SearchArticles(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSnippets(t, c, name, res)
		if res.ArticleSnapshots.Count < len(res.ArticleSnapshots.Items) {
			t.Errorf("%s: snapshots count %d below their %d items", name, res.ArticleSnapshots.Count, len(res.ArticleSnapshots.Items))
		}
		for _, id := range snippetIDs(res) {
			if !slices.ContainsFunc(res.ArticleSnapshots.Items, func(a apiclient.Article) bool { return a.ID == id }) {
				t.Errorf("%s: article %d has a snippet but no snapshot", name, id)
			}
		}
		return snippetIDs(res)
	}

	cases := []struct {
		name string
		p    apiclient.SearchParams
		want []int64
	}{
		{"a plain word", apiclient.SearchParams{Query: "weekdays"}, sorted(hours.ID)},
		{"a non-ASCII word", apiclient.SearchParams{Query: "Rückgabe"}, sorted(rueckgabe.ID)},
		{"an emoji does not shift the offsets", apiclient.SearchParams{Query: "Laden"}, sorted(rueckgabe.ID)},
		{"case-insensitive by default", apiclient.SearchParams{Query: "RÜCKGABE"}, sorted(rueckgabe.ID)},
		{"case-insensitive on request", apiclient.SearchParams{Query: "WEEKDAYS", IsCaseInsensitive: ptr(true)}, sorted(hours.ID)},
		{"case-sensitive", apiclient.SearchParams{Query: "WEEKDAYS", IsCaseInsensitive: ptr(false)}, sorted()},
		{"case-sensitive, same case", apiclient.SearchParams{Query: "Żółw", IsCaseInsensitive: ptr(false)}, sorted(rueckgabe.ID)},
		{"titles are searched by default", apiclient.SearchParams{Query: "Opening"}, sorted(hours.ID)},
		{"tags are searched by default", apiclient.SearchParams{Query: "policies"}, sorted(returns.ID)},
		{"titles and tags left out", apiclient.SearchParams{Query: "Opening", WithTitleURLAndTags: ptr(false)}, sorted()},
		{"tags left out", apiclient.SearchParams{Query: "policies", WithTitleURLAndTags: ptr(false)}, sorted()},
		{"content still searched without titles", apiclient.SearchParams{Query: "weekdays", WithTitleURLAndTags: ptr(false)}, sorted(hours.ID)},
		{"any word by default", apiclient.SearchParams{Query: "weekdays bicycles"}, sorted(hours.ID)},
		{"strict search wants the words together", apiclient.SearchParams{Query: "weekdays bicycles", StrictSearch: ptr(true)}, sorted()},
		{"strict search finds the phrase", apiclient.SearchParams{Query: "return policy", StrictSearch: ptr(true)}, sorted(returns.ID)},
		{"nothing matches", apiclient.SearchParams{Query: "submarine"}, sorted()},
	}
	for _, tc := range cases {
		if got := search(tc.name, tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("%s: snippets of %v, want %v", tc.name, got, tc.want)
		}
	}

	// Characters, not bytes or UTF-16 units: "Laden" comes after a
	// four-byte emoji that is two UTF-16 units.
	res, err := c.SearchArticles(ctx, apiclient.SearchParams{Query: "Laden", WithTitleURLAndTags: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ArticleSnippets) != 1 || !strings.Contains(res.ArticleSnippets[0].ExpositorySentence, "🐢") ||
		!slices.Contains(res.ArticleSnippets[0].Segments(), apiclient.Segment{Text: "Laden", Match: true}) {
		t.Errorf("searching Laden: %+v", res.ArticleSnippets)
	}

	// Marked words: "Rückgabe" starts at character 4 of the first sentence
	// whatever the bytes say.
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "Rückgabe", WithTitleURLAndTags: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ArticleSnippets) != 1 || !slices.ContainsFunc(res.ArticleSnippets[0].QueryWordsIDs, func(w apiclient.QueryWord) bool {
		return w.Text == "Rückgabe"
	}) {
		t.Errorf("searching Rückgabe: %+v", res.ArticleSnippets)
	} else if segs := res.ArticleSnippets[0].Segments(); !slices.Contains(segs, apiclient.Segment{Text: "Rückgabe", Match: true}) {
		t.Errorf("segments %+v do not mark Rückgabe", segs)
	}

	// The counts bound the answer.
	for i := range 4 {
		publish(t, c, "", strings.Repeat("Warranty covers the frame. ", i+1))
	}
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "warranty", NumOfDisplayArticles: 2, NumOfDataArticles: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkSnippets(t, c, "bounded", res)
	if n := len(snippetIDs(res)); n == 0 || n > 2 {
		t.Errorf("num_of_display_articles=2 gave snippets of %d articles", n)
	}
	if n := len(res.ArticleSnapshots.Items); n == 0 || n > 3 {
		t.Errorf("num_of_data_articles=3 gave %d snapshots", n)
	}
	res, err = c.SearchArticles(ctx, apiclient.SearchParams{Query: "warranty"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snippetIDs(res)); n != 4 {
		t.Errorf("by default, snippets of %d of the 4 warranty articles", n)
	}

	// A read-only token may search; a search without a query is refused.
	reader := api.client(t, "contract-search", sandbox.ScopeRead)
	if _, err := reader.SearchArticles(ctx, apiclient.SearchParams{Query: "returns"}); err != nil {
		t.Errorf("a read-only token cannot search: %v", err)
	}
	var apiErr *apiclient.APIError
	if _, err := c.SearchArticles(ctx, apiclient.SearchParams{}); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity {
		t.Errorf("an empty query: %v, want 422", err)
	}
}

func TestContractParagraphs(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-paragraphs", sandbox.ScopeWrite)
	ctx := t.Context()

	empty, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if empty.Count != 0 || len(empty.Items) != 0 {
		t.Fatalf("a new agent's paragraphs = %+v", empty)
	}
	articles := []*apiclient.Article{
		publish(t, c, "Return policy", "Returns are accepted within 30 days."),
		publish(t, c, "Żółw", "Der Żółw 🐢 bleibt im Laden."),
		publish(t, c, "Opening hours", "We are open 9 to 17 on weekdays."),
	}
	all, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if all.Count < len(articles) || len(all.Items) != all.Count {
		t.Fatalf("%d paragraphs listed of %d, for %d articles", len(all.Items), all.Count, len(articles))
	}
	seen := map[int64]bool{}
	for _, p := range all.Items {
		if p.ID <= 0 || p.Content == "" || seen[p.ID] {
			t.Errorf("paragraph %+v (repeated: %v)", p, seen[p.ID])
		}
		seen[p.ID] = true
		if p.ArticleID == nil {
			t.Errorf("paragraph %d names no article", p.ID)
			continue
		}
		a, err := c.GetArticle(ctx, *p.ArticleID)
		if err != nil {
			t.Errorf("paragraph %d names article %d: %v", p.ID, *p.ArticleID, err)
		} else if !strings.Contains(a.Content, p.Content) {
			t.Errorf("paragraph %d (%q) is not in article %d (%q)", p.ID, p.Content, a.ID, a.Content)
		}
	}
	for _, a := range articles {
		if !slices.ContainsFunc(all.Items, func(p apiclient.Paragraph) bool { return p.ArticleID != nil && *p.ArticleID == a.ID }) {
			t.Errorf("article %d has no paragraph", a.ID)
		}
	}

	// Pagination: pages of one cover everything once.
	var paged []int64
	for offset := 0; offset < all.Count; offset++ {
		page, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{Limit: 1, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Count != all.Count || page.Offset != offset {
			t.Fatalf("page at %d: %+v", offset, page)
		}
		paged = append(paged, page.Items[0].ID)
	}
	beyond, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{Limit: 1, Offset: all.Count})
	if err != nil || len(beyond.Items) != 0 || beyond.Count != all.Count {
		t.Errorf("the page past the end: %+v, %v", beyond, err)
	}
	slices.Sort(paged)
	allIDs := make([]int64, 0, len(all.Items))
	for _, p := range all.Items {
		allIDs = append(allIDs, p.ID)
	}
	slices.Sort(allIDs)
	if !slices.Equal(paged, allIDs) {
		t.Errorf("pages hold %v, the whole list %v", paged, allIDs)
	}

	// Query filters the content.
	for query, want := range map[string]int64{"weekdays": articles[2].ID, "🐢": articles[1].ID, "Żółw": articles[1].ID} {
		page, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{Query: query})
		if err != nil {
			t.Fatal(err)
		}
		if page.Count != len(page.Items) || len(page.Items) == 0 {
			t.Errorf("query %q: %+v", query, page)
		}
		for _, p := range page.Items {
			if p.ArticleID == nil || *p.ArticleID != want || !strings.Contains(strings.ToLower(p.Content), strings.ToLower(query)) {
				t.Errorf("query %q gave paragraph %+v", query, p)
			}
		}
	}
	none, err := c.ListParagraphs(ctx, apiclient.ListParagraphsParams{Query: "submarine"})
	if err != nil || none.Count != 0 || len(none.Items) != 0 {
		t.Errorf("query without match: %+v, %v", none, err)
	}
}

func TestContractLangURLs(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-lang-urls", sandbox.ScopeWrite)
	ctx := t.Context()
	a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Title: "Return policy", Content: "Returns within 30 days."})
	if err != nil {
		t.Fatal(err)
	}

	// None yet: 404, which the console shows as "no URL".
	var apiErr *apiclient.APIError
	if u, err := c.GetLangURL(ctx, a.ID, "de"); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || u != "" {
		t.Fatalf("a URL before any was set: %q, %v; want 404", u, err)
	}

	const de, de2 = "https://example.com/de/rückgabe", "https://example.com/de/retouren"
	got, err := c.CreateLangURL(ctx, a.ID, "de", de)
	if err != nil || got != de {
		t.Fatalf("CreateLangURL = %q, %v", got, err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de {
		t.Errorf("after creating: %q, %v", got, err)
	}
	if _, err := c.CreateLangURL(ctx, a.ID, "de", de2); !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict || apiErr.Message == "" {
		t.Errorf("a second POST: %v, want 409", err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de {
		t.Errorf("the refused POST changed the URL: %q, %v", got, err)
	}
	if u, err := c.GetLangURL(ctx, a.ID, "fr"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("another language: %q, %v; want 404", u, err)
	}
	if got, err = c.UpdateLangURL(ctx, a.ID, "de", de2); err != nil || got != de2 {
		t.Errorf("UpdateLangURL = %q, %v", got, err)
	}
	if got, err = c.GetLangURL(ctx, a.ID, "de"); err != nil || got != de2 {
		t.Errorf("after updating: %q, %v", got, err)
	}

	// A read-only token may read but not write.
	reader := api.client(t, "contract-lang-urls", sandbox.ScopeRead)
	if got, err = reader.GetLangURL(ctx, a.ID, "de"); err != nil || got != de2 {
		t.Errorf("reading with a read-only token: %q, %v", got, err)
	}
	if err := reader.DeleteLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("deleting with a read-only token: %v, want 403", err)
	}

	if err := c.DeleteLangURL(ctx, a.ID, "de"); err != nil {
		t.Fatal(err)
	}
	if u, err := c.GetLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("after deleting: %q, %v; want 404", u, err)
	}
	if err := c.DeleteLangURL(ctx, a.ID, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting again: %v, want 404", err)
	}
	if _, err := c.UpdateLangURL(ctx, a.ID, "de", de); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("updating a deleted URL: %v, want 404", err)
	}
	// After a delete, POST works again.
	if got, err = c.CreateLangURL(ctx, a.ID, "de", de); err != nil || got != de {
		t.Errorf("creating again: %q, %v", got, err)
	}

	// Refusals: an unknown language, an invalid URL, an unknown article.
	for _, language := range []string{"not-a-language", "xx", "pt BR"} {
		if _, err := c.CreateLangURL(ctx, a.ID, language, de); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" {
			t.Errorf("language %q: %v, want 422", language, err)
		}
	}
	if _, err := c.CreateLangURL(ctx, a.ID, "fr", "not a url"); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("an invalid URL: %v, want 422", err)
	}
	if _, err := c.GetLangURL(ctx, a.ID+1000, "de"); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("an unknown article: %v, want 404", err)
	}
	if _, err := c.CreateLangURL(ctx, a.ID+1000, "de", de); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("creating for an unknown article: %v, want 404", err)
	}
}

func TestContractRetrain(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-retrain", sandbox.ScopeWrite)
	ctx := t.Context()

	reader := api.client(t, "contract-retrain", sandbox.ScopeRead)
	if err := reader.RetrainKnowledgeBase(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("retraining with a read-only token: %v, want 403", err)
	}
	publish(t, c, "", "Orders ship in 2 days.")
	if err := c.RetrainKnowledgeBase(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := c.GetKnowledgeBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	later := []string{"to_be_retrained", "in_progress", "up_to_date"}
	if s.RetrainState == nil || !slices.Contains(later, *s.RetrainState) {
		t.Errorf("retrain state after asking for a retrain = %v, want one of %q", s.RetrainState, later)
	}
}

// allDemoConversations lists every conversation of the demo agent in one
// walk, as the console's export does.
func allDemoConversations(t *testing.T, c *apiclient.Client) []apiclient.Conversation {
	t.Helper()
	var all []apiclient.Conversation
	if err := c.AllConversations(t.Context(), apiclient.ListConversationsParams{}, 100, func(page *apiclient.Page[apiclient.Conversation]) error {
		all = append(all, page.Items...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

// convIDs gives the ids of conversations, sorted.
func convIDs(items []apiclient.Conversation) []string {
	out := make([]string, len(items))
	for i, conv := range items {
		out[i] = conv.ID
	}
	slices.Sort(out)
	return out
}

// convIDsWhere gives the sorted ids of the conversations keep accepts.
func convIDsWhere(items []apiclient.Conversation, keep func(apiclient.Conversation) bool) []string {
	var kept []apiclient.Conversation
	for _, conv := range items {
		if keep(conv) {
			kept = append(kept, conv)
		}
	}
	return convIDs(kept)
}

func TestContractConversationList(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()

	all := allDemoConversations(t, c)
	if len(all) < 60 {
		t.Fatalf("the demo agent has %d conversations, want at least 60", len(all))
	}
	seen := map[string]bool{}
	ords := map[int]bool{}
	for _, conv := range all {
		if conv.ID == "" || seen[conv.ID] || ords[conv.Ord] || conv.Ord <= 0 || conv.CreatedAt.IsZero() || conv.Source == "" {
			t.Errorf("conversation %+v (repeated: %v)", conv, seen[conv.ID])
		}
		seen[conv.ID], ords[conv.Ord] = true, true
		if !slices.Contains([]string{"ai_assistant", "human_operator", "unassigned"}, conv.Assignee.Type) {
			t.Errorf("conversation %s: assignee %+v", conv.ID, conv.Assignee)
		}
		if (conv.Assignee.Name != nil) != (conv.Assignee.Type == "human_operator") {
			t.Errorf("conversation %s: assignee %+v: only human operators have a name", conv.ID, conv.Assignee)
		}
		if !slices.Contains([]string{"open", "resolved"}, conv.ResolutionStatus) {
			t.Errorf("conversation %s: resolution status %q", conv.ID, conv.ResolutionStatus)
		}
		if conv.LastMessageAt != nil && conv.LastMessageAt.Before(conv.CreatedAt) {
			t.Errorf("conversation %s: last message %s before its start %s", conv.ID, conv.LastMessageAt, conv.CreatedAt)
		}
	}
	// Newest message first.
	for i := 1; i < len(all); i++ {
		if a, b := all[i-1].LastMessageAt, all[i].LastMessageAt; a != nil && b != nil && a.Before(*b) {
			t.Errorf("conversation %d (%s) comes before %d (%s)", i-1, a, i, b)
		}
	}

	// Each filter against the whole list, with a value the data has.
	values := func(get func(apiclient.Conversation) string) []string {
		var vs []string
		for _, conv := range all {
			if v := get(conv); !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
		return vs
	}
	type filter struct {
		name string
		p    apiclient.ListConversationsParams
		want []string
	}
	var filters []filter
	for _, v := range values(func(conv apiclient.Conversation) string { return conv.Assignee.Type }) {
		filters = append(filters, filter{"assignee " + v, apiclient.ListConversationsParams{AssigneeType: v},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.Assignee.Type == v })})
	}
	for _, v := range values(func(conv apiclient.Conversation) string { return conv.Source }) {
		filters = append(filters, filter{"source " + v, apiclient.ListConversationsParams{Source: v},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.Source == v })})
	}
	for _, v := range values(func(conv apiclient.Conversation) string { return conv.ResolutionStatus }) {
		filters = append(filters, filter{"status " + v, apiclient.ListConversationsParams{ResolutionStatus: v},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.ResolutionStatus == v })})
	}
	if n := len(values(func(conv apiclient.Conversation) string { return conv.Assignee.Type })); n < 3 {
		t.Errorf("the demo conversations have %d assignee types, want all 3", n)
	}
	if n := len(values(func(conv apiclient.Conversation) string { return conv.Source })); n < 2 {
		t.Errorf("the demo conversations come from %d sources", n)
	}

	// Dates: bounds half-way between two conversations, so whether a bound
	// is inclusive does not matter.
	created := make([]time.Time, len(all))
	for i, conv := range all {
		created[i] = conv.CreatedAt
	}
	slices.SortFunc(created, func(a, b time.Time) int { return a.Compare(b) })
	between := func(a, b time.Time) time.Time { return a.Add(b.Sub(a) / 2) }
	q1 := between(created[len(created)/4], created[len(created)/4+1])
	q3 := between(created[3*len(created)/4], created[3*len(created)/4+1])
	if !q1.Before(q3) {
		t.Fatalf("the demo conversations all start at about the same time: %s", created)
	}
	filters = append(filters,
		filter{"created from", apiclient.ListConversationsParams{CreatedStart: q1},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.CreatedAt.After(q1) })},
		filter{"created until", apiclient.ListConversationsParams{CreatedEnd: q3},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.CreatedAt.Before(q3) })},
		filter{"created between, in another zone", apiclient.ListConversationsParams{CreatedStart: q1.In(time.FixedZone("", -7*3600)), CreatedEnd: q3.In(time.FixedZone("", 5*3600+1800))},
			convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.CreatedAt.After(q1) && conv.CreatedAt.Before(q3) })},
	)
	var last []time.Time
	for _, conv := range all {
		if conv.LastMessageAt != nil {
			last = append(last, *conv.LastMessageAt)
		}
	}
	slices.SortFunc(last, func(a, b time.Time) int { return a.Compare(b) })
	if len(last) > 4 {
		mid := between(last[len(last)/2], last[len(last)/2+1])
		filters = append(filters,
			filter{"last message from", apiclient.ListConversationsParams{LastMessageStart: mid},
				convIDsWhere(all, func(conv apiclient.Conversation) bool {
					return conv.LastMessageAt != nil && conv.LastMessageAt.After(mid)
				})},
			filter{"last message until", apiclient.ListConversationsParams{LastMessageEnd: mid},
				convIDsWhere(all, func(conv apiclient.Conversation) bool {
					return conv.LastMessageAt != nil && conv.LastMessageAt.Before(mid)
				})},
		)
	}

	// The client's times name moments exactly: a range of one moment, both
	// ends included as the sandbox reads them, finds the conversation that
	// started then.
	var lone apiclient.Conversation
	for i, at := range created {
		if (i == 0 || !created[i-1].Equal(at)) && (i == len(created)-1 || !created[i+1].Equal(at)) {
			lone = all[slices.IndexFunc(all, func(conv apiclient.Conversation) bool { return conv.CreatedAt.Equal(at) })]
			break
		}
	}
	filters = append(filters, filter{"a range of one moment", apiclient.ListConversationsParams{CreatedStart: lone.CreatedAt, CreatedEnd: lone.CreatedAt.In(time.FixedZone("", 3600))},
		[]string{lone.ID}})

	// Filters combine.
	open := convIDsWhere(all, func(conv apiclient.Conversation) bool { return conv.ResolutionStatus == "open" })
	filters = append(filters, filter{"open and created from", apiclient.ListConversationsParams{ResolutionStatus: "open", CreatedStart: q1},
		convIDsWhere(all, func(conv apiclient.Conversation) bool {
			return conv.ResolutionStatus == "open" && conv.CreatedAt.After(q1)
		})})
	if len(open) == 0 || len(open) == len(all) {
		t.Errorf("%d of %d demo conversations are open", len(open), len(all))
	}

	// Query: by id, by order number.
	probe := all[len(all)/2]
	filters = append(filters,
		filter{"query by id", apiclient.ListConversationsParams{Query: probe.ID}, []string{probe.ID}})
	for _, f := range filters {
		var got []apiclient.Conversation
		p := f.p
		if err := c.AllConversations(ctx, p, 100, func(page *apiclient.Page[apiclient.Conversation]) error {
			got = append(got, page.Items...)
			if page.Count != len(f.want) {
				t.Errorf("%s: count %d, want %d", f.name, page.Count, len(f.want))
			}
			return nil
		}); err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		if ids := convIDs(got); !slices.Equal(ids, f.want) {
			t.Errorf("%s: %d conversations %v, want %d %v", f.name, len(ids), ids, len(f.want), f.want)
		}
		if len(f.want) == 0 || len(f.want) == len(all) {
			t.Errorf("%s: the filter does not narrow the %d demo conversations (%d left)", f.name, len(all), len(f.want))
		}
	}
	byOrd, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Query: strconv.Itoa(probe.Ord)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(byOrd.Items, func(conv apiclient.Conversation) bool { return conv.ID == probe.ID }) {
		t.Errorf("query %d does not find conversation %d: %v", probe.Ord, probe.Ord, convIDs(byOrd.Items))
	}

	// Query: a word said in the conversation.
	events, err := c.ListConversationEvents(ctx, probe.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var word string
	for _, ev := range events.Items {
		if ev.Type == "message" && ev.Author == "visitor" {
			for _, w := range strings.Fields(ev.Text) {
				if w = strings.Trim(w, ".,!?;:\"'()"); utf8.RuneCountInString(w) > len(word) {
					word = w
				}
			}
		}
	}
	if word == "" {
		t.Fatalf("conversation %s has no visitor message: %+v", probe.ID, events.Items)
	}
	byText, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Query: word, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(byText.Items, func(conv apiclient.Conversation) bool { return conv.ID == probe.ID }) || byText.Count >= len(all) {
		t.Errorf("query %q finds %d conversations without %s", word, byText.Count, probe.ID)
	}
	none, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Query: "zzqx-no-such-words"})
	if err != nil || none.Count != 0 || len(none.Items) != 0 {
		t.Errorf("a query without match: %+v, %v", none, err)
	}

	// Language: the details say which, the filter finds them.
	languages := map[string][]string{}
	for _, conv := range all {
		d, err := c.GetConversation(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		languages[d.MostFrequentLanguage] = append(languages[d.MostFrequentLanguage], d.ID)
	}
	if len(languages) < 2 || languages[""] != nil {
		t.Errorf("languages of the demo conversations: %v", languages)
	}
	for lang, want := range languages {
		page, err := c.ListConversations(ctx, apiclient.ListConversationsParams{MostFrequentLanguage: lang, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		if got := convIDs(page.Items); !slices.Equal(got, want) || page.Count != len(want) {
			t.Errorf("language %q: %v (count %d), want %v", lang, got, page.Count, want)
		}
	}

	// Pagination: pages of 7 cover the list once, in the same order.
	var paged []apiclient.Conversation
	for offset := 0; offset < len(all); offset += 7 {
		page, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 7, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if page.Offset != offset || page.Limit != 7 || page.Count != len(all) || len(page.Items) != min(7, len(all)-offset) {
			t.Fatalf("page at %d: offset %d, limit %d, count %d, %d items", offset, page.Offset, page.Limit, page.Count, len(page.Items))
		}
		paged = append(paged, page.Items...)
	}
	for i := range all {
		if paged[i].ID != all[i].ID {
			t.Fatalf("pages of 7 order the list differently from pages of 100 at %d", i)
		}
	}
	beyond, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 7, Offset: len(all)})
	if err != nil || len(beyond.Items) != 0 || beyond.Count != len(all) {
		t.Errorf("the page past the end: %+v, %v", beyond, err)
	}

	// Another agent sees none of them.
	other := api.client(t, "contract-no-conversations", sandbox.ScopeWrite)
	empty, err := other.ListConversations(ctx, apiclient.ListConversationsParams{})
	if err != nil || empty.Count != 0 || empty.Items == nil || len(empty.Items) != 0 {
		t.Errorf("an agent without conversations: %+v, %v", empty, err)
	}
	if _, err := other.GetConversation(ctx, probe.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("another agent's conversation: %v, want 404", err)
	}

	// Values the API refuses.
	var apiErr *apiclient.APIError
	for name, p := range map[string]apiclient.ListConversationsParams{
		"assignee type": {AssigneeType: "robot"},
		"status":        {ResolutionStatus: "pending"},
		"limit":         {Limit: -1},
	} {
		if _, err := c.ListConversations(ctx, p); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Message == "" {
			t.Errorf("an invalid %s: %v, want 422", name, err)
		}
	}
}

func TestContractConversationDetailsAndEvents(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	all := allDemoConversations(t, c)

	var humans, withAnalysis, withEvents int
	eventTypes := map[string]int{}
	for _, conv := range all {
		d, err := c.GetConversation(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Conversation, conv) {
			t.Errorf("details of %s:\n%+v\nthe list says\n%+v", conv.ID, d.Conversation, conv)
		}
		if d.Assignee.Type == "human_operator" {
			humans++
			if d.Assignee.Name == nil || *d.Assignee.Name == "" || d.Assignee.Email == nil || !strings.Contains(*d.Assignee.Email, "@") {
				t.Errorf("conversation %s: operator %+v", d.ID, d.Assignee)
			}
		}
		if a := d.UnifiedAnalysis; a != nil {
			withAnalysis++
			if !slices.Contains([]string{"positive", "neutral", "negative"}, a.Sentiment) ||
				!slices.Contains([]string{"resolved", "unresolved", "assumed_resolved"}, a.Resolution) || a.Topic == "" {
				t.Errorf("conversation %s: analysis %+v", d.ID, a)
			}
		}
		if d.ClientMetadata == nil {
			t.Errorf("conversation %s has no client metadata object", d.ID)
		}
		if d.LastVisitorMessageAt != nil && d.LastMessageAt != nil && d.LastVisitorMessageAt.After(*d.LastMessageAt) {
			t.Errorf("conversation %s: the visitor's last message %s after the last message %s", d.ID, d.LastVisitorMessageAt, d.LastMessageAt)
		}

		events, err := c.ListConversationEvents(ctx, conv.ID, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if events.Count != len(events.Items) {
			t.Fatalf("conversation %s: %d of %d events in a page of 100", conv.ID, len(events.Items), events.Count)
		}
		if events.Count > 0 {
			withEvents++
		}
		evIDs := map[string]bool{}
		for i, ev := range events.Items {
			eventTypes[ev.Type]++
			if ev.ID == "" || evIDs[ev.ID] || ev.CreatedAt.IsZero() || ev.CreatedAt.Before(conv.CreatedAt.Add(-time.Second)) {
				t.Errorf("conversation %s: event %+v", conv.ID, ev)
			}
			evIDs[ev.ID] = true
			if i > 0 && ev.CreatedAt.Before(events.Items[i-1].CreatedAt) {
				t.Errorf("conversation %s: event %d comes before the one it follows", conv.ID, i)
			}
			switch ev.Type {
			case "message":
				if ev.Text == "" || !slices.Contains([]string{"visitor", "ai_assistant", "human_operator"}, ev.Author) || ev.URL != "" {
					t.Errorf("conversation %s: message %+v", conv.ID, ev)
				}
			case "link_click":
				if !strings.HasPrefix(ev.URL, "http") {
					t.Errorf("conversation %s: link click %+v", conv.ID, ev)
				}
			case "log":
				if ev.Text == "" {
					t.Errorf("conversation %s: log %+v", conv.ID, ev)
				}
			default:
				t.Errorf("conversation %s: an event of type %q", conv.ID, ev.Type)
			}
		}
		if conv.LastMessageAt != nil && events.Count > 0 {
			var lastMessage time.Time
			for _, ev := range events.Items {
				if ev.Type == "message" {
					lastMessage = ev.CreatedAt
				}
			}
			if !lastMessage.Equal(*conv.LastMessageAt) {
				t.Errorf("conversation %s: last message at %s, its last message event at %s", conv.ID, conv.LastMessageAt, lastMessage)
			}
		}
	}
	if humans == 0 || withAnalysis == 0 || withEvents < len(all)/2 {
		t.Errorf("%d conversations with an operator, %d analysed, %d with events, of %d", humans, withAnalysis, withEvents, len(all))
	}
	for _, typ := range []string{"message", "link_click", "log"} {
		if eventTypes[typ] == 0 {
			t.Errorf("no demo conversation has a %s event: %v", typ, eventTypes)
		}
	}

	// Events page like any list.
	var long apiclient.Conversation
	for _, conv := range all {
		page, err := c.ListConversationEvents(ctx, conv.ID, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if page.Count >= 4 {
			long = conv
			break
		}
	}
	if long.ID == "" {
		t.Fatal("no demo conversation has 4 events")
	}
	whole, err := c.ListConversationEvents(ctx, long.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var paged []apiclient.Event
	for offset := 0; offset < whole.Count; offset += 3 {
		page, err := c.ListConversationEvents(ctx, long.ID, 3, offset)
		if err != nil {
			t.Fatal(err)
		}
		if page.Offset != offset || page.Count != whole.Count || len(page.Items) != min(3, whole.Count-offset) {
			t.Fatalf("events at %d: %+v", offset, page)
		}
		paged = append(paged, page.Items...)
	}
	if !reflect.DeepEqual(paged, whole.Items) {
		t.Errorf("pages of 3 events differ from one page of 100")
	}

	// Unknown conversations.
	for _, id := range []string{"00000000-0000-0000-0000-000000000000", "no such conversation", "a/b"} {
		var apiErr *apiclient.APIError
		if _, err := c.GetConversation(ctx, id); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" || apiErr.Message == "" {
			t.Errorf("details of %q: %v, want 404", id, err)
		}
		if _, err := c.ListConversationEvents(ctx, id, 0, 0); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("events of %q: %v, want 404", id, err)
		}
		if _, err := c.GetConversationMetadata(ctx, id); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("metadata of %q: %v, want 404", id, err)
		}
	}
}

func TestContractConversationMetadata(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	reader := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	all := allDemoConversations(t, c)
	conv := all[0].ID

	seeded := 0
	for _, other := range all {
		m, err := reader.GetConversationMetadata(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) > 0 {
			seeded++
		}
	}
	if seeded == 0 {
		t.Error("no demo conversation has metadata")
	}

	// A round trip keeps every type, and big numbers to the digit.
	want := map[string]any{
		"ticket_id": "T-1234", "priority": "high", "reviewed": true, "note": nil,
		"order":  json.Number("12345678901234567890"),
		"amount": json.Number("19.99"),
		"count":  json.Number("3"),
		"review": map[string]any{"by": "ana@example.com", "labels": []any{"refund", json.Number("2"), false}},
		"żółw":   "🐢",
	}
	got, err := c.SetConversationMetadata(ctx, conv, want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("POST answered\n%#v\nwant\n%#v", got, want)
	}
	if got, err = reader.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%#v (%v)\nwant\n%#v", got, err, want)
	}

	// A POST replaces: keys it leaves out are gone.
	if got, err = c.SetConversationMetadata(ctx, conv, map[string]any{"priority": "low"}); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("after replacing: %#v, %v", got, err)
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("read back after replacing: %#v, %v", got, err)
	}

	// The demo schema: priority is one of a few values; the 422 says where.
	var apiErr *apiclient.APIError
	for _, priority := range []any{"whenever", json.Number("3"), nil} {
		_, err = c.SetConversationMetadata(ctx, conv, map[string]any{"ticket_id": "T-1", "priority": priority})
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != "VALIDATION_ERROR" || !strings.Contains(apiErr.Message, "/priority") {
			t.Errorf("priority %v, outside the schema: %v, want 422 with the path to priority", priority, err)
		}
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || !reflect.DeepEqual(got, map[string]any{"priority": "low"}) {
		t.Errorf("the refused POST changed the metadata: %#v, %v", got, err)
	}

	// A read-only token may read, not write.
	_, err = reader.SetConversationMetadata(ctx, conv, map[string]any{"priority": "high"})
	wantDenied := apiclient.APIError{Status: http.StatusForbidden, Code: "PERMISSION_DENIED", Message: "Insufficient token scope. Required: write_all"}
	if !errors.As(err, &apiErr) || *apiErr != wantDenied {
		t.Errorf("a read-only POST: %v, want %v", err, &wantDenied)
	}

	// Clearing: nil stores an empty object.
	if got, err = c.SetConversationMetadata(ctx, conv, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("clearing: %#v, %v", got, err)
	}
	if got, err = c.GetConversationMetadata(ctx, conv); err != nil || len(got) != 0 {
		t.Errorf("read back after clearing: %#v, %v", got, err)
	}

	// Another conversation is untouched; an unknown one is 404.
	if _, err := c.SetConversationMetadata(ctx, "00000000-0000-0000-0000-000000000000", map[string]any{"priority": "low"}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("metadata of an unknown conversation: %v, want 404", err)
	}
}

func TestContractRatingConfiguration(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-ratings", sandbox.ScopeWrite)
	reader := api.client(t, "contract-ratings", sandbox.ScopeRead)
	ctx := t.Context()

	start, err := reader.GetRatingConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if start.ConvRatingActive != start.ConvRatingPopupActive || start.ConvRatingQuestionCodes == nil {
		t.Errorf("a new agent's rating configuration = %+v", start)
	}

	off, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if off.ConvRatingActive || off.ConvRatingPopupActive || !slices.Equal(off.ConvRatingQuestionCodes, start.ConvRatingQuestionCodes) {
		t.Errorf("after switching off: %+v (started as %+v)", off, start)
	}
	if got, err := reader.GetRatingConfiguration(ctx); err != nil || !reflect.DeepEqual(got, off) {
		t.Errorf("read back: %+v, %v", got, err)
	}

	// The questions alone; then none.
	codes, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{"HELPFUL_THUMBS"}})
	if err != nil {
		t.Fatal(err)
	}
	if codes.ConvRatingActive || !slices.Equal(codes.ConvRatingQuestionCodes, []string{"HELPFUL_THUMBS"}) {
		t.Errorf("after changing the questions: %+v", codes)
	}
	var none []string
	if cleared, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &none}); err != nil ||
		cleared.ConvRatingQuestionCodes == nil || len(cleared.ConvRatingQuestionCodes) != 0 {
		t.Errorf("after clearing the questions: %+v, %v", cleared, err)
	}

	// The popup goes with rating: a change that would part them is refused
	// and changes nothing.
	before, err := c.GetRatingConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, u := range map[string]apiclient.RatingConfigurationUpdate{
		"popup without rating":         {ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(true)},
		"rating without popup":         {ConvRatingActive: ptr(true), ConvRatingPopupActive: ptr(false)},
		"rating alone, popup left off": {ConvRatingActive: ptr(true)},
		"popup alone, rating left off": {ConvRatingPopupActive: ptr(true)},
	} {
		var apiErr *apiclient.APIError
		if got, err := c.UpdateRatingConfiguration(ctx, u); !errors.As(err, &apiErr) ||
			(apiErr.Status != http.StatusUnprocessableEntity && apiErr.Status != http.StatusBadRequest) || apiErr.Message == "" {
			t.Errorf("%s: %+v, %v; want 422 (or 400)", name, got, err)
		}
	}
	if after, err := c.GetRatingConfiguration(ctx); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("refused changes changed the configuration: %+v, %v (was %+v)", after, err, before)
	}

	on, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(true), ConvRatingPopupActive: ptr(true)})
	if err != nil || !on.ConvRatingActive || !on.ConvRatingPopupActive {
		t.Errorf("switching on: %+v, %v", on, err)
	}

	// A read-only token may read, not write.
	if _, err := reader.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(false)}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a read-only PATCH: %v, want 403", err)
	}
	// Unknown question codes are refused.
	if _, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{"NOT_A_QUESTION"}}); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("an unknown question code: %v, want 422", err)
	}
}

func TestContractAllConversations(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()

	first, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if first.Count < 60 {
		t.Fatalf("the demo agent has %d conversations, want at least 60", first.Count)
	}
	var pages, rows int
	seen := map[string]bool{}
	err = c.AllConversations(ctx, apiclient.ListConversationsParams{}, 7, func(page *apiclient.Page[apiclient.Conversation]) error {
		pages++
		if page.Offset != rows || page.Count != first.Count || len(page.Items) > 7 {
			t.Errorf("page %d: offset %d, count %d, %d items after %d rows", pages, page.Offset, page.Count, len(page.Items), rows)
		}
		for _, conv := range page.Items {
			if seen[conv.ID] {
				t.Errorf("conversation %s came twice", conv.ID)
			}
			seen[conv.ID] = true
		}
		rows += len(page.Items)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rows != first.Count || pages != (first.Count+6)/7 {
		t.Errorf("%d rows in %d pages, want %d in %d", rows, pages, first.Count, (first.Count+6)/7)
	}

	// Under the API's own rate limit, with the client's budgets, the walk
	// never meets a 429.
	limited := newContractAPI(t, true)
	counter := &countingTransport{status: http.StatusTooManyRequests}
	c = limited.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead,
		apiclient.WithHTTPClient(&http.Client{Transport: counter}), apiclient.WithBudgets(apiclient.NewBudgets(true)))
	rows = 0
	if err := c.AllConversations(ctx, apiclient.ListConversationsParams{}, 5, func(page *apiclient.Page[apiclient.Conversation]) error {
		rows += len(page.Items)
		return nil
	}); err != nil || rows != first.Count || counter.n.Load() != 0 {
		t.Errorf("walking in pages of 5 under rate limits: %d rows, %d answers 429, %v", rows, counter.n.Load(), err)
	}
}

// checkUploaded fails the test unless an upload made a draft article titled
// with the file's name, holding want, that the API also lists.
func checkUploaded(t *testing.T, c *apiclient.Client, res *apiclient.UploadResult, err error, name, want string) {
	t.Helper()
	if err != nil {
		t.Fatalf("uploading %s: %v", name, err)
	}
	if res.Status != "success" || res.Message == "" || res.Article.ID <= 0 || res.Article.Title != name {
		t.Errorf("uploading %s: %+v", name, res)
	}
	got, err := c.GetArticle(t.Context(), res.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != name || !strings.Contains(got.Content, want) {
		t.Errorf("uploaded %s: article titled %q holds %q, want %q in it", name, got.Title, got.Content, want)
	}
}

// plainReader hides everything but Read, so its size is unknown and the
// upload goes in chunks.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestContractUploads(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-uploads", sandbox.ScopeWrite)
	ctx := t.Context()
	pdf := testdocs.PDF("Returns are accepted within 30 days.")
	docx := testdocs.DOCX("Shipping guide", "Orders ship within two working days.")

	res, err := c.UploadPDF(ctx, "Return policy.pdf", bytes.NewReader(pdf))
	checkUploaded(t, c, res, err, "Return policy.pdf", "Returns are accepted within 30 days.")
	if res != nil && res.Article.State != "draft" {
		t.Errorf("an uploaded PDF is %q, want a draft", res.Article.State)
	}
	res, err = c.UploadFile(ctx, "Shipping guide.docx", bytes.NewReader(docx))
	checkUploaded(t, c, res, err, "Shipping guide.docx", "Orders ship within two working days.")
	res, err = c.UploadFile(ctx, "Prices.pdf", plainReader{bytes.NewReader(pdf)}) // sent in chunks
	checkUploaded(t, c, res, err, "Prices.pdf", "Returns are accepted within 30 days.")

	file, err := os.Create(filepath.Join(t.TempDir(), "Opening hours.docx"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := file.Write(testdocs.DOCX("We are open 9 to 17 on weekdays.")); err != nil {
		t.Fatal(err)
	}
	file.Seek(0, io.SeekStart)
	res, err = c.UploadFile(ctx, file.Name(), file) // the folder is not sent
	checkUploaded(t, c, res, err, "Opening hours.docx", "We are open 9 to 17 on weekdays.")

	// A file that is not a PDF, sent as one, is refused with the envelope.
	_, err = c.UploadPDF(ctx, "notes.txt", strings.NewReader("Just some notes."))
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status > 499 || apiErr.Code == "" || !strings.Contains(apiErr.Message, "notes.txt") {
		t.Errorf("a text file sent as a PDF: %v, want a 4xx naming the file", err)
	}
	// So is a document renamed to look like a PDF: the content decides.
	if _, err := c.UploadPDF(ctx, "Shipping guide.pdf", bytes.NewReader(docx)); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a Word document named .pdf sent as a PDF: %v, want a 4xx", err)
	}
	if _, err := c.UploadFile(ctx, "empty.pdf", strings.NewReader("")); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an empty file: %v, want a 4xx", err)
	}
	if _, err := c.UploadFile(ctx, "image.png", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an image: %v, want a 4xx", err)
	}

	reader := api.client(t, "contract-uploads", sandbox.ScopeRead)
	if _, err := reader.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("uploading with a read-only token: %v, want 403", err)
	}

	page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 4 {
		t.Errorf("after 4 uploads and 6 refusals the agent has %d articles", page.Count)
	}
}

func TestContractUploadLimit(t *testing.T) {
	sb, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: contractSecret, UploadLimit: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	defer func() {
		srv.Close()
		sb.Close()
	}()
	api := &contractAPI{sb: sb, origin: srv.URL}
	c := api.client(t, "contract-upload-limit", sandbox.ScopeWrite)
	big := append(testdocs.PDF("Big"), bytes.Repeat([]byte("%padding\n"), 1<<20/9)...) // 1 MiB

	for name, r := range map[string]io.Reader{
		"with its length": bytes.NewReader(big),
		"in chunks":       plainReader{bytes.NewReader(big)},
	} {
		_, err := c.UploadPDF(t.Context(), "big.pdf", r)
		var apiErr *apiclient.APIError
		if !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || !strings.Contains(apiErr.Message, "limit") {
			t.Errorf("a 1 MiB upload %s over a 256 KiB limit: %v, want the API's 4xx about the limit", name, err)
		}
	}
	res, err := c.UploadPDF(t.Context(), "small.pdf", bytes.NewReader(testdocs.PDF("Small")))
	checkUploaded(t, c, res, err, "small.pdf", "Small")
}

// helpSite is a small website on 127.0.0.1 (the sandbox fetches only from
// loopback by default): a docs page linking to two articles, and a sitemap
// listing them and a blog post.
func helpSite(t *testing.T) *httptest.Server {
	t.Helper()
	return testdocs.HelpSite(t,
		testdocs.Page{Path: "/docs", Title: "Help center", Unlisted: true, Body: `<nav>Menu</nav><main><h1>Help center</h1>
			<p>Find answers about returns and shipping.</p><a href="/docs/returns">Returns</a> <a href="/docs/shipping">Shipping</a></main>`},
		testdocs.Page{Path: "/docs/returns", Title: "Returns", Body: `<main id="content"><p>Returns are accepted within 30 days.</p></main>
			<footer>Copyright</footer>`},
		testdocs.Page{Path: "/docs/shipping", Title: "Shipping", Body: `<main id="content"><p>Orders ship within two working days.</p></main>`},
		testdocs.Page{Path: "/blog/launch", Title: "Launch", Body: `<p>We launched.</p>`},
	)
}

// articleAt returns the agent's article imported from address.
func articleAt(t *testing.T, c *apiclient.Client, address string) *apiclient.Article {
	t.Helper()
	page, err := c.ListArticles(t.Context(), apiclient.ListArticlesParams{URL: address, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		if a.URL != nil && *a.URL == address {
			full, err := c.GetArticle(t.Context(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatalf("no article imported from %s among %d", address, page.Count)
	return nil
}

func TestContractImports(t *testing.T) {
	api := newContractAPI(t, false)
	site := helpSite(t)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	// One page.
	c := api.client(t, "contract-import-page", sandbox.ScopeWrite)
	one, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", HTMLSelector: "#content"})
	if err != nil {
		t.Fatal(err)
	}
	if one.Status != "success" || one.URL != site.URL+"/docs/returns" || one.Article.ID <= 0 || one.Article.Title != "Returns" ||
		one.Article.URL == nil || *one.Article.URL != site.URL+"/docs/returns" || one.ArticlesCreated != 0 {
		t.Errorf("importing one page: %+v", one)
	}
	if a := articleAt(t, c, site.URL+"/docs/returns"); !strings.Contains(a.Content, "Returns are accepted within 30 days.") || strings.Contains(a.Content, "Copyright") {
		t.Errorf("the imported page holds %q", a.Content)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", Phrases: []string{"30 days"}, Mode: apiclient.WebsiteIndividualWithSummary}); err != nil {
		t.Errorf("a summarized import with phrases: %v", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/returns", HTMLSelector: "#nowhere"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("a selector that matches nothing: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs/gone"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a page that is not there: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: "https://example.com/"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("a site beyond the fetch allow list: %v, want a 4xx", err)
	}
	if _, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs", Mode: "everything"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an unknown mode: %v, want a 4xx", err)
	}

	// A whole site: the docs page and the two it links to.
	c = api.client(t, "contract-import-site", sandbox.ScopeWrite)
	all, err := c.ImportWebsite(ctx, apiclient.WebsiteImport{URL: site.URL + "/docs", Mode: apiclient.WebsiteSiteWide})
	if err != nil {
		t.Fatal(err)
	}
	if all.ArticlesCreated != 3 || all.Article.Title != "Help center" {
		t.Errorf("a site-wide import: %+v, want 3 articles", all)
	}
	for _, path := range []string{"/docs", "/docs/returns", "/docs/shipping"} {
		if a := articleAt(t, c, site.URL+path); a.Type != "URL" {
			t.Errorf("%s was imported as a %q article", path, a.Type)
		}
	}

	// A sitemap, filtered.
	c = api.client(t, "contract-import-sitemap", sandbox.ScopeWrite)
	sm, err := c.ImportSitemap(ctx, apiclient.SitemapImport{SiteMap: site.URL + "/sitemap.xml", LinkFilterRegex: "/docs/", HTMLSelector: "#content"})
	if err != nil {
		t.Fatal(err)
	}
	if sm.Status != "success" || !slices.Equal(sm.Links, []string{site.URL + "/docs/returns", site.URL + "/docs/shipping"}) {
		t.Errorf("a filtered sitemap import: %+v", sm)
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 2 {
		t.Errorf("after the sitemap import: %v articles (err %v), want 2", page, err)
	}
	if _, err := c.ImportSitemap(ctx, apiclient.SitemapImport{SiteMap: site.URL + "/sitemap.xml", LinkFilterRegex: "("}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an invalid filter: %v, want a 4xx", err)
	}

	// A list of links, tagged.
	c = api.client(t, "contract-import-links", sandbox.ScopeWrite)
	ll, err := c.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{site.URL + "/docs/shipping", site.URL + "/blog/launch"}, Tags: []string{"imported"}, Summarize: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ll.Links, []string{site.URL + "/docs/shipping", site.URL + "/blog/launch"}) {
		t.Errorf("a link list import: %+v", ll)
	}
	if a := articleAt(t, c, site.URL+"/blog/launch"); !slices.Equal(a.Tags, []string{"imported"}) || !strings.Contains(a.Content, "We launched.") {
		t.Errorf("an imported link: %+v", a)
	}
	if _, err := c.ImportLinks(ctx, apiclient.LinkListImport{}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Message == "" {
		t.Errorf("an empty link list: %v, want a 4xx", err)
	}
	if _, err := c.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{"not a link"}}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a link that is not a URL: %v, want a 4xx", err)
	}

	// YouTube: accepted, processed later.
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ToastProcessUUID: apiclient.NewProcessUUID()}); err != nil {
		t.Errorf("a YouTube import: %v", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://youtu.be/dQw4w9WgXcQ"}); err != nil {
		t.Errorf("a YouTube import without a process UUID: %v", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ToastProcessUUID: "not-a-uuid"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an invalid process UUID: %v, want a 4xx", err)
	}
	if err := c.ImportYouTube(ctx, apiclient.YouTubeImport{URL: site.URL + "/docs"}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a YouTube import of another site: %v, want a 4xx", err)
	}

	reader := api.client(t, "contract-import-links", sandbox.ScopeRead)
	if _, err := reader.ImportLinks(ctx, apiclient.LinkListImport{Links: []string{site.URL + "/docs"}}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
}

// externalArticle is an article on the external side of a source, as the
// sandbox-only /sandbox/sources/{source}/articles paths show it.
type externalArticle struct {
	ID                int64  `json:"id"`
	Title             string `json:"title"`
	Content           string `json:"content"`
	URL               string `json:"url"`
	Revision          int    `json:"revision"`
	ImportedArticleID *int64 `json:"imported_article_id"`
}

// external changes (or reads) the external side of a source through the
// sandbox-only paths, as Intercom or Shopify would change it, and decodes
// the answer into out unless it is nil.
func (api *contractAPI) external(t *testing.T, scenarioID, method, path string, body any, wantStatus int, out any) {
	t.Helper()
	token, err := api.sb.Token(scenarioID, sandbox.ScopeWrite, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, api.origin+"/sandbox/sources/"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s /sandbox/sources/%s: %d %s, want %d", method, path, resp.StatusCode, raw, wantStatus)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s /sandbox/sources/%s: %v", method, path, err)
		}
	}
}

// diffsByArticle indexes diffs by the knowledge base article they compare,
// as "internal/external".
func diffsByArticle(t *testing.T, diffs []apiclient.ArticleDiff) map[int64]string {
	t.Helper()
	out := map[int64]string{}
	for _, d := range diffs {
		if _, dup := out[d.ArticleSnapshot.ID]; dup || d.ArticleSnapshot.ID <= 0 {
			t.Errorf("diff of article %d twice or without an id: %+v", d.ArticleSnapshot.ID, diffs)
		}
		out[d.ArticleSnapshot.ID] = d.InternalArticleDiff + "/" + d.ExternalArticleDiff
	}
	return out
}

// copyOf returns the knowledge base copy of an external article.
func copyOf(t *testing.T, x externalArticle) int64 {
	t.Helper()
	if x.ImportedArticleID == nil {
		t.Fatalf("external article %d (%q) has no copy", x.ID, x.Title)
	}
	return *x.ImportedArticleID
}

func TestContractSources(t *testing.T) {
	api := newContractAPI(t, false)
	const scenario = "contract-sources"
	c := api.client(t, scenario, sandbox.ScopeWrite)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	if diffs, err := c.DiffSource(ctx, "shopify"); err != nil || diffs == nil || len(diffs) != 0 {
		t.Fatalf("a diff before any import: %v (err %v), want an empty list", diffs, err)
	}
	var ext []externalArticle
	api.external(t, scenario, "GET", "shopify/articles", nil, http.StatusOK, &ext)
	if len(ext) < 3 {
		t.Fatalf("the simulated Shopify store has %d articles, want at least 3", len(ext))
	}

	imported, err := c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if len(imported) != len(ext) {
		t.Fatalf("imported %d articles of %d", len(imported), len(ext))
	}
	for _, a := range imported {
		if a.ID <= 0 || a.Title == "" || a.ParentType == nil || *a.ParentType != "shopify" || a.URL == nil {
			t.Errorf("an imported article: %+v", a)
		}
	}
	again, err := c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(again), ids(imported)) {
		t.Errorf("importing again gave %v, then %v: want the same articles, not copies", ids(imported), ids(again))
	}
	api.external(t, scenario, "GET", "shopify/articles", nil, http.StatusOK, &ext)
	diffs, err := c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got := diffsByArticle(t, diffs)
	if len(got) != len(ext) {
		t.Errorf("diffs of %d articles, want %d", len(got), len(ext))
	}
	for id, d := range got {
		if d != "UNCHANGED/UNCHANGED" {
			t.Errorf("right after the import, article %d is %s", id, d)
		}
	}

	// Shopify changes one article and drops another; someone edits a third
	// in the Knowledge Base.
	changed, removed, edited := ext[0], ext[1], ext[2]
	api.external(t, scenario, "PATCH", fmt.Sprintf("shopify/articles/%d", changed.ID), map[string]string{"content": "Free shipping above 80 EUR."}, http.StatusOK, nil)
	api.external(t, scenario, "DELETE", fmt.Sprintf("shopify/articles/%d", removed.ID), nil, http.StatusNoContent, nil)
	if _, err := c.UpdateArticle(ctx, copyOf(t, edited), apiclient.ArticleUpdate{Content: ptr("Edited by the support team.")}); err != nil {
		t.Fatal(err)
	}
	var added externalArticle
	api.external(t, scenario, "POST", "shopify/articles", map[string]string{"title": "Gift cards", "content": "Gift cards never expire."}, http.StatusCreated, &added)

	diffs, err = c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got = diffsByArticle(t, diffs)
	want := map[int64]string{copyOf(t, changed): "UNCHANGED/CHANGED", copyOf(t, removed): "UNCHANGED/REMOVED", copyOf(t, edited): "CHANGED/UNCHANGED"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("article %d is %q, want %s", id, got[id], w)
		}
	}
	if len(got) != len(ext) {
		t.Errorf("diffs of %d articles, want %d (the new one has no copy yet)", len(got), len(ext))
	}

	// Importing again brings the changes in and the new article along.
	imported, err = c.ImportSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	if len(imported) != len(ext) { // one removed, one added
		t.Errorf("the second import lists %d articles, want %d", len(imported), len(ext))
	}
	if a, err := c.GetArticle(ctx, copyOf(t, changed)); err != nil || a.Content != "Free shipping above 80 EUR." {
		t.Errorf("after importing again the changed article holds %q (err %v)", a.Content, err)
	}
	diffs, err = c.DiffSource(ctx, "shopify")
	if err != nil {
		t.Fatal(err)
	}
	got = diffsByArticle(t, diffs)
	if got[copyOf(t, changed)] != "UNCHANGED/UNCHANGED" || got[copyOf(t, removed)] != "UNCHANGED/REMOVED" {
		t.Errorf("after importing again: %v", got)
	}

	// Deleting the source removes every article it brought.
	if err := c.DeleteSource(ctx, "shopify"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{copyOf(t, changed), copyOf(t, removed), copyOf(t, edited)} {
		if _, err := c.GetArticle(ctx, id); !apiclient.IsStatus(err, http.StatusNotFound) {
			t.Errorf("article %d after deleting the source: %v, want 404", id, err)
		}
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("after deleting the source: %+v (err %v), want no articles", page, err)
	}
	if diffs, err := c.DiffSource(ctx, "shopify"); err != nil || len(diffs) != 0 {
		t.Errorf("a diff after deleting: %v (err %v), want none", diffs, err)
	}
	if err := c.DeleteSource(ctx, "shopify"); err != nil {
		t.Errorf("deleting a source with nothing left: %v", err)
	}

	// Names: escaped into one path segment, so the API sees (and refuses)
	// the whole name rather than another path.
	for _, name := range []string{"Help Center", "a/b", "shopify?x=1", "../articles"} {
		if _, err := c.ImportSource(ctx, name); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || apiErr.Status == http.StatusNotFound || apiErr.Status == http.StatusMethodNotAllowed {
			t.Errorf("source %q: %v, want the API to refuse the name", name, err)
		}
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("refused source names created articles: %+v (err %v)", page, err)
	}

	reader := api.client(t, scenario, sandbox.ScopeRead)
	if _, err := reader.ImportSource(ctx, "shopify"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
	if _, err := reader.DiffSource(ctx, "shopify"); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a source diff (a POST) with a read-only token: %v, want 403", err)
	}
}

func TestContractIntercom(t *testing.T) {
	api := newContractAPI(t, false)
	const scenario = "contract-intercom"
	c := api.client(t, scenario, sandbox.ScopeWrite)
	reader := api.client(t, scenario, sandbox.ScopeRead)
	ctx := t.Context()
	var apiErr *apiclient.APIError

	if diffs, err := reader.DiffIntercom(ctx); err != nil || diffs == nil || len(diffs) != 0 {
		t.Fatalf("a diff before any import: %v (err %v), want an empty list", diffs, err)
	}
	if _, err := reader.ImportIntercom(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("importing with a read-only token: %v, want 403", err)
	}
	imported, err := c.ImportIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ext []externalArticle
	api.external(t, scenario, "GET", "intercom/articles", nil, http.StatusOK, &ext)
	if len(ext) < 3 || len(imported) != len(ext) {
		t.Fatalf("imported %d of Intercom's %d articles", len(imported), len(ext))
	}
	for _, a := range imported {
		if a.ParentType == nil || *a.ParentType != "intercom" || a.URL == nil || !strings.HasPrefix(*a.URL, "https://") {
			t.Errorf("an imported article: %+v", a)
		}
	}
	// The dedicated endpoints and the general ones see the same source.
	viaSource, err := c.DiffSource(ctx, "intercom")
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(diffsByArticle(t, diffs), diffsByArticle(t, viaSource)) || len(diffs) != len(ext) {
		t.Errorf("DiffIntercom %v, DiffSource(intercom) %v", diffsByArticle(t, diffs), diffsByArticle(t, viaSource))
	}

	// Intercom changes two articles and gains one.
	first, second, gone := ext[0], ext[1], ext[2]
	for _, x := range []externalArticle{first, second} {
		api.external(t, scenario, "PATCH", fmt.Sprintf("intercom/articles/%d", x.ID), map[string]string{"title": x.Title + " (updated)"}, http.StatusOK, nil)
	}
	var added externalArticle
	api.external(t, scenario, "POST", "intercom/articles", map[string]string{"title": "Winter storage", "content": "Keep the battery indoors."}, http.StatusCreated, &added)
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := diffsByArticle(t, diffs)
	if got[copyOf(t, first)] != "UNCHANGED/CHANGED" || got[copyOf(t, second)] != "UNCHANGED/CHANGED" {
		t.Errorf("after Intercom changed two articles: %v", got)
	}

	// Refreshing one article brings only its change, and nothing new.
	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{ArticleIDs: []int64{copyOf(t, first)}, FetchNewArticles: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if a, err := c.GetArticle(ctx, copyOf(t, first)); err != nil || a.Title != first.Title+" (updated)" {
		t.Errorf("the refreshed article: %+v (err %v)", a, err)
	}
	if a, err := c.GetArticle(ctx, copyOf(t, second)); err != nil || a.Title != second.Title {
		t.Errorf("an article left out of the refresh: %+v (err %v)", a, err)
	}
	page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil || page.Count != len(ext) {
		t.Errorf("after refreshing without new articles: %d articles (err %v), want %d", page.Count, err, len(ext))
	}
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := diffsByArticle(t, diffs); got[copyOf(t, first)] != "UNCHANGED/UNCHANGED" || got[copyOf(t, second)] != "UNCHANGED/CHANGED" {
		t.Errorf("after refreshing one article: %v", got)
	}

	// Refreshing everything brings the rest and the new article.
	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{}); err != nil {
		t.Fatal(err)
	}
	page, err = c.ListArticles(ctx, apiclient.ListArticlesParams{})
	if err != nil || page.Count != len(ext)+1 {
		t.Errorf("after a full refresh: %d articles (err %v), want %d", page.Count, err, len(ext)+1)
	}
	api.external(t, scenario, "GET", "intercom/articles", nil, http.StatusOK, &ext)
	if a, err := c.GetArticle(ctx, copyOf(t, ext[len(ext)-1])); err != nil || a.Title != "Winter storage" || a.Content != "Keep the battery indoors." {
		t.Errorf("the new Intercom article after a refresh: %+v (err %v)", a, err)
	}

	if err := c.RefreshIntercom(ctx, apiclient.IntercomRefresh{ArticleIDs: []int64{987654321}}); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || !strings.Contains(apiErr.Message, "987654321") {
		t.Errorf("refreshing an article that is not from Intercom: %v, want a 4xx naming it", err)
	}

	// Intercom drops an article: the diff says so, and the copy stays.
	api.external(t, scenario, "DELETE", fmt.Sprintf("intercom/articles/%d", gone.ID), nil, http.StatusNoContent, nil)
	diffs, err = reader.DiffIntercom(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := diffsByArticle(t, diffs); got[copyOf(t, gone)] != "UNCHANGED/REMOVED" {
		t.Errorf("after Intercom dropped an article: %v", got)
	}
	if _, err := c.GetArticle(ctx, copyOf(t, gone)); err != nil {
		t.Errorf("the copy of a dropped article: %v", err)
	}

	if err := reader.DeleteIntercom(ctx); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("deleting with a read-only token: %v, want 403", err)
	}
	if err := c.DeleteIntercom(ctx); err != nil {
		t.Fatal(err)
	}
	if page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{}); err != nil || page.Count != 0 {
		t.Errorf("after deleting Intercom's articles: %d left (err %v)", page.Count, err)
	}
	if diffs, err := reader.DiffIntercom(ctx); err != nil || len(diffs) != 0 {
		t.Errorf("a diff after deleting: %v (err %v), want none", diffs, err)
	}
}

func TestContractUploadBudget(t *testing.T) {
	api := newContractAPI(t, true)
	ctx := t.Context()
	pdf := testdocs.PDF("Budget")
	const heavyPerMinute = 20

	// Without budgets, an upload beyond the minute's 20 meets the sandbox's
	// 429, which is returned: a streamed body cannot be sent again.
	unbudgeted := &countingTransport{status: http.StatusTooManyRequests}
	c := api.client(t, "contract-upload-rate-a", sandbox.ScopeWrite, apiclient.WithHTTPClient(&http.Client{Transport: unbudgeted}))
	var err error
	calls := 0
	for ; calls < 3*heavyPerMinute && unbudgeted.n.Load() == 0; calls++ {
		_, err = c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf))
	}
	if !apiclient.IsStatus(err, http.StatusTooManyRequests) || unbudgeted.n.Load() != 1 || int(unbudgeted.sent.Load()) != calls {
		t.Errorf("after %d uploads (%d requests, %d answered 429): %v; want the 429 returned, not retried", calls, unbudgeted.sent.Load(), unbudgeted.n.Load(), err)
	}

	// With budgets, the upload waits for its turn, the console can say for
	// how long beforehand, and no 429 comes. The first request is lost on
	// the way, so the client's budget runs one behind the sandbox's.
	budgets := apiclient.NewBudgets(true)
	budgeted := &countingTransport{status: http.StatusTooManyRequests, dropFirst: true}
	c = api.client(t, "contract-upload-rate-b", sandbox.ScopeWrite,
		apiclient.WithHTTPClient(&http.Client{Transport: budgeted}), apiclient.WithBudgets(budgets))
	if _, err := c.UploadPDF(ctx, "lost.pdf", bytes.NewReader(pdf)); err == nil {
		t.Fatal("the dropped upload succeeded")
	}
	for i := range heavyPerMinute - 2 {
		if _, err := c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatalf("upload %d: %v", i+1, err)
		}
	}
	if w := c.BudgetWait(http.MethodPost, "knowledge_base/file_upload_api/pdf"); w != 0 {
		t.Errorf("with one upload left in the budget, BudgetWait = %s", w)
	}
	if _, err := c.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	wait := c.BudgetWait(http.MethodPost, "knowledge_base/file_upload_api/pdf")
	if wait < 2*time.Second || wait > 3*time.Second {
		t.Errorf("with the budget spent, BudgetWait = %s, want up to 3s (60s / 20)", wait)
	}
	var sawWaiting atomic.Bool
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
				if budgets.Waiting() == 1 {
					sawWaiting.Store(true)
				}
			}
		}
	}()
	start := time.Now()
	res, err := c.UploadPDF(ctx, "waited.pdf", bytes.NewReader(pdf))
	close(done)
	if err != nil || res.Article.Title != "waited.pdf" {
		t.Fatalf("the upload that waited: %+v, %v", res, err)
	}
	if elapsed := time.Since(start); elapsed < wait-500*time.Millisecond {
		t.Errorf("the upload went after %s, though BudgetWait said %s", elapsed, wait)
	}
	if !sawWaiting.Load() || budgets.Waiting() != 0 {
		t.Errorf("Waiting() saw the upload: %v; after it: %d", sawWaiting.Load(), budgets.Waiting())
	}
	if budgeted.n.Load() != 0 {
		t.Errorf("%d answers were 429 despite the budget", budgeted.n.Load())
	}
}

func TestContractChatbotSettings(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-chatbot", sandbox.ScopeWrite)
	reader := api.client(t, "contract-chatbot", sandbox.ScopeRead)
	ctx := t.Context()

	start, err := reader.GetChatbotSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if start.AICommands == nil || start.Personality < 0 || start.Personality > 13 || start.CreativityLevel < 0 || start.CreativityLevel > 2 ||
		start.ReplyLength < 0 || start.ReplyLength > 2 || start.LanguageChosen == "" {
		t.Errorf("a new agent's chatbot settings = %+v", start)
	}

	// A patch changes what it names and leaves the rest.
	s, err := c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{
		Personality: ptr(13), CreativityLevel: ptr(2), ReplyLength: ptr(0), Profession: ptr("bike mechanic"),
		Greeting: ptr("<p>Servus!</p>"), LanguageChosen: ptr("de"), AICommands: &[]string{"Be polite", "Stay on topic"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := *start
	want.Personality, want.CreativityLevel, want.ReplyLength, want.Profession = 13, 2, 0, "bike mechanic"
	want.Greeting, want.LanguageChosen, want.AICommands = "<p>Servus!</p>", "de", []string{"Be polite", "Stay on topic"}
	if !reflect.DeepEqual(*s, want) {
		t.Errorf("after the patch:\n%+v\nwant\n%+v", *s, want)
	}
	if got, err := reader.GetChatbotSettings(ctx); err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("read back: %+v, %v", got, err)
	}

	// Zero is a value, not "leave as is".
	s, err = c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{Personality: ptr(0), CreativityLevel: ptr(0)})
	if err != nil || s.Personality != 0 || s.CreativityLevel != 0 || s.ReplyLength != 0 || s.Profession != "bike mechanic" {
		t.Errorf("setting zeros: %+v, %v", s, err)
	}

	// The name, purpose and commands are the Knowledge Base settings' too.
	s, err = c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{OneWordDescription: ptr("Velo"), ShortDescription: ptr("Helps riders.")})
	if err != nil {
		t.Fatal(err)
	}
	kb, err := c.GetKnowledgeBase(ctx)
	if err != nil || kb.OneWordDescription != "Velo" || kb.ShortDescription != "Helps riders." || !slices.Equal(kb.AICommands, s.AICommands) {
		t.Errorf("the Knowledge Base settings say %+v, %v; the chatbot settings %+v", kb, err, s)
	}
	if _, err := c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{AICommands: &[]string{}}); err != nil {
		t.Fatal(err)
	}
	if s, err = c.GetChatbotSettings(ctx); err != nil || s.AICommands == nil || len(s.AICommands) != 0 {
		t.Errorf("after clearing the commands in the Knowledge Base settings: %+v, %v", s, err)
	}

	// Values outside the ranges are refused and change nothing.
	before, err := c.GetChatbotSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, u := range map[string]apiclient.ChatbotSettingsUpdate{
		"personality 14":    {Personality: ptr(14)},
		"personality -1":    {Personality: ptr(-1)},
		"creativity 3":      {CreativityLevel: ptr(3)},
		"creativity -1":     {CreativityLevel: ptr(-1)},
		"reply length 3":    {ReplyLength: ptr(3)},
		"profession of 201": {Profession: ptr(strings.Repeat("p", 201))},
		"greeting of 1001":  {Greeting: ptr(strings.Repeat("g", 1001))},
		"name of 201":       {OneWordDescription: ptr(strings.Repeat("n", 201))},
		"purpose of 2001":   {ShortDescription: ptr(strings.Repeat("s", 2001))},
		"a command of 501":  {AICommands: &[]string{strings.Repeat("c", 501)}},
		"commands of 5001 in all": {AICommands: &[]string{strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500),
			strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), "c"}},
		"a valid field with an invalid one": {Profession: ptr("fine"), ReplyLength: ptr(7)},
	} {
		var apiErr *apiclient.APIError
		if got, err := c.UpdateChatbotSettings(ctx, u); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity ||
			apiErr.Code != "VALIDATION_ERROR" || apiErr.Message == "" {
			t.Errorf("%s: %+v, %v; want 422", name, got, err)
		}
	}
	// The limits themselves are accepted.
	edge := apiclient.ChatbotSettingsUpdate{Profession: ptr(strings.Repeat("p", 200)), Greeting: ptr(strings.Repeat("g", 1000)),
		OneWordDescription: ptr(strings.Repeat("n", 200)), ShortDescription: ptr(strings.Repeat("s", 2000)),
		AICommands: &[]string{strings.Repeat("c", 500), strings.Repeat("d", 500)}}
	if after, err := c.GetChatbotSettings(ctx); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("refused patches changed the settings: %+v, %v", after, err)
	}
	if _, err := c.UpdateChatbotSettings(ctx, edge); err != nil {
		t.Errorf("values at the limits: %v", err)
	}

	if _, err := reader.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{ReplyLength: ptr(1)}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a read-only PATCH: %v, want 403", err)
	}
}

func TestContractWidgetConfiguration(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-widget", sandbox.ScopeWrite)
	reader := api.client(t, "contract-widget", sandbox.ScopeRead)
	ctx := t.Context()

	start, err := reader.GetWidgetConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The defaults the reference names.
	if start.WindowHeight != 600 || start.WindowWidth != 400 || start.Size != "medium" || start.Location != "bottom-right" ||
		start.AvatarImage != "" || start.PrechatMessageText != nil || start.ConversationStarters == nil {
		t.Errorf("a new agent's widget = %+v", start)
	}
	for _, colour := range []string{start.PrimaryColor, start.HeaderColor} {
		if _, _, _, err := apiclient.ParseRGB(colour); err != nil {
			t.Errorf("the API's own colour: %v", err)
		}
	}

	// Colours: what the console writes comes back the same, and reads as
	// the same colour.
	w, err := c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{
		PrimaryColor: ptr(apiclient.FormatRGB(12, 34, 250)), HeaderColor: ptr(apiclient.FormatRGB(255, 255, 255)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.PrimaryColor != "rgb(12, 34, 250)" || w.HeaderColor != "rgb(255, 255, 255)" {
		t.Errorf("colours after the patch: %q, %q", w.PrimaryColor, w.HeaderColor)
	}
	if r, g, b, err := apiclient.ParseRGB(w.PrimaryColor); err != nil || r != 12 || g != 34 || b != 250 {
		t.Errorf("ParseRGB(%q) = %d, %d, %d, %v", w.PrimaryColor, r, g, b, err)
	}
	// Another spelling of the same colour comes back in the API's own.
	if w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{PrimaryColor: ptr("RGB(1,2,3)")}); err != nil {
		t.Fatal(err)
	}
	if r, g, b, err := apiclient.ParseRGB(w.PrimaryColor); err != nil || r != 1 || g != 2 || b != 3 {
		t.Errorf("after sending RGB(1,2,3): %q, %v", w.PrimaryColor, err)
	}

	// Every spelling ParseRGB reads, the API takes, as the same colour.
	for _, spelling := range []string{"rgb(0,122,255)", "rgb( 0 , 122 , 255 )", "RGB(0, 122, 255)", "rgb (0, 122, 255)", "rgb(000, 122, 255)", " rgb(0,\t122,\n255) "} {
		r, g, b, err := apiclient.ParseRGB(spelling)
		if err != nil || r != 0 || g != 122 || b != 255 {
			t.Errorf("ParseRGB(%q) = %d, %d, %d, %v", spelling, r, g, b, err)
		}
		got, err := c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{HeaderColor: ptr(spelling)})
		if err != nil || got.HeaderColor != apiclient.FormatRGB(0, 122, 255) {
			t.Errorf("sending %q: %+v, %v; want it stored as %q", spelling, got, err, apiclient.FormatRGB(0, 122, 255))
		}
	}

	// The rest of a patch, and what it leaves alone.
	w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{
		Header: ptr("Velora support"), ConversationStarters: &[]string{"Where is my bike?", "Returns"}, PopupActive: ptr(false),
		HeaderTextColor: ptr(false), PrechatMessageText: ptr("Tell us your order number."), WindowHeight: ptr(700), Location: ptr("bottom-left"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.Header != "Velora support" || !slices.Equal(w.ConversationStarters, []string{"Where is my bike?", "Returns"}) || w.PopupActive ||
		w.HeaderTextColor || w.PrechatMessageText == nil || *w.PrechatMessageText != "Tell us your order number." || w.WindowHeight != 700 ||
		w.Location != "bottom-left" || w.WindowWidth != start.WindowWidth || w.Subtitle != start.Subtitle || w.PrimaryColor != "rgb(1, 2, 3)" {
		t.Errorf("after the second patch: %+v", w)
	}
	if got, err := reader.GetWidgetConfiguration(ctx); err != nil || !reflect.DeepEqual(got, w) {
		t.Errorf("read back: %+v, %v", got, err)
	}
	var none []string
	if w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{ConversationStarters: &none}); err != nil ||
		w.ConversationStarters == nil || len(w.ConversationStarters) != 0 {
		t.Errorf("clearing the starters: %+v, %v", w, err)
	}

	// Colours written any other way are refused, and change nothing.
	before, err := c.GetWidgetConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, colour := range []string{"#007aff", "#fff", "blue", "rgb(256, 0, 0)", "rgba(0, 122, 255, 0.5)", "rgb(1, 2)", ""} {
		for field, u := range map[string]apiclient.WidgetConfigurationUpdate{
			"primary": {PrimaryColor: ptr(colour)},
			"header":  {HeaderColor: ptr(colour)},
		} {
			var apiErr *apiclient.APIError
			if got, err := c.UpdateWidgetConfiguration(ctx, u); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Message == "" {
				t.Errorf("%s colour %q: %+v, %v; want 422", field, colour, got, err)
			}
			// The console's check agrees with the API's.
			if _, _, _, err := apiclient.ParseRGB(colour); err == nil {
				t.Errorf("ParseRGB accepts %q, which the API refuses", colour)
			}
		}
	}
	if after, err := c.GetWidgetConfiguration(ctx); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("refused colours changed the widget: %+v, %v", after, err)
	}
	if _, err := reader.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{Typing: ptr(false)}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a read-only PATCH: %v, want 403", err)
	}
}

func TestContractHandoffConfiguration(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-handoff", sandbox.ScopeWrite)
	reader := api.client(t, "contract-handoff", sandbox.ScopeRead)
	ctx := t.Context()

	start, err := reader.GetHandoffConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if start.GenericGuidelines == nil || start.CustomGuidelines == nil || start.KeywordTriggers == nil || start.RoutingProfiles == nil || start.WorkingHours.Days == nil {
		t.Errorf("a new agent's handoff = %+v", start)
	}

	h := apiclient.HandoffConfiguration{
		Active: true, GenericGuidelines: []string{"user_frustration", "lack_of_knowledge"}, CustomGuidelines: []string{"The visitor asks for a refund over 500 EUR"},
		ConfirmationMessage: "Would you like to talk to a person?", AISummaryActive: true,
		WorkingHours: apiclient.WorkingHours{Active: true, TimeZone: "Europe/Warsaw", Days: []string{"mon", "tue", "wed", "thu", "fri"},
			Start: "09:00", End: "17:00", OutOfHoursMessage: "We are back at 9."},
		KeywordTriggers: []string{"speak to human"},
		RoutingProfiles: []apiclient.RoutingProfile{{Topic: "Billing", Description: "Invoices and refunds", Operators: []string{"ana@example.com"}}},
	}
	got, err := c.PutHandoffConfiguration(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, h) {
		t.Errorf("after the PUT:\n%+v\nwant\n%+v", *got, h)
	}
	if read, err := reader.GetHandoffConfiguration(ctx); err != nil || !reflect.DeepEqual(read, got) {
		t.Errorf("read back: %+v, %v", read, err)
	}

	// PUT replaces everything: nil lists clear.
	off := apiclient.HandoffConfiguration{WorkingHours: apiclient.WorkingHours{TimeZone: "UTC", Start: "09:00", End: "17:00"},
		RoutingProfiles: []apiclient.RoutingProfile{{Topic: "Sales"}}}
	got, err = c.PutHandoffConfiguration(ctx, off)
	if err != nil {
		t.Fatal(err)
	}
	if got.Active || len(got.GenericGuidelines) != 0 || len(got.CustomGuidelines) != 0 || len(got.KeywordTriggers) != 0 || got.ConfirmationMessage != "" ||
		len(got.WorkingHours.Days) != 0 || len(got.RoutingProfiles) != 1 || got.RoutingProfiles[0].Operators == nil || len(got.RoutingProfiles[0].Operators) != 0 {
		t.Errorf("after a PUT of almost nothing: %+v", got)
	}

	// Values the API refuses change nothing.
	before, err := c.GetHandoffConfiguration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bad := func(change func(*apiclient.HandoffConfiguration)) apiclient.HandoffConfiguration {
		b := h
		b.WorkingHours.Days = slices.Clone(h.WorkingHours.Days)
		b.RoutingProfiles = slices.Clone(h.RoutingProfiles)
		change(&b)
		return b
	}
	for name, b := range map[string]apiclient.HandoffConfiguration{
		"an unknown time zone":    bad(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.TimeZone = "Mars/Olympus_Mons" }),
		"a made-up city":          bad(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.TimeZone = "Europe/Nowhere" }),
		"a start at 25:00":        bad(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Start = "25:00" }),
		"an end before the start": bad(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Start, b.WorkingHours.End = "17:00", "09:00" }),
		"an unknown day":          bad(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Days = []string{"funday"} }),
		"an unknown guideline":    bad(func(b *apiclient.HandoffConfiguration) { b.GenericGuidelines = []string{"full_moon"} }),
		"an operator without @":   bad(func(b *apiclient.HandoffConfiguration) { b.RoutingProfiles[0].Operators = []string{"ana"} }),
		"a profile without topic": bad(func(b *apiclient.HandoffConfiguration) { b.RoutingProfiles[0].Topic = "" }),
	} {
		var apiErr *apiclient.APIError
		if got, err := c.PutHandoffConfiguration(ctx, b); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Message == "" {
			t.Errorf("%s: %+v, %v; want 422", name, got, err)
		}
	}
	if after, err := c.GetHandoffConfiguration(ctx); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("refused PUTs changed the configuration: %+v, %v", after, err)
	}
	if _, err := reader.PutHandoffConfiguration(ctx, h); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("a read-only PUT: %v, want 403", err)
	}
}

func TestContractAIActions(t *testing.T) {
	api := newContractAPI(t, false)
	const agent = "contract-actions"
	c := api.client(t, agent, sandbox.ScopeWrite)
	reader := api.client(t, agent, sandbox.ScopeRead)
	ctx := t.Context()

	empty, err := reader.ListAIActions(ctx)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("a new agent's actions: %#v, %v", empty, err)
	}

	// Create: empty, inactive, invalid (201).
	kb, err := c.CreateKBAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kb.ID <= 0 || kb.Type != "knowledge_base" || kb.IsActive || kb.IsValid || kb.Tag != nil || kb.Name != "" || kb.ParameterDescription != "" {
		t.Errorf("a new KB action = %+v", kb)
	}
	// An invalid action cannot be switched on.
	if got, err := c.SetAIActionActive(ctx, kb.ID, true); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("activating an empty action: %+v, %v; want 422", got, err)
	}

	// Named and tagged with a tag no article carries: still not valid.
	in := apiclient.KBActionInput{Name: "Search Returns", Description: "Search the return policy articles when customer asks about returns.",
		ParameterDescription: "The return-related query from the customer", Tag: "returns"}
	kb, err = c.UpdateKBAction(ctx, kb.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if kb.Name != in.Name || kb.Description != in.Description || kb.ParameterDescription != in.ParameterDescription || kb.Tag == nil || *kb.Tag != "returns" {
		t.Errorf("after the PUT: %+v", kb)
	}
	if kb.IsValid {
		t.Errorf("an action whose tag no article carries is valid: %+v", kb)
	}
	// Once an article carries the tag, it is.
	publish(t, c, "Return policy", "Returns are accepted within 30 days.", "returns")
	if kb, err = reader.GetKBAction(ctx, kb.ID); err != nil || !kb.IsValid || kb.IsActive {
		t.Fatalf("with a tagged article: %+v, %v", kb, err)
	}
	on, err := c.SetAIActionActive(ctx, kb.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if !on.IsActive || !on.IsValid || on.ID != kb.ID || on.Type != "knowledge_base" || on.Name != in.Name {
		t.Errorf("switched on: %+v", on)
	}
	if kb, err = reader.GetKBAction(ctx, kb.ID); err != nil || !kb.IsActive {
		t.Errorf("read back: %+v, %v", kb, err)
	}

	// The list shows it, and an action that is not a KB action is not one.
	second, err := c.CreateKBAction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := reader.ListAIActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != kb.ID || !list[0].IsActive || !list[0].IsValid || list[1].ID != second.ID || list[1].IsValid {
		t.Errorf("list = %+v", list)
	}
	if !reflect.DeepEqual(list[0], *on) {
		t.Errorf("the list shows %+v, the switch %+v", list[0], on)
	}

	// Off, then deleted.
	off, err := c.SetAIActionActive(ctx, kb.ID, false)
	if err != nil || off.IsActive {
		t.Errorf("switched off: %+v, %v", off, err)
	}
	if err := c.DeleteAIAction(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.GetKBAction(ctx, kb.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("a deleted action: %v, want 404", err)
	}
	if err := c.DeleteAIAction(ctx, kb.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting twice: %v, want 404", err)
	}
	if _, err := c.SetAIActionActive(ctx, kb.ID, true); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("switching a deleted action: %v, want 404", err)
	}
	if list, err = reader.ListAIActions(ctx); err != nil || len(list) != 1 || list[0].ID != second.ID {
		t.Errorf("after deleting: %+v, %v", list, err)
	}

	// A PUT always sends all four fields; empty ones leave the action
	// invalid (a blank tag is no tag), and it cannot be switched on.
	named, err := c.UpdateKBAction(ctx, second.ID, apiclient.KBActionInput{Name: "Only a name"})
	if err != nil || named.Name != "Only a name" || named.IsValid || named.Tag != nil {
		t.Errorf("a PUT with only a name: %+v, %v", named, err)
	}
	if _, err := c.SetAIActionActive(ctx, second.ID, true); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("switching on an action with only a name: %v, want 422", err)
	}
	if _, err := c.UpdateKBAction(ctx, second.ID, apiclient.KBActionInput{Name: strings.Repeat("n", 101), Description: "d", ParameterDescription: "p", Tag: "returns"}); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("a name of 101 characters: %v, want 422", err)
	}

	// Another agent sees none of it; a reader may not write.
	other := api.client(t, "contract-actions-other", sandbox.ScopeWrite)
	if _, err := other.GetKBAction(ctx, second.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("another agent's action: %v, want 404", err)
	}
	if err := other.DeleteAIAction(ctx, second.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("deleting another agent's action: %v, want 404", err)
	}
	for name, write := range map[string]func() error{
		"create": func() error { _, err := reader.CreateKBAction(ctx); return err },
		"update": func() error { _, err := reader.UpdateKBAction(ctx, second.ID, in); return err },
		"toggle": func() error { _, err := reader.SetAIActionActive(ctx, second.ID, false); return err },
		"delete": func() error { return reader.DeleteAIAction(ctx, second.ID) },
	} {
		if err := write(); !apiclient.IsStatus(err, http.StatusForbidden) {
			t.Errorf("%s with a read-only token: %v, want 403", name, err)
		}
	}
}

func TestContractDemoAIActions(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	ctx := t.Context()

	list, err := c.ListAIActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	var other *apiclient.AIAction
	for i, a := range list {
		types[a.Type]++
		if !slices.Contains([]string{"http_request", "remote_mcp", "shopify", "knowledge_base"}, a.Type) || a.ID <= 0 || a.Name == "" {
			t.Errorf("demo action %+v", a)
		}
		if a.Type != "knowledge_base" && other == nil {
			other = &list[i]
		}
		if a.Type == "knowledge_base" {
			kb, err := c.GetKBAction(ctx, a.ID)
			if err != nil || !reflect.DeepEqual(kb.AIAction, a) {
				t.Errorf("KB action %d: %+v, %v; the list says %+v", a.ID, kb, err, a)
			}
		}
	}
	if len(types) < 2 || types["knowledge_base"] == 0 || other == nil {
		t.Fatalf("demo actions by type: %v", types)
	}
	// Only Knowledge Base actions have the KB calls.
	if _, err := c.GetKBAction(ctx, other.ID); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("GetKBAction on a %s action: %v, want 404", other.Type, err)
	}
	// Any action can be switched off.
	if got, err := c.SetAIActionActive(ctx, other.ID, false); err != nil || got.IsActive || got.ID != other.ID || got.Type != other.Type {
		t.Errorf("switching off a %s action: %+v, %v", other.Type, got, err)
	}
}

func TestContractChat(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeWrite)
	ctx := t.Context()

	before, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}

	// A question the seeded help center answers.
	first, err := c.Chat(ctx, apiclient.ChatMessage{Text: "What is your 30-day return policy?", ClientMetadata: map[string]any{"plan": "pro", "order": 1234567890123}})
	if err != nil {
		t.Fatal(err)
	}
	if first.ConvID == "" || first.OrdNumber < 1 || !strings.Contains(first.Reply, "30 days") {
		t.Fatalf("first reply = %+v", first)
	}
	// Continued in the same conversation.
	second, err := c.Chat(ctx, apiclient.ChatMessage{ConvID: first.ConvID, Text: "How do I pack an e-bike for a return?"})
	if err != nil {
		t.Fatal(err)
	}
	if second.ConvID != first.ConvID || second.OrdNumber <= first.OrdNumber || second.Reply == "" {
		t.Errorf("second reply = %+v after %+v", second, first)
	}

	// The exchange is a conversation like any other.
	after, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1})
	if err != nil || after.Count != before.Count+1 {
		t.Errorf("conversations: %d before, %+v after, %v", before.Count, after, err)
	}
	found, err := c.ListConversations(ctx, apiclient.ListConversationsParams{Query: first.ConvID})
	if err != nil || len(found.Items) != 1 || found.Items[0].ID != first.ConvID {
		t.Fatalf("the chat's conversation by id: %+v, %v", found, err)
	}
	details, err := c.GetConversation(ctx, first.ConvID)
	if err != nil {
		t.Fatal(err)
	}
	if details.ClientMetadata["plan"] != "pro" || details.ClientMetadata["order"] != json.Number("1234567890123") || details.Source == "" {
		t.Errorf("details = %+v", details)
	}
	events, err := c.ListConversationEvents(ctx, first.ConvID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, ev := range events.Items {
		if ev.Type == "message" {
			said = append(said, ev.Author+": "+ev.Text)
		}
	}
	want := []string{"visitor: What is your 30-day return policy?", "ai_assistant: " + first.Reply,
		"visitor: How do I pack an e-bike for a return?", "ai_assistant: " + second.Reply}
	if !slices.Equal(said, want) {
		t.Errorf("messages:\n%q\nwant\n%q", said, want)
	}

	// Refusals: locally, and by the API.
	six := map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{Text: "Hi", ClientMetadata: six}); err == nil || apiclient.IsStatus(err, 422) {
		t.Errorf("6 metadata keys: %v, want a local refusal", err)
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{Text: " "}); err == nil {
		t.Error("a blank message was sent")
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{ConvID: "no-such-conversation", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusNotFound) {
		t.Errorf("an unknown conversation: %v, want 404", err)
	}
	if _, err := c.Chat(ctx, apiclient.ChatMessage{ScenarioID: "someone-else", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("another agent's scenario_id: %v, want 403", err)
	}
	// A read-only token may chat too: a website's backend only talks.
	reader := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	if r, err := reader.Chat(ctx, apiclient.ChatMessage{Text: "Hello!"}); err != nil || r.ConvID == "" || r.Reply == "" {
		t.Errorf("chatting with a read-only token: %+v, %v", r, err)
	}
}

func TestContractLegacyChat(t *testing.T) {
	api := newContractAPI(t, false)
	key, err := api.sb.APIKey(sandbox.DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	c := api.client(t, sandbox.DemoScenarioID, sandbox.ScopeRead)
	ctx := t.Context()
	chatURL := api.origin + "/chat"

	first, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ScenarioID: sandbox.DemoScenarioID, Text: "What is your 30-day return policy?"})
	if err != nil {
		t.Fatal(err)
	}
	if first.ConvID == "" || first.OrdNumber < 1 || !strings.Contains(first.Reply, "30 days") || first.Src != nil {
		t.Fatalf("legacy reply = %+v", first)
	}
	// skip_reply: the message is added, the agent stays silent.
	quiet, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ConvID: first.ConvID, Text: "Thanks, noted.",
		MessageContext: "The visitor is on the returns page.", SkipReply: true})
	if err != nil {
		t.Fatal(err)
	}
	if quiet.ConvID != first.ConvID || quiet.Reply != "" || quiet.OrdNumber <= first.OrdNumber {
		t.Errorf("skip_reply: %+v after %+v", quiet, first)
	}
	events, err := c.ListConversationEvents(ctx, first.ConvID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, ev := range events.Items {
		if ev.Type == "message" {
			said = append(said, ev.Author+": "+ev.Text)
		}
	}
	if want := []string{"visitor: What is your 30-day return policy?", "ai_assistant: " + first.Reply, "visitor: Thanks, noted."}; !slices.Equal(said, want) {
		t.Errorf("messages:\n%q\nwant\n%q", said, want)
	}

	// A wrong key: 401, and the key never shows.
	wrong := key + "-wrong"
	_, err = c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: wrong, ScenarioID: sandbox.DemoScenarioID, Text: "Hi"})
	if !apiclient.IsStatus(err, http.StatusUnauthorized) || strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), key) {
		t.Errorf("a wrong key: %v, want 401 without the key", err)
	}
	// The key of one agent does not open another.
	if _, err := c.LegacyChat(ctx, chatURL, apiclient.LegacyChatMessage{APIKey: key, ScenarioID: "contract-someone-else", Text: "Hi"}); !apiclient.IsStatus(err, http.StatusUnauthorized) ||
		strings.Contains(err.Error(), key) {
		t.Errorf("another agent with this key: %v, want 401", err)
	}
	// An unreachable server: the key does not show either.
	if _, err := c.LegacyChat(ctx, "http://127.0.0.1:1/chat", apiclient.LegacyChatMessage{APIKey: key, Text: "Hi"}); err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("an unreachable chat: %v", err)
	}
}
