// Package jobs is the console's bulk work: starting a job on the article
// list's ticked rows or on every article matching its filter (publish, add
// tags, remove tags), the jobs page with each job's progress and time left,
// a job's page with each article's outcome, and cancel.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/jobs"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// API is what starting a job needs from the Quickchat API: the count of a
// filter and the titles of ticked articles, to name what the job works on.
type API interface {
	ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error)
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
	// GetLangURL reads an article's language URL, for an import's dry run.
	GetLangURL(ctx context.Context, articleID int64, language string) (string, error)
}

// Handlers serves the bulk jobs of the signed-in agent.
type Handlers struct {
	*web.Kit
	Jobs *jobs.Engine
	API  func(echo.Context) API
	// Token is the token the request's calls use: the job acts with it.
	Token func(echo.Context) string
	// Identity is who the audit log names for the request: the job's writes are recorded under them.
	Identity func(echo.Context) string
	// Languages are the languages whose URLs an export may write into each file.
	Languages []string
	// Gaps keep the readings of conversations for knowledge gaps, which run
	// in the background too: the jobs page lists them among the jobs, each
	// linking to its period's gaps.
	Gaps *store.Gaps
}

// maxIDs bounds the ticked articles of one job: a few pages of the list.
const maxIDs = 500

// maxNamed bounds the lookups a confirmation makes to name ticked articles.
const maxNamed = 10

// Bulk names what a bulk action will work on and asks once more; confirmed, it starts the job.
func (h *Handlers) Bulk(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
	}
	kind := jobs.Kind(form.Get("action"))
	if !kind.Valid() {
		return echo.NewHTTPError(http.StatusBadRequest, "Choose publish, add tags or remove tags.")
	}
	ctx := c.Request().Context()
	api := h.API(c)
	m := views.BulkConfirm{Action: string(kind), NeedsTags: tagKind(kind), Tags: strings.TrimSpace(form.Get("tags"))}
	start := jobs.Start{Kind: kind, Tags: []string{m.Tags}}
	var n int
	if form.Get("scope") == "filter" {
		// The filter's tag comes as tags_filter, apart from the tags a job adds or removes.
		f := jobs.Filter{Query: strings.TrimSpace(form.Get("query")), Title: strings.TrimSpace(form.Get("title")),
			Tags: strings.TrimSpace(form.Get("tags_filter")), Types: strings.TrimSpace(form.Get("types")), URL: strings.TrimSpace(form.Get("url"))}
		page, err := api.ListArticles(ctx, f.Params(1, 0))
		if err != nil {
			return h.Failure(c, err)
		}
		n = page.Count
		m.Filter = map[string]string{"query": f.Query, "title": f.Title, "tags_filter": f.Tags, "types": f.Types, "url": f.URL}
		m.Count = n
		m.Back = backHref(f)
		start.Filter = &f
		m.Heading = kind.Verb() + " all " + display.Count(n, "article", "articles") + " matching this filter"
		m.Lead = describeFilter(f, n, pace(kind))
		if kind == jobs.RenameTag {
			if f.Tags == "" {
				return echo.NewHTTPError(http.StatusBadRequest, "Choose the tag to rename.")
			}
			m.TagsLabel = "New name"
			m.TagsHint = "A tag already in use merges the two: its articles keep one of them."
			m.Heading = "Rename the tag “" + f.Tags + "” on " + display.Count(n, "article", "articles")
			start.Tags = []string{f.Tags, m.Tags}
		}
	} else {
		ids, err := parseIDs(form["ids"])
		if err != nil {
			return err
		}
		n = len(ids)
		m.IDs, start.IDs, m.Back = ids, ids, "/articles"
		for i, id := range ids {
			if form.Get("confirm") == "yes" {
				break // named on the confirmation already
			}
			if i == maxNamed {
				m.More = len(ids) - maxNamed
				break
			}
			a, err := api.GetArticle(ctx, id)
			if err != nil {
				return h.Failure(c, err)
			}
			m.Items = append(m.Items, views.DeleteItem{ID: id, Title: a.Title})
		}
		m.Heading = kind.Verb() + " " + display.Count(n, "article", "articles")
		m.Lead = "The job runs in the background within Quickchat's rate budget, " + pace(kind) + "; you can leave this page."
	}
	m.SubmitLabel = "Start: " + strings.ToLower(kind.Verb()[:1]) + kind.Verb()[1:] + " " + display.Count(n, "article", "articles")
	page := func() error {
		return h.Render(c, http.StatusOK, web.Page{Title: m.Heading, Nav: "articles", Body: views.BulkConfirmPage(m), Styles: []string{"forms.css"}})
	}
	if kind == jobs.Export && len(h.Languages) > 0 {
		m.Languages = strings.Join(h.Languages, ", ")
		m.LangURLs = form.Get("lang_urls") == "yes"
		m.LangPace = strconv.Itoa(120/len(h.Languages)) + " articles a minute"
		if m.LangURLs {
			start.Languages = h.Languages
		}
	}
	m.OfferRetrain = kind != jobs.Export
	m.Retrain = form.Get("retrain") == "yes"
	start.Retrain = m.OfferRetrain && m.Retrain
	if kind == jobs.Delete {
		m.Lead = "This cannot be undone from here (the audit log keeps each article's content). " + m.Lead
	}
	if n == 0 {
		m.Nothing = true
		m.Lead = "No articles match this filter, so there is nothing to " + strings.ToLower(kind.Verb()) + ". Change the filter and try again."
		return page()
	}
	if form.Get("confirm") != "yes" {
		return page()
	}
	if m.NeedsTags && len(strings.Trim(m.Tags, ", ")) == 0 {
		m.Error = "Name at least one tag."
		return page()
	}
	if kind == jobs.RenameTag && (strings.Contains(m.Tags, ",") || m.Tags == start.Filter.Tags) {
		m.Error = "Give one new name, other than the tag's own."
		return page()
	}
	acct := h.Account(c)
	start.Label = labelFor(kind, n, start.Filter != nil, start.Tags...)
	start.Back, start.Identity, start.Agent, start.ScenarioID, start.Token = m.Back, h.Identity(c), acct.Label, acct.ScenarioID, h.Token(c)
	id, err := h.Jobs.Enqueue(ctx, start)
	switch {
	case errors.Is(err, jobs.ErrNoTags), errors.Is(err, jobs.ErrRename):
		m.Error = "Name the tags: at least one, or for a rename one new name."
		return page()
	case err != nil:
		h.Log.Error("a bulk job could not be started", "kind", kind, "err", err, "request_id", web.RequestID(c))
		m.Error = "The job could not be started: the console's database did not answer. Try again in a moment."
		return page()
	}
	h.Flash(c, "success", "Started: "+start.Label+". Its progress shows here and on the Jobs page.")
	return web.Redirect(c, withJob(m.Back, id))
}

func tagKind(k jobs.Kind) bool {
	return k == jobs.AddTags || k == jobs.RemoveTags || k == jobs.RenameTag
}

// pace is how fast a kind of job goes within Quickchat's rate budget.
func pace(k jobs.Kind) string {
	if k == jobs.Export {
		return "about 120 articles a minute"
	}
	return "about 60 articles a minute"
}

func labelFor(kind jobs.Kind, n int, filter bool, tags ...string) string {
	what := display.Count(n, "article", "articles")
	if filter {
		what = "all " + what + " matching a filter"
	}
	l := kind.Verb() + " " + what
	if kind == jobs.RenameTag {
		return l + ": " + strings.Join(tags, " → ")
	}
	if tagKind(kind) {
		l += ": " + strings.Join(tags, ", ")
	}
	return l
}

// backHref is the article list with the job's filter.
func backHref(f jobs.Filter) string {
	v := url.Values{}
	for k, val := range map[string]string{"query": f.Query, "title": f.Title, "tags": f.Tags, "types": f.Types, "url": f.URL} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if len(v) == 0 {
		return "/articles"
	}
	return "/articles?" + v.Encode()
}

func withJob(back string, id int64) string {
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	return back + sep + "job=" + strconv.FormatInt(id, 10)
}

func describeFilter(f jobs.Filter, n int, pace string) string {
	var parts []string
	for _, p := range [][2]string{{"content has", f.Query}, {"title has", f.Title}, {"tag", f.Tags}, {"type", f.Types}, {"URL has", f.URL}} {
		if p[1] != "" {
			parts = append(parts, p[0]+" “"+p[1]+"”")
		}
	}
	what := "every article of the knowledge base"
	if len(parts) > 0 {
		what = "every article where " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("The job works on %s: %s now. It runs in the background within Quickchat's rate budget, %s; you can leave this page.",
		what, display.Count(n, "article", "articles"), pace)
}

func parseIDs(raw []string) ([]int64, error) {
	return web.ArticleIDs(raw, maxIDs, "Select at least one article, or choose all articles matching the filter.",
		"Select at most "+strconv.Itoa(maxIDs)+" articles, or choose all articles matching the filter.")
}

// listed is how many jobs the jobs page lists, newest first.
const listed = 100

// List is the agent's latest jobs, with its readings for knowledge gaps.
func (h *Handlers) List(c echo.Context) error {
	acct := h.Account(c)
	ctx := c.Request().Context()
	list, err := h.Jobs.List(ctx, acct.ScenarioID, listed)
	if err != nil {
		return err
	}
	type row struct {
		at time.Time
		v  views.JobView
	}
	rows := make([]row, 0, len(list))
	for _, j := range list {
		rows = append(rows, row{j.Created, h.view(c, j)})
	}
	runs, err := h.Gaps.Runs(ctx, acct.ScenarioID, listed)
	if err != nil {
		return err
	}
	for _, r := range runs {
		rows = append(rows, row{r.Created, gapRunView(r)})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return b.at.Compare(a.at) })
	m := views.JobsPage{CanWrite: acct.CanWrite()}
	for _, r := range rows[:min(len(rows), listed)] {
		m.Jobs = append(m.Jobs, r.v)
		m.AnyRunning = m.AnyRunning || r.v.Running
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Jobs", Nav: "jobs", Body: views.JobsListPage(m), Partial: views.JobsTable(m)})
}

// gapRunView is a reading of conversations for knowledge gaps as a row of
// the jobs page, linking to the gaps of its period.
func gapRunView(r store.GapRun) views.JobView {
	from, to := r.From.UTC().Format(time.DateOnly), r.To.UTC().Format(time.DateOnly)
	return views.JobView{
		Href:     "/gaps?" + url.Values{"from": {from}, "to": {to}}.Encode(),
		Label:    "Read conversations from " + from + " to " + to + " for knowledge gaps",
		Identity: r.Identity, State: r.State, Running: r.Active(),
		Total: r.Total, Done: r.Done + r.Skipped + r.Failed, Failed: r.Failed,
		Started: display.Ago(r.Created, time.Now()),
	}
}

func (h *Handlers) job(c echo.Context) (jobs.Job, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return jobs.Job{}, echo.NewHTTPError(http.StatusNotFound, "There is no such job.")
	}
	j, err := h.Jobs.Get(c.Request().Context(), h.Account(c).ScenarioID, id)
	if errors.Is(err, jobs.ErrNotFound) {
		return j, echo.NewHTTPError(http.StatusNotFound, "There is no such job on this agent.")
	}
	return j, err
}

// itemsPerPage is how many articles a job's page lists unless the person
// picks another of web.PageSizes with ?limit=.
const itemsPerPage = 100

// Show is one job: its progress and each article's outcome, a page at a time.
func (h *Handlers) Show(c echo.Context) error {
	j, err := h.job(c)
	if err != nil {
		return err
	}
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	if !web.IsPageSize(limit) {
		limit = itemsPerPage
	}
	offset, err := strconv.Atoi(c.QueryParam("offset"))
	if err != nil || offset < 0 || offset >= j.Total {
		offset = 0
	}
	items, err := h.Jobs.ItemPage(c.Request().Context(), j.ID, offset, limit)
	if err != nil {
		return err
	}
	m := views.JobPage{Job: h.view(c, j)}
	href := func(offset int) string {
		q := url.Values{}
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		if limit != itemsPerPage {
			q.Set("limit", strconv.Itoa(limit))
		}
		if len(q) == 0 {
			return m.Job.Href
		}
		return m.Job.Href + "?" + q.Encode()
	}
	m.Pager = web.Pager(offset, len(items), j.Total, limit, href, "")
	for _, it := range items {
		outcome := it.Outcome
		if outcome == "" {
			outcome = "pending"
		}
		m.Items = append(m.Items, views.JobItemRow{ArticleID: it.ArticleID, Href: web.ArticleHref(it.ArticleID),
			Title: it.Title, Outcome: outcome, Message: it.Message})
	}
	return h.Render(c, http.StatusOK, web.Page{Title: "Job #" + strconv.FormatInt(j.ID, 10), Nav: "jobs",
		Body: views.JobDetailPage(m), Partial: views.JobCard(m.Job), Scripts: views.JobScripts(j.Running())})
}

// Progress is a job's card, with its stream while the job runs, for the page
// that started the job; with region=1 the card alone, as it reads itself again.
func (h *Handlers) Progress(c echo.Context) error {
	j, err := h.job(c)
	if err != nil {
		return err
	}
	v := h.view(c, j)
	card := views.JobCard(v)
	if c.QueryParam("region") == "1" {
		card = views.JobProgress(v)
	}
	return h.Render(c, http.StatusOK, web.Page{Title: j.Label, Nav: "jobs", Body: card, Partial: card})
}

// Cancel stops a job after the article in hand; what is done stays done.
func (h *Handlers) Cancel(c echo.Context) error {
	j, err := h.job(c)
	if err != nil {
		return err
	}
	if err := h.Jobs.Cancel(c.Request().Context(), j.ScenarioID, j.ID); err != nil {
		return err
	}
	h.Flash(c, "success", "Cancelling “"+j.Label+"”: articles already done stay done.")
	return web.Redirect(c, "/jobs/"+strconv.FormatInt(j.ID, 10))
}

func (h *Handlers) view(c echo.Context, j jobs.Job) views.JobView {
	v := views.JobView{
		ID: j.ID, Href: "/jobs/" + strconv.FormatInt(j.ID, 10), Label: j.Label, Identity: j.Identity, State: j.State,
		Running: j.Running(), Total: j.Total, Done: j.Done, Failed: j.Failed, Error: j.Error, Note: j.Note,
		Started: display.Ago(j.Created, time.Now()), CanWrite: h.Account(c).CanWrite(), Back: j.Back,
	}
	if j.Total > 0 {
		v.Percent = j.Done * 100 / j.Total
	}
	if j.ZipKept(time.Now()) {
		v.Download = v.Href + "/export.zip"
	}
	v.ShowBack = j.Kind != jobs.Export
	if j.Running() {
		switch eta := h.Jobs.ETA(j); {
		case !j.Resolved:
			v.ETA = "listing the articles"
		case eta < time.Minute:
			v.ETA = "less than a minute left"
		default:
			v.ETA = "about " + display.Count(int(eta.Round(time.Minute)/time.Minute), "minute", "minutes") + " left"
		}
		return v
	}
	changed := j.Done - j.Failed
	switch j.State {
	case jobs.Done:
		v.Summary = "Finished: " + display.Count(changed, "article", "articles") + " done"
		if j.Kind == jobs.Export {
			v.Summary = "Finished: " + display.Count(changed, "article", "articles") + " exported"
		}
	case jobs.Cancelled:
		v.Summary = "Cancelled after " + display.Count(changed, "article", "articles") + "; those stay done"
	case jobs.Failed:
		v.Summary = "Stopped after " + display.Count(changed, "article", "articles")
	}
	if j.Failed > 0 {
		v.Summary += ", " + strconv.Itoa(j.Failed) + " failed (see each below)"
	}
	v.Summary += "."
	return v
}

// Download sends a finished export's zip: one Markdown file per article and a manifest.
func (h *Handlers) Download(c echo.Context) error {
	j, err := h.job(c)
	if err != nil {
		return err
	}
	if j.Kind != jobs.Export || j.State != jobs.Done {
		return echo.NewHTTPError(http.StatusNotFound, "This job made no zip to download.")
	}
	if !j.ZipKept(time.Now()) {
		return echo.NewHTTPError(http.StatusGone, "Exports are kept for a week; this one is gone. Export the articles again.")
	}
	name := fmt.Sprintf("knowledge-base-%s.zip", j.Finished.UTC().Format("2006-01-02-150405"))
	c.Response().Header().Set(echo.HeaderContentType, "application/zip")
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Response().WriteHeader(http.StatusOK)
	return h.Jobs.WriteZip(c.Request().Context(), j, c.Response())
}
