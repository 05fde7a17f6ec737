package inbox

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// View opens one conversation beside the list; the list's own htmx requests get the list alone.
func (h *Handlers) View(c echo.Context) error {
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	iq := parseInboxQuery(c.QueryParams())
	iq.Selected = id
	if target := web.HTMXOf(c.Request()).Target; target == "conversation-results" || target == "inbox-list" {
		// The list's refresh, pager, filters and views: the open conversation stays as it is, highlighted.
		m, err := h.inbox(c, iq, nil)
		if err != nil {
			return h.Failure(c, err)
		}
		return h.renderInbox(c, m)
	}
	return h.showConversation(c, iq, nil)
}

// detailEdit changes what the page shows after a refused form, so nothing
// typed is lost. stored is the metadata as read; when it could not be read,
// stored is nil and unread says why.
type detailEdit func(d *views.ConversationDetail, stored map[string]any, unread string)

// showConversation renders the inbox with one conversation open. The four
// calls it needs go out together, so the page waits for the slowest, not the sum.
func (h *Handlers) showConversation(c echo.Context, iq inboxQuery, edit detailEdit) error {
	ctx := c.Request().Context()
	api := h.API(c)
	id := iq.Selected
	p, filterErrs := iq.params()
	if iq.reviewFiltered() {
		p.Limit = scanPage // the list beside it reads in the same pages as the filtered list, so it shows the same rows
	}
	var (
		conv               *apiclient.ConversationDetails
		list               *apiclient.Page[apiclient.Conversation]
		events             []apiclient.Event
		total              int
		metadata           map[string]any
		convErr, listErr   error
		eventsErr, metaErr error
		wg                 sync.WaitGroup
	)
	wg.Go(func() { conv, convErr = api.GetConversation(ctx, id) })
	if len(filterErrs) == 0 {
		wg.Go(func() { list, listErr = api.ListConversations(ctx, p) })
	}
	wg.Go(func() { events, total, eventsErr = web.ConversationEvents(ctx, api, id) })
	wg.Go(func() { metadata, metaErr = api.GetConversationMetadata(ctx, id) })
	// A fix offers Ask again to people who may write: its article and the agent's training are read alongside.
	fixes := h.conversationFixes(c, h.Account(c).ScenarioID, id)
	var live *askLive
	if h.Account(c).CanWrite() && len(fixes) > 0 {
		wg.Go(func() { l := h.readAskLive(ctx, api, fixes); live = &l })
	}
	wg.Wait()
	for _, err := range []error{convErr, listErr, eventsErr, metaErr} {
		if web.TokenRefused(err) {
			return h.Failure(c, err)
		}
	}
	if convErr != nil {
		missing := apiclient.IsStatus(convErr, http.StatusNotFound)
		if missing && web.FragmentFor(c, "conversation-detail") {
			// htmx does not swap a 404, so the click would seem to do nothing: the pane says what happened instead.
			return h.Render(c, http.StatusOK, web.Page{Title: "Not found", Body: views.ErrorView(views.ErrorPage{
				Status: http.StatusNotFound, Title: "Conversation not found", Message: "Quickchat has no conversation with this id any more. " + h.Explain(c, convErr),
			})})
		}
		if missing || edit == nil {
			return h.Failure(c, convErr)
		}
		// A form comes back after a failed save: what was typed is shown
		// even though the conversation itself could not be read.
	}

	var m views.Inbox
	if listErr != nil {
		// The list failed, the conversation did not: show it, and say why the list is missing.
		m = h.inboxFrame(iq)
		m.Error = "The list could not be loaded. " + h.Explain(c, listErr)
	} else {
		var err error
		if m, err = h.inbox(c, iq, list); err != nil {
			return h.Failure(c, err)
		}
	}

	now := time.Now()
	acct := h.Account(c)
	var d views.ConversationDetail
	visitor, operator := "", ""
	if convErr != nil {
		d = unreadConversation(id, h.Explain(c, convErr))
	} else {
		d = conversationDetail(conv, now)
		visitor, _ = visitorName(conv.Conversation)
		if conv.Assignee.Name != nil {
			operator = *conv.Assignee.Name
		}
	}
	d.CloseHref = (inboxQuery{InboxFilters: iq.InboxFilters, IDs: iq.IDs, Offset: iq.Offset}).href(iq.Offset)
	fixHref := ""
	if acct.CanWrite() && convErr == nil {
		fixHref = conversationPath(id) + "/fix"
	}
	d.Transcript = h.transcript(events, total, eventsErr, now, visitor, operator, fixHref)
	if conv != nil {
		h.seenAnalyses().put(acct.ScenarioID, id, analysisOf(conv))
	}
	unread := ""
	if metaErr != nil {
		unread = h.Explain(c, metaErr)
		why := "Quickchat did not give this conversation's metadata, so it cannot be shown or changed here. " + unread
		d.Review = views.ReviewPanel{Unavailable: why}
		d.Metadata = views.MetadataEditor{Unavailable: why}
	} else {
		st := h.rememberReview(acct.ScenarioID, id, metadata)
		d.Review = h.reviewPanel(iq, st, acct.CanWrite(), now)
		d.Metadata = h.metadataPanel(metadataAction(iq), metadata, acct.CanWrite())
		// The row of this conversation shows what was just read, unless the thread holds a newer review.
		known := h.knownReviews(ctx, acct.ScenarioID, []string{id})
		for i := range m.Rows {
			if m.Rows[i].ID == id {
				m.Rows[i].Review = reviewBadge(known[id], now)
			}
		}
	}
	d.Review.Thread, d.Review.ThreadError = h.reviewThread(c, acct.ScenarioID, id, now)
	fixed := h.fixPanel(c, iq, fixes, live, now)
	d.Review.Fixes, d.Review.Training = fixed.Fixes, fixed.Training
	d.Review.FixHref = fixHref
	if list != nil {
		d.PrevHref, d.NextHref = h.neighbours(ctx, api, iq, p, list)
	}
	if edit != nil {
		edit(&d, metadata, unread)
	}
	m.Detail = &d
	return h.renderInbox(c, m)
}

// unreadConversation stands in for a conversation Quickchat did not give,
// on the page a failed save comes back to, saying why its details are missing.
func unreadConversation(id, why string) views.ConversationDetail {
	return views.ConversationDetail{
		ID: id, Visitor: "Conversation", Title: "This conversation could not be read, so its details are not shown. " + why,
		Status: "not read", StatusKind: "neutral",
		Fields: []views.MetaItem{{Label: "ID", Value: id}},
	}
}

func metadataAction(iq inboxQuery) string {
	return conversationPath(iq.Selected) + "/metadata" + iq.query(iq.Offset)
}

func reviewAction(iq inboxQuery) string {
	return conversationPath(iq.Selected) + "/review" + iq.query(iq.Offset)
}

// neighbours are the conversations before and after the open one in the list,
// across a page boundary too (one call for one conversation, only at the edges).
func (h *Handlers) neighbours(ctx context.Context, api API, iq inboxQuery, p apiclient.ListConversationsParams, list *apiclient.Page[apiclient.Conversation]) (prev, next string) {
	idx := slices.IndexFunc(list.Items, func(conv apiclient.Conversation) bool { return conv.ID == iq.Selected })
	if idx < 0 {
		return "", ""
	}
	one := func(offset int) string {
		q := p
		q.Offset, q.Limit = offset, 1
		page, err := api.ListConversations(ctx, q)
		if err != nil || len(page.Items) == 0 {
			return "" // no link is better than a failed page: the list is still there
		}
		return page.Items[0].ID
	}
	if idx > 0 {
		prev = iq.open(list.Items[idx-1].ID)
	} else if list.Offset > 0 {
		if id := one(list.Offset - 1); id != "" {
			q := iq
			q.Offset = max(0, iq.Offset-iq.Limit)
			prev = q.open(id)
		}
	}
	if idx < len(list.Items)-1 {
		next = iq.open(list.Items[idx+1].ID)
	} else if list.Offset+len(list.Items) < list.Count {
		if id := one(list.Offset + len(list.Items)); id != "" {
			q := iq
			q.Offset = iq.Offset + iq.Limit
			next = q.open(id)
		}
	}
	return prev, next
}

// conversationDetail shows every field the API gives about the conversation.
func conversationDetail(conv *apiclient.ConversationDetails, now time.Time) views.ConversationDetail {
	row := conversationRow(conv.Conversation, now)
	d := views.ConversationDetail{
		ID:         conv.ID,
		Ord:        conv.Ord,
		Title:      row.Title,
		Visitor:    row.Visitor,
		Status:     row.Status,
		StatusKind: row.StatusKind,
		Unread:     conv.HasUnreadMessages,
		Terminated: conv.Terminated,
	}
	at := func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC") + " (" + display.Ago(*t, now) + ")"
	}
	text := func(s *string) string {
		if s == nil || *s == "" {
			return "—"
		}
		return *s
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	assignee := row.Assignee
	if conv.Assignee.Email != nil && *conv.Assignee.Email != "" {
		assignee += " <" + *conv.Assignee.Email + ">"
	}
	email := views.MetaItem{Label: "Email", Value: text(conv.VisitorEmail)}
	if conv.VisitorEmail != nil && *conv.VisitorEmail != "" {
		email.Href = "mailto:" + *conv.VisitorEmail
	}
	d.Fields = []views.MetaItem{
		{Label: "ID", Value: conv.ID},
		{Label: "Number", Value: "#" + strconv.Itoa(conv.Ord)},
		{Label: "Channel", Value: row.Source},
		{Label: "Status", Value: row.Status},
		{Label: "Assignee", Value: assignee},
		{Label: "Ended by visitor", Value: yesNo(conv.Terminated)},
		{Label: "Unread messages", Value: yesNo(conv.HasUnreadMessages)},
		{Label: "Started", Value: at(&conv.CreatedAt)},
		{Label: "Last message", Value: at(conv.LastMessageAt)},
		{Label: "Last visitor message", Value: at(conv.LastVisitorMessageAt)},
		{Label: "Visitor", Value: text(conv.VisitorName)},
		email,
		{Label: "Phone", Value: text(conv.VisitorPhoneNumber)},
		{Label: "Label", Value: text(conv.VisitorLabel)},
		{Label: "Language", Value: display.OrDash(conv.MostFrequentLanguage)},
	}
	page := views.MetaItem{Label: "Page", Value: text(conv.URL)}
	if conv.URL != nil && (strings.HasPrefix(*conv.URL, "https://") || strings.HasPrefix(*conv.URL, "http://")) {
		page.Href = *conv.URL
	}
	d.Fields = append(d.Fields, page)
	budget := summaryMax
	for i, k := range slices.Sorted(maps.Keys(conv.ClientMetadata)) {
		if budget <= 0 || i == metadataMaxKeys {
			d.ClientMetadata = append(d.ClientMetadata, views.KeyValue{Key: "…", Value: "more keys not shown"})
			break
		}
		v := conv.ClientMetadata[k]
		_, isString := v.(string)
		text := shortened(metadataText(v), min(foldedMax, budget))
		key, _ := shorten(k, 200)
		budget -= len(text) + len(key)
		d.ClientMetadata = append(d.ClientMetadata, views.KeyValue{Key: key, Value: text, JSON: !isString})
	}
	if conv.DataGathering != nil {
		d.DataGathering = shortened(indentJSON(conv.DataGathering), summaryMax)
	}
	if a := conv.UnifiedAnalysis; a != nil {
		d.Analysis = &views.Analysis{
			Sentiment: display.OrDash(a.Sentiment), SentimentKind: sentimentKind(a.Sentiment), Topic: a.Topic,
			Resolution: strings.ReplaceAll(display.OrDash(a.Resolution), "_", " "), ResolutionKind: resolutionKind(a.Resolution), Flagged: a.Flagged,
		}
	}
	return d
}

// analysisState is Quickchat's analysis of a conversation, as the console
// last read it with the conversation.
type analysisState struct {
	Sentiment, Topic, Resolution string
	Flagged                      bool
	Language                     string
}

func analysisOf(conv *apiclient.ConversationDetails) analysisState {
	a := analysisState{Language: conv.MostFrequentLanguage}
	if u := conv.UnifiedAnalysis; u != nil {
		a.Sentiment, a.Topic, a.Resolution, a.Flagged = u.Sentiment, u.Topic, u.Resolution, u.Flagged
	}
	return a
}

// shortened is the first n characters of s, saying how many more there are.
func shortened(s string, n int) string {
	kept, more := shorten(s, n)
	if more == 0 {
		return kept
	}
	return kept + " … " + display.Count(more, "more character", "more characters")
}

func sentimentKind(s string) string {
	switch s {
	case "positive":
		return "success"
	case "negative":
		return "danger"
	}
	return "neutral"
}

func resolutionKind(s string) string {
	switch s {
	case "resolved":
		return "success"
	case "unresolved":
		return "warning"
	}
	return "neutral"
}

// reviewPanel shows the stored review, with controls for tokens that may write.
func (h *Handlers) reviewPanel(iq inboxQuery, st reviewState, canWrite bool, now time.Time) views.ReviewPanel {
	label, kind := reviewLabel(st.Status)
	k := h.reviewKeys()
	r := views.ReviewPanel{
		Action: reviewAction(iq), Status: st.Status, Label: label, Kind: kind,
		StoredNote: st.Note, Note: st.Note, By: st.By, NoteMax: maxReviewNote, CanWrite: canWrite,
		Keys: strings.Join([]string{k.status, k.note, k.by, k.at}, ", "),
	}
	if at, err := time.Parse(time.RFC3339, st.At); err == nil {
		m := web.Moment(at, now)
		r.At = &m
	}
	return r
}

// reviewThread is the conversation's reviews given through the console, newest first.
func (h *Handlers) reviewThread(c echo.Context, scenario, id string, now time.Time) ([]views.ReviewEntry, string) {
	if h.Reviews == nil {
		return nil, ""
	}
	thread, err := h.Reviews.Thread(c.Request().Context(), scenario, id)
	if err != nil {
		h.Log.Warn("a conversation's review thread could not be read", "err", err, "conversation_id", id, "request_id", web.RequestID(c))
		return nil, "The review history could not be read from the console's store, so it is not shown."
	}
	out := make([]views.ReviewEntry, 0, len(thread))
	for _, rv := range thread {
		label, kind := reviewLabel(rv.Verdict)
		if rv.Verdict == store.VerdictUnreviewed {
			label = "marked unreviewed"
		}
		out = append(out, views.ReviewEntry{Label: label, Kind: kind, Note: rv.Note, By: rv.Reviewer, At: web.Moment(rv.At, now)})
	}
	return out, ""
}

// conversationForm reads a form about one conversation: which one (the path),
// the list it was opened from (the query string, kept for the way back) and
// the fields (the body only, so a query string cannot add any).
func conversationForm(c echo.Context) (inboxQuery, url.Values, error) {
	id, err := conversationID(c)
	if err != nil {
		return inboxQuery{}, nil, err
	}
	iq := parseInboxQuery(c.QueryParams())
	iq.Selected = id
	if _, err := c.FormParams(); err != nil {
		return iq, nil, echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	return iq, c.Request().PostForm, nil
}

// conversationID is the path's id, refused early when it cannot be one.
func conversationID(c echo.Context) (string, error) {
	id := c.Param("id")
	if id == "" || len(id) > 200 || strings.ContainsAny(id, "/?#") {
		return "", echo.NewHTTPError(http.StatusNotFound, "There is no conversation with this address.")
	}
	return id, nil
}
