package apiclient_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

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
	if returns.ID <= 0 || returns.Type != "Article" || returns.State != "draft" || returns.Version != nil || returns.MaxAvailableVersion != nil || returns.DeployState != "draft" ||
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

	// Update as a draft, then publish: a draft never published has no version (null, as the newer
	// edition shows it) but a new Revision; publishing gives it version 1.
	draft, err := c.UpdateArticle(ctx, returns.ID, apiclient.ArticleUpdate{
		Title: ptr("Return policy (EU)"), Tags: &[]string{"returns", "policies"}, SaveMode: apiclient.SaveDraft,
	})
	if err != nil {
		t.Fatal(err)
	}
	if draft.Revision() == returns.Revision() {
		t.Errorf("a draft save kept the revision %q", draft.Revision())
	}
	if draft.State != "draft" || draft.Version != nil || draft.Title != "Return policy (EU)" ||
		draft.Content != returns.Content || !slices.Equal(draft.Tags, []string{"returns", "policies"}) {
		t.Errorf("after a draft save: %+v", draft)
	}
	published, err := c.UpdateArticle(ctx, returns.ID, apiclient.ArticleUpdate{
		Content: ptr("Returns are accepted within 60 days."), SaveMode: apiclient.SavePublish,
	})
	if err != nil {
		t.Fatal(err)
	}
	if published.State != "published" || published.Version == nil || *published.Version != 1 || published.VersionNumber() != 1 ||
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
	if full.Content == "" || full.DeployState == "" || full.Version == nil || full.VersionNumber() < *full.Version {
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
