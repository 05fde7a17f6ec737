package inbox

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// maxAskable is how many fixes, newest first, offer Ask again: each reads its article from Quickchat.
const maxAskable = 5

// askLive is what Ask again needs from Quickchat: the fixing articles as
// they are now, and where the agent's training stands.
type askLive struct {
	articles    map[int64]articleNow
	training    *string // the knowledge base's retrain_state
	trainingErr error
}

type articleNow struct {
	article *apiclient.Article
	err     error
}

// readAskLive reads the articles of the newest fixes and the training state, all at once.
func (h *Handlers) readAskLive(ctx context.Context, api API, fixes []store.Fix) askLive {
	live := askLive{articles: map[int64]articleNow{}}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		read = map[int64]bool{}
	)
	for i, fx := range fixes {
		if i == maxAskable {
			break
		}
		if read[fx.ArticleID] {
			continue
		}
		read[fx.ArticleID] = true
		wg.Go(func() {
			a, err := api.GetArticle(ctx, fx.ArticleID)
			mu.Lock()
			defer mu.Unlock()
			live.articles[fx.ArticleID] = articleNow{article: a, err: err}
		})
	}
	wg.Go(func() {
		// From the read cache on a page view (the badge beside it reads the
		// training afresh while it moves); fresh when a press reads with a fresh ctx.
		kb, err := api.GetKnowledgeBase(ctx)
		if err != nil {
			live.trainingErr = err
			return
		}
		live.training = kb.RetrainState
	})
	wg.Wait()
	return live
}

// askBlocked says why the agent cannot answer from the article yet; "" when it is published.
func askBlocked(a *apiclient.Article) (why string, edit bool) {
	if a.State != "published" {
		return "The article's latest save is a draft: publish it so the agent can answer from it, then ask again.", true
	}
	return "", false
}

// publishedVersion is the article's version the agent answers from once published.
func publishedVersion(a *apiclient.Article) *int {
	if a.MaxAvailableVersion != nil {
		return a.MaxAvailableVersion
	}
	return a.Version
}

// fixRegion is the conversation's fixes with Ask again, read afresh: what a press shows after it.
func (h *Handlers) fixRegion(c echo.Context, iq inboxQuery, now time.Time) views.ReviewPanel {
	acct := h.Account(c)
	list := h.conversationFixes(c, acct.ScenarioID, iq.Selected)
	var live *askLive
	if acct.CanWrite() && len(list) > 0 {
		l := h.readAskLive(c.Request().Context(), h.API(c), list)
		live = &l
	}
	r := h.fixPanel(c, iq, list, live, now)
	if acct.CanWrite() {
		r.FixHref = conversationPath(iq.Selected) + "/fix"
	}
	return r
}

// conversationFixes are the articles saved to fix the conversation, newest first; nil when the store cannot tell.
func (h *Handlers) conversationFixes(c echo.Context, scenario, id string) []store.Fix {
	fixes := h.Reviews.Fixes()
	if fixes == nil {
		return nil
	}
	list, err := fixes.ForConversation(c.Request().Context(), scenario, id)
	if err != nil {
		h.Log.Warn("a conversation's fixes could not be read", "err", err, "conversation_id", id, "request_id", web.RequestID(c))
		return nil
	}
	return list
}

// fixPanel shows the fixes, each with the answers asked again since and,
// when live is given (people who may write), Ask again and the training state.
func (h *Handlers) fixPanel(c echo.Context, iq inboxQuery, list []store.Fix, live *askLive, now time.Time) views.ReviewPanel {
	var r views.ReviewPanel
	if len(list) == 0 {
		return r
	}
	id := iq.Selected
	asks, err := h.Reviews.Fixes().AsksForConversation(c.Request().Context(), h.Account(c).ScenarioID, id)
	if err != nil {
		h.Log.Warn("the answers asked again could not be read", "err", err, "conversation_id", id, "request_id", web.RequestID(c))
	}
	byFix := map[int64][]views.AskEntry{}
	for _, a := range asks {
		byFix[a.FixID] = append(byFix[a.FixID], h.askEntry(a, now))
	}
	offered := false
	for i, fx := range list {
		e := views.FixEntry{Title: fx.ArticleTitle, Href: web.ArticleHref(fx.ArticleID), Version: fixVersion(fx), By: fx.Fixer, At: web.Moment(fx.At, now), Asks: byFix[fx.ID]}
		if live != nil && i < maxAskable {
			art := live.articles[fx.ArticleID]
			e.Ask = askControl(h, c, iq, fx, art)
			e.Version += sincePublished(fx, art.article)
			offered = true
		}
		r.Fixes = append(r.Fixes, e)
	}
	if offered {
		r.Training = askTraining(live, iq.href(iq.Offset)+"#review-fixes")
	}
	return r
}

// askControl is Ask again for one fix, or what is missing before it can ask.
func askControl(h *Handlers, c echo.Context, iq inboxQuery, fx store.Fix, art articleNow) *views.AskControl {
	ctl := &views.AskControl{Action: conversationPath(iq.Selected) + "/ask-again" + iq.query(iq.Offset), FixID: strconv.FormatInt(fx.ID, 10)}
	ctl.Question, _ = shorten(fx.Question, 300)
	switch {
	case art.err != nil && apiclient.IsStatus(art.err, http.StatusNotFound):
		ctl.Blocked = "The article is no longer in the knowledge base, so there is nothing to ask again from."
	case art.err != nil:
		ctl.Blocked = "The article could not be read, so Ask again is not offered. " + h.Explain(c, art.err)
	case art.article == nil:
		ctl.Blocked = "The article was not read."
	default:
		why, edit := askBlocked(art.article)
		ctl.Ready, ctl.Blocked = why == "", why
		if edit {
			ctl.EditHref = web.ArticleHref(fx.ArticleID)
		}
	}
	return ctl
}

// sincePublished says which version the agent answers from now, when the
// article was published after the fix was saved: "draft, since published as version 2".
func sincePublished(fx store.Fix, a *apiclient.Article) string {
	if a == nil || a.State != "published" {
		return ""
	}
	now := publishedVersion(a)
	switch {
	case now == nil:
		return ""
	case fx.Version == nil:
		return ", since published as version " + strconv.Itoa(*now)
	case *now != *fx.Version:
		return ", now published as version " + strconv.Itoa(*now)
	}
	return ""
}

// askTraining says whether the agent's answers can use the published article yet.
func askTraining(live *askLive, back string) *views.AskTraining {
	t := &views.AskTraining{Back: back}
	switch {
	case live.trainingErr != nil:
		// The badge reads the state itself; nothing more can be said here.
	case live.training == nil:
		t.Needed, t.Offer = "The agent has not been trained yet: retrain so its answers use the knowledge base.", true
	case *live.training == "up_to_date":
	case *live.training == "in_progress":
		t.Needed = "A retrain is running: until it is done the agent answers from its last training, so ask again once the state shows up to date."
	case *live.training == "failed":
		t.Needed, t.Offer = "The last retrain failed: the agent answers from the training before it.", true
	default:
		t.Needed, t.Offer = "Published changes wait for a retrain: until it runs, the agent answers from its last training, so its answer may not use the article yet.", true
	}
	return t
}

// trainingWords name a retrain state that was not up to date when a question was asked again.
var trainingWords = map[string]string{"to_be_retrained": "changes waiting for a retrain", "in_progress": "retraining", "failed": "the last retrain failed"}

// askEntry shows one answer asked again beside the old one.
func (h *Handlers) askEntry(a store.AskAgain, now time.Time) views.AskEntry {
	e := views.AskEntry{
		Question: a.Question, Article: a.ArticleTitle, ArticleHref: web.ArticleHref(a.ArticleID),
		By: a.Asker, At: web.Moment(a.At, now),
	}
	e.OldHTML, e.OldText = h.answerHTML(a.OldAnswer)
	e.NewHTML, e.NewText = h.answerHTML(a.NewAnswer)
	if a.Version != nil {
		e.Version = "version " + strconv.Itoa(*a.Version)
	}
	if a.TestConversationID != "" {
		e.TestHref = web.ConversationHref(a.TestConversationID)
	}
	if w, ok := trainingWords[a.Training]; ok {
		e.Training = "Asked while the agent's training was not up to date (" + w + "): this answer may not use the article yet."
	}
	return e
}

// answerHTML is an agent's answer through the console's sanitizer, as the
// transcript shows it; the text itself, inert, when nothing survived.
func (h *Handlers) answerHTML(answer string) (safeHTML, text string) {
	if answer == "" {
		return "", ""
	}
	if safeHTML = h.Markdown.Sanitize(answer); safeHTML == "" {
		text = answer
	}
	return safeHTML, text
}
