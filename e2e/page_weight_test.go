package e2e

import "testing"

// firstLoadBudget is the most a first visit to the article list may transfer
// to a browser that asks for "br, gzip": its HTML and every stylesheet and
// script it links. BENCHMARKS.md has the figures and how they were reached.
const firstLoadBudget = 26_000

// TestFirstLoadStaysWithinItsBudget keeps the article list's first load within
// firstLoadBudget, and within a fifth more for a browser that takes gzip only.
// A rule or script every page links, or markup on every row, shows up here
// first: move it to the pages that need it (see app.css's header).
func TestFirstLoadStaysWithinItsBudget(t *testing.T) {
	a := startApp(t, "QCADMIN_LOG_LEVEL=error")
	c := a.signedInClient(t)
	for accept, budget := range map[string]int{"br, gzip": firstLoadBudget, "gzip": firstLoadBudget * 6 / 5} {
		load := measureFirstLoad(t, a, c, accept)
		if total := load.html + load.assets; total > budget {
			t.Errorf("Accept-Encoding %q: a first load of /articles is %d bytes (HTML %d, files %v), over its budget of %d",
				accept, total, load.html, load.files, budget)
		}
		if len(load.files) < 3 {
			t.Errorf("Accept-Encoding %q: only %v linked; the page should link its stylesheet, htmx and app.js", accept, load.files)
		}
	}
}
