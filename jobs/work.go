package jobs

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"qcadmin/apiclient"
	"qcadmin/audit"
)

// itemTimeout bounds one article's work, the waits for the rate budget
// included. A job asked to stop finishes the article in hand within it, so
// that article is neither lost nor done twice.
const itemTimeout = 2 * time.Minute

// listPage is the page size a job lists a filter's articles with: the API's largest.
const listPage = 100

// run works through a job's pending articles. It returns an error only when
// the job should be tried again later (the database failed, the process is
// stopping); what happens to each article is recorded with it.
func (e *Engine) run(ctx context.Context, id int64) error {
	began := time.Now()
	j, err := e.store.get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil // removed: nothing to do
	}
	if err != nil {
		return err
	}
	if !j.Running() {
		return nil
	}
	if j.cancelAsk {
		return e.finish(ctx, j, Cancelled, "")
	}
	if err := e.store.start(ctx, id); err != nil {
		return err
	}
	e.progressed(j.ScenarioID, id)
	token, err := e.cfg.Sealer.OpenForJob(j.sealed, j.ScenarioID)
	if err != nil {
		return e.finish(ctx, j, Failed, "The job's sign-in could not be read: the console's secret key has changed since it started.")
	}
	api := e.cfg.Connect(token)
	if e.cfg.Audit != nil {
		var opts []audit.Option
		if e.cfg.OnRecorded != nil {
			opts = append(opts, audit.OnRecorded(e.cfg.OnRecorded)) // people with an article open hear of the job's save
		}
		api = audit.Wrap(api, e.cfg.Audit, e.log, e.cfg.ReviewPrefix, opts...)
	}
	// Calls leave budget to page views, and are audited as the person who started the job.
	work := apiclient.Background(audit.WithScope(context.WithoutCancel(ctx), audit.Scope{
		Identity: j.Identity, Agent: j.Agent, ScenarioID: j.ScenarioID, RequestID: "job-" + strconv.FormatInt(id, 10),
	}))

	if !j.Resolved && j.Filter != nil {
		items, err := e.resolve(ctx, api, *j.Filter)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return e.finish(ctx, j, Failed, "The articles matching the filter could not be listed: "+err.Error())
		}
		if err := e.store.setItems(ctx, id, items); err != nil {
			return err
		}
		e.progressed(j.ScenarioID, id)
	}
	pending, err := e.store.items(ctx, id, true)
	if err != nil {
		return err
	}
	for _, it := range pending {
		if ctx.Err() != nil {
			return river.JobSnooze(0) // stopping: the job resumes here when the console starts again
		}
		if time.Since(began) > e.cfg.Slice {
			// Back to the queue, to be taken up again at once: no attempt of a
			// job runs long enough to be taken for one a crash left behind.
			return river.JobSnooze(0)
		}
		if cur, err := e.store.get(ctx, id); err != nil {
			return err
		} else if cur.cancelAsk {
			return e.finish(ctx, j, Cancelled, "")
		}
		ictx, cancel := context.WithTimeout(work, itemTimeout)
		it = e.doItem(ictx, api, j, it)
		cancel()
		if err := e.store.finishItem(context.WithoutCancel(ctx), id, it); err != nil {
			return err
		}
		if it.refused {
			// Every article after would be refused the same way.
			return e.finish(context.WithoutCancel(ctx), j, Failed,
				"Quickchat no longer accepts the sign-in this job acts with (its token expired, was revoked or lost the right); start the job again to finish the rest.")
		}
		e.progressed(j.ScenarioID, id)
	}
	if j.Retrain {
		if err := e.retrain(context.WithoutCancel(ctx), api, work, id); err != nil {
			return err
		}
	}
	return e.finish(context.WithoutCancel(ctx), j, Done, "")
}

// retrain asks Quickchat to retrain the knowledge base after a job that
// changed articles, once, and notes how it went.
func (e *Engine) retrain(ctx context.Context, api audit.API, work context.Context, id int64) error {
	cur, err := e.store.get(ctx, id)
	if err != nil || cur.Note != "" {
		return err
	}
	items, err := e.store.items(ctx, id, false)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(items, func(it Item) bool { return it.Outcome == OutcomeChanged }) {
		return e.store.setNote(ctx, id, "Nothing changed, so the knowledge base was not retrained.")
	}
	rctx, cancel := context.WithTimeout(work, itemTimeout)
	defer cancel()
	note := "The knowledge base is retraining with these changes."
	if err := api.RetrainKnowledgeBase(rctx); err != nil {
		note = "The retrain could not be started (" + failed(Item{}, err).Message + "); retrain from Settings."
	}
	return e.store.setNote(ctx, id, note)
}

// resolve lists every article matching f, page by page.
func (e *Engine) resolve(ctx context.Context, api audit.API, f Filter) ([]Item, error) {
	ctx = apiclient.Background(ctx)
	var items []Item
	seen := map[int64]bool{}
	for offset := 0; ; offset += listPage {
		page, err := api.ListArticles(ctx, f.Params(listPage, offset))
		if err != nil {
			return nil, err
		}
		for _, a := range page.Items {
			if !seen[a.ID] {
				seen[a.ID] = true
				items = append(items, Item{ArticleID: a.ID, Title: a.Title})
			}
		}
		if len(page.Items) == 0 || offset+len(page.Items) >= page.Count {
			return items, nil
		}
	}
}

// doItem does the job's work on one article and says how it went.
func (e *Engine) doItem(ctx context.Context, api audit.API, j Job, it Item) Item {
	if j.Kind == Import {
		return e.importItem(ctx, api, j, it)
	}
	a, err := api.GetArticle(apiclient.Fresh(ctx), it.ArticleID)
	var apiErr *apiclient.APIError
	if j.Kind == Delete && errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		it.Outcome, it.Message = OutcomeUnchanged, "Already deleted."
		return it
	}
	if err != nil {
		return failed(it, err)
	}
	it.Title = a.Title
	note := "(bulk job #" + strconv.FormatInt(j.ID, 10) + ")"
	var u apiclient.ArticleUpdate
	switch j.Kind {
	case Delete:
		// The audit log keeps the article's content, so it can be brought back.
		if err := api.DeleteArticles(audit.As(audit.WithBefore(ctx, a), "articles.delete", note), []int64{a.ID}); err != nil {
			return failed(it, err)
		}
		it.Outcome, it.Message = OutcomeChanged, "Deleted."
		return it
	case Export:
		langs := map[string]string{}
		for _, lang := range j.Languages {
			u, err := api.GetLangURL(ctx, a.ID, lang)
			switch {
			case err == nil:
				langs[lang] = u
			case !apiclient.IsStatus(err, http.StatusNotFound):
				return failed(it, err)
			}
		}
		it.Outcome, it.Message, it.Body = OutcomeChanged, "Exported.", markdownFile(a, langs)
		return it
	case Publish:
		if a.State == "published" {
			it.Outcome, it.Message = OutcomeUnchanged, "Already published."
			return it
		}
		u.SaveMode = apiclient.SavePublish
	case AddTags, RemoveTags, RenameTag:
		tags := changeTags(a.Tags, j.Kind, j.Tags)
		if slices.Equal(tags, a.Tags) {
			it.Outcome, it.Message = OutcomeUnchanged, "Tags already as asked."
			return it
		}
		u.Tags = &tags
		// Every save makes a version: keep a published article published.
		u.SaveMode = apiclient.SaveDraft
		if a.State == "published" {
			u.SaveMode = apiclient.SavePublish
		}
	}
	action := "article.update"
	if u.SaveMode == apiclient.SavePublish {
		action = "article.publish"
	}
	wctx := audit.As(audit.WithBefore(ctx, a), action, note)
	out, err := api.UpdateArticle(wctx, it.ArticleID, u)
	if err != nil {
		return failed(it, err)
	}
	it.Outcome = OutcomeChanged
	switch j.Kind {
	case Publish:
		it.Message = "Published."
	case AddTags:
		it.Message = "Tagged."
	case RemoveTags:
		it.Message = "Tags removed."
	case RenameTag:
		it.Message = "Tag renamed."
	}
	if out != nil && out.Title != "" {
		it.Title = out.Title
	}
	return it
}

// changeTags is tags with change's tags added or removed, order kept; for a
// rename, change's first tag replaced by its second, once.
func changeTags(tags []string, kind Kind, change []string) []string {
	out := slices.Clone(tags)
	if out == nil {
		out = []string{}
	}
	if kind == RenameTag {
		from, to := change[0], change[1]
		i := slices.Index(out, from)
		switch {
		case i < 0:
		case slices.Contains(out, to):
			out = slices.Delete(out, i, i+1)
		default:
			out[i] = to
		}
		return out
	}
	for _, t := range change {
		has := slices.Contains(out, t)
		switch {
		case kind == AddTags && !has:
			out = append(out, t)
		case kind == RemoveTags && has:
			out = slices.DeleteFunc(out, func(x string) bool { return x == t })
		}
	}
	return out
}

func failed(it Item, err error) Item {
	it.Outcome = OutcomeFailed
	var apiErr *apiclient.APIError
	it.refused = apiclient.IsStatus(err, http.StatusUnauthorized) || apiclient.IsStatus(err, http.StatusForbidden)
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound:
		it.Message = "This article no longer exists."
	case errors.As(err, &apiErr):
		it.Message = "Quickchat refused: " + apiErr.Error()
	case errors.Is(err, context.DeadlineExceeded):
		it.Message = "Quickchat did not answer in time."
	default:
		it.Message = "Quickchat could not be reached."
	}
	return it
}
