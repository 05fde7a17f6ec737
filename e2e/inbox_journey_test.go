package e2e

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestInboxReviewJourney walks a reviewer's morning in Chromium: demo sign-in
// → the inbox → the "Open – unassigned" view → open a conversation → read the
// transcript → e, type a note, g (good) with the keyboard → the badge in the
// list → export the view as CSV and check its rows.
func TestInboxReviewJourney(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	note := "Handed off at the right moment (e2e)"

	step(t, ctx, "demo sign-in and the inbox",
		a.demoSignIn(),
		chromedp.Click(chromedp.CSS(`nav.nav a[href="/conversations"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=conversations]`)),
	)

	step(t, ctx, "the Open – unassigned view",
		chromedp.Click(chromedp.CSS(`[data-testid=view-open-unassigned]`)),
	)
	waitFor(t, ctx, "the unassigned list", `document.querySelector('[data-testid=view-open-unassigned]')?.getAttribute('aria-current') === 'page' &&
		document.querySelectorAll('[data-testid=conversation-row]').length > 0 &&
		[...document.querySelectorAll('[data-testid=conversation-row]')].every(r =>
			r.querySelector('.assignee-unassigned') && r.querySelector('[data-testid=status]').textContent === 'open')`)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "assignee_type=unassigned") || !strings.Contains(loc, "resolution_status=open") {
		t.Fatalf("the view's URL %s does not carry its filters", loc)
	}
	count := pagerCount(t, text(t, ctx, `[data-testid=pager]`))
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=conversation-row]').dataset.id`))
	if err != nil || id == "" {
		t.Fatalf("first row id: %q (%v)", id, err)
	}

	step(t, ctx, "open the first conversation",
		chromedp.Click(chromedp.CSS(`[data-testid=conversation-row] a`)),
	)
	waitFor(t, ctx, "the conversation beside the list", fmt.Sprintf(
		`document.querySelector('[data-testid=conversation]')?.dataset.id === %q && document.querySelector('.conversation-row.selected')?.dataset.id === %q`, id, id))
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/conversations/"+id) || !strings.Contains(loc, "assignee_type=unassigned") {
		t.Fatalf("after opening, the browser is at %s", loc)
	}
	if got := text(t, ctx, `[data-testid=messages-visitor] [data-testid=message]`); strings.TrimSpace(got) == "" {
		t.Fatal("the transcript shows no visitor message")
	}
	if got := text(t, ctx, `[data-testid=transcript]`); !strings.Contains(got, "Handoff requested") {
		t.Errorf("an unassigned conversation's transcript lacks its handoff: %q", got)
	}

	step(t, ctx, "e focuses the note",
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.KeyEvent("e"),
	)
	waitFor(t, ctx, "the note field to have focus", `document.activeElement?.id === 'review-note'`)
	// CDP sends the key's character as an event of its own, which the shortcut's preventDefault cannot stop
	// (a real keyboard's can): select what is there so the note replaces it.
	step(t, ctx, "type the note, leave the field, press g",
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(note),
		chromedp.KeyEvent(kb.Tab),
	)
	waitFor(t, ctx, "focus out of the note", `document.activeElement?.id !== 'review-note'`)
	step(t, ctx, "g marks it good", chromedp.KeyEvent("g"))
	waitFor(t, ctx, "the review-saved flash", `document.querySelector('[data-testid=flash]')?.innerText.includes('Review saved: good')`)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("review-note"))); got != note {
		t.Fatalf("the saved note reads %q", got)
	}
	waitFor(t, ctx, "the good badge in the list", fmt.Sprintf(
		`document.querySelector('[data-testid=conversation-row][data-id=%q] [data-testid=review-badge]')?.textContent === 'good'`, id))
	if got := text(t, ctx, `[data-testid=review-status]`); got != "good" {
		t.Fatalf("the review panel says %q", got)
	}

	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=export-csv]').getAttribute('href')`))
	if err != nil || !strings.Contains(href, "assignee_type=unassigned") {
		t.Fatalf("export link %q (%v)", href, err)
	}
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.text() : Promise.reject(r.status))`, href), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching the export with the browser's session: %v", err)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v\n%s", err, body)
	}
	header := rows[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no %s column in %v", name, header)
		return -1
	}
	if len(rows)-1 != count {
		t.Fatalf("the export has %d rows, the list says %d", len(rows)-1, count)
	}
	found := false
	for _, row := range rows[1:] {
		if row[col("assignee_type")] != "unassigned" || row[col("resolution_status")] != "open" {
			t.Errorf("a row outside the view: %v", row)
		}
		if row[col("id")] == id {
			found = true
			if row[col("review_status")] != "good" || row[col("review_note")] != note || row[col("review_by")] != "Demo agent" {
				t.Errorf("the reviewed row: %v", row)
			}
		}
	}
	if !found {
		t.Errorf("the reviewed conversation %s is not in the export", id)
	}
}

var pagerOf = regexp.MustCompile(`of (\d+)`)

func pagerCount(t *testing.T, pager string) int {
	t.Helper()
	m := pagerOf.FindStringSubmatch(pager)
	if m == nil {
		t.Fatalf("pager %q has no count", pager)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
