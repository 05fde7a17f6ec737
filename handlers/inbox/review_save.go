package inbox

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveReview records the team's verdict on a conversation: every review goes
// into the console's thread, and the latest also into the conversation's
// metadata (verdict, note, reviewer, time under the review prefix), so
// Quickchat's own exports see it. The API replaces the whole metadata object,
// so the review keys are set on the metadata as it is now, read fresh, and
// every other key goes back as read: a metadata edit made meanwhile is kept.
func (h *Handlers) SaveReview(c echo.Context) error {
	iq, form, err := conversationForm(c)
	if err != nil {
		return err
	}
	id := iq.Selected
	status := form.Get("status")
	note := web.UnixNewlines(form.Get("note"))
	switch status {
	case store.VerdictGood, store.VerdictNeedsWork, store.VerdictUnreviewed:
	default:
		return h.reviewAgain(c, iq, note, "", "Pick Good or Needs work to save the review.")
	}
	if n := utf8.RuneCountInString(note); n > maxReviewNote {
		return h.reviewAgain(c, iq, note, "The note has "+strconv.Itoa(n)+" characters; the limit is "+strconv.Itoa(maxReviewNote)+".", "")
	}

	ctx := c.Request().Context()
	api := h.API(c)
	acct := h.Account(c)
	// The reviewer is the signed-in person behind SSO, else the name given at sign-in, else the session's label.
	reviewer := h.Identity(c)
	// Two people reviewing this conversation at once take turns here, so the
	// metadata ends with the review the thread shows as newest.
	unlock, err := h.lockConversation(ctx, acct.ScenarioID, id)
	if err != nil {
		return h.reviewAgain(c, iq, note, "", h.lockRefused(c, err))
	}
	defer unlock()
	at := time.Now().UTC()
	metadata, err := api.GetConversationMetadata(apiclient.Fresh(ctx), id)
	if err != nil {
		return h.reviewRefused(c, iq, note, err)
	}
	k := h.reviewKeys()
	metadata[k.status] = status
	metadata[k.note] = note
	metadata[k.by] = reviewer
	metadata[k.at] = at.Format(time.RFC3339)
	saved, err := api.SetConversationMetadata(ctx, id, metadata)
	if err != nil {
		return h.reviewRefused(c, iq, note, err)
	}
	h.rememberReview(acct.ScenarioID, id, saved)
	label, _ := reviewLabel(status)
	if h.Reviews != nil {
		rv := store.Review{ScenarioID: acct.ScenarioID, ConversationID: id, Verdict: status, Note: note, Reviewer: reviewer, At: at}
		if _, err := h.Reviews.Add(ctx, rv); err != nil {
			h.Log.Error("a review was saved in the metadata but not in the console's thread", "err", err, "conversation_id", id, "request_id", web.RequestID(c))
			h.Sessions.Flash(ctx, "error", "Review saved in the conversation's metadata: "+label+". The console could not add it to the review history, so the history below misses it.")
			return web.Redirect(c, iq.href(iq.Offset))
		}
	}
	h.Sessions.Flash(ctx, "success", "Review saved: "+label+".")
	return web.Redirect(c, iq.href(iq.Offset))
}

func (h *Handlers) reviewRefused(c echo.Context, iq inboxQuery, note string, err error) error {
	if apiclient.IsStatus(err, http.StatusNotFound) {
		return h.Failure(c, err)
	}
	return h.reviewAgain(c, iq, note, "", h.Explain(c, err))
}

// reviewAgain shows the conversation with the note as typed and why it was not saved.
func (h *Handlers) reviewAgain(c echo.Context, iq inboxQuery, note, noteErr, msg string) error {
	canWrite := h.Account(c).CanWrite()
	return h.showConversation(c, iq, func(d *views.ConversationDetail, stored map[string]any, unread string) {
		if stored == nil && canWrite {
			// The metadata could not be read back, so the review as saved is
			// not shown, but the form comes back with the note as typed: a
			// save reads the metadata before changing it, so sending it again
			// cannot overwrite what it did not read.
			thread, threadErr := d.Review.Thread, d.Review.ThreadError
			d.Review = h.reviewPanel(iq, reviewState{}, canWrite, time.Now())
			d.Review.Thread, d.Review.ThreadError = thread, threadErr
			d.Review.Label, d.Review.Kind = "", ""
			d.Review.Note, d.Review.NoteError = note, noteErr
			d.Review.Error = joinMessages(msg, "The review as saved could not be read, so it is not shown here. "+unread)
			return
		}
		d.Review.Note, d.Review.NoteError, d.Review.Error = note, noteErr, msg
		if d.Review.Unavailable != "" {
			d.Review.Error, d.Review.Unavailable = joinMessages(d.Review.Unavailable, msg), ""
		}
	})
}
