package apiclient_test

import (
	"slices"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

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
