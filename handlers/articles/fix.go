package articles

import (
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/internal/cut"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// maxPrefillContent bounds the content a prefilled new article starts with, in bytes.
const maxPrefillContent = 8000

// prefill is the new-article form a conversation's fix starts from: the
// title and content it was given, bounded, and the conversation to link on
// save. Without a conversation there is no prefill: the form starts blank.
func prefill(c echo.Context) articleInput {
	in := articleInput{Type: "Article"}
	q := c.QueryParams()
	if in.Fix = web.ReadFixOf(q); in.Fix == nil {
		return in
	}
	in.Title = strings.ToValidUTF8(cut.Bytes(q.Get("title"), 2000), "") // the field keeps 500 characters
	in.Content = strings.ToValidUTF8(cut.Bytes(q.Get("content"), maxPrefillContent), "")
	return in
}

// fixView shows the conversation an edit fixes.
func fixView(fix *web.FixOf) *views.ArticleFix {
	if fix == nil {
		return nil
	}
	label := fix.Label
	if label == "" {
		label = "(unnumbered)"
	}
	return &views.ArticleFix{ConversationID: fix.ConversationID, Label: label, Href: web.ConversationHref(fix.ConversationID),
		Question: fix.Question, AnswerID: fix.AnswerID}
}

// recordFix links a saved article to the conversation it fixes, and says so
// for the flash; it says nothing when the save fixed no conversation.
func (h *Handlers) recordFix(c echo.Context, fix *web.FixOf, a *apiclient.Article) string {
	if fix == nil || h.Fixes == nil {
		return ""
	}
	who := ""
	if h.Identity != nil {
		who = h.Identity(c)
	}
	version := a.MaxAvailableVersion
	if version == nil {
		version = a.Version
	}
	fx := store.Fix{
		ScenarioID: h.Account(c).ScenarioID, ConversationID: fix.ConversationID, ConversationLabel: fix.Label,
		ArticleID: a.ID, ArticleTitle: a.Title, Version: version, Fixer: who,
		Question: fix.Question, AnswerEventID: fix.AnswerID,
	}
	if _, err := h.Fixes.Add(c.Request().Context(), fx); err != nil {
		h.Log.Error("the link between an article and the conversation it fixes could not be kept", "err", err, "article_id", a.ID, "request_id", web.RequestID(c))
		return " The article was saved, but the link to the conversation could not be kept."
	}
	return " Linked to conversation " + fixView(fix).Label + "."
}

// historyAnswers are the conversations the article was saved to answer, for its history panel.
func (h *Handlers) historyAnswers(c echo.Context, id int64) []views.HistoryAnswer {
	if h.Fixes == nil {
		return nil
	}
	list, err := h.Fixes.ForArticle(c.Request().Context(), h.Account(c).ScenarioID, id)
	if err != nil {
		h.Log.Warn("the conversations an article answers could not be read", "err", err, "article_id", id, "request_id", web.RequestID(c))
		return nil
	}
	out := make([]views.HistoryAnswer, 0, len(list))
	for _, fx := range list {
		label := fx.ConversationLabel
		if label == "" {
			label = "(unnumbered)"
		}
		out = append(out, views.HistoryAnswer{Label: label, Href: web.ConversationHref(fx.ConversationID), By: fx.Fixer, At: fx.At.Format("2006-01-02 15:04 UTC"), AtISO: fx.At.Format("2006-01-02T15:04:05Z07:00")})
	}
	return out
}
