package gaps

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"qcadmin/apiclient"
	"qcadmin/gaps"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// Page shows the gaps of the period in the URL: how much of it is read,
// then the groups of conversations that went wrong, largest first. A period
// that cannot be used says which date is wrong, and reads nothing.
func (h *Handlers) Page(c echo.Context) error {
	now := time.Now()
	p, errs := periods.Parse(c.QueryParams(), now)
	m := views.GapsPage{From: p.FromText, To: p.ToText, Errors: errs, MaxDays: periods.Max, Presets: periods.PresetLinks(p, len(errs) == 0, now)}
	if len(errs) == 0 {
		if err := h.fill(c, &m, p); err != nil {
			return h.Failure(c, err)
		}
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Knowledge gaps", Nav: "gaps", Body: views.GapsPageView(m), Styles: []string{"reviews.css"}})
}

func (h *Handlers) fill(c echo.Context, m *views.GapsPage, p web.Period) error {
	ctx := c.Request().Context()
	acct := h.Account(c)
	scenario := acct.ScenarioID
	api := h.API(c)
	count, err := api.ListConversations(ctx, apiclient.ListConversationsParams{Limit: 1, LastMessageStart: p.From, LastMessageEnd: p.LastMoment()})
	if err != nil {
		return err
	}
	if h.Gaps == nil {
		m.Total, m.ReadNote = count.Count, "This console keeps no store of its own, so it cannot read conversations."
		return nil
	}
	reads, err := h.Gaps.Between(ctx, scenario, p.From, p.End())
	if err != nil {
		return err
	}
	m.Total, m.Read = count.Count, min(len(reads), count.Count)
	h.readState(c, m)

	needsWork := map[string]bool{}
	if h.Reviews != nil && len(reads) > 0 {
		ids := make([]string, len(reads))
		for i, r := range reads {
			ids[i] = r.ConversationID
		}
		latest, err := h.Reviews.Latest(ctx, scenario, ids...)
		if err != nil {
			return err
		}
		for id, rv := range latest {
			needsWork[id] = rv.Verdict == store.VerdictNeedsWork
		}
	}
	var wrong []gaps.Conversation
	for _, r := range reads {
		if why := gaps.Reasons(r, needsWork[r.ConversationID]); len(why) > 0 {
			wrong = append(wrong, gaps.Conversation{GapRead: r, Reasons: why})
		}
	}
	m.Wrong = len(wrong)
	found := gaps.Find(reads, wrong)
	m.Groups = make([]views.GapGroup, len(found))
	// The first groups' searches side by side (from the read cache when a
	// colleague just looked), a few at a time.
	var searches errgroup.Group
	searches.SetLimit(4)
	for i, g := range found {
		m.Groups[i] = groupView(g, p, acct.CanWrite())
		if i >= maxSearches {
			m.Unsearched++
			continue
		}
		searches.Go(func() error { return h.search(ctx, api, &m.Groups[i]) })
	}
	return searches.Wait()
}

// readState offers a reading to those who may start one, and shows the one under way.
func (h *Handlers) readState(c echo.Context, m *views.GapsPage) {
	switch {
	case h.Jobs == nil:
		m.ReadNote = "This console runs no background jobs, so it cannot read conversations."
	case !h.Account(c).CanWrite():
		m.ReadNote = "Your role on this agent is read: someone with the write role can read the other conversations."
	default:
		m.CanRead = true
	}
	run, ok, err := h.Gaps.LatestRun(c.Request().Context(), h.Account(c).ScenarioID)
	if err != nil || !ok || (!run.Active() && run.State != store.GapRunFailed && run.Error == "") {
		return
	}
	v := runView(run)
	m.Run = &v
}

func runView(r store.GapRun) views.GapsRun {
	done := r.Done + r.Skipped + r.Failed
	v := views.GapsRun{
		Active: r.Active(), State: r.State, Done: done, Total: r.Total, Failed: r.Failed, Error: r.Error,
		Period:       r.From.UTC().Format(time.DateOnly) + " to " + r.To.UTC().Format(time.DateOnly),
		ProgressHref: "/gaps/progress",
	}
	if r.Total > 0 {
		v.Percent = min(100, done*100/r.Total)
	}
	return v
}

// groupView is a group as the page shows it, its links to the inbox and to the fix of its latest conversation.
func groupView(g gaps.Group, p web.Period, canWrite bool) views.GapGroup {
	v := views.GapGroup{Key: g.Key, Label: g.Label, ByTopic: g.ByTopic, Count: len(g.Conversations), Words: strings.Join(g.Words, " ")}
	if v.Words == "" {
		v.Words = g.Label
	}
	var reasons []string
	for _, r := range []string{gaps.Unresolved, gaps.Negative, gaps.Flagged, gaps.NeedsWork, gaps.Handoff} {
		if n := g.Reasons[r]; n > 0 {
			reasons = append(reasons, strconv.Itoa(n)+" "+r)
		}
	}
	v.Reasons = strings.Join(reasons, " · ")
	seen := map[string]bool{}
	var ids []string
	for _, c := range g.Conversations {
		if len(ids) < maxInboxIDs {
			ids = append(ids, c.ConversationID)
		}
		for _, q := range c.Questions[:min(1, len(c.Questions))] {
			if len(v.Questions) < maxQuestions && !seen[q] {
				seen[q] = true
				v.Questions = append(v.Questions, q)
			}
		}
	}
	if latest := g.Conversations[0]; canWrite { // fixing writes an article: readers are not offered it
		v.FixHref = "/conversations/" + url.PathEscape(latest.ConversationID) + "/fix"
		v.FixLabel = "#" + strconv.Itoa(latest.Ord)
	}
	v.InboxHref = "/conversations?" + url.Values{
		"ids":                        {strings.Join(ids, ",")},
		"last_message_at_start_date": {p.FromText},
		"last_message_at_end_date":   {p.ToText},
	}.Encode()
	v.SearchHref = "/search?" + url.Values{"query": {v.Words}}.Encode()
	return v
}

// search asks the knowledge base, as the agent would, for the group's key
// terms (through the console's read cache); a refusal of the session's
// token ends the page, any other failure stays with the group.
func (h *Handlers) search(ctx context.Context, api API, v *views.GapGroup) error {
	res, err := api.SearchArticles(ctx, apiclient.SearchParams{Query: v.Words, NumOfDisplayArticles: maxArticles, NumOfDataArticles: maxArticles})
	if apiclient.IsStatus(err, http.StatusUnauthorized) {
		return err
	}
	if err != nil {
		v.SearchError = "The knowledge base could not be searched: " + web.Describe(err)
		return nil
	}
	v.Searched = true
	snippets := map[int64]string{}
	for _, s := range res.ArticleSnippets {
		snippets[s.ArticleID] = s.ExpositorySentence
	}
	for _, a := range res.ArticleSnapshots.Items[:min(maxArticles, len(res.ArticleSnapshots.Items))] {
		v.Articles = append(v.Articles, views.GapArticle{Title: a.Title, Href: web.ArticleHref(a.ID), Snippet: snippets[a.ID]})
	}
	return nil
}
