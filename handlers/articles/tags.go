package articles

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/web"
)

// Tags shows every tag, each leading to its articles. The filter works in
// the URL without JavaScript, and counters.js narrows the list as the person types.
func (h *Handlers) Tags(c echo.Context) error {
	tags, err := h.API(c).ListTags(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	tags = slices.Clone(tags)
	slices.SortFunc(tags, func(a, b string) int {
		if n := strings.Compare(strings.ToLower(a), strings.ToLower(b)); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	tags = slices.Compact(tags)
	m := views.TagList{Filter: strings.TrimSpace(c.QueryParam("filter")), Tags: make([]views.TagRow, 0, len(tags)),
		CanRename: h.BulkJobs && h.Account(c).CanWrite()}
	needle := strings.ToLower(m.Filter)
	for _, t := range tags {
		row := views.TagRow{Label: t, Href: "/articles?tags=" + url.QueryEscape(t), Hidden: !strings.Contains(strings.ToLower(t), needle)}
		if !row.Hidden {
			m.Shown++
		}
		m.Tags = append(m.Tags, row)
	}
	// Count the tags the filter leaves first, so narrowing the list counts the rest.
	want := make([]string, 0, len(tags))
	for _, hidden := range []bool{false, true} {
		for _, r := range m.Tags {
			if r.Hidden == hidden {
				want = append(want, r.Label)
			}
		}
	}
	counts := h.tagCounts(c, want)
	for i := range m.Tags {
		m.Tags[i].Count, m.Tags[i].Counted = counts[m.Tags[i].Label]
		if m.Tags[i].Counted {
			m.CountedTags++
		}
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Tags", Nav: "tags", Body: views.TagsPage(m), Styles: []string{"kb.css"}, Scripts: []string{static.URL("counters.js")}})
}

// TagOptions are the agent's tags as a datalist's options, loaded when a
// person starts typing tags. Suggestions are a convenience: without them the
// field still takes any tag, so a failure leaves the list empty.
func (h *Handlers) TagOptions(c echo.Context) error {
	tags, err := h.API(c).ListTags(c.Request().Context())
	if err != nil {
		tags = nil
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Tags", Nav: "tags", Body: views.TagOptions(tags)})
}

// TagFilter is the options of the list's tag menu, loaded when a person
// first points at or tabs to it, so a list page costs one call to Quickchat.
// The tag filtered by stays chosen; on a failure the menu keeps just it.
func (h *Handlers) TagFilter(c echo.Context) error {
	selected := strings.TrimSpace(c.QueryParam("selected"))
	tags, err := h.API(c).ListTags(c.Request().Context())
	if err != nil {
		tags = nil
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Tags", Nav: "articles", Body: views.TagFilterOptions(withTag(tags, selected), selected)})
}

// withTag is tags with t among them (once), when t is not empty.
func withTag(tags []string, t string) []string {
	if t == "" || slices.Contains(tags, t) {
		return tags
	}
	return append([]string{t}, tags...)
}

// tagCounts counts the articles carrying each tag: from the agent's index
// when it holds the whole knowledge base, else with bounded list reads.
func (h *Handlers) tagCounts(c echo.Context, want []string) map[string]int {
	if agent, st, ok := h.useIndex(c, indexWait); ok && st.Complete {
		if indexed, ok := h.Index.TagCounts(agent); ok {
			counts := make(map[string]int, len(want))
			for _, t := range want {
				counts[t] = indexed[t]
			}
			return counts
		}
	}
	return tagCounts(c.Request().Context(), h.API(c), want)
}
