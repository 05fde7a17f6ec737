package inbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/static"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// Values of the list's enum filters, as the API names them.
const (
	assigneeUnassigned = "unassigned"
	statusOpen         = "open"
	statusResolved     = "resolved"
)

// conversationSources are the channels Quickchat connects to; a source in the URL that is not listed is offered too.
var conversationSources = []string{"widget", "api", "whatsapp", "email", "telegram", "messenger", "slack", "instagram", "intercom", "zendesk", "discord"}

// inboxQuery is the inbox's state as it appears in the URL: filters, page, and the open conversation (from the path).
type inboxQuery struct {
	views.InboxFilters
	// IDs narrows the list to chosen conversations (a knowledge gap's group),
	// comma-separated, applied by the console like the review filters.
	IDs      string
	Offset   int
	Selected string
}

func parseInboxQuery(q url.Values) inboxQuery {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	iq := inboxQuery{InboxFilters: views.InboxFilters{
		Query:            get("query"),
		AssigneeType:     get("assignee_type"),
		Source:           get("source"),
		ResolutionStatus: get("resolution_status"),
		Language:         get("most_frequent_language"),
		CreatedStart:     get("created_timestamp_start_date"),
		CreatedEnd:       get("created_timestamp_end_date"),
		LastMessageStart: get("last_message_at_start_date"),
		LastMessageEnd:   get("last_message_at_end_date"),
		Limit:            web.DefaultPageSize,
		Review:           get("review"),
		Reviewer:         get("reviewer"),
		Period:           get("period"),
		HideTests:        get("tests") == "hide",
	}}
	switch {
	case iq.Period == periodCustom:
		iq.Period = "" // the dates as typed, which is what no preset means
	case isPreset(iq.Period):
		// A preset is relative: the dates are today's, and show in the date fields.
		iq.LastMessageStart, iq.LastMessageEnd = presetDays(iq.Period, time.Now())
	}
	iq.IDs = parseChosen(q.Get("ids"))
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && slices.Contains(web.PageSizes, n) {
		iq.Limit = n
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		iq.Offset = n
	}
	return iq
}

// filterValues are the filters in the API's names, without page or selection.
func (iq inboxQuery) filterValues() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("query", iq.Query)
	set("assignee_type", iq.AssigneeType)
	set("source", iq.Source)
	set("resolution_status", iq.ResolutionStatus)
	set("most_frequent_language", iq.Language)
	set("created_timestamp_start_date", iq.CreatedStart)
	set("created_timestamp_end_date", iq.CreatedEnd)
	if iq.Period == "" {
		set("last_message_at_start_date", iq.LastMessageStart)
		set("last_message_at_end_date", iq.LastMessageEnd)
	}
	set("period", iq.Period)
	set("review", iq.Review)
	set("reviewer", iq.Reviewer)
	if iq.HideTests {
		v.Set("tests", "hide")
	}
	if iq.IDs != "" {
		v.Set("ids", iq.IDs)
	}
	return v
}

// query is the list's query string at offset, "" when it is the default list.
func (iq inboxQuery) query(offset int) string {
	v := iq.filterValues()
	if iq.Limit != web.DefaultPageSize {
		v.Set("limit", strconv.Itoa(iq.Limit))
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// base is the path the list's links use: the open conversation's, so paging keeps it open.
func (iq inboxQuery) base() string {
	if iq.Selected == "" {
		return "/conversations"
	}
	return conversationPath(iq.Selected)
}

// href is the shareable URL of this inbox at another offset.
func (iq inboxQuery) href(offset int) string { return iq.base() + iq.query(offset) }

// open is the URL of the inbox with another conversation open, on this page of the list.
func (iq inboxQuery) open(id string) string { return conversationPath(id) + iq.query(iq.Offset) }

func conversationPath(id string) string { return "/conversations/" + url.PathEscape(id) }

// exportHref downloads every conversation the filters match, on every page.
func (iq inboxQuery) exportHref() string {
	all := inboxQuery{InboxFilters: iq.InboxFilters}
	all.Limit = web.DefaultPageSize
	all.Review, all.Reviewer = "", "" // the export has every row, with the review columns to sort by
	all.HideTests = false
	return "/conversations/export.csv" + all.query(0)
}

func (iq inboxQuery) filtersActive() bool { return len(iq.filterValues()) > 0 }

// params turns the URL's filters into the API's, or says which filters are wrong.
// Dates are whole UTC days, so an end date includes that day.
func (iq inboxQuery) params() (apiclient.ListConversationsParams, map[string]string) {
	p := apiclient.ListConversationsParams{
		Limit: iq.Limit, Offset: iq.Offset, Query: iq.Query, AssigneeType: iq.AssigneeType, Source: iq.Source,
		ResolutionStatus: iq.ResolutionStatus, MostFrequentLanguage: iq.Language,
	}
	errs := map[string]string{}
	p.CreatedStart, p.CreatedEnd = dateRangeParams(errs, "created_timestamp", "Started", iq.CreatedStart, iq.CreatedEnd)
	p.LastMessageStart, p.LastMessageEnd = dateRangeParams(errs, "last_message_at", "Last message", iq.LastMessageStart, iq.LastMessageEnd)
	iq.reviewFilterErrors(errs)
	return p, errs
}

func dateRangeParams(errs map[string]string, prefix, what, start, end string) (from, until time.Time) {
	var ok1, ok2 bool
	if from, ok1 = parseDay(start, false); !ok1 {
		errs[prefix+"_start_date"] = fmt.Sprintf("%s: %q is not a date. Pick one, or write it as YYYY-MM-DD.", what, start)
	}
	if until, ok2 = parseDay(end, true); !ok2 {
		errs[prefix+"_end_date"] = fmt.Sprintf("%s: %q is not a date. Pick one, or write it as YYYY-MM-DD.", what, end)
	}
	if ok1 && ok2 && !from.IsZero() && !until.IsZero() && from.After(until) {
		msg := fmt.Sprintf("%s: the range begins on %s, after it ends on %s. Change the start or the end date; nothing was searched.", what, start, end)
		errs[prefix+"_start_date"], errs[prefix+"_end_date"] = msg, msg
	}
	return from, until
}

// parseDay reads a date input's YYYY-MM-DD (or an RFC 3339 moment from a shared API URL); an end day
// reaches to its last microsecond. The empty string is no bound.
func parseDay(s string, end bool) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		t = t.Add(24*time.Hour - time.Microsecond)
	}
	return t, true
}

// inboxViews are the quick views of Quickchat's dashboard; each keeps the other filters.
func (iq inboxQuery) views() []views.InboxView {
	// A view with a period sets it too: "open this week" is the review round's usual start.
	defs := []struct{ key, label, status, assignee, period string }{
		{"all", "All", "", "", ""},
		{"open-week", "Open – last 7 days", statusOpen, "", period7Days},
		{"open-human", "Open – assigned to a human", statusOpen, web.AssigneeHuman, ""},
		{"open-unassigned", "Open – unassigned", statusOpen, assigneeUnassigned, ""},
		{"closed", "Closed", statusResolved, "", ""},
	}
	out := make([]views.InboxView, 0, len(defs))
	for _, d := range defs {
		v := iq
		v.ResolutionStatus, v.AssigneeType = d.status, d.assignee
		current := iq.ResolutionStatus == d.status && iq.AssigneeType == d.assignee
		if d.period != "" {
			v.Period, v.LastMessageStart, v.LastMessageEnd = d.period, "", ""
			current = current && iq.Period == d.period
		}
		out = append(out, views.InboxView{Key: d.key, Label: d.label, Href: v.href(0), Current: current})
	}
	return out
}

// List is the inbox with no conversation open: the filtered page of the list.
func (h *Handlers) List(c echo.Context) error {
	q := c.QueryParams()
	if q.Get("next") == store.VerdictUnreviewed {
		return h.nextUnreviewed(c, parseInboxQuery(q), strings.TrimSpace(q.Get("after")))
	}
	m, err := h.inbox(c, parseInboxQuery(q), nil)
	if err != nil {
		return h.Failure(c, err)
	}
	return h.renderInbox(c, m)
}

// inbox lists the page of conversations iq asks for. A page the caller already
// fetched is used as is; otherwise wrong filters are explained without asking the API.
func (h *Handlers) inbox(c echo.Context, iq inboxQuery, list *apiclient.Page[apiclient.Conversation]) (views.Inbox, error) {
	m := h.inboxFrame(iq)
	p, errs := iq.params()
	if len(errs) > 0 {
		m.FieldErrors = errs
		m.Error = firstMessage(errs)
		return m, nil
	}
	if iq.reviewFiltered() {
		return m, h.fillFiltered(c, &m, iq, p, list)
	}
	if list == nil {
		var err error
		if list, err = h.API(c).ListConversations(c.Request().Context(), p); err != nil {
			if apiclient.IsStatus(err, http.StatusBadRequest) || apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
				m.Error = "Quickchat could not filter the list: " + web.Describe(err)
				return m, nil
			}
			return m, err
		}
	}
	h.fillInbox(c, &m, iq, list)
	return m, nil
}

// firstMessage picks one message of errs, the same one every time.
func firstMessage(errs map[string]string) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return errs[keys[0]]
}

// inboxFrame is everything of the inbox that needs no API call.
func (h *Handlers) inboxFrame(iq inboxQuery) views.Inbox {
	sources := slices.Clone(conversationSources)
	if iq.Source != "" && !slices.Contains(sources, iq.Source) {
		sources = append(sources, iq.Source)
	}
	m := views.Inbox{
		Filters:       iq.InboxFilters,
		ChosenIDs:     iq.IDs,
		FiltersActive: iq.filtersActive(),
		MoreFilters: iq.Source != "" || iq.Language != "" || iq.CreatedStart != "" || iq.CreatedEnd != "" ||
			(iq.Period == "" && (iq.LastMessageStart != "" || iq.LastMessageEnd != "")) || iq.Limit != web.DefaultPageSize,
		Base:        iq.base(),
		ClearHref:   (inboxQuery{InboxFilters: views.InboxFilters{Limit: iq.Limit}, Selected: iq.Selected}).href(0),
		RefreshHref: iq.href(iq.Offset),
		Views:       iq.views(),
		ExportHref:  iq.exportHref(),
		AssigneeOptions: []views.Option{
			{Value: web.AssigneeAI, Label: "AI agent"},
			{Value: web.AssigneeHuman, Label: "Human operator"},
			{Value: assigneeUnassigned, Label: "Unassigned"},
		},
		StatusOptions:   []views.Option{{Value: statusOpen, Label: "Open"}, {Value: statusResolved, Label: "Resolved"}},
		LanguageOptions: h.Languages,
		PageSizes:       web.PageSizes,
	}
	for _, s := range sources {
		m.SourceOptions = append(m.SourceOptions, views.Option{Value: s, Label: s})
	}
	if iq.AssigneeType != "" && !slices.ContainsFunc(m.AssigneeOptions, func(o views.Option) bool { return o.Value == iq.AssigneeType }) {
		m.AssigneeOptions = append(m.AssigneeOptions, views.Option{Value: iq.AssigneeType, Label: iq.AssigneeType})
	}
	if iq.ResolutionStatus != "" && !slices.ContainsFunc(m.StatusOptions, func(o views.Option) bool { return o.Value == iq.ResolutionStatus }) {
		m.StatusOptions = append(m.StatusOptions, views.Option{Value: iq.ResolutionStatus, Label: iq.ResolutionStatus})
	}
	h.reviewFrame(&m, iq)
	return m
}

// fillInbox adds one page of the list: rows with what the console knows of their review, pager and export count.
func (h *Handlers) fillInbox(c echo.Context, m *views.Inbox, iq inboxQuery, list *apiclient.Page[apiclient.Conversation]) {
	now := time.Now()
	scenario := h.Account(c).ScenarioID
	m.Rows = make([]views.ConversationRow, 0, len(list.Items))
	ids := make([]string, len(list.Items))
	for i, conv := range list.Items {
		ids[i] = conv.ID
	}
	known := h.knownReviews(c.Request().Context(), scenario, ids)
	for _, conv := range list.Items {
		r := conversationRow(conv, now)
		r.Href = iq.open(conv.ID)
		r.Selected = conv.ID == iq.Selected
		if st, ok := known[conv.ID]; ok {
			r.Review = reviewBadge(st, now)
		}
		m.Rows = append(m.Rows, r)
	}
	h.hideTestChats(c, m, iq)
	if iq.Selected == "" && len(m.Rows) > 0 {
		m.Rows[0].Shortcut = "j"
	}
	m.Pager = web.Pager(list.Offset, len(list.Items), list.Count, iq.Limit, iq.href, "#conversation-results")
	m.ExportCount = list.Count
	m.NextUnreviewedHref = iq.nextUnreviewedHref()
}

func conversationRow(conv apiclient.Conversation, now time.Time) views.ConversationRow {
	visitor, known := visitorName(conv)
	assignee, kind := assigneeLabel(conv.Assignee)
	when := conv.CreatedAt
	if conv.LastMessageAt != nil {
		when = *conv.LastMessageAt
	}
	return views.ConversationRow{
		ID:           conv.ID,
		Ord:          conv.Ord,
		Visitor:      visitor,
		KnownVisitor: known,
		Title:        orNoTitle(conv.Title),
		Source:       display.OrDash(conv.Source),
		Assignee:     assignee,
		AssigneeKind: kind,
		Status:       display.OrDash(conv.ResolutionStatus),
		StatusKind:   statusKind(conv.ResolutionStatus),
		Unread:       conv.HasUnreadMessages,
		Terminated:   conv.Terminated,
		When:         web.Moment(when, now),
	}
}

func visitorName(conv apiclient.Conversation) (string, bool) {
	if conv.VisitorName != nil && strings.TrimSpace(*conv.VisitorName) != "" {
		return *conv.VisitorName, true
	}
	return "Unknown visitor", false
}

func assigneeLabel(a apiclient.Assignee) (label, kind string) {
	switch a.Type {
	case web.AssigneeAI:
		return "AI agent", "ai"
	case web.AssigneeHuman:
		if a.Name != nil && *a.Name != "" {
			return *a.Name, "human"
		}
		return "Human operator", "human"
	case assigneeUnassigned, "":
		return "Unassigned", "unassigned"
	}
	return a.Type, "unassigned"
}

func statusKind(status string) string {
	switch status {
	case statusOpen:
		return "info"
	case statusResolved:
		return "success"
	}
	return "neutral"
}

func orNoTitle(title string) string {
	if strings.TrimSpace(title) == "" {
		return "No title"
	}
	return title
}

// renderInbox answers with the part of the inbox an htmx request targets, or the whole page.
func (h *Handlers) renderInbox(c echo.Context, m views.Inbox) error {
	h.decorate(c, &m)
	title := "Conversations"
	if m.Detail != nil {
		title = m.Detail.Visitor + " #" + strconv.Itoa(m.Detail.Ord)
	}
	// The filter form sends every field, empty or not; the address bar gets the tidy, shareable URL.
	if web.HTMXOf(c.Request()).Trigger == "inbox-filters" {
		web.PushURL(c, m.RefreshHref)
	}
	scripts := []string{h.Assets.Review}
	if m.Detail != nil && m.Detail.Metadata.Conflict != nil {
		scripts = append(scripts, static.URL("merge.js")) // "Use the saved one"
	}
	watch := liveOf(m)
	return h.Render(c, http.StatusOK, web.Page{
		Title:   title,
		Nav:     "conversations",
		Body:    views.ConversationsPage(m),
		Partial: inboxPartial(web.HTMXOf(c.Request()).Target, m),
		Scripts: scripts,
		Styles:  []string{"forms.css", "inbox.css"},
		Live:    &watch,
	})
}

func inboxPartial(target string, m views.Inbox) templ.Component {
	switch target {
	case "conversation-results":
		return views.ConversationResultsSwap(m)
	case "inbox-list":
		return views.InboxList(m)
	case "conversation-detail":
		return templ.Join(views.ConversationPaneSwap(m), layout.LiveSwap(liveOf(m)))
	}
	return templ.Join(views.InboxPanes(m), layout.LiveSwap(liveOf(m)))
}

// liveOf is what the inbox page follows live: its list, and the open
// conversation, whose page says who else reads it.
func liveOf(m views.Inbox) layout.Live {
	if m.Detail != nil {
		return layout.Live{Watch: "conversation:" + m.Detail.ID, Inbox: true}
	}
	return layout.Live{Watch: "inbox", Inbox: true}
}
