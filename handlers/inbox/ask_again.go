package inbox

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

const (
	// askTimeout bounds how long one press waits for the agent's answer, when the request's own deadline does not come first.
	askTimeout = 45 * time.Second
	// askRepeat is how soon after an ask a second press of the same fix shows that answer instead of asking again.
	askRepeat = 10 * time.Second
	// askTestKey names, in the test conversation's client metadata, the conversation whose question it asks again.
	askTestKey = "qcadmin_ask_again_of"
)

// AskAgain asks a fixed conversation's question again, once, through the
// chat API on a new conversation marked as a test (as the playground marks
// its own), and keeps the agent's new answer beside its old one in the
// conversation's review thread. It asks only when the fixing article is
// published; a refusal or a timeout says so and asks nothing more.
func (h *Handlers) AskAgain(c echo.Context) error {
	iq, form, err := conversationForm(c)
	if err != nil {
		return err
	}
	if !h.Account(c).CanWrite() {
		return echo.NewHTTPError(http.StatusForbidden, "Asking again starts a test conversation with the agent, and you may only read here.")
	}
	fixes := h.Reviews.Fixes()
	if fixes == nil {
		return echo.NewHTTPError(http.StatusNotFound, "This console keeps no fixes, so there is nothing to ask again.")
	}
	id := iq.Selected
	fixID, err := strconv.ParseInt(form.Get("fix"), 10, 64)
	if err != nil || fixID <= 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "The form names no fix to ask again. Reload the page and try again.")
	}
	ctx := c.Request().Context()
	acct := h.Account(c)
	fx, err := fixes.Get(ctx, acct.ScenarioID, id, fixID)
	if errors.Is(err, store.ErrNoFix) {
		return echo.NewHTTPError(http.StatusNotFound, "This conversation has no such fix.")
	}
	if err != nil {
		h.Log.Error("a fix could not be read", "err", err, "request_id", web.RequestID(c))
		return h.askAnswer(c, iq, fixID, "The console's store is unavailable, so nothing was asked. Try again in a moment.")
	}
	// Two presses, by one person or two, take turns: the second finds the
	// first's answer. They take a turn of their own, not the one review and
	// metadata saves take, which a chat answer may hold for most of a minute.
	unlock, err := h.lockConversation(ctx, acct.ScenarioID, "ask:"+id)
	if err != nil {
		h.Log.Error("Ask again could not take its turn on the conversation", "err", err, "request_id", web.RequestID(c))
		if errors.Is(err, context.DeadlineExceeded) {
			return h.askAnswer(c, iq, fixID, "Someone is asking this conversation's question again right now, so nothing was asked. Reload in a moment to see their answer.")
		}
		return h.askAnswer(c, iq, fixID, "The console's store is unavailable, so nothing was asked. Try again in a moment.")
	}
	defer unlock()
	if asks, err := fixes.AsksForConversation(ctx, acct.ScenarioID, id); err == nil {
		for _, a := range asks {
			if a.FixID == fixID && time.Since(a.At) < askRepeat {
				return h.askAnswer(c, iq, fixID, "") // just asked: that answer is the one to read
			}
		}
	}
	if msg := h.ask(c, fx); msg != "" {
		return h.askAnswer(c, iq, fixID, msg)
	}
	return h.askAnswer(c, iq, fixID, "")
}

// ask asks the fix's question once and keeps the answer; it returns why
// nothing was asked or kept, or "" when the answer is in the store.
func (h *Handlers) ask(c echo.Context, fx store.Fix) string {
	ctx := c.Request().Context()
	api := h.API(c)
	// What the agent answers from is read fresh: the article may have been published a moment ago.
	live := h.readAskLive(apiclient.Fresh(ctx), api, []store.Fix{fx})
	art := live.articles[fx.ArticleID]
	if art.err != nil {
		return "The article could not be read, so nothing was asked. " + h.Explain(c, art.err)
	}
	if blocked, _ := askBlocked(art.article); blocked != "" {
		return blocked
	}
	events, _, evErr := web.ConversationEvents(ctx, api, fx.ConversationID)
	x := exchangeOf(events, fx.AnswerEventID)
	question := fx.Question
	if question == "" {
		question = x.Question
	}
	switch {
	case question == "" && evErr != nil:
		return "The visitor's question could not be read from the transcript, so nothing was asked. " + h.Explain(c, evErr)
	case question == "":
		return "This conversation has no visitor question to ask again."
	}
	chatCtx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	reply, err := api.Chat(chatCtx, apiclient.ChatMessage{Text: question, ClientMetadata: map[string]any{
		apiclient.TestChatKey: "true", // as the playground marks its conversations, so lists can tell and hide them
		askTestKey:            fx.ConversationID,
	}})
	if err != nil {
		return askRefused(h.Explain(c, err), err)
	}
	a := store.AskAgain{
		FixID: fx.ID, ScenarioID: fx.ScenarioID, ConversationID: fx.ConversationID, Question: question,
		OldAnswer: x.Answer, NewAnswer: reply.Reply, TestConversationID: reply.ConvID,
		ArticleID: fx.ArticleID, ArticleTitle: art.article.Title, Version: publishedVersion(art.article), Asker: h.Identity(c),
	}
	if live.training != nil {
		a.Training = *live.training
	}
	if _, err := h.Reviews.Fixes().AddAsk(ctx, a); err != nil {
		h.Log.Error("an answer asked again could not be kept", "err", err, "conversation_id", fx.ConversationID, "request_id", web.RequestID(c))
		return "The agent answered on test conversation " + reply.ConvID + ", but the console's store could not keep the answer, so it is not shown here. Open the test conversation to read it."
	}
	return ""
}

// askRefused says why the chat did not answer, in words that name the press.
func askRefused(described string, err error) string {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, apiclient.ErrTimeout) {
		return "The agent did not answer in time, so nothing was kept. Press Ask again to try once more."
	}
	return "Quickchat did not answer the question, so nothing was kept: " + described
}

// askAnswer shows the conversation's fixes after a press: the region alone
// for htmx, else the whole page (after a redirect when it asked).
func (h *Handlers) askAnswer(c echo.Context, iq inboxQuery, fixID int64, problem string) error {
	if web.WantsFragment(c) {
		r := h.fixRegion(c, iq, time.Now())
		setAskError(&r, fixID, problem)
		return h.Render(c, http.StatusOK, web.Page{Title: "Conversation", Nav: "conversations", Body: views.ReviewFixes(r), Styles: []string{"forms.css", "inbox.css"}})
	}
	if problem == "" {
		h.Flash(c, "success", "Asked again: the new answer is beside the old one in the review thread.")
		return web.Redirect(c, iq.href(iq.Offset)+"#review-fixes")
	}
	return h.showConversation(c, iq, func(d *views.ConversationDetail, _ map[string]any, _ string) {
		setAskError(&d.Review, fixID, problem)
	})
}

// setAskError puts why a press asked nothing beside its fix's button.
func setAskError(r *views.ReviewPanel, fixID int64, problem string) {
	if problem == "" {
		return
	}
	id := strconv.FormatInt(fixID, 10)
	for i := range r.Fixes {
		if a := r.Fixes[i].Ask; a != nil && a.FixID == id {
			a.Error = problem
			return
		}
	}
	if len(r.Fixes) > 0 && r.Fixes[0].Ask != nil {
		r.Fixes[0].Ask.Error = problem
	}
}
