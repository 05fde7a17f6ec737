package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// listEnv is a sandbox whose scenario "list-test" holds exactly the articles made here.
func listEnv(t *testing.T) (*testEnv, string) {
	e := newEnv(t)
	tok := e.token("list-test", ScopeWrite)
	add := func(typ, title, content string, tags ...string) {
		var a articleJSON
		e.do("POST", "/v1/api/knowledge_base/articles/", tok, map[string]any{"type": typ, "title": title, "content": content}).
			wantStatus(t, http.StatusCreated).decode(t, &a)
		if len(tags) > 0 {
			e.do("PATCH", "/v1/api/knowledge_base/articles/"+itoa(a.ID), tok, map[string]any{"tags": tags}).wantStatus(t, http.StatusOK)
		}
		e.clock.Advance(time.Minute)
	}
	add("Article", "Return Policy", "Returns within 30 days.", "policies", "returns")
	add("Article", "Shipping costs", "Shipping is free in Germany.", "shipping")
	add("Paragraph", "", "Opening hours: 8–19 (Mon–Fri).", "contact")
	add("Article", "Garantie", "Die Garantie für den Rahmen beträgt zehn Jahre. ÄÖÜ.", "warranty", "de")
	add("Paragraph", "ZAŻÓŁĆ", "Zażółć gęślą jaźń; 100% (naprawdę?)")
	return e, tok
}

func titles(p articlePage) []string {
	out := make([]string, len(p.Items))
	for i, a := range p.Items {
		out[i] = a.Title
	}
	return out
}

func TestListEnvelopeAndOrder(t *testing.T) {
	e, tok := listEnv(t)
	r := e.do("GET", "/v1/api/knowledge_base/articles/", tok, nil).wantStatus(t, http.StatusOK)
	var raw map[string]json.RawMessage
	r.decode(t, &raw)
	for _, key := range []string{"items", "offset", "limit", "count"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("envelope lacks %q: %s", key, r.Body)
		}
	}
	var p articlePage
	r.decode(t, &p)
	if p.Count != 5 || p.Offset != 0 || p.Limit != 10 {
		t.Errorf("envelope = offset %d limit %d count %d", p.Offset, p.Limit, p.Count)
	}
	// Most recently modified first.
	if want := []string{"ZAŻÓŁĆ", "Garantie", "", "Shipping costs", "Return Policy"}; !slices.Equal(titles(p), want) {
		t.Errorf("order = %q, want %q", titles(p), want)
	}
	for _, item := range p.Items {
		if item.Content != nil {
			t.Errorf("list item %d carries content", item.ID)
		}
	}
	if strings.Contains(string(r.Body), `"content"`) {
		t.Error("list items must not have a content field")
	}

	// Editing an old article moves it to the top.
	e.do("PATCH", "/v1/api/knowledge_base/articles/"+itoa(p.Items[4].ID), tok, `{"title":"Return Policy 2"}`).wantStatus(t, http.StatusOK)
	if first := e.list(tok, "").Items[0].Title; first != "Return Policy 2" {
		t.Errorf("after edit the first item is %q", first)
	}
}

func TestListTiesOrderByIDDescending(t *testing.T) {
	e := newEnv(t)
	tok := e.token("ties", ScopeWrite)
	var ids []int64
	for range 3 {
		var a articleJSON
		e.do("POST", "/v1/api/knowledge_base/articles/", tok, `{"content":"same time"}`).decode(t, &a)
		ids = append(ids, a.ID)
	}
	p := e.list(tok, "")
	if p.Items[0].ID != ids[2] || p.Items[2].ID != ids[0] {
		t.Errorf("ties not ordered by id descending: %d %d %d", p.Items[0].ID, p.Items[1].ID, p.Items[2].ID)
	}
}

func TestListPagination(t *testing.T) {
	e, tok := listEnv(t)
	all := titles(e.list(tok, ""))
	for _, tc := range []struct {
		query               string
		offset, limit, from int
		n                   int
	}{
		{"limit=2", 0, 2, 0, 2},
		{"limit=2&offset=2", 2, 2, 2, 2},
		{"limit=2&offset=4", 4, 2, 4, 1},
		{"offset=10", 10, 10, 0, 0},
		{"page_size=2&page=2", 2, 2, 2, 2},
		{"page=3&page_size=2", 4, 2, 4, 1},
		{"limit=100", 0, 100, 0, 5},
		{"limit=1&offset=0", 0, 1, 0, 1},
	} {
		p := e.list(tok, tc.query)
		if p.Count != 5 || p.Offset != tc.offset || p.Limit != tc.limit || len(p.Items) != tc.n {
			t.Errorf("%s: offset %d limit %d count %d items %d", tc.query, p.Offset, p.Limit, p.Count, len(p.Items))
			continue
		}
		if tc.n > 0 && !slices.Equal(titles(p), all[tc.from:tc.from+tc.n]) {
			t.Errorf("%s: items %q, want %q", tc.query, titles(p), all[tc.from:tc.from+tc.n])
		}
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=-1", "limit=ten", "limit=", "offset=-1", "offset=x", "page=0", "page_size=500"} {
		e.do("GET", "/v1/api/knowledge_base/articles/?"+q, tok, nil).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Query parameter")
	}
}

func TestListFilters(t *testing.T) {
	e, tok := listEnv(t)
	cases := []struct {
		query string
		want  []string
	}{
		{"types=Paragraph", []string{"ZAŻÓŁĆ", ""}},
		{"types=Article,Paragraph", []string{"ZAŻÓŁĆ", "Garantie", "", "Shipping costs", "Return Policy"}},
		{"types=Article&types=URL", []string{"Garantie", "Shipping costs", "Return Policy"}},
		{"type=paragraph", []string{"ZAŻÓŁĆ", ""}},
		{"types=URL", []string{}},
		{"tags=returns", []string{"Return Policy"}},
		{"tags=shipping,de", []string{"Garantie", "Shipping costs"}},
		{"tags=shipping&tags=contact", []string{"", "Shipping costs"}},
		{"tags=nope", []string{}},
		{"title=policy", []string{"Return Policy"}},
		{"title=żółć", []string{"ZAŻÓŁĆ"}},
		{"query=GERMANY", []string{"Shipping costs"}},
		{"query=garantie rahmen", []string{"Garantie"}},
		{"query=äöü", []string{"Garantie"}},
		{"search=gęślą", []string{"ZAŻÓŁĆ"}},
		{"query=100%", []string{"ZAŻÓŁĆ"}},
		{"query=(naprawdę?)", []string{"ZAŻÓŁĆ"}},
		{"query=%_", []string{}},
		{"query=\"*:;-", []string{}},
		{"query=RETURN", []string{"Return Policy"}},
		{"query=   ", []string{"ZAŻÓŁĆ", "Garantie", "", "Shipping costs", "Return Policy"}},
		{"types=Article&tags=policies&query=30 days", []string{"Return Policy"}},
		{"types=Paragraph&tags=shipping", []string{}},
	}
	for _, tc := range cases {
		p := e.list(tok, tc.query)
		if got := titles(p); !slices.Equal(got, tc.want) || p.Count != len(tc.want) {
			t.Errorf("%s: got %q (count %d), want %q", tc.query, got, p.Count, tc.want)
		}
	}
	e.do("GET", "/v1/api/knowledge_base/articles/?types=Video", tok, nil).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "'types'")
}

func TestListURLFilter(t *testing.T) {
	e := newEnv(t)
	p := e.list(e.read, "url=velora-bikes.example/models&limit=100")
	if p.Count < 2 {
		t.Fatalf("url filter found %d seeded pages", p.Count)
	}
	for _, a := range p.Items {
		if a.URL == nil || !strings.Contains(*a.URL, "velora-bikes.example/models") {
			t.Errorf("url filter returned %v", a.URL)
		}
	}
	if e.list(e.read, "url=https://elsewhere.example").Count != 0 {
		t.Error("url filter matched an unrelated url")
	}
}

func TestListCountIgnoresPagination(t *testing.T) {
	e, tok := listEnv(t)
	p := e.list(tok, "types=Article&limit=1&offset=1")
	if p.Count != 3 || len(p.Items) != 1 || p.Items[0].Title != "Shipping costs" {
		t.Errorf("got count %d items %q", p.Count, titles(p))
	}
}
