package inbox

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

const (
	fixTitleMax    = 200  // characters of the question kept as the draft's title
	fixSearchMax   = 500  // characters of the question sent to the knowledge base search, as /search allows
	fixPrefillSize = 6000 // bytes of the editor's address, below the 8 KB a proxy usually allows a request line
	// fixQuestionCarry bounds the escaped question the editor's address carries to the save, leaving room for the title and the answer.
	fixQuestionCarry = 2000
)

// Fix offers to fix the agent's answer in the knowledge base: open the
// article that best matches the visitor's question, or start a new draft
// prefilled with the question and, marked for removal, the agent's answer.
// Nothing is saved here; the editor's save links the article to the conversation.
func (h *Handlers) Fix(c echo.Context) error {
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	if !h.Account(c).CanWrite() {
		return echo.NewHTTPError(http.StatusForbidden, "Fixing a conversation in the knowledge base changes articles, and you may only read here.")
	}
	ctx := c.Request().Context()
	api := h.API(c)
	var (
		conv           *apiclient.ConversationDetails
		events         []apiclient.Event
		convErr, evErr error
		wg             sync.WaitGroup
	)
	wg.Go(func() { conv, convErr = api.GetConversation(ctx, id) })
	wg.Go(func() { events, _, evErr = web.ConversationEvents(ctx, api, id) })
	wg.Wait()
	if convErr != nil {
		return h.Failure(c, convErr)
	}
	if evErr != nil {
		return h.Failure(c, evErr)
	}
	fix := web.FixOf{ConversationID: id, Label: "#" + strconv.Itoa(conv.Ord)}
	x := exchangeOf(events, c.QueryParam("answer"))
	question, answer := x.Question, x.Answer
	// The save keeps the question with the fix, for Ask again; one too long for an address is found again from the answer's id.
	if len(url.QueryEscape(question)) <= fixQuestionCarry {
		fix.Question = question
	}
	fix.AnswerID = x.AnswerID
	m := views.ConversationFix{ConversationHref: web.ConversationHref(id), Label: fix.Label, Question: question, Answer: answer}
	if question == "" {
		m.Note = "This conversation has no visitor message, so the new draft starts empty."
	} else {
		query, _ := shorten(strings.Join(strings.Fields(question), " "), fixSearchMax)
		// One search, which the client caches: opening the page twice asks Quickchat once.
		res, err := api.SearchArticles(ctx, apiclient.SearchParams{Query: query})
		switch {
		case web.TokenRefused(err):
			return h.Failure(c, err)
		case err != nil:
			m.SearchError = "The knowledge base could not be searched for this question. " + h.Explain(c, err)
		case len(res.ArticleSnapshots.Items) > 0:
			best := res.ArticleSnapshots.Items[0]
			v := url.Values{}
			fix.Set(v)
			m.Match = &views.FixMatch{Title: best.Title, EditHref: web.ArticleHref(best.ID) + "?" + v.Encode()}
			for _, s := range res.ArticleSnippets {
				if s.ArticleID == best.ID {
					m.Match.Snippet = s.ExpositorySentence
					break
				}
			}
		}
	}
	m.NewHref = draftHref(fix, question, answer)
	return h.Render(c, http.StatusOK, web.Page{Title: "Fix in the knowledge base", Nav: "conversations", Body: views.ConversationFixPage(m), Styles: []string{"forms.css", "inbox.css"}})
}

// exchange is a visitor's question and the agent's answer to it, with the answer's event id.
type exchange struct{ Question, Answer, AnswerID string }

// exchangeOf finds what to fix: the agent's answer the reviewer chose (by
// event id), else its last answer, and the visitor's last message before it;
// when nothing was answered after the visitor asked, the visitor's last
// message alone.
func exchangeOf(events []apiclient.Event, answerID string) exchange {
	lastVisitor := -1
	for i, e := range events {
		if e.Type == "message" && e.Author == "visitor" && strings.TrimSpace(e.Text) != "" {
			lastVisitor = i
		}
	}
	if lastVisitor < 0 {
		return exchange{}
	}
	// An answer chosen that the transcript does not hold falls back to the last one.
	chosen := answerID != "" && slices.ContainsFunc(events, func(e apiclient.Event) bool { return e.ID == answerID && e.Author == web.AssigneeAI })
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Type != "message" || e.Author != web.AssigneeAI || strings.TrimSpace(e.Text) == "" {
			continue
		}
		if chosen && e.ID != answerID {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if q := events[j]; q.Type == "message" && q.Author == "visitor" && strings.TrimSpace(q.Text) != "" {
				return exchange{Question: strings.TrimSpace(q.Text), Answer: strings.TrimSpace(e.Text), AnswerID: e.ID}
			}
		}
		break // the agent answered, but no visitor asked before it
	}
	return exchange{Question: strings.TrimSpace(events[lastVisitor].Text)}
}

// draftHref is the new-article form prefilled: the question as the title,
// and the agent's answer as a quoted block marked for removal. The answer is
// shortened until the address fits what proxies accept.
func draftHref(fix web.FixOf, question, answer string) string {
	title, more := shorten(strings.Join(strings.Fields(question), " "), fixTitleMax)
	if more > 0 {
		title += "…"
	}
	for n := len(answer); ; n /= 2 {
		v := url.Values{}
		fix.Set(v)
		v.Set("title", title)
		if content := answerBlock(fix.Label, answer, n); content != "" {
			v.Set("content", content)
		}
		href := "/articles/new?" + v.Encode()
		if len(href) <= fixPrefillSize || n == 0 {
			return href
		}
	}
}

// answerBlock quotes the first n bytes of the agent's answer under a line
// that tells the author to remove it before publishing.
func answerBlock(label, answer string, n int) string {
	if answer == "" {
		return ""
	}
	kept, more := shorten(answer, n)
	if more > 0 {
		kept += " …"
	}
	var b strings.Builder
	b.WriteString("> Agent's answer in conversation " + label + " — remove before publishing:\n>\n")
	for line := range strings.SplitSeq(kept, "\n") {
		b.WriteString(strings.TrimRight("> "+line, " ") + "\n")
	}
	return b.String()
}

// fixVersion says which version of the article the fix saved.
func fixVersion(fx store.Fix) string {
	if fx.Version == nil {
		return "draft"
	}
	return "version " + strconv.Itoa(*fx.Version)
}
