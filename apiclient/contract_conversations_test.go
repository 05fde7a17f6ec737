package apiclient_test

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

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
