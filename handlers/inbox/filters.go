package inbox

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// Date presets of the last message, in whole UTC days up to today.
const (
	periodToday  = "today"
	period7Days  = "last_7_days"
	period30Days = "last_30_days"
	periodCustom = "custom"
)

var periodDays = map[string]int{periodToday: 1, period7Days: 7, period30Days: 30}

func isPreset(period string) bool { _, ok := periodDays[period]; return ok }

// presetDays are the first and last day (YYYY-MM-DD, UTC) a preset covers at now.
func presetDays(period string, now time.Time) (start, end string) {
	today := now.UTC()
	return today.AddDate(0, 0, 1-periodDays[period]).Format(time.DateOnly), today.Format(time.DateOnly)
}

// The review filters look at what the console knows, so a filtered page reads
// the API's list in pages of scanPage (its largest) and stops after
// maxScanPages of them: one list call per 100 conversations, at most 500
// conversations per page of the inbox.
const (
	scanPage     = 100
	maxScanPages = 5
	maxReviewer  = 200 // characters of the reviewer filter
)

// reviewScope says plainly what the review filters can see.
const reviewScope = "Review filters look at the conversations the console knows about: reviews given here, and reviews read from conversations opened here. " +
	"A review written outside the console counts once its conversation has been opened here; until then the conversation counts as unreviewed."

// reviewFiltered reports a filter that the API's list cannot apply, so the console does.
func (iq inboxQuery) reviewFiltered() bool {
	return iq.Review != "" || iq.Reviewer != "" || iq.IDs != ""
}

// maxChosen bounds the conversations an ids filter names, and maxChosenID each id.
const (
	maxChosen   = 200
	maxChosenID = 100
)

// parseChosen reads the ids filter, conversation ids separated by commas, as it goes back into URLs.
func parseChosen(s string) string {
	var out []string
	for id := range strings.SplitSeq(s, ",") {
		if id = strings.TrimSpace(id); id != "" && len(id) <= maxChosenID && len(out) < maxChosen && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return strings.Join(out, ",")
}

// chosen reports whether a conversation passes the ids filter.
func (iq inboxQuery) chosen(id string) bool {
	return iq.IDs == "" || slices.Contains(strings.Split(iq.IDs, ","), id)
}

// reviewFilterErrors says which of the console's own filters are wrong.
func (iq inboxQuery) reviewFilterErrors(errs map[string]string) {
	switch iq.Review {
	case "", store.VerdictUnreviewed, store.VerdictGood, store.VerdictNeedsWork:
	default:
		errs["review"] = fmt.Sprintf("Review: %q is not a review state. Pick Unreviewed, Good or Needs work.", iq.Review)
	}
	if n := utf8.RuneCountInString(iq.Reviewer); n > maxReviewer {
		errs["reviewer"] = fmt.Sprintf("Reviewer: the name has %d characters; the longest the filter takes is %d.", n, maxReviewer)
	}
	if iq.Period != "" && !isPreset(iq.Period) {
		errs["period"] = fmt.Sprintf("Period: %q is not a date preset. Pick Today, Last 7 days, Last 30 days or Custom dates.", iq.Period)
	}
}

// matches reports whether a conversation with this known review passes the review filters.
func (iq inboxQuery) matches(st reviewState, known bool) bool {
	status := store.VerdictUnreviewed
	if known && st.Status != "" {
		status = st.Status
	}
	if iq.Review != "" && status != iq.Review {
		return false
	}
	if iq.Reviewer != "" && !(known && strings.EqualFold(strings.TrimSpace(st.By), iq.Reviewer)) {
		return false
	}
	return true
}

// nextUnreviewedHref asks for the conversation after the open one (or the
// first of this page) in this list that has no review.
func (iq inboxQuery) nextUnreviewedHref() string {
	if iq.Review != "" && iq.Review != store.VerdictUnreviewed {
		return "" // a list of reviewed conversations has no unreviewed one to go to
	}
	v, _ := url.ParseQuery(strings.TrimPrefix(iq.query(iq.Offset), "?"))
	v.Set("next", store.VerdictUnreviewed)
	if iq.Selected != "" {
		v.Set("after", iq.Selected)
	}
	return "/conversations?" + v.Encode()
}

// reviewFrame adds the review and date preset filters' options.
func (h *Handlers) reviewFrame(m *views.Inbox, iq inboxQuery) {
	m.ReviewOptions = []views.Option{{Value: store.VerdictUnreviewed, Label: "Unreviewed"}, {Value: store.VerdictGood, Label: "Good"}, {Value: store.VerdictNeedsWork, Label: "Needs work"}}
	if iq.Review != "" && !slices.ContainsFunc(m.ReviewOptions, func(o views.Option) bool { return o.Value == iq.Review }) {
		m.ReviewOptions = append(m.ReviewOptions, views.Option{Value: iq.Review, Label: iq.Review})
	}
	m.PeriodOptions = []views.Option{{Value: periodToday, Label: "Today"}, {Value: period7Days, Label: "Last 7 days"}, {Value: period30Days, Label: "Last 30 days"}, {Value: periodCustom, Label: "Custom dates"}}
	switch {
	case isPreset(iq.Period):
		m.PeriodDates = "Last message from " + iq.LastMessageStart + " to " + iq.LastMessageEnd + " (UTC days)"
	case iq.Period != "":
		m.PeriodOptions = append(m.PeriodOptions, views.Option{Value: iq.Period, Label: iq.Period})
	}
	switch {
	case iq.Review != "" || iq.Reviewer != "":
		m.ReviewScope = reviewScope
	case iq.IDs != "":
		m.ReviewScope = "Showing " + display.Count(strings.Count(iq.IDs, ",")+1, "chosen conversation", "chosen conversations") + " (such as a knowledge gap's group); the other filters narrow them. Clear the filters to see every conversation."
	}
}

// scanned is one position of the API's list a review-filtered page read.
type scanned struct {
	conv    apiclient.Conversation
	pos     int // 0-based position in the API's list
	review  reviewState
	known   bool
	matches bool
}

// scan reads the API's list from offset in pages of scanPage, at most
// maxScanPages of them, handing each conversation to each until it returns
// false. first, when given, is a page already read at offset and is used as
// the first. It returns the list's count and where the reading stopped.
func (h *Handlers) scan(ctx context.Context, api API, scenario string, iq inboxQuery, p apiclient.ListConversationsParams,
	first *apiclient.Page[apiclient.Conversation], each func(scanned) bool) (count, end int, err error) {
	pos := iq.Offset
	for range maxScanPages {
		page := first
		first = nil
		if page == nil || page.Offset != pos {
			q := p
			q.Offset, q.Limit = pos, scanPage
			if page, err = api.ListConversations(ctx, q); err != nil {
				return count, pos, err
			}
		}
		count = page.Count
		ids := make([]string, len(page.Items))
		for i, conv := range page.Items {
			ids[i] = conv.ID
		}
		known := h.knownReviews(ctx, scenario, ids)
		for i, conv := range page.Items {
			st, ok := known[conv.ID]
			if !each(scanned{conv: conv, pos: pos + i, review: st, known: ok, matches: iq.matches(st, ok) && iq.chosen(conv.ID)}) {
				return count, pos + i + 1, nil
			}
		}
		pos += len(page.Items)
		if len(page.Items) == 0 || pos >= count {
			break
		}
	}
	return count, pos, nil
}

// fillFiltered is a page of the inbox the review filters choose from: the
// API's list read on from the page's offset until the page is full, the
// list ends, or maxScanPages were read, and said so.
func (h *Handlers) fillFiltered(c echo.Context, m *views.Inbox, iq inboxQuery, p apiclient.ListConversationsParams, first *apiclient.Page[apiclient.Conversation]) error {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	var (
		rows     []scanned
		extra    *scanned // the first match after a full page: the next page's first row
		selected = -1     // the open conversation's position, when this page read it
	)
	count, end, err := h.scan(ctx, h.API(c), scenario, iq, p, first, func(s scanned) bool {
		if s.conv.ID == iq.Selected {
			selected = s.pos
		}
		if !s.matches {
			return true
		}
		if len(rows) < iq.Limit {
			rows = append(rows, s)
			return true
		}
		extra = &s
		return false
	})
	if err != nil {
		if apiclient.IsStatus(err, http.StatusBadRequest) || apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
			m.Error = "Quickchat could not filter the list: " + web.Describe(err)
			return nil
		}
		return err
	}
	now := time.Now()
	m.Rows = make([]views.ConversationRow, 0, len(rows))
	for _, s := range rows {
		r := conversationRow(s.conv, now)
		r.Href = iq.open(s.conv.ID)
		r.Selected = s.conv.ID == iq.Selected
		if s.known {
			r.Review = reviewBadge(s.review, now)
		}
		m.Rows = append(m.Rows, r)
	}
	h.hideTestChats(c, m, iq)
	if iq.Selected == "" && len(m.Rows) > 0 {
		m.Rows[0].Shortcut = "j"
	}
	// Where the next page starts: after the last row of a full page, else where the reading stopped.
	next := end
	if extra != nil {
		next = extra.pos
	}
	scan := &views.ReviewScan{Count: count, Matched: len(rows), Target: "#conversation-results"}
	if last := min(next, count); last > iq.Offset {
		scan.From, scan.To = iq.Offset+1, last
	}
	if next < count {
		scan.NextHref = iq.href(next)
		scan.Bounded = len(rows) < iq.Limit
	}
	if iq.Offset > 0 {
		scan.FirstHref = iq.href(0)
	}
	m.Scan = scan
	m.ExportCount = count
	m.ExportNote = "The export has every conversation of the other filters, with its review in columns; the review filters are not applied to it."
	m.NextUnreviewedHref = iq.nextUnreviewedHref()
	// The open conversation's neighbours in this filtered list, for j and k.
	if selected >= 0 {
		for _, s := range rows {
			switch {
			case s.pos < selected:
				scan.Prev = iq.open(s.conv.ID)
			case s.pos > selected && scan.Next == "":
				scan.Next = iq.open(s.conv.ID)
			}
		}
		if scan.Next == "" && extra != nil {
			q := iq
			q.Offset = extra.pos
			scan.Next = q.open(extra.conv.ID)
		}
	}
	return nil
}

// nextUnreviewed opens the next conversation of the list (after the one
// given, else from the page's start) that has no review the console knows
// of: the "u" key. It reads the list as a filtered page does, no further.
func (h *Handlers) nextUnreviewed(c echo.Context, iq inboxQuery, after string) error {
	p, errs := iq.params()
	if len(errs) > 0 {
		m, err := h.inbox(c, iq, nil)
		if err != nil {
			return h.Failure(c, err)
		}
		return h.renderInbox(c, m)
	}
	var found, fallback *scanned
	passed := after == ""
	_, end, err := h.scan(c.Request().Context(), h.API(c), h.Account(c).ScenarioID, iq, p, nil, func(s scanned) bool {
		if s.conv.ID == after {
			passed = true
			return true
		}
		unreviewed := !s.known || s.review.Status == store.VerdictUnreviewed || s.review.Status == ""
		if !unreviewed || !s.matches {
			return true
		}
		if passed {
			found = &s
			return false
		}
		if fallback == nil {
			fallback = &s
		}
		return true
	})
	if err != nil {
		return h.Failure(c, err)
	}
	if found == nil && !passed {
		// The open conversation was not where the list was read (the list
		// moved on): the first unreviewed one read is the next best.
		found = fallback
	}
	back := iq.href(iq.Offset)
	if after != "" {
		back = conversationPath(after) + iq.query(iq.Offset)
	}
	if found == nil {
		read := end - iq.Offset
		h.Sessions.Flash(c.Request().Context(), "info", "No unreviewed conversation in the next "+display.Count(read, "conversation", "conversations")+
			" of this list. "+reviewScope)
		return web.Redirect(c, back)
	}
	q := iq
	if iq.reviewFiltered() {
		q.Offset = found.pos // a filtered page starts where it is asked to
	} else {
		q.Offset = iq.Offset + (found.pos-iq.Offset)/iq.Limit*iq.Limit
	}
	return web.Redirect(c, q.open(found.conv.ID))
}

// filteredNeighbours replaces the open conversation's previous and next
// links with its neighbours in the review-filtered list.
func filteredNeighbours(m *views.Inbox) {
	if m.Scan == nil || m.Detail == nil {
		return
	}
	m.Detail.PrevHref, m.Detail.NextHref = m.Scan.Prev, m.Scan.Next
}

// allMessages joins every message of errs, in a stable order.
func allMessages(errs map[string]string) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = errs[k]
	}
	return strings.Join(msgs, " ")
}
